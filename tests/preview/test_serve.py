"""``briefgen serve``: a real server on a free port over a copy of the sample site."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.build import Change
from briefgen.config import load
from briefgen.preview import Preview, ServeError, bind, locate
from briefgen.preview.livereload import EVENTS_PATH
from briefgen.preview.watch import Plan, classify

from ..conftest import ROOT, project

SEED = "000_603be7503392a1d9"
MARK = "data-briefgen-preview"


@pytest.fixture(scope="session")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One analysis cache for every preview here: each test starts in well under a second."""
    return tmp_path_factory.mktemp("serve-cache")


@pytest.fixture
def preview(tmp_path: Path, warm_cache: Path) -> Iterator[Preview]:
    config = project(tmp_path)
    # The project overrides the theme's stylesheet, as a user restyling the site would.
    (tmp_path / "templates" / "assets").mkdir(parents=True)
    shutil.copy(ROOT / "templates" / "assets" / "style.css", tmp_path / "templates" / "assets")
    (tmp_path / "briefgen.toml").write_text(f'cache = "{warm_cache}"\n')
    config_file = tmp_path / "briefgen.toml"
    running = Preview(load(config_file), port=0, config_file=config_file, reload_config=lambda: load(config_file))
    assert running.config.sources == config.sources
    running.start()
    try:
        yield running
    finally:
        running.stop()


def get(preview: Preview, path: str) -> tuple[int, bytes, http.client.HTTPMessage]:
    host, port = preview.server.server_address[:2]
    connection = http.client.HTTPConnection(str(host), port, timeout=10)
    try:
        connection.request("GET", path)  # sent as is: no client-side normalisation of ".."
        response = connection.getresponse()
        return response.status, response.read(), response.headers
    finally:
        connection.close()


def edit(preview: Preview, path: Path, text: str) -> None:
    """Write ``text`` to ``path`` and wait for the rebuild it causes."""
    builds = preview.builds
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    preview.wait_builds(builds + 1)


class Events:
    """A page's event stream, read from a raw socket."""

    def __init__(self, preview: Preview) -> None:
        host, port = preview.server.server_address[:2]
        self.socket = socket.create_connection((str(host), port), timeout=10)
        seen = preview.broadcaster.version
        self.socket.sendall(f"GET {EVENTS_PATH}?seen={seen} HTTP/1.0\r\n\r\n".encode())
        self.buffer = b""
        while b"retry:" not in self.buffer:  # subscribed: nothing published from here on is missed
            self.buffer += self.socket.recv(4096)

    def next(self) -> tuple[str, str]:
        while True:
            while b"\n\n" not in self.buffer:
                chunk = self.socket.recv(4096)
                assert chunk, "event stream closed"
                self.buffer += chunk
            block, self.buffer = self.buffer.split(b"\n\n", 1)
            fields = dict(line.split(": ", 1) for line in block.decode().splitlines() if ": " in line)
            if "event" in fields:
                return fields["event"], fields.get("data", "")

    def close(self) -> None:
        self.socket.close()


def test_source_edit_changes_the_served_page_and_the_script_is_only_injected(preview: Preview) -> None:
    status, page, headers = get(preview, f"/sources/{SEED}.html")
    assert status == 200 and headers["Cache-Control"] == "no-store"
    assert MARK.encode() in page and b"Quokkafrost" not in page
    # The built files never carry the preview script: only responses do.
    assert not any(MARK.encode() in p.read_bytes() for p in preview.config.out.rglob("*.html"))
    events = Events(preview)
    try:
        source = preview.config.sources / f"{SEED}.txt"
        edit(preview, source, source.read_text() + "\n\nThe Quokkafrost committee met on Tuesday.\n")
        assert events.next() == ("reload", "")
    finally:
        events.close()
    status, page, _ = get(preview, f"/sources/{SEED}.html")
    assert status == 200 and b"Quokkafrost" in page
    assert not any(MARK.encode() in p.read_bytes() for p in preview.config.out.rglob("*.html"))
    # Search is refreshed with the rebuild.
    assert (preview.config.out / "pagefind" / "pagefind.js").is_file()


def test_broken_template_keeps_the_last_site_shows_the_error_and_recovers(preview: Preview) -> None:
    events = Events(preview)
    try:
        base = (ROOT / "templates" / "base.html").read_text()
        override = preview.config.templates / "base.html"
        broken = base.replace("{% block main %}{% endblock %}", "{% block main %}{{ oops( }}{% endblock %}")
        assert broken != base
        line = broken[: broken.index("oops(")].count("\n") + 1
        edit(preview, override, broken)
        event, data = events.next()
        assert event == "problem" and f"base.html:{line}" in data
        assert f"base.html:{line}" in (preview.broadcaster.problem or "")
        status, page, _ = get(preview, "/index.html")
        assert status == 200 and b"<main" in page  # the last good site
        # A page opened now shows the error too.
        late = Events(preview)
        try:
            assert late.next()[0] == "problem"
        finally:
            late.close()
        edit(preview, override, base.replace("<main", "<main data-fixed"))
        assert events.next() == ("ok", "")
        assert events.next() == ("reload", "")
        assert preview.broadcaster.problem is None
        assert b"data-fixed" in get(preview, "/index.html")[1]
    finally:
        events.close()


def test_css_edit_swaps_the_stylesheet_without_a_reload(preview: Preview) -> None:
    events = Events(preview)
    try:
        css = preview.config.templates / "assets" / "style.css"
        edit(preview, css, (ROOT / "templates" / "assets" / "style.css").read_text() + "\nbody { color: #123456; }\n")
        assert events.next() == ("css", "")
        assert b"#123456" in get(preview, "/assets/style.css")[1]
    finally:
        events.close()


def test_bad_config_keeps_serving_and_a_good_one_rebuilds(preview: Preview) -> None:
    config_file = preview.config_file
    assert config_file is not None
    good = config_file.read_text()
    events = Events(preview)
    try:
        edit(preview, config_file, good + "titel = 'typo'\n")
        event, data = events.next()
        assert event == "problem" and "titel" in data and "briefgen.toml" in data
        assert get(preview, "/index.html")[0] == 200
        edit(preview, config_file, good + "title = 'Morning notes'\n")
        assert events.next() == ("ok", "")
        assert events.next() == ("reload", "")
        assert b"Morning notes" in get(preview, "/index.html")[1]
    finally:
        events.close()


def test_the_build_does_not_trigger_itself(preview: Preview) -> None:
    time.sleep(0.4)  # publish renames folders next to the watched ones; the cache is written too
    assert preview.builds == 1


def test_an_atomic_save_and_editor_droppings(preview: Preview) -> None:
    source = preview.config.sources / f"{SEED}.txt"
    swap = source.with_name(f".{source.name}.swp")
    swap.write_text("vim's swap file")
    temporary = source.with_name(f".{source.name}.tmp")
    temporary.write_text(source.read_text() + "\n\nThe Marmotwhistle report was released.\n")
    builds = preview.builds
    os.replace(temporary, source)  # how many editors save: write aside, rename over
    preview.wait_builds(builds + 1)
    assert b"Marmotwhistle" in get(preview, f"/sources/{SEED}.html")[1]
    assert preview.builds == builds + 1


def test_bad_front_matter_in_a_topic_note_is_shown_and_cleared(preview: Preview) -> None:
    note = preview.config.content / "topics" / "treaty.md"
    events = Events(preview)
    try:
        edit(preview, note, "---\ntitle: [unclosed\nsources: ['000_*']\n---\nA note.\n")
        event, data = events.next()
        assert event == "problem" and "treaty.md" in data and "front matter" in data
        edit(preview, note, "---\ntitle: The treaty\nsources: ['000_*']\n---\nA note about Vole Bay.\n")
        assert events.next() == ("ok", "")
        assert b"Vole Bay" in get(preview, "/topics/treaty.html")[1]
    finally:
        events.close()


def test_no_path_traversal(preview: Preview, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not serve")
    (preview.config.out / "escape").symlink_to(tmp_path)
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/assets/../../secret.txt",
                 "//secret.txt", f"/{tmp_path}/secret.txt", "/escape/secret.txt", "/%00", "/../../../../etc/passwd"):  # fmt: skip
        status, body, _ = get(preview, path)
        assert status == 404 and b"do not serve" not in body and b"root:" not in body, path
    assert get(preview, "/assets/../index.html")[0] == 200  # inside the site is fine
    status, _, headers = get(preview, "/sources")
    assert status == 301 and headers["Location"] == "/sources/"


def test_locate_stays_inside(tmp_path: Path) -> None:
    (tmp_path / "site" / "a").mkdir(parents=True)
    (tmp_path / "site" / "a" / "index.html").write_text("x")
    (tmp_path / "outside.html").write_text("x")
    site = tmp_path / "site"
    assert locate(site, "/a/") == site / "a" / "index.html"
    assert locate(site, "/a") == "/a/"
    assert locate(site, "/../outside.html") is None
    assert locate(site, "/missing.html") is None


def test_a_port_in_use_moves_to_the_next_and_says_so(tmp_path: Path) -> None:
    messages: list[str] = []

    class Log:
        def info(self, message: str) -> None:
            messages.append(message)

        warn = error = info

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        try:
            server = bind("127.0.0.1", port, None, Log())  # type: ignore[arg-type]
        except ServeError:  # the next 19 ports happen to be taken too
            pytest.skip("no free port after the taken one")
        try:
            assert server.server_address[1] > port
            assert any(f"port {port} is in use" in m for m in messages)
        finally:
            server.server_close()
        with pytest.raises(ServeError, match="--port"):
            bind("127.0.0.1", port, None, Log(), tries=1)  # type: ignore[arg-type]


def test_changes_are_sorted_by_kind(tmp_path: Path) -> None:
    config = project(tmp_path, sources=None, content=None)
    toml = tmp_path / "briefgen.toml"

    def plan(*names: str) -> Plan:
        return classify([tmp_path / n for n in names], config, toml)

    assert plan("templates/assets/style.css") == Plan(Change.ASSETS, css_only=True)
    assert plan("templates/assets/logo.svg") == Plan(Change.ASSETS)
    assert plan("templates/base.html", "templates/assets/style.css") == Plan(Change.TEMPLATES)
    assert plan("content/topics/a.md", "templates/assets/style.css") == Plan(Change.CONTENT)
    assert plan("seeds/a.txt", "content/index.md") == Plan(Change.SOURCES)
    assert plan("briefgen.toml").config
    for ignored in ("site/index.html", "cache/ab/cd.json", ".site.staging-12/x.html", "seeds/.a.txt.swp",
                    "seeds/a.txt~", "content/#index.md#", "seeds/4913", "README.md"):  # fmt: skip
        assert plan(ignored) == Plan(), ignored


def test_ctrl_c_stops_cleanly(tmp_path: Path, warm_cache: Path) -> None:
    project(tmp_path)
    (tmp_path / "briefgen.toml").write_text(f'cache = "{warm_cache}"\n')
    # faulthandler: a server that does not stop is made to print every thread's stack.
    env = {**os.environ, "PYTHONWARNINGS": "error::ResourceWarning", "PYTHONFAULTHANDLER": "1"}
    command = [sys.executable, "-m", "briefgen.cli", "serve", "--port", "0"]
    # A Ctrl-C at the terminal reaches a server in the foreground. Were these
    # tests run as a background job, SIGINT would come ignored, and a child
    # inherits that; a handler of this process becomes the default in it.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        started = subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    finally:
        signal.signal(signal.SIGINT, previous)
    with started as process:
        # Read stderr all along: a server blocked on a full pipe would not stop either.
        lines: list[str] = []
        address = threading.Event()

        def drain() -> None:
            assert process.stderr is not None
            for line in process.stderr:
                lines.append(line)
                if line.startswith("http://"):
                    address.set()

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        try:
            assert address.wait(60), "".join(lines) or "serve printed no address"
            url = next(line for line in lines if line.startswith("http://")).strip()
            assert url.startswith("http://127.0.0.1:")
            with urllib.request.urlopen(url + "index.html", timeout=10) as response:
                assert response.status == 200
            process.send_signal(signal.SIGINT)
            try:
                status = process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGABRT)
                process.wait(timeout=10)
                reader.join(timeout=5)
                raise AssertionError("serve did not stop on Ctrl-C:\n" + "".join(lines)) from None
            reader.join(timeout=5)
            assert not reader.is_alive(), "stderr still open after the server stopped"
            assert status == 0, "".join(lines)
            assert "Traceback" not in "".join(lines), "".join(lines)
        finally:
            if process.poll() is None:
                process.kill()
    assert not list(tmp_path.glob(".site.*"))  # no staging folder left behind
    assert (
        shutil.which("pgrep") is None
        or subprocess.run(["pgrep", "-f", str(tmp_path)], check=False, capture_output=True).stdout == b""
    )


def test_retargeting_while_events_arrive_does_not_deadlock(tmp_path: Path) -> None:
    """watchdog holds its lock while it calls the handler; retarget (after a
    config change) needs the same lock: they must not wait on each other."""
    import threading

    from briefgen.preview.watch import Watcher

    config = project(tmp_path)
    seen: list[Path] = []
    watcher = Watcher(seen.extend)
    watcher.start(config, tmp_path / "briefgen.toml")
    stop = threading.Event()

    def churn() -> None:
        n = 0
        while not stop.is_set():
            (config.sources / f"churn-{n % 5}.txt").write_text(f"edit {n}")
            n += 1

    writer = threading.Thread(target=churn, daemon=True)
    writer.start()

    def retarget_often() -> None:
        for _ in range(200):
            watcher.retarget(config, tmp_path / "briefgen.toml")

    retargets = threading.Thread(target=retarget_often, daemon=True)
    try:
        retargets.start()
        retargets.join(timeout=30)
        assert not retargets.is_alive(), "retarget deadlocked with the event thread"
    finally:
        stop.set()
        writer.join()
        if not retargets.is_alive():  # a deadlocked observer cannot be stopped
            watcher.stop()
    assert seen
