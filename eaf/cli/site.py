"""`eaf site build|serve`: the reviewers' site."""

from __future__ import annotations

import os
from pathlib import Path

import click

from eaf.cli.options import (
    EXIT_FINDINGS,
    EXIT_OK,
    QUICK_EXIT,
    at_option,
    emit,
    lang_option,
    project_config,
)


@click.group("site")
def command() -> None:
    """The reviewers' site (mkdocs-material): build it into build/site, or preview it."""


@command.command("build")
@lang_option
@at_option
def build(lang: str, at: str | None) -> None:
    """Build the site from mkdocs.yml, or mkdocs.en.yml with --lang en (strict: any warning
    fails the build). The site shows the architecture at the baseline plateau's date, or on
    --at; each plateau has its own page with its diagrams ("to-be"). Only the pages whose
    inputs changed since the last build are rendered again."""
    code = build_site(lang, at)
    QUICK_EXIT.asked = True  # mkdocs is done: its threads, files and logs
    raise click.exceptions.Exit(code)


def build_site(lang: str = "vi", at: str | None = None) -> int:
    """Build the site; on failure print why (the model's diagnostics when the model has
    errors, else what mkdocs reported) and return 1."""
    from eaf.site.mkdocs_commands import SiteError, build_site

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = project_config()
    config_file = _mkdocs_yml(config.root, lang)
    if config_file is None:
        return EXIT_FINDINGS
    try:
        rendered, total, took = build_site(config_file, strict=True, at=at)
    except SiteError as exc:
        if exc.model is not None:
            emit(exc.model, "text", to_stderr=True)
            click.echo("site build stopped: fix the errors above", err=True)
        else:
            for message in exc.messages:
                click.echo(f"site: {message}", err=True)
            click.echo(f"site: {exc}", err=True)
        return EXIT_FINDINGS
    where = config.build / ("site" if lang == "vi" else f"site-{lang}")
    click.echo(
        f"wrote {where.relative_to(config.root)}: {rendered} of {total} pages rendered "
        f"in {took:.1f} s",
        err=True,
    )
    return EXIT_OK


@command.command("serve")
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
def serve(port: int) -> None:
    """Preview the site with live reload when a model file or page changes.

    Prints its URL, and each rebuild's time and the pages it rendered, on stderr."""
    from eaf.site.mkdocs_commands import SiteError, serve_site

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config_file = _mkdocs_yml(project_config().root, "vi")
    if config_file is None:
        raise click.exceptions.Exit(EXIT_FINDINGS)
    try:
        serve_site(config_file, port=port, say=lambda line: click.echo(line, err=True))
    except SiteError as exc:
        click.echo(f"site: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_FINDINGS) from None


def _mkdocs_yml(root: Path, lang: str) -> Path | None:
    """The site's configuration (mkdocs.yml, or mkdocs.LANG.yml); None, said why, if missing."""
    path = root / ("mkdocs.yml" if lang == "vi" else f"mkdocs.{lang}.yml")
    if not path.is_file():
        click.echo(f"site: no {path.name} in {root} ('eaf init DIR' starts a project)", err=True)
        return None
    return path
