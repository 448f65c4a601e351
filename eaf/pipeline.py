"""The only place the stages are chained: files → parsed → typed → Model → graph, then
query, analyse, check, render and build over a loaded project. The command line and the mkdocs
adapter call these functions and print what they return."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from eaf.cache import Cache, content_key
from eaf.config import Config
from eaf.diagnostics import Diagnostic, Diagnostics, from_plain, to_plain
from eaf.load.discover import SourceFile, discover, read_source
from eaf.load.yaml import ParsedYaml, PositionMap, decode, parse_bytes
from eaf.report import Report

if TYPE_CHECKING:
    from eaf.analysis.analyse import Analysis
    from eaf.analysis.diff_document import DiffDocument
    from eaf.load.git import Repository
    from eaf.model import Model, PlateauAt
    from eaf.resolve import TypedFile

# The typed stages (pydantic, networkx) are imported where they are used, so that a re-run
# answered from the cache never pays for importing them.


@dataclass(slots=True)
class Project:
    config: Config
    files: list[str]
    diagnostics: Diagnostics
    model: Model | None = None
    graph: Any = None
    """The networkx MultiDiGraph (eaf.graph)."""
    stats: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Sources:
    """The model files found and read, with what discovery and reading reported."""

    files: list[tuple[SourceFile, bytes]]
    diagnostics: list[Diagnostic]

    def key(self, config: Config) -> str:
        """Identifies this exact input: every path and byte, the limits and eaf's version."""
        parts: list[str | bytes] = [repr(config.limits)]
        parts += [repr(to_plain(d)) for d in self.diagnostics]
        for source, raw in self.files:
            parts += [source.rel, raw]
        return content_key(*parts)


@contextmanager
def _no_gc() -> Iterator[None]:
    # Loading builds millions of small containers and no cycles; the cyclic collector would
    # otherwise spend about half the load time scanning them. Nothing is frozen (gc.freeze):
    # a long-lived process (`eaf site serve`) loads again and again and must free old models.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def cache_for(config: Config, use_cache: bool) -> Cache:
    return Cache(config.build / ".cache" if use_cache else None)


def read_sources(config: Config, target: Path) -> Sources:
    found, diags = discover(target, config.root)
    files: list[tuple[SourceFile, bytes]] = []
    for source in found:
        raw, read_diags = read_source(source, config.limits.max_file_bytes)
        diags.extend(read_diags)
        if raw is not None:
            files.append((source, raw))
    return Sources(files, diags)


def _parse(source: SourceFile, raw: bytes, config: Config, cache: Cache) -> ParsedYaml:
    key = content_key(source.rel, raw, repr(config.limits))
    hit = cache.get("parse", key)
    if hit is not None:
        data, plain, broken = hit
        return ParsedYaml(data, [from_plain(p) for p in plain], None, broken)
    parsed, _ = parse_bytes(raw, source.rel, limits=config.limits)
    cache.put("parse", key, (parsed.data, [to_plain(d) for d in parsed.diagnostics], parsed.broken))
    return parsed


def _start(d: Diagnostic) -> tuple[str, int, int] | None:
    loc = d.location
    return None if loc is None else (loc.path, loc.line, loc.col)


def type_files(
    sources: Sources, config: Config, cache: Cache
) -> tuple[list[TypedFile], list[Diagnostic]]:
    from eaf.resolve import TypedFile
    from eaf.validate import validate_document

    diags = list(sources.diagnostics)
    typed: list[TypedFile] = []
    for source, raw in sources.files:
        parsed = _parse(source, raw, config, cache)
        diags.extend(parsed.diagnostics)
        if parsed.broken:
            continue
        text, _ = decode(raw, source.rel)
        if text is None:
            continue
        positions = PositionMap(source.rel, text, config.limits)
        validated = validate_document(parsed.data, positions)
        # One problem, one diagnostic: what the loader already reported at a place (a tag, a
        # non-finite number) is not reported again by the schema at the same place.
        # A place is its start: the loader may span a tag where the schema spans its value.
        taken = {_start(d) for d in parsed.diagnostics if d.severity == "error"}
        diags.extend(d for d in validated.diagnostics if _start(d) not in taken)
        if validated.spec is not None:
            typed.append(
                TypedFile(
                    source.rel,
                    validated.spec,
                    positions,
                    validated.invalid_ids,
                    validated.kept,
                    validated.shells,
                )
            )
    return typed, diags


def load_project(
    config: Config,
    target: Path | None = None,
    *,
    graph: bool = True,
    scope_edges: bool = True,
    use_cache: bool = True,
    sources: Sources | None = None,
) -> Project:
    """Run every stage that applies; later stages run on whatever earlier ones could type."""
    from eaf.graph import build_graph
    from eaf.resolve import resolve

    cache = cache_for(config, use_cache)
    with _no_gc():
        if sources is None:
            sources = read_sources(config, target or config.models)
        typed, diags = type_files(sources, config, cache)
        model, resolve_diags = resolve(typed)
        diags.extend(resolve_diags)
        files = [s.rel for s, _ in sources.files]
        project = Project(config, files, Diagnostics(diags), model)
        if graph:
            project.graph, graph_diags = build_graph(model, scope_edges=scope_edges)
            project.diagnostics.extend(graph_diags)
    project.stats = {"files": len(files), "elements": len(model)}
    return project


class UsageProblem(Exception):
    """The request cannot be answered as asked (an unknown plateau or view, no plateaus): a
    usage error, exit 2, not a finding."""


def validate_project(
    config: Config, target: Path | None = None, *, use_cache: bool = True, strict: bool = False
) -> Report:
    """`eaf validate`: answered from the cache when not one byte of the input changed.

    A file or folder inside the models is checked in the context of the whole model (ids
    defined elsewhere resolve); only the diagnostics of the files asked for are reported.
    """
    from eaf.codes import VALIDATE_CHECKS

    cache = cache_for(config, use_cache)
    sources = read_sources(
        config, config.models if target is None or _inside(target, config.models) else target
    )
    key = sources.key(config)
    hit = cache.get("verdict", key)
    if hit is not None:
        plain, stats, per_file = hit
        diags, stats, per_file = [from_plain(p) for p in plain], dict(stats), dict(per_file)
    else:
        project = load_project(config, use_cache=use_cache, sources=sources, scope_edges=False)
        diags, stats = project.diagnostics.sorted(), project.stats
        per_file = dict.fromkeys(project.files, 0)
        for element in project.model or ():
            per_file[element.file] = per_file.get(element.file, 0) + 1
        cache.put("verdict", key, ([to_plain(d) for d in diags], stats, per_file))
    files = sorted(per_file)
    if target is not None and _inside(target, config.models):
        wanted = _relative(target, config)
        files = [f for f in files if _under(f, wanted)]
        diags = [d for d in diags if d.location is None or _under(d.location.path, wanted)]
        stats = {**stats, "files": len(files), "elements": sum(per_file[f] for f in files)}
    ok = not Diagnostics(diags).has_errors(strict=strict)
    fail_on = "warning" if strict else "error"
    return Report(diags, stats, ok, "validate", files, VALIDATE_CHECKS, fail_on)


def _inside(target: Path | None, models: Path) -> bool:
    if target is None:
        return True
    return target.absolute().resolve().is_relative_to(models.absolute().resolve())


def _relative(target: Path, config: Config) -> str:
    return target.absolute().resolve().relative_to(config.root.absolute().resolve()).as_posix()


def _under(path: str, wanted: str) -> bool:
    return path == wanted or path.startswith(wanted.rstrip("/") + "/")


def query_project(project: Project, selector: str) -> list[dict[str, Any]]:
    """The elements a (valid) selector matches, sorted by id, as rows for `eaf query`."""
    from eaf.graph import element_json
    from eaf.select import SelectorIndex, parse_selector

    parsed, _ = parse_selector(selector)
    if parsed is None or project.graph is None or project.model is None:
        return []
    nodes = project.graph.nodes
    return [
        {
            "id": i,
            "kind": nodes[i]["kind"],
            "name": nodes[i]["name"],
            "file": nodes[i]["file"],
            **element_json(project.model.elements[i]),
        }
        for i in sorted(SelectorIndex(project.graph).evaluate(parsed))
    ]


def analyse_project(
    project: Project, *, from_: str | None = None, to: str | None = None, at: str | None = None
) -> Analysis:
    """The gap analysis between two plateaus (default: the baseline and the latest)."""
    from eaf.analysis.analyse import analyse

    assert project.model is not None
    span = project.model.default_span()
    if span is None:
        raise UsageProblem("the model defines no plateaus (section 'plateaus')")
    first = span[0] if from_ is None else plateau_named(project.model, from_)
    last = span[1] if to is None else plateau_named(project.model, to)
    return analyse(
        project.model, project.graph, from_plateau=first, to_plateau=last, at=at or last.date
    )


def plateau_named(model: Model, wanted: str) -> PlateauAt:
    """The plateau with that id; a usage problem, with a close match, otherwise."""
    from eaf.suggest import did_you_mean

    known = {p.id: p for p in model.plateaus()}
    if wanted not in known:
        guess = did_you_mean(wanted, known)
        raise UsageProblem(
            f"no plateau '{wanted}'" + (f" (did you mean '{guess}'?)" if guess else "")
        )
    return known[wanted]


def date_named(model: Model, text: str) -> PlateauAt:
    """What `--at` names (a plateau, or a date); a usage problem, with a close match, otherwise."""
    from eaf.suggest import did_you_mean

    found = model.date_of(text)
    if found is None:
        guess = did_you_mean(text, [p.id for p in model.plateaus()])
        raise UsageProblem(
            f"--at '{text}' is neither a date (YYYY-MM-DD) nor a plateau"
            + (f" (did you mean '{guess}'?)" if guess else "")
        )
    return found


def check_project(
    config: Config, *, at: str | None = None, fail_on: str = "error", use_cache: bool = True
) -> tuple[Project, Report]:
    """`eaf check`: validation, then the analysis findings at the baseline and every plateau
    (or only at `at`, a date or a plateau id). The analysis runs only on a model without
    errors: findings on a broken model would mislead."""
    from eaf.analysis.gate import gate_findings
    from eaf.codes import ANALYSIS_CHECKS, VALIDATE_CHECKS

    project = load_project(config, use_cache=use_cache)
    diags = Diagnostics(list(project.diagnostics.items))
    checks: tuple[str, ...] = VALIDATE_CHECKS
    stats = dict(project.stats)
    point = date_named(project.model, at) if at is not None and project.model else None
    if not diags.has_errors() and project.model is not None:
        findings, points = gate_findings(project.model, project.graph, at=point)
        diags.extend(findings)
        checks += ANALYSIS_CHECKS
        stats["plateaus"] = points
    failed = fail_on != "never" and diags.has_errors(strict=fail_on == "warning")
    report = Report(diags.sorted(), stats, not failed, "check", project.files, checks, fail_on)
    return project, report


@dataclass(frozen=True, slots=True)
class RenderOutcome:
    target: Path
    views: int
    rendered: int
    cached: int
    written: int
    diagnostics: list[Diagnostic]

    @property
    def failed(self) -> bool:
        return Diagnostics(self.diagnostics).has_errors()


class UnknownView(UsageProblem):
    """`--view` names no view."""


def render_project(
    project: Project,
    *,
    views: tuple[str, ...] = (),
    fmt: str = "svg",
    out: Path | None = None,
    lang: str = "vi",
    progress: Callable[[int, int], None] | None = None,
) -> RenderOutcome:
    """Draw the views of a loaded project into `out` (default build/diagrams)."""
    from eaf.render.graphviz import DotCli
    from eaf.render.run import available, plan, render_all
    from eaf.suggest import did_you_mean

    assert project.model is not None and project.graph is not None
    known = available(project.model)
    for view in views:
        if view not in known:
            guess = did_you_mean(view, known)
            raise UnknownView(
                f"no view '{view}'" + (f" (did you mean '{guess}'?)" if guess else "")
            )
    jobs, diags = plan(project.model, project.graph, lang=lang, only=views)
    target = out or project.config.build / "diagrams"
    result = render_all(
        jobs,
        fmt,
        target,
        cache_for(project.config, True),
        DotCli(),
        prune=not views,
        progress=(lambda done: progress(done, len(jobs))) if progress else None,
    )
    return RenderOutcome(
        target,
        len(jobs),
        result.rendered,
        result.cached,
        len(result.written),
        Diagnostics([*diags, *result.diagnostics]).sorted(),
    )


def write_outputs(project: Project) -> list[Path]:
    """`eaf build`'s files: build/model.json and, when the model has plateaus, the gap
    reports (build/gaps/gaps.{md,json,csv}). Returns what was written."""
    from eaf.analysis.formats import to_csv, to_json, to_markdown
    from eaf.artifacts import artifact
    from eaf.artifacts import to_json as artifact_json
    from eaf.fsio import write_atomic

    assert project.model is not None and project.graph is not None
    build = project.config.build
    written = [build / "model.json"]
    write_atomic(written[0], artifact_json(artifact(project.model, project.graph)))
    if project.model.of_kind("plateau"):
        analysis = analyse_project(project)
        reports: dict[str, str | bytes] = {
            "gaps.md": to_markdown(analysis),
            "gaps.json": to_json(analysis),
            "gaps.csv": to_csv(analysis).encode("utf-8"),
        }
        for name, data in reports.items():
            write_atomic(build / "gaps" / name, data)
            written.append(build / "gaps" / name)
    return written


WORKING_TREE = "working tree"


@dataclass(frozen=True, slots=True)
class DiffInput:
    """One side of `eaf diff` as loaded."""

    role: str
    """'base' or 'head'."""
    source: Literal["revision", "folder", "working-tree"]
    label: str
    """The revision or folder as given, or 'working tree'."""
    revision: str | None
    """The commit's full SHA, for a git revision."""
    project: Project

    @property
    def title(self) -> str:
        from eaf.analysis.diff_report import short_sha

        sha = short_sha(self.label, self.revision)
        return f"{self.role} '{self.label}'" + (f" ({sha})" if sha else "")

    @property
    def broken(self) -> bool:
        return self.project.model is None or self.project.diagnostics.has_errors()


@dataclass(frozen=True, slots=True)
class DiffOutcome:
    sides: tuple[DiffInput, DiffInput]
    diff: DiffDocument | None
    """None when a side does not load without errors."""


def diff_projects(config: Config, base: str, head: str | None) -> DiffOutcome:
    """`eaf diff`: the semantic change from `base` to `head` (each a folder holding a project or
    a git revision of the project's repository; `head` None is the project on disk)."""
    from eaf.analysis.diff import DiffSide, compare

    sides = (_diff_input(config, "base", base), _diff_input(config, "head", head))
    if any(side.broken for side in sides):
        return DiffOutcome(sides, None)
    loaded = []
    for side in sides:
        model = side.project.model
        assert model is not None  # a side that loads has a model
        analysis = analyse_project(side.project) if model.of_kind("plateau") else None
        loaded.append(
            DiffSide(side.source, side.label, side.revision, model, side.project.graph, analysis)
        )
    return DiffOutcome(sides, compare(loaded[0], loaded[1]))


def _diff_input(config: Config, role: str, spec: str | None) -> DiffInput:
    # Nothing is cached: a review writes no file, in the work tree or elsewhere.
    from eaf.config import project_in

    if spec is None:
        project = load_project(config, use_cache=False)
        return DiffInput(role, "working-tree", WORKING_TREE, None, project)
    folder = Path(spec)
    other = project_in(folder) if folder.is_dir() else None
    if other is not None:
        return DiffInput(role, "folder", spec, None, load_project(other, use_cache=False))
    at, commit, sources = _revision(config, spec)
    project = load_project(at, sources=sources, use_cache=False)
    return DiffInput(role, "revision", spec, commit, project)


def _revision(config: Config, revision: str) -> tuple[Config, str, Sources]:
    """The project's settings and model files at a git revision, read from the repository's
    objects (the settings file in the project's folder at that revision, else the defaults)."""
    import os

    from eaf.config import ConfigError, config_from
    from eaf.load import git

    try:
        repo = git.open_repository(config.root)
        commit = git.resolve(repo, revision)
        at = config_from(config.root, _settings_at(repo, commit, revision))
        models = Path(os.path.relpath(at.models, at.root)).as_posix()
        files, diags = git.model_files(repo, commit, models, at.root, at.limits.max_file_bytes)
    except git.GitError as exc:
        folder = (
            f"the folder '{revision}' holds no project (no eaf.toml, no [tool.eaf] in "
            "pyproject.toml)"
            if Path(revision).is_dir()
            else f"'{revision}' is not a folder holding a project"
        )
        raise UsageProblem(f"{exc}; {folder}") from None
    except ConfigError as exc:
        raise UsageProblem(f"configuration: {exc}") from None
    return at, commit, Sources(files, diags)


def _settings_at(repo: Repository, commit: str, revision: str) -> dict[str, object]:
    from eaf.config import SETTINGS_FILES, ConfigError, parse_settings
    from eaf.load import git

    for name, raw in git.settings_files(repo, commit, SETTINGS_FILES):
        where = f"{revision}:{repo.prefix}{name}"
        try:
            found = parse_settings(name, raw.decode("utf-8"), where)
        except UnicodeDecodeError:
            raise ConfigError(f"{where}: not UTF-8 text") from None
        if found is not None:
            return found
    return {}


class ModelHasErrors(Exception):
    """The model could not be loaded without errors; `report` holds its diagnostics."""

    def __init__(self, report: Report) -> None:
        from eaf.report.text import format_text

        super().__init__(format_text(report).rstrip())
        self.report = report


def site_pages(
    config: Config, *, lang: str = "vi", warn: Callable[[str], None] | None = None
) -> dict[str, str]:
    """The site's generated pages (posix path → Markdown, plus the search index): the model,
    its analysis, every diagram laid out (through the layout cache), the model schema and the
    command line's help. `warn` hears about diagrams that could not be drawn."""
    from eaf.render.dot import DotOptions
    from eaf.render.graphviz import DotCli
    from eaf.render.run import lay_out, plan
    from eaf.schema import MODEL_FILE_SCHEMA_ID, schema_of
    from eaf.site.pages import SiteInput, build_pages
    from eaf.spec import ModelFile

    project = load_project(config)
    if project.diagnostics.has_errors() or project.model is None:
        raise ModelHasErrors(Report(project.diagnostics.sorted(), project.stats, ok=False))
    analysis = analyse_project(project) if project.model.plateaus() else None
    options = DotOptions(lang=lang, link_prefix="@@ROOT@@elements/", link_suffix=".html")
    jobs, _ = plan(project.model, project.graph, lang=lang, options=options)
    svgs: dict[str, bytes] = {}
    for layout in lay_out(jobs, "svg", cache_for(config, True), DotCli()):
        if layout.problem is not None and warn is not None:
            warn(f"diagram '{layout.job.stem}' not drawn: {layout.problem.message}")
        if layout.data is not None:
            svgs[layout.job.stem] = layout.data
    schema = schema_of(ModelFile, MODEL_FILE_SCHEMA_ID)
    helps = cli_help(warn)
    return build_pages(
        SiteInput(project.model, project.graph, analysis, svgs, schema, helps, lang=lang)
    )


_HELP = """
import json
import click
from eaf.cli import cli

out = {}


def walk(command, path):
    width = {"terminal_width": 100, "max_content_width": 100}
    ctx = click.Context(command, info_name=" ".join(path), **width)
    out[" ".join(path)] = command.get_help(ctx)
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        walk(sub, [*path, name])


walk(cli, ["eaf"])
print(json.dumps(out))
"""


def cli_help(warn: Callable[[str], None] | None = None) -> dict[str, str]:
    """Every command's --help, from the installed eaf itself (so the reference page never
    drifts), in one child process: the pipeline does not import the command line."""
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _HELP], capture_output=True, text=True, timeout=60, check=False
    )
    if done.returncode != 0:
        if warn is not None:
            warn("command-line reference not generated: " + done.stderr.strip()[-200:])
        return {}
    helps: dict[str, str] = json.loads(done.stdout)
    return helps
