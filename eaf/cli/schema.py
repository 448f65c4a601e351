"""`eaf schema`: write the JSON Schemas, or check that schemas/ is fresh."""

from __future__ import annotations

import click

from eaf.cli.options import EXIT_FINDINGS, project_config
from eaf.fsio import write_atomic


@click.command("schema")
@click.option("--check", is_flag=True, help="Fail if schemas/ is missing or stale; write nothing.")
def command(check: bool) -> None:
    """Write the JSON Schemas of model files and of eaf's outputs to schemas/."""
    from eaf.schema import render_schemas, stale_schemas

    config = project_config()
    directory = config.schemas
    if check:
        stale = stale_schemas(directory)
        for name in stale:
            click.echo(f"{(directory / name).relative_to(config.root)}: stale or missing", err=True)
        if stale:
            click.echo("run 'eaf schema' to regenerate the schemas", err=True)
            raise click.exceptions.Exit(EXIT_FINDINGS)
        click.echo(f"schemas are up to date ({len(render_schemas())} files)")
        return
    for name, text in render_schemas().items():
        write_atomic(directory / name, text)
        click.echo(f"wrote {(directory / name).relative_to(config.root)}")
