"""`eaf init DIR`: a new province project that validates, checks, renders and builds its site
at once. The files come from eaf.scaffold; this module only writes them, never over a file."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from eaf.cli.options import EXIT_FINDINGS


@click.command("init")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--name",
    help="The province's name as titles show it, e.g. 'Tỉnh Bình Dương' "
    "(default: from DIR, without diacritics).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Use a folder that is not empty: write only the files that do not exist yet; "
    "an existing file is never overwritten.",
)
def command(directory: Path, name: str | None, force: bool) -> None:
    """Start a new province project in DIR that validates and builds its site at once.

    Writes eaf.toml, a starter model (a province, a department, a district, two communes, a
    public-service portal, the LGSP, an interconnection, a procedure, a KPI, two plateaus, a
    rule; every fact marked 'assumed'), schemas/, mkdocs.yml and its pages, a .gitignore and
    a README. DIR must be empty or new, unless --force.
    """
    from eaf.scaffold import InitRefused, NameProblem, check_name, create, default_name, scaffold

    try:
        province = check_name(default_name(directory.absolute().name) if name is None else name)
    except NameProblem as exc:
        hint = "" if name is not None else " (the name comes from DIR: give one with --name)"
        raise click.BadParameter(f"{exc}{hint}", param_hint="'--name'") from None
    try:
        created = create(directory, scaffold(province), force=force)
    except InitRefused as exc:
        for line in str(exc).splitlines():
            click.echo(f"init: {line}", err=True)
        raise click.exceptions.Exit(EXIT_FINDINGS) from None
    for rel in created.written:
        click.echo(f"wrote {directory / rel}")
    if created.kept:
        kept = ", ".join(created.kept)
        click.echo(f"kept {len(created.kept)} existing files, not overwritten: {kept}")
    here = directory.absolute() == Path.cwd()
    click.echo(f"the project of {province} is in {'this folder' if here else directory}")
    if name is None:
        click.echo("(the name comes from the folder: 'eaf init DIR --name \"Tỉnh …\"' sets it)")
    cd = "" if here else f"cd {shlex.quote(str(directory))} && "
    click.echo(f"next: {cd}eaf validate --strict && eaf site build")
