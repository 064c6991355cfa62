"""``briefgen serve``: build, serve the site, rebuild on save, reload open pages.

The HTTP server (stdlib, one thread per request) resolves every request
against the output folder at request time: ``publish`` swaps a complete new
site into place by rename, so a request sees either the old site or the new
one, never a half-written one. The reload script is added to HTML responses
here, so built files never contain it.
"""

from __future__ import annotations

import errno
import mimetypes
import queue
import signal
import socket
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import Any, Protocol
from urllib.parse import parse_qs, quote, unquote, urlsplit

from ..analyze import ModelMissing
from ..build import Builder, Change, Options
from ..config import Config
from ..site.publish import PublishError
from ..text.lexicon import plural
from .livereload import EVENTS_PATH, Broadcaster, inject
from .watch import Outcome, Plan, Rebuilder, Watcher, describe

PORT_TRIES = 20
KEEPALIVE = 10.0
"""Seconds between comments on an idle event stream: a closed page is noticed at the next write."""

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
}


class ServeError(RuntimeError):
    pass


class PreviewBuilder(Builder):
    """The build as ``briefgen build`` runs it (kept as a name for the preview's builder)."""


class Log(Protocol):
    def info(self, message: str) -> None: ...
    def warn(self, message: str) -> None: ...
    def error(self, message: str) -> None: ...


class Quiet:
    def info(self, message: str) -> None:
        pass

    warn = error = info


def locate(root: Path, url_path: str) -> Path | str | None:
    """The file ``url_path`` names inside ``root``; a ``str`` is a redirect; None is not found.

    Anything that resolves outside the site (``..``, symlinks, encoded
    slashes) is not found: the preview serves the site and nothing else.
    """
    if "\0" in url_path:
        return None
    base = root.resolve()
    target = (base / url_path.lstrip("/")).resolve()
    if target != base and base not in target.parents:
        return None
    if target.is_dir():
        if not url_path.endswith("/"):
            return quote(url_path) + "/"  # relative links in the index page need the slash
        target = target / "index.html"
    return target if target.is_file() else None


def content_type(path: Path) -> str:
    return TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "briefgen-preview"

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # a line per request would drown the build messages

    def _respond(self, body: bool) -> None:
        url = urlsplit(self.path)
        preview = self.server.preview
        if url.path == EVENTS_PATH:
            self._events(parse_qs(url.query).get("seen", [""])[0])
            return
        status, data, kind = preview.read(unquote(url.path))
        if isinstance(data, str):
            self.send_response(301)
            self.send_header("Location", data + (f"?{url.query}" if url.query else ""))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if kind.startswith("text/html"):
            data = inject(data, preview.broadcaster.version)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        # http.server-style 304s would hide a file rewritten within the same second.
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self, seen: str) -> None:
        broadcaster = self.server.preview.broadcaster
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        client = broadcaster.subscribe(seen)
        try:
            self.wfile.write(b"retry: 300\n\n")  # reconnect quickly after a server restart
            while True:
                try:
                    message = client.get(timeout=KEEPALIVE)
                except queue.Empty:  # nothing to say: check the page is still there
                    self.wfile.write(b": keep-alive\n\n")
                    continue
                if message is None:
                    return
                self.wfile.write(message.encode())
        except OSError:
            pass  # the page went away
        finally:
            broadcaster.unsubscribe(client)


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], preview: Preview) -> None:
        self.preview = preview
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser closing a connection mid-response is routine in a preview.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def bind(host: str, port: int, preview: Preview, out: Log, tries: int = PORT_TRIES) -> PreviewServer:
    """A server on ``port``, or on the next free one (saying so)."""
    last = port if port == 0 else port + tries - 1
    for candidate in range(port, last + 1):
        try:
            server = PreviewServer((host, candidate), preview)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                continue
            raise ServeError(f"cannot listen on {host}:{candidate}: {error.strerror or error}") from None
        if candidate != port:
            out.warn(f"port {port} is in use" + (f" (and {port + 1}–{candidate - 1})" if candidate > port + 1 else "")
                     + f"; serving on {candidate} instead")  # fmt: skip
        return server
    raise ServeError(
        f"ports {port}–{last} on {host} are all in use (another briefgen serve?); stop it or choose a port with --port"
    )


class Preview:
    """The running preview: server, watcher and background builder. ``start`` then ``stop``."""

    def __init__(
        self,
        config: Config,
        host: str = "127.0.0.1",
        port: int = 8000,
        output: Log | None = None,
        config_file: Path | None = None,
        reload_config: Callable[[], Config] | None = None,
        debounce: float | None = None,
        options: Options | None = None,
    ) -> None:
        self.out: Log = output or Quiet()
        self.config_file = config_file
        self.broadcaster = Broadcaster()
        self.rebuilder = Rebuilder(
            PreviewBuilder(config, options=options or Options()), self._built, config_file, reload_config
        )
        if debounce is not None:
            self.rebuilder.debounce = debounce
        self.watcher = Watcher(self.rebuilder.notify)
        self.server = bind(host, port, self, self.out)
        self._thread: threading.Thread | None = None
        self.builds = 0
        """Finished builds (good or failed): tests and benchmarks wait on it."""
        self.finished = threading.Condition()
        self.last: Outcome | None = None
        """The latest build's outcome (its report has the stage timings)."""

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    @property
    def config(self) -> Config:
        return self.rebuilder.builder.config

    def start(self) -> None:
        """Build once, then watch and serve (in background threads)."""
        config = self.config
        # Watch before building: a save during the first build is not lost.
        self.watcher.start(config, self.config_file)
        self.rebuilder.busy.set()
        start = time.perf_counter()
        try:
            report = self.rebuilder.builder.build(Change.SOURCES)
        except (PublishError, ModelMissing):
            # Nothing to preview (and an output folder briefgen did not
            # build must not be served either): stop with the error.
            raise
        except Exception as error:  # noqa: BLE001 - a failed first build still serves (the last site, the error)
            self._built(Outcome(Plan(Change.SOURCES), time.perf_counter() - start, error=describe(error), first=True))
        else:
            self._built(Outcome(Plan(Change.SOURCES), time.perf_counter() - start, report, first=True))
        finally:
            self.rebuilder.busy.clear()
        self.rebuilder.start()
        self._thread = threading.Thread(
            target=self.server.serve_forever, args=(0.05,), name="briefgen-http", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self.watcher.stop()
        self.rebuilder.stop()
        self.broadcaster.close()
        if self._thread is not None:
            self.server.shutdown()
            self._thread.join()
        self.server.server_close()

    def wait_builds(self, count: int, timeout: float = 30.0) -> None:
        """Block until ``count`` builds have finished (for tests and benchmarks)."""
        with self.finished:
            if not self.finished.wait_for(lambda: self.builds >= count, timeout):
                raise TimeoutError(f"only {self.builds} of {count} builds finished in {timeout} s")

    def read(self, url_path: str) -> tuple[int, bytes | str, str]:
        """(status, body or redirect, content type) for a request path."""
        # During publish's two renames the site folder is briefly missing:
        # retry a miss a few times while a build runs.
        for attempt in range(5):
            found = locate(self.config.out, url_path)
            if isinstance(found, str):
                return 301, found, ""
            if found is not None:
                try:
                    return 200, found.read_bytes(), content_type(found)
                except OSError:
                    pass
            if not self.rebuilder.busy.is_set():
                break
            time.sleep(0.005 * (attempt + 1))
        missing = self.config.out / "404.html"
        try:
            return 404, missing.read_bytes(), TYPES[".html"]
        except OSError:
            page = b"<!doctype html><title>Not found</title><h1>Not found</h1><p>The site has not been built yet.</p></body>"
            return 404, page, TYPES[".html"]

    def _built(self, outcome: Outcome) -> None:
        what = "first build" if outcome.first else f"rebuild ({_kind(outcome)})"
        if outcome.config is not None:  # the new config's builder is in place, built or not
            self.watcher.retarget(outcome.config, self.config_file)
        if outcome.error is not None:
            self.out.error(f"{what} failed after {outcome.seconds:.2f} s: {outcome.error}")
            self.out.warn("still serving the last good site; save a fix to rebuild")
            self.broadcaster.set_problem(outcome.error)
        else:
            report = outcome.report
            assert report is not None
            for problem in report.problems:
                self.out.warn(str(problem))
            published = report.published
            changed = published is None or published.written + published.removed > 0
            if outcome.first:
                built = f"{plural(report.sources, 'source')}, {plural(report.topics, 'topic')}"
                self.out.info(f"built {built} in {outcome.seconds:.2f} s")
            else:
                note = "" if changed else " (nothing changed)"
                self.out.info(f"{what} done in {outcome.seconds:.2f} s{note}")
            problems = "\n".join(str(p) for p in report.problems)
            self.broadcaster.set_problem(problems or None, level="warning")
            if changed:
                self.broadcaster.built(css_only=outcome.plan.css_only)
        with self.finished:
            self.last = outcome
            self.builds += 1
            self.finished.notify_all()


def _kind(outcome: Outcome) -> str:
    plan = outcome.plan
    if plan.config:
        return "config"
    if plan.css_only:
        return "css"
    return {Change.TEMPLATES: "templates", Change.CONTENT: "content", Change.SOURCES: "sources", None: "nothing"}[
        plan.change
    ]


def serve(
    config: Config,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    output: Log | None = None,
    config_file: Path | None = None,
    reload_config: Callable[[], Config] | None = None,
    options: Options | None = None,
) -> int:
    """Run the preview until Ctrl-C (or SIGTERM); 0 when stopped that way."""
    out = output or Quiet()
    try:
        preview = Preview(config, host, port, out, config_file, reload_config, options=options)
    except ServeError as error:
        out.error(str(error))
        return 2

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = (
        signal.signal(signal.SIGTERM, terminate) if threading.current_thread() is threading.main_thread() else None
    )
    try:
        out.info(f"building {config.sources} …")
        preview.start()
        # The address alone on its line: rich wraps long lines when not on a terminal.
        out.info(f"serving {config.out}; Ctrl-C to stop")
        out.info(preview.url)
        if open_browser:
            webbrowser.open(preview.url)
        stop = threading.Event()
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        out.info("stopping…")
    finally:
        preview.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 0
