"""`eaf init DIR`: a new province project that validates, checks, renders and builds its site
at once. The files come from eaf.scaffold; this module only writes them, never over a file."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from eaf.cli.options import EXIT_FINDINGS

#: Entries that do not make a folder "not empty": a fresh `git init` is a fine place to start.
IGNORED = frozenset({".git"})
SHOWN = 10


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
    from eaf.fsio import write_new
    from eaf.scaffold import NameProblem, check_name, default_name, scaffold

    if directory.exists() and not directory.is_dir():
        _fail(f"{directory} exists and is not a folder")
    guessed = name is None
    try:
        province = check_name(default_name(directory.absolute().name) if name is None else name)
    except NameProblem as exc:
        hint = "" if name is not None else " (the name comes from DIR: give one with --name)"
        raise click.BadParameter(f"{exc}{hint}", param_hint="'--name'") from None
    in_the_way = _entries(directory)
    if in_the_way and not force:
        shown = ", ".join(in_the_way[:SHOWN]) + (
            f" and {len(in_the_way) - SHOWN} more" if len(in_the_way) > SHOWN else ""
        )
        click.echo(f"init: {directory} is not empty: {shown}", err=True)
        _fail(
            "nothing was written; use an empty or new folder, or --force to write only the "
            "files that do not exist yet (no existing file is overwritten)"
        )
    written: list[str] = []
    kept: list[str] = []
    for rel, data in scaffold(province).items():
        try:
            done = write_new(directory / rel, data)
        except OSError as exc:
            _fail(
                f"cannot write {directory / rel}: {exc.strerror or exc}"
                + (f" ({len(written)} files were written before)" if written else "")
            )
        (written if done else kept).append(rel)
    for rel in written:
        click.echo(f"wrote {directory / rel}")
    if kept:
        click.echo(f"kept {len(kept)} existing files, not overwritten: {', '.join(kept)}")
    here = directory.absolute() == Path.cwd()
    click.echo(f"the project of {province} is in {'this folder' if here else directory}")
    if guessed:
        click.echo("(the name comes from the folder: 'eaf init DIR --name \"Tỉnh …\"' sets it)")
    cd = "" if here else f"cd {shlex.quote(str(directory))} && "
    click.echo(f"next: {cd}eaf validate --strict && eaf site build")


def _entries(directory: Path) -> list[str]:
    """What is already in the folder (sorted; folders end with '/'), ignoring IGNORED."""
    if not directory.is_dir():
        return []
    return sorted(
        p.name + ("/" if p.is_dir() else "") for p in directory.iterdir() if p.name not in IGNORED
    )


def _fail(message: str) -> None:
    click.echo(f"init: {message}", err=True)
    raise click.exceptions.Exit(EXIT_FINDINGS)
