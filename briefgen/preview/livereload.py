"""Tell open preview pages what happened: server-sent events and the page script.

The server injects ``SCRIPT`` into every HTML response (never into the built
files). The page opens an ``EventSource`` on ``EVENTS_PATH`` and handles:

* ``reload``: reload the page;
* ``css``: re-fetch the stylesheets with a cache-busting query, no reload;
* ``problem``: show an overlay with the message (``error`` would clash with
  the ``EventSource`` connection-error event of the same name);
* ``ok``: remove the overlay.

Each page carries the site version it was served with. A page that connects
after a rebuild it missed (it loaded just before the swap, or the server
restarted) is told to reload at once, so no rebuild slips between a page
load and its connection.
"""

from __future__ import annotations

import json
import queue
import secrets
import threading
from dataclasses import dataclass

EVENTS_PATH = "/__briefgen/events"


@dataclass(frozen=True)
class Message:
    event: str
    data: str = ""

    def encode(self) -> bytes:
        lines = "".join(f"data: {line}\n" for line in (self.data.splitlines() or [""]))
        return f"event: {self.event}\n{lines}\n".encode()


class Broadcaster:
    """The site version, the current problem and the connected pages."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: set[queue.Queue[Message | None]] = set()
        # A fresh token per server: pages from a previous run reload on reconnect.
        self._token = secrets.token_hex(4)
        self._generation = 0
        self._problem: Message | None = None

    @property
    def version(self) -> str:
        with self._lock:
            return f"{self._token}-{self._generation}"

    @property
    def problem(self) -> str | None:
        with self._lock:
            return None if self._problem is None else str(json.loads(self._problem.data)["message"])

    def subscribe(self, seen: str) -> queue.Queue[Message | None]:
        client: queue.Queue[Message | None] = queue.Queue()
        with self._lock:
            if seen != f"{self._token}-{self._generation}":
                client.put(Message("reload"))
            elif self._problem is not None:
                client.put(self._problem)
            self._clients.add(client)
        return client

    def unsubscribe(self, client: queue.Queue[Message | None]) -> None:
        with self._lock:
            self._clients.discard(client)

    def built(self, css_only: bool) -> None:
        """A new site is in place: bump the version and tell the pages."""
        with self._lock:
            self._generation += 1
            self._send(Message("css" if css_only else "reload"))

    def set_problem(self, message: str | None, level: str = "error") -> None:
        """Show ``message`` in every page (and every page opened later), or clear it."""
        with self._lock:
            if message is None:
                if self._problem is not None:
                    self._problem = None
                    self._send(Message("ok"))
                return
            self._problem = Message("problem", json.dumps({"level": level, "message": message}))
            self._send(self._problem)

    def close(self) -> None:
        """End every event stream, so the server's threads can finish."""
        with self._lock:
            self._send(None)
            self._clients.clear()

    def _send(self, message: Message | None) -> None:
        for client in self._clients:
            client.put(message)


SCRIPT = """<script data-briefgen-preview>
(function () {
  var seen = "%(version)s", box = null;
  function hide() { if (box) { box.remove(); box = null; } }
  function show(info) {
    hide();
    box = document.createElement("div");
    box.id = "briefgen-problem";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;z-index:2147483647;max-height:60vh;overflow:auto;" +
      "background:#fff5f5;color:#3b0a0a;border:2px solid #b3261e;border-radius:6px;padding:.75rem 1rem;" +
      "font:14px/1.4 system-ui,sans-serif;box-shadow:0 4px 24px rgba(0,0,0,.25)";
    var head = document.createElement("strong");
    head.textContent = info.level === "warning" ? "briefgen: built with problems" :
      "briefgen: the rebuild failed; this is the last good site";
    var close = document.createElement("button");
    close.type = "button"; close.textContent = "\\u00d7"; close.setAttribute("aria-label", "Close");
    close.style.cssText = "float:right;border:0;background:none;font-size:1.25rem;cursor:pointer";
    close.onclick = hide;
    var pre = document.createElement("pre");
    pre.style.cssText = "white-space:pre-wrap;margin:.5rem 0 0;font:13px/1.4 ui-monospace,monospace";
    pre.textContent = info.message;
    box.append(close, head, pre);
    document.body.appendChild(box);
  }
  function restyle() {
    var stamp = String(Date.now());
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("briefgen", stamp);
      var next = link.cloneNode();
      next.href = url.href;
      next.onload = next.onerror = function () { link.remove(); };
      link.after(next);
    });
  }
  var events = new EventSource("%(events)s?seen=" + encodeURIComponent(seen));
  // Tests and benchmarks wait for this before they edit anything.
  events.onopen = function () { window.briefgenConnected = true; };
  events.addEventListener("reload", function () { events.close(); location.reload(); });
  events.addEventListener("css", restyle);
  events.addEventListener("problem", function (e) { show(JSON.parse(e.data)); });
  events.addEventListener("ok", hide);
  window.addEventListener("pagehide", function () { events.close(); });
})();
</script>
"""


def inject(html: bytes, version: str) -> bytes:
    """``html`` with the preview script before its last ``</body>`` (or at the end)."""
    script = (SCRIPT % {"version": version, "events": EVENTS_PATH}).encode()
    at = html.lower().rfind(b"</body>")
    return html + script if at == -1 else html[:at] + script + html[at:]
