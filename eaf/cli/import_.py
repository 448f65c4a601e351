"""`eaf import FORMAT FILE`: start or refresh a model file from an inventory."""

from __future__ import annotations

from pathlib import Path

import click

from eaf.cli.options import EXIT_FINDINGS, EXIT_OK, emit, project_config
from eaf.report import REPORTER_BY_NAME, Report


@click.command("import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["csv", "xlsx", "archimate"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    help="The kind of element the rows are (repeatable for xlsx and archimate; default: "
    "every kind the file holds, or the kind a CSV file is named after).",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The model file to write, e.g. models/systems/inventory.yaml.",
)
@click.option(
    "--map",
    "mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='A TOML file of "header" = "field" lines for other headers ("" leaves a column out).',
)
@click.option("--partial", is_flag=True, help="Write the good rows; report the others.")
@click.option("--force", is_flag=True, help="Replace --out when it exists and would change.")
@click.option(
    "--format",
    "report",
    type=click.Choice(sorted(REPORTER_BY_NAME)),
    default="text",
    show_default=True,
    help="How findings are printed: " + ", ".join(sorted(REPORTER_BY_NAME)) + ".",
)
def command(
    *,
    fmt: str,
    file: Path,
    kinds: tuple[str, ...],
    out: Path,
    mapping: Path | None,
    partial: bool,
    force: bool,
    report: str,
) -> None:
    """Read an inventory (csv, xlsx) or an ArchiMate exchange file into the model file --out.
    Headers name fields by key or by their Vietnamese or English label; references are checked
    against the rest of the model. Every bad row is reported at its cell (FILE:ROW:COLUMN) and
    nothing is written unless every row is good (or --partial). An existing --out file is
    replaced only with --force, atomically, and left alone when nothing would change."""
    from eaf.pipeline.import_ import ImportRequest, import_file

    config = project_config()
    request = ImportRequest(fmt, file, out, kinds, mapping, partial, force)
    outcome = import_file(config, request)
    diags = outcome.diagnostics
    stats = {"elements": outcome.elements, "files": 1}
    emit(Report(diags, stats, not outcome.failed, "import"), report, to_stderr=report == "text")
    if outcome.stopped:
        click.echo(f"import stopped: {outcome.stopped}", err=True)
    elif outcome.written:
        click.echo(
            f"{outcome.elements} elements written to {out}"
            + (f"; {outcome.rejected} rows left out" if outcome.rejected else ""),
            err=True,
        )
    elif outcome.unchanged:
        click.echo(f"{out} is up to date ({outcome.elements} elements)", err=True)
    else:
        click.echo(f"nothing was written to {out}", err=True)
    raise click.exceptions.Exit(EXIT_FINDINGS if outcome.failed else EXIT_OK)
