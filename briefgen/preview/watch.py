"""Watch a project and rebuild what each change needs, one build at a time.

``Watcher`` turns file-system events (watchdog) into paths; ``classify``
sorts them by kind (template, CSS, content, source, config) and
``Rebuilder`` runs the cheapest build that covers them on one background
thread: bursts of events are debounced, builds never overlap, and events
that arrive during a build queue one more build.
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from ..build import Builder, BuildReport, Change
from ..build.guard import BuildRefused
from ..config import Config, ConfigError
from ..runtime.files import is_ignored
from ..site.publish import PublishError
from ..site.render import describe_template_error
from ..site.search import SearchError

DEBOUNCE = 0.05
"""Seconds of quiet before a build: editors write a file in several events."""

# Opened and closed-without-writing events must not count: the build itself
# reads every watched file, and would trigger itself forever.
WRITES = {"created", "deleted", "modified", "moved", "closed"}


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


@dataclass(frozen=True)
class Plan:
    """What a set of changed paths asks for."""

    change: Change | None = None
    css_only: bool = False
    config: bool = False

    def __or__(self, other: Plan) -> Plan:
        changes = [c for c in (self.change, other.change) if c is not None]
        return Plan(
            change=max(changes) if changes else None,
            css_only=(self.css_only or self.change is None)
            and (other.css_only or other.change is None)
            and bool(changes),
            config=self.config or other.config,
        )


def ignored(path: Path, config: Config) -> bool:
    """Output, cache, staging folders and editor droppings never trigger a build."""
    out = config.out
    return (
        is_ignored(path)
        or path.name == "4913"  # vim probes whether it may write in a folder
        or "___jb_" in path.name  # JetBrains safe-write temporaries
        or _within(path, out)
        or _within(path, config.cache)
        or (path.parent == out.parent and path.name.startswith(f".{out.name}."))
    )


def classify(paths: Iterable[Path], config: Config, config_file: Path | None) -> Plan:
    plan = Plan()
    for path in paths:
        if config_file is not None and path == config_file:
            plan |= Plan(config=True)
        elif ignored(path, config):
            continue
        # Most specific first: a project may keep content inside its sources folder.
        elif _within(path, config.templates / "assets"):
            # Copied into the site as it is: no page is made again.
            plan |= Plan(Change.ASSETS, css_only=path.suffix.lower() == ".css")
        elif _within(path, config.templates):
            plan |= Plan(Change.TEMPLATES)
        elif _within(path, config.content):
            plan |= Plan(Change.CONTENT)
        elif _within(path, config.sources):
            plan |= Plan(Change.SOURCES)
    return plan


class Watcher(FileSystemEventHandler):
    """Reports written paths under the sources, content, templates and config file."""

    def __init__(self, notify: Callable[[list[Path]], None]) -> None:
        self.notify = notify
        self.observer: BaseObserver = Observer()
        # Replaced whole, never mutated: read without a lock by the event
        # thread. A lock of our own here would deadlock: watchdog holds its
        # observer lock while it calls on_any_event, and retarget needs that
        # lock to (un)schedule.
        self._missing: frozenset[Path] = frozenset()

    def start(self, config: Config, config_file: Path | None) -> None:
        self.retarget(config, config_file)
        self.observer.start()

    def retarget(self, config: Config, config_file: Path | None) -> None:
        missing: set[Path] = set()
        watched: set[tuple[Path, bool]] = set()
        for folder in (config.sources, config.content, config.templates):
            if folder.is_dir():
                watched.add((folder, True))
            else:
                # Watch the parent so the folder is picked up when it is created.
                missing.add(folder)
                if folder.parent.is_dir():
                    watched.add((folder.parent, False))
        if config_file is not None and config_file.parent.is_dir():
            watched.add((config_file.parent, False))
        recursive = {f for f, r in watched if r}
        self._missing = frozenset(missing)
        self.observer.unschedule_all()
        for folder, deep in sorted(watched):
            if not deep and (folder in recursive or any(_within(folder, r) for r in recursive)):
                continue
            if deep and any(folder != r and _within(folder, r) for r in recursive):
                continue
            self.observer.schedule(self, str(folder), recursive=deep)

    def stop(self) -> None:
        self.observer.stop()
        if self.observer.is_alive():
            self.observer.join()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in WRITES or (event.is_directory and event.event_type in {"modified", "closed"}):
            return
        paths = [Path(os.fsdecode(p)) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        missing = self._missing
        for path in paths:
            if event.is_directory and path in missing and path.is_dir():
                self._missing = missing - {path}
                # Runs under the observer's own (reentrant) lock: safe here.
                self.observer.schedule(self, str(path), recursive=True)
        self.notify(paths)


def describe(error: BaseException) -> str:
    """The error as a reader needs it: the file, the line, the reason."""
    if isinstance(error, jinja2.TemplateError):
        return describe_template_error(error)
    if isinstance(error, (ConfigError, PublishError, SearchError, BuildRefused)):
        return str(error)
    frames = traceback.extract_tb(error.__traceback__)
    where = f" (at {frames[-1].filename}:{frames[-1].lineno})" if frames else ""
    return f"{type(error).__name__}: {error}{where}"


@dataclass(frozen=True)
class Outcome:
    plan: Plan
    seconds: float
    report: BuildReport | None = None
    error: str | None = None
    config: Config | None = None
    """The new config, when the build followed a config change."""
    first: bool = False


class Rebuilder:
    """Debounced builds on one background thread."""

    def __init__(
        self,
        builder: Builder,
        done: Callable[[Outcome], None],
        config_file: Path | None = None,
        reload_config: Callable[[], Config] | None = None,
        debounce: float = DEBOUNCE,
    ) -> None:
        self.builder = builder
        self.done = done
        self.config_file = config_file
        self.reload_config = reload_config
        self.debounce = debounce
        self.busy = threading.Event()
        """Set while a build runs: a request that misses a file may be in the swap."""
        self._cond = threading.Condition()
        self._paths: set[Path] = set()
        self._last = 0.0
        self._stopping = False
        # What a failed build did not finish, owed by the next one: a template
        # fix after a failed content build must still regroup the content.
        self._owed: Change | None = None
        self._thread = threading.Thread(target=self._run, name="briefgen-rebuild", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def notify(self, paths: Iterable[Path]) -> None:
        with self._cond:
            self._paths.update(paths)
            self._last = time.monotonic()
            self._cond.notify()

    def stop(self) -> None:
        """Stop after the build under way, if any: its processes end with it."""
        with self._cond:
            self._stopping = True
            self._cond.notify()
        if self._thread.is_alive():
            self._thread.join()
        self.builder.close()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._paths and not self._stopping:
                    self._cond.wait()
                while not self._stopping and (left := self._last + self.debounce - time.monotonic()) > 0:
                    self._cond.wait(left)
                if self._stopping:
                    return
                paths, self._paths = self._paths, set()
                self.busy.set()
            try:
                self._rebuild(paths)
            finally:
                self.busy.clear()

    def _rebuild(self, paths: set[Path]) -> None:
        plan = classify(paths, self.builder.config, self.config_file)
        if plan.change is None and not plan.config:
            return
        start = time.perf_counter()
        new_config: Config | None = None
        if plan.config and self.reload_config is not None:
            try:
                new_config = self.reload_config()
            except Exception as error:  # noqa: BLE001 - a bad config keeps the old builder serving
                self.done(Outcome(plan, time.perf_counter() - start, error=describe(error)))
                return
            old = self.builder
            self.builder = type(old)(new_config, old.progress, old.index, old.options)
            old.close()  # its spawned workers or cluster connection
            plan = Plan(Change.SOURCES, config=True)
        if plan.change is None:
            return
        change = max(plan.change, self._owed or plan.change)
        try:
            report = self.builder.build(change)
        except Exception as error:  # noqa: BLE001 - any failure keeps the last good site served
            self._owed = change
            self.done(Outcome(plan, time.perf_counter() - start, error=describe(error), config=new_config))
            return
        self._owed = None
        css_only = plan.css_only and change == Change.ASSETS
        self.done(Outcome(Plan(change, css_only, plan.config), time.perf_counter() - start, report, config=new_config))
