"""`eaf check`: the CI gate."""

from __future__ import annotations

import click

from eaf.cli.options import (
    EXIT_FINDINGS,
    EXIT_OK,
    cache_option,
    emit,
    fail_on_option,
    project_config,
    report_format_option,
)


@click.command("check")
@click.option(
    "--at",
    metavar="DATE|PLATEAU",
    help="Check only at this date (YYYY-MM-DD) or plateau (default: the baseline and every "
    "plateau).",
)
@fail_on_option
@report_format_option()
@cache_option
def command(at: str | None, fail_on: str, fmt: str, cache: bool) -> None:
    """Everything CI should fail on, in one command: the model's YAML, schema, references and
    selectors, then the framework's rules and the gate KPIs at the baseline and at every
    plateau, and the roadmap's coverage of the gaps (baseline → latest plateau).

    A rule the baseline breaks but the next plateau no longer does is a planned gap and is
    reported as a warning. The analysis runs only on a model without errors.
    """
    from eaf.pipeline import check_project

    _, report = check_project(project_config(), at=at, fail_on=fail_on, use_cache=cache)
    emit(report, fmt)
    raise click.exceptions.Exit(EXIT_OK if report.ok else EXIT_FINDINGS)
