"""What the commands share: exit codes, options, loading with a stop on errors, reporting."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click

from eaf.config import Config, ConfigError, load_config
from eaf.diagnostics import Diagnostic
from eaf.report import REPORTER_BY_NAME, Report
from eaf.report.text import text_lines

if TYPE_CHECKING:
    from eaf.pipeline import Project

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 4

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(slots=True)
class App:
    """The context object: what the group's options say, shared by every command."""

    debug: bool = False


@dataclass(slots=True)
class QuickExit:
    """Whether the command that ran leaves nothing to clean up when the process ends (no
    thread running, no temporary file, its output flushed): then `eaf` (the program, not a
    test calling `main`) ends without taking the interpreter down object by object, which
    costs `eaf site build` 0.09 s of its 1.1 s of CPU after a one-line edit."""

    asked: bool = False


QUICK_EXIT = QuickExit()


def project_config() -> Config:
    """The project's settings, found from the current directory; a broken file is a usage error."""
    try:
        return load_config()
    except ConfigError as exc:
        raise click.UsageError(f"configuration: {exc}") from None


def report_format_option(default: str = "text") -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(sorted(REPORTER_BY_NAME)),
        default=default,
        show_default=True,
        help="How findings are printed: " + ", ".join(sorted(REPORTER_BY_NAME)) + ".",
    )


strict_option = click.option("--strict", is_flag=True, help="Fail on warnings too.")
cache_option = click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Reuse results in build/.cache for files whose bytes have not changed.",
)
lang_option = click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="Language of generated text.",
)
fail_on_option = click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "never"]),
    default="error",
    show_default=True,
    help="Exit 1 on findings of this severity or worse.",
)


at_option = click.option(
    "--at",
    metavar="DATE|PLATEAU",
    help="The architecture as it is on this date (YYYY-MM-DD) or at this plateau's date.",
)


def echo_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    """Diagnostics as text on stderr (commands whose stdout is their output)."""
    for d in diagnostics:
        for line in text_lines(d):
            click.echo(line, err=True)


def emit(report: Report, fmt: str, *, to_stderr: bool = False) -> None:
    click.echo(REPORTER_BY_NAME[fmt](report), nl=False, err=to_stderr)


def load_or_stop(verb: str, **kwargs: Any) -> Project:
    """Load the project; on errors print them on stderr and exit 1, naming what stopped."""
    from eaf.pipeline import load_project

    project = load_project(project_config(), **kwargs)
    if project.diagnostics.has_errors() or project.model is None:
        diags = project.diagnostics.sorted()
        emit(Report(diags, project.stats, ok=False), "text", to_stderr=True)
        click.echo(f"{verb} stopped: fix the errors above", err=True)
        raise click.exceptions.Exit(EXIT_FINDINGS)
    return project


def progress(label: str) -> Callable[[int, int], None] | None:
    """A one-line counter on a terminal (`rendering 12/364`); nothing in CI or when piped."""
    if not sys.stderr.isatty():
        return None

    def tick(done: int, total: int) -> None:
        click.echo(f"\r{label} {done}/{total}", nl=done >= total, err=True)

    return tick
