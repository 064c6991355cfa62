/* briefgen default theme: the one script every page loads. Every page works without it. */
// "/" goes to the search box, as on most sites with one (not while typing elsewhere).
document.addEventListener("keydown", function (event) {
  var t = event.target;
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) return;
  var box = document.querySelector(".pagefind-ui__search-input") || document.getElementById("q");
  if (box) { event.preventDefault(); box.focus(); if (box.select) box.select(); }
});
