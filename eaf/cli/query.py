"""`eaf query`: list the elements a selector matches."""

from __future__ import annotations

import json
from pathlib import Path

import click

from eaf.cli.options import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    at_option,
    echo_diagnostics,
    project_config,
)
from eaf.diagnostics import Diagnostic, Location


@click.command("query")
@click.argument("selector")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "ids"]),
    default="table",
    show_default=True,
    help="table for people, json (a list of elements as in build/model.json: id, kind, name, "
    "file, pointer and the element's own fields under 'fields') or ids (one a line).",
)
@click.option("--path", type=click.Path(exists=True, path_type=Path), help="Model folder or file.")
@at_option
def command(selector: str, fmt: str, path: Path | None, at: str | None) -> None:
    """List the elements a SELECTOR matches, e.g. 'kind:organization,level:commune'; with
    --at, what exists on that date, with its fields as they are then."""
    from eaf.pipeline import load_project, query_project

    problems = selector_problems(selector)
    if problems:
        echo_diagnostics(problems)
        raise click.exceptions.Exit(EXIT_USAGE)
    project = load_project(project_config(), path)
    failed = project.diagnostics.has_errors()
    if failed:
        echo_diagnostics(project.diagnostics)
    rows = query_project(project, selector, at=at)
    if fmt == "ids":
        click.echo("".join(f"{row['id']}\n" for row in rows), nl=False)
    elif fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        header = ["id", "kind", "name", "file"]
        click.echo(_table(header, [[str(row[h]) for h in header] for row in rows]))
        click.echo(f"{len(rows)} element{'s' if len(rows) != 1 else ''}", err=True)
    raise click.exceptions.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def selector_problems(text: str) -> list[Diagnostic]:
    """A selector given on the command line, checked; problems are located in that text."""
    from eaf import codes
    from eaf.resolve import unknown_kinds, unknown_values
    from eaf.select import parse_selector, validate_methods
    from eaf.spec.introspect import known_fields

    parsed, problems = parse_selector(text)
    if parsed is not None:
        problems = [
            *problems,
            *validate_methods(parsed, known_fields()),
            *unknown_kinds(parsed),
            *unknown_values(parsed),
        ]
    return [
        (codes.SELECTOR_SYNTAX if p.kind == "syntax" else codes.SELECTOR_METHOD)(
            f"selector '{text}': {p.message}", Location("<selector>", 1, p.offset + 1), hint=p.hint
        )
        for p in problems
    ]


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(h)] + [len(r[c]) for r in rows]) for c, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)
