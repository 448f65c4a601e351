"""The command line: options → pipeline → reporter → exit code. Only this module imports click."""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from eaf import __version__
from eaf.config import Config, ConfigError, load_config
from eaf.diagnostics import Diagnostic, Diagnostics, Location
from eaf.fsio import write_atomic
from eaf.pipeline import Project, Verdict, load_project, validate_project
from eaf.report import REPORTER_BY_NAME, text_lines

# Commands import the heavier stages they need themselves: `eaf validate` answered from the
# cache starts in a fraction of the time.

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 4

FORMATS = click.Choice(sorted(REPORTER_BY_NAME))


class _State:
    debug = False


def _config(ctx: click.Context) -> Config:
    try:
        return load_config()
    except ConfigError as exc:
        raise click.UsageError(f"configuration: {exc}", ctx) from None


def _report(project: Project | Verdict, fmt: str, strict: bool, *, stream: Any = None) -> int:
    diags = project.diagnostics.sorted() if isinstance(project, Project) else project.diagnostics
    failed = Diagnostics(list(diags)).has_errors(strict=strict)
    text = REPORTER_BY_NAME[fmt](diags, project.stats, not failed)
    click.echo(text, nl=False, file=stream)
    return EXIT_FINDINGS if failed else EXIT_OK


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eaf")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
def cli(debug: bool) -> None:
    """eaf: an e-government architecture as code.

    Validates the YAML models under models/, builds their graph and writes build/model.json.
    Exit codes: 0 clean, 1 findings, 2 usage error, 4 internal error.
    """
    _State.debug = debug


_format_option = click.option(
    "--format",
    "fmt",
    type=FORMATS,
    default="text",
    show_default=True,
    help="How diagnostics are printed: text, json (stdout) or github (workflow annotations).",
)
_strict_option = click.option("--strict", is_flag=True, help="Fail on warnings too.")
_cache_option = click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Reuse results in build/.cache for files whose bytes have not changed.",
)


@cli.command()
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@_format_option
@_strict_option
@_cache_option
@click.pass_context
def validate(ctx: click.Context, path: Path | None, fmt: str, strict: bool, cache: bool) -> None:
    """Check the model (default: the project's models/ folder) and report every problem.

    Results are cached in build/.cache by the content of every file: an unchanged re-run
    answers at once, and after an edit only the edited files are parsed again.
    """
    config = _config(ctx)
    verdict = validate_project(config, path, use_cache=cache)
    ctx.exit(_report(verdict, fmt, strict))


@cli.command()
@click.option("--check", is_flag=True, help="Fail if schemas/ is missing or stale; write nothing.")
@click.pass_context
def schema(ctx: click.Context, check: bool) -> None:
    """Write the JSON Schemas of model files and of build/model.json to schemas/."""
    from eaf.schema import render_schemas, stale_schemas

    config = _config(ctx)
    directory = config.schemas
    if check:
        stale = stale_schemas(directory)
        for name in stale:
            click.echo(f"{(directory / name).relative_to(config.root)}: stale or missing", err=True)
        if stale:
            click.echo("run 'eaf schema' to regenerate the schemas", err=True)
            ctx.exit(EXIT_FINDINGS)
        click.echo(f"schemas are up to date ({len(render_schemas())} files)")
        return
    for name, text in render_schemas().items():
        write_atomic(directory / name, text)
        click.echo(f"wrote {(directory / name).relative_to(config.root)}")


def _selector_diagnostic(text: str, problem: Any) -> Diagnostic:
    """A problem in a selector given on the command line, located in that text."""
    from eaf import codes

    make = codes.SELECTOR_SYNTAX if problem.kind == "syntax" else codes.SELECTOR_METHOD
    return make(
        f"selector '{text}': {problem.message}",
        Location("<selector>", 1, problem.offset + 1),
        hint=problem.hint,
    )


@cli.command()
@click.argument("selector")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "ids"]),
    default="table",
    show_default=True,
    help="table for people, json (a list of objects) or ids (one a line).",
)
@click.option("--path", type=click.Path(exists=True, path_type=Path), help="Model folder or file.")
@click.pass_context
def query(ctx: click.Context, selector: str, fmt: str, path: Path | None) -> None:
    """List the elements a SELECTOR matches, e.g. 'kind:organization,level:commune'."""
    from eaf.graph import element_json
    from eaf.resolve import known_fields, unknown_kinds
    from eaf.select import SelectorIndex, parse_selector, validate_methods

    parsed, problems = parse_selector(selector)
    if parsed is not None:
        problems = [*problems, *validate_methods(parsed, known_fields()), *unknown_kinds(parsed)]
    if problems or parsed is None:
        for problem in problems:
            for line in text_lines(_selector_diagnostic(selector, problem)):
                click.echo(line, err=True)
        ctx.exit(EXIT_USAGE)
    config = _config(ctx)
    project = load_project(config, path)
    failed = project.diagnostics.has_errors()
    if failed:
        _report(project, "text", False, stream=sys.stderr)
    assert project.graph is not None
    ids = sorted(SelectorIndex(project.graph).evaluate(parsed))
    nodes = project.graph.nodes
    assert project.model is not None
    elements = project.model.elements
    if fmt == "ids":
        click.echo("".join(f"{i}\n" for i in ids), nl=False)
    elif fmt == "json":
        rows = [
            {
                "id": i,
                "kind": nodes[i]["kind"],
                "name": nodes[i]["name"],
                "file": nodes[i]["file"],
                **element_json(elements[i]),
            }
            for i in ids
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        click.echo(
            _table(
                ["id", "kind", "name", "file"],
                [[i, nodes[i]["kind"], nodes[i]["name"], nodes[i]["file"]] for i in ids],
            )
        )
        click.echo(f"{len(ids)} element{'s' if len(ids) != 1 else ''}", err=True)
    ctx.exit(EXIT_FINDINGS if failed else EXIT_OK)


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(h)] + [len(r[c]) for r in rows]) for c, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)


def _render(
    ctx: click.Context,
    project: Project,
    *,
    views: tuple[str, ...],
    fmt: str,
    out: Path | None,
    lang: str,
) -> int:
    """Render the views of a loaded project; report and return the exit status."""
    from eaf.render.graphviz import DotCli
    from eaf.render.run import available, plan, render_all
    from eaf.validate import did_you_mean

    assert project.model is not None and project.graph is not None
    known = available(project.model)
    for view in views:
        if view not in known:
            guess = did_you_mean(view, known)
            hint = f" (did you mean '{guess}'?)" if guess else ""
            raise click.BadParameter(f"no view '{view}'{hint}", ctx, param_hint="--view")
    jobs, diags = plan(project.model, project.graph, lang=lang, only=views)
    target = out or project.config.build / "diagrams"
    cache = project.config.build / ".cache" / "render"
    bar = sys.stderr.isatty()
    with (
        click.progressbar(length=len(jobs), label="rendering", file=sys.stderr)
        if bar
        else _Quiet() as progress
    ):
        result = render_all(
            jobs,
            fmt,
            target,
            cache,
            DotCli(),
            prune=not views,
            progress=(lambda n: progress.update(1)) if bar else None,
        )
    for d in Diagnostics([*diags, *result.diagnostics]):
        for line in text_lines(d):
            click.echo(line, err=True)
    where = (
        target.relative_to(project.config.root)
        if target.is_relative_to(project.config.root)
        else target
    )
    click.echo(
        f"{len(jobs)} views: {result.rendered} laid out, {result.cached} from the cache, "
        f"{len(result.written)} files written to {where}",
        err=True,
    )
    failed = Diagnostics(result.diagnostics).has_errors()
    return EXIT_FINDINGS if failed else EXIT_OK


class _Quiet:
    """Stands in for a progress bar when stderr is not a terminal."""

    def __enter__(self) -> _Quiet:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None


_lang_option = click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="Language of generated text.",
)


@cli.command()
@click.option("--view", "views", multiple=True, help="Render only this view (repeatable).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["svg", "png", "dot"]),
    default="svg",
    show_default=True,
    help="Output format; the DOT text is always written beside it.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default build/diagrams).",
)
@_lang_option
@click.pass_context
def render(
    ctx: click.Context, views: tuple[str, ...], fmt: str, out: Path | None, lang: str
) -> None:
    """Draw the views with Graphviz: built-in views, the model's views and a context view per
    element. Each drawing is cached by its DOT text, so an unchanged view is never redrawn."""
    config = _config(ctx)
    project = load_project(config)
    if project.diagnostics.has_errors():
        _report(project, "text", False, stream=sys.stderr)
        click.echo("render stopped: fix the errors above", err=True)
        ctx.exit(EXIT_FINDINGS)
    ctx.exit(_render(ctx, project, views=views, fmt=fmt, out=out, lang=lang))


def _plateau(ctx: click.Context, known: list[tuple[str, str, str]], wanted: str) -> tuple[str, str]:
    from eaf.validate import did_you_mean

    for pid, date, _ in known:
        if pid == wanted:
            return pid, date
    guess = did_you_mean(wanted, [p[0] for p in known])
    raise click.BadParameter(
        f"no plateau '{wanted}'" + (f" (did you mean '{guess}'?)" if guess else ""), ctx
    )


def _analyse(
    ctx: click.Context, project: Project, from_: str | None, to: str | None, at: str | None
) -> Any:
    from eaf.analysis.report import analyse, default_plateaus, plateaus

    assert project.model is not None
    defaults = default_plateaus(project.model)
    if defaults is None:
        raise click.UsageError("the model defines no plateaus (section 'plateaus')", ctx)
    known = plateaus(project.model)
    first = defaults[0] if from_ is None else _plateau(ctx, known, from_)
    last = defaults[1] if to is None else _plateau(ctx, known, to)
    return analyse(
        project.model,
        project.graph,
        from_plateau=first,
        to_plateau=last,
        at=at or last[1],
        baseline=defaults[2],
    )


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    import datetime as dt

    if value is None:
        return None
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("write the date as YYYY-MM-DD", ctx, param) from None
    return value


@cli.command()
@click.option("--from", "from_", metavar="PLATEAU", help="First plateau (default: the baseline).")
@click.option("--to", metavar="PLATEAU", help="Second plateau (default: the latest).")
@click.option(
    "--at",
    metavar="DATE",
    callback=_iso_date,
    help="Date for KPIs, coverage and rules (default: the second plateau's).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "json", "csv"]),
    default="text",
    show_default=True,
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "never"]),
    default="error",
    show_default=True,
    help="Exit 1 on findings of this severity or worse.",
)
@_lang_option
@click.pass_context
def gaps(
    ctx: click.Context,
    *,
    from_: str | None,
    to: str | None,
    at: str | None,
    fmt: str,
    fail_on: str,
    lang: str,
) -> None:
    """Gap analysis: changes between two plateaus with their work packages, KPIs against their
    targets, coverage per unit, conformance to the framework's rules and completeness."""
    from eaf.analysis.report import to_csv, to_json, to_markdown, to_text

    config = _config(ctx)
    project = load_project(config)
    if project.diagnostics.has_errors():
        _report(project, "text", False, stream=sys.stderr)
        click.echo("gap analysis stopped: fix the errors above", err=True)
        ctx.exit(EXIT_FINDINGS)
    analysis = _analyse(ctx, project, from_, to, at)
    writers = {"text": to_text, "md": to_markdown, "csv": to_csv}
    click.echo(to_json(analysis) if fmt == "json" else writers[fmt](analysis, lang), nl=False)
    findings = Diagnostics(analysis.findings)
    failed = fail_on != "never" and findings.has_errors(strict=fail_on == "warning")
    ctx.exit(EXIT_FINDINGS if failed else EXIT_OK)


@cli.group()
def site() -> None:
    """The reviewers' site (mkdocs-material): build it into build/site, or preview it."""


@site.command("build")
@_lang_option
@click.pass_context
def site_build(ctx: click.Context, lang: str) -> None:
    """Build the site from mkdocs.yml, or mkdocs.en.yml with --lang en (strict: any warning
    fails the build)."""
    config = _config(ctx)
    ctx.exit(_site_build(config, lang))


def _site_build(config: Config, lang: str = "vi") -> int:
    import os

    from eaf.site.mkdocs_plugin import SiteError, build_site

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    name = "mkdocs.yml" if lang == "vi" else f"mkdocs.{lang}.yml"
    try:
        build_site(config.root / name, strict=True)
    except SiteError as exc:
        click.echo(f"site: {exc}", err=True)
        return EXIT_FINDINGS
    where = config.build / ("site" if lang == "vi" else f"site-{lang}")
    click.echo(f"wrote {where.relative_to(config.root)}", err=True)
    return EXIT_OK


@site.command("serve")
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.pass_context
def site_serve(ctx: click.Context, port: int) -> None:
    """Preview the site with live reload when a model file or page changes."""
    import os

    from eaf.site.mkdocs_plugin import serve_site

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = _config(ctx)
    serve_site(config.root / "mkdocs.yml", port=port)


@cli.command()
@_format_option
@_strict_option
@click.pass_context
def build(ctx: click.Context, fmt: str, strict: bool) -> None:
    """The main job: validate the model, write build/model.json, the gap reports
    (build/gaps), draw every view and build the site (build/site)."""
    from eaf.artifacts import artifact, to_json

    config = _config(ctx)
    project = load_project(config)
    status = _report(project, fmt, strict, stream=sys.stderr if fmt == "json" else None)
    if status != EXIT_OK or project.model is None or project.graph is None:
        click.echo("build stopped: fix the errors above; nothing was written", err=True)
        ctx.exit(status)
    target = config.build / "model.json"
    write_atomic(target, to_json(artifact(project.model, project.graph)))
    click.echo(f"wrote {target.relative_to(config.root)}", err=True)
    if _plateaus_exist(project):
        from eaf.analysis import report as gap_report

        analysis = _analyse(ctx, project, None, None, None)
        reports = config.build / "gaps"
        write_atomic(reports / "gaps.md", gap_report.to_markdown(analysis))
        write_atomic(reports / "gaps.json", gap_report.to_json(analysis))
        write_atomic(reports / "gaps.csv", gap_report.to_csv(analysis).encode("utf-8"))
        click.echo(f"wrote {reports.relative_to(config.root)}/gaps.{{md,json,csv}}", err=True)
    status = _render(ctx, project, views=(), fmt="svg", out=None, lang="vi")
    if status == EXIT_OK and (config.root / "mkdocs.yml").is_file():
        status = _site_build(config)
    ctx.exit(status)


def _plateaus_exist(project: Project) -> bool:
    return project.model is not None and bool(project.model.of_kind("plateau"))


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point: maps every outcome to an exit code; a traceback only with --debug."""
    run: Callable[..., Any] = cli.main
    try:
        run(args=argv, prog_name="eaf", standalone_mode=True)
    except SystemExit as exc:
        raise SystemExit(exc.code if isinstance(exc.code, int) else EXIT_OK) from None
    except Exception as exc:  # the boundary: nothing but a one-line message reaches users
        if _State.debug or "--debug" in (argv if argv is not None else sys.argv):
            traceback.print_exc()
        else:
            click.echo(
                f"eaf: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
                err=True,
            )
        raise SystemExit(EXIT_INTERNAL) from None
    raise SystemExit(EXIT_OK)
