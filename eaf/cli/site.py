"""`eaf site build|serve`: the reviewers' site."""

from __future__ import annotations

import os

import click

from eaf.cli.options import EXIT_FINDINGS, EXIT_OK, lang_option, project_config


@click.group("site")
def command() -> None:
    """The reviewers' site (mkdocs-material): build it into build/site, or preview it."""


@command.command("build")
@lang_option
def build(lang: str) -> None:
    """Build the site from mkdocs.yml, or mkdocs.en.yml with --lang en (strict: any warning
    fails the build)."""
    raise click.exceptions.Exit(build_site(lang))


def build_site(lang: str = "vi") -> int:
    """Build the site; on failure print why and return 1."""
    from eaf.site.mkdocs_plugin import SiteError, build_site

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = project_config()
    name = "mkdocs.yml" if lang == "vi" else f"mkdocs.{lang}.yml"
    try:
        build_site(config.root / name, strict=True)
    except SiteError as exc:
        click.echo(f"site: {exc}", err=True)
        return EXIT_FINDINGS
    where = config.build / ("site" if lang == "vi" else f"site-{lang}")
    click.echo(f"wrote {where.relative_to(config.root)}", err=True)
    return EXIT_OK


@command.command("serve")
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
def serve(port: int) -> None:
    """Preview the site with live reload when a model file or page changes."""
    from eaf.site.mkdocs_plugin import serve_site

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    serve_site(project_config().root / "mkdocs.yml", port=port)
