"""Command line: ``briefgen build``, ``briefgen serve`` and ``briefgen init``."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from . import __version__
from .analyze import ModelMissing
from .build import FULL_COLLECTION_NEVER, Builder, BuildReport, Options, Progress, with_overrides
from .build.guard import BuildRefused, check_sources
from .config import CONFIG_NAME, Config, ConfigError, check_base_url, check_scheduler, load
from .runtime.cluster import ClusterError, DaskMissing
from .site.publish import PublishError
from .site.search import SearchError
from .site.starter import InitError
from .text.lexicon import plural


class Output:
    """Rich progress on a terminal; plain, quiet lines otherwise."""

    def __init__(self, quiet: bool = False, verbose: bool = False) -> None:
        from rich.console import Console

        self.quiet = quiet
        self.verbose = verbose
        # Lines wrap where the terminal wraps them, never mid-sentence at 80 columns in a log.
        self.console = Console(stderr=True, highlight=False, soft_wrap=True)
        self.live = self.console.is_terminal and not quiet
        self._progress: object | None = None

    def info(self, message: str) -> None:
        if not self.quiet:
            self.console.print(message, markup=False)

    def warn(self, message: str) -> None:
        self.console.print(f"warning: {message}", markup=False, style="yellow")

    def error(self, message: str) -> None:
        self.console.print(f"error: {message}", markup=False, style="bold red")

    @contextmanager
    def progress(self) -> Iterator[Progress]:
        if not self.live:
            yield lambda description, total: lambda n: None
            return
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        # No refresh thread (auto_refresh): a build forks its workers only
        # when it runs no other thread, so the bar redraws as work advances.
        with Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                 console=self.console, transient=True, auto_refresh=False) as bar:  # fmt: skip

            def start(description: str, total: int) -> Callable[[int], None]:
                task = bar.add_task(description, total=total)
                shown = [0.0]

                def advance(n: int) -> None:
                    bar.advance(task, n)
                    now = time.monotonic()
                    if now - shown[0] >= 0.1:
                        shown[0] = now
                        bar.refresh()

                return advance

            yield start


def report_build(out: Output, report: BuildReport, config: Config, seconds: float) -> None:
    for problem in report.problems:
        out.warn(str(problem))
    p = report.published
    files = f" ({p.written} files written, {p.unchanged} unchanged)" if p else ""
    counts = ", ".join([plural(report.sources, "source"), plural(report.topics, "topic"),
                        plural(report.entities, "entity", "entities")])  # fmt: skip
    out.info(f"Built {counts} into {config.out} in {seconds:.1f} s{files}")
    if report.drafts:
        out.info(f"{plural(report.drafts, 'draft')} left out (build with --drafts to include them)")
    if out.verbose:
        out.info("  " + ", ".join(f"{k} {v:.2f} s" for k, v in report.timings.items()))
    if report.problems:
        n = len(report.problems)
        out.warn(f"{plural(n, 'file')} had problems (listed above); the rest was built")


def make_config(args: argparse.Namespace) -> Config:
    config = load(Path(args.config) if args.config else None, Path.cwd())
    return with_overrides(
        config,
        sources=Path(args.sources).absolute() if args.sources else None,
        content=Path(args.content).absolute() if args.content else None,
        out=Path(args.out).absolute() if args.out else None,
        base_url=check_base_url(args.base_url, "--base-url") if args.base_url else None,
        scheduler=check_scheduler(args.scheduler, "--scheduler") if getattr(args, "scheduler", None) else None,
    )


def make_options(args: argparse.Namespace) -> Options:
    return Options(strict=args.strict, allow_empty=args.allow_empty, drafts=args.drafts)


_held: list[Builder] = []
"""The last build's builder, still referenced when ``run`` ends the process."""


_ends_after_command = False
"""True under ``run``: the process ends as soon as the command returns."""


def cmd_build(args: argparse.Namespace) -> int:
    out = Output(args.quiet, args.verbose)
    config = make_config(args)
    if _ends_after_command:
        # A build leaves the old generation uncollected (``pipeline``); the full
        # collection due once it is over (~1 s after a cold build of 10,000
        # sources) would only delay the end of the process.
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, FULL_COLLECTION_NEVER)
    start = time.perf_counter()
    with out.progress() as progress:
        builder = Builder(config, progress=progress, options=make_options(args))
        _held[:] = [builder]
        try:
            report = builder.build()
        finally:
            builder.close()
    report_build(out, report, config, time.perf_counter() - start)
    return 1 if (args.strict and report.problems) else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .preview import serve

    out = Output(args.quiet, args.verbose)
    config_file = Path(args.config).absolute() if args.config else Path.cwd() / CONFIG_NAME
    config = make_config(args)
    # Later, a folder that goes missing only stops the rebuilds; the last good site stays served.
    check_sources(config.sources, exclude=(config.out, config.content, config.templates, config.cache))
    return serve(config, host=args.host, port=args.port, open_browser=args.open, output=out,
                 config_file=config_file, reload_config=lambda: make_config(args),
                 options=replace(make_options(args), drafts=True))  # the preview shows drafts, marked  # fmt: skip


def cmd_init(args: argparse.Namespace) -> int:
    from .site.starter import init

    out = Output(args.quiet)
    target = Path(args.dir)
    created = init(target)
    if created.written:
        out.info(f"Created in {target}: {', '.join(created.written)}")
    if created.skipped:
        out.warn(f"left as they were (already there): {', '.join(created.skipped)}")
    go = "" if target.absolute() == Path.cwd() else f"cd {args.dir} && "
    out.info(f"Next: {go}briefgen build (or briefgen serve to preview while you edit)")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="briefgen",
        description="Turn a folder of news articles into a cited, searchable briefing website.",
    )
    top.add_argument("--version", action="version", version=f"briefgen {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="FILE", help="settings file (default: ./briefgen.toml when present)")
    common.add_argument("--sources", metavar="DIR", help="folder of articles: .txt, .md, .html (default: seeds)")
    common.add_argument(
        "--content",
        metavar="DIR",
        help="editor notes: index.md, about.md and other pages, topics/*.md (default: content)",
    )
    common.add_argument("--out", metavar="DIR", help="where the site is written (default: site)")
    common.add_argument("--base-url", metavar="URL", help="absolute URL the site is published at (feed, sitemap)")
    common.add_argument("--strict", action="store_true",
                        help="when any file had a problem, exit with status 1 and leave the site as it was")  # fmt: skip
    common.add_argument("--allow-empty", action="store_true",
                        help="publish even when no source could be used (otherwise the site is left as it was)")  # fmt: skip
    common.add_argument(
        "--drafts", action="store_true", help="include the sources marked draft: true (serve always shows them, marked)"
    )
    common.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    common.add_argument("-v", "--verbose", action="store_true", help="also print the time each stage took")
    build = commands.add_parser("build", parents=[common], help="build the site once",
                                description="Read the sources, build the briefing site and its search index.")  # fmt: skip
    build.add_argument("--scheduler", metavar="ADDRESS",
                       help="run the per-source work on a Dask cluster: its scheduler (tcp://HOST:PORT), "
                            "or 'local' for one on this machine (needs briefgen[dask])")  # fmt: skip
    build.set_defaults(func=cmd_build)
    serve = commands.add_parser("serve", parents=[common], help="build, serve and rebuild on every change",
                                description="Preview the site: rebuild on save and reload open pages.")  # fmt: skip
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000; the next free one if taken)")
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    serve.set_defaults(func=cmd_serve)
    init = commands.add_parser("init", help="start a project: sample sources, content, settings",
                               description="Write a starter project into DIR (default: here) that builds at once. "
                                           "Existing files are never overwritten.")  # fmt: skip
    init.add_argument("dir", nargs="?", default=".", metavar="DIR", help="the project folder (default: .)")
    init.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    init.set_defaults(func=cmd_init)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BuildRefused as error:
        out = Output()
        for problem in error.problems:
            out.warn(str(problem))
        out.error(str(error))
        return error.status
    except (ConfigError, ModelMissing, PublishError, SearchError, InitError, DaskMissing, ClusterError) as error:
        Output().error(str(error))
        return 2
    except Exception as error:
        # Jinja is imported only by a build that renders (~0.3 s): a build
        # that never imported it cannot have failed in a template.
        jinja2 = sys.modules.get("jinja2")
        if jinja2 is None or not isinstance(error, jinja2.TemplateError):
            raise
        from .site.theme import describe_template_error

        Output().error(f"{describe_template_error(error)}; the previous site is left as it was")
        return 2
    except KeyboardInterrupt:
        Output().error("interrupted; the previous site is left as it was")
        return 130


def run() -> None:
    """The console script: ``main``, then the process ends without freeing
    the build's objects one by one (millions of them; ~0.5 s on 10,000
    sources). Every file is closed and every worker joined by then."""
    global _ends_after_command
    _ends_after_command = True
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # a reader that went away, a stream closed
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
