"""Loading: files → parsed YAML → typed files → the resolved Model → its graph, with a
content-hash cache; `eaf validate` and `eaf query` over a loaded project."""

from __future__ import annotations

import gc
import marshal
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eaf.cache import Cache, content_key
from eaf.config import Config
from eaf.diagnostics import Diagnostic, Diagnostics, from_plain, to_plain
from eaf.load.discover import SourceFile, discover, read_source
from eaf.load.positions import PositionMap
from eaf.load.text import decode, ids_in_bytes, ids_in_text
from eaf.load.yaml import ParsedYaml, parse_bytes
from eaf.report import Report

if TYPE_CHECKING:
    from eaf.model import Model, PlateauAt
    from eaf.resolve import TypedFile


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
    _keys: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def file_key(self, config: Config, rel: str, raw: bytes) -> str:
        """Identifies one file's path and bytes (with the limits and eaf's version); each file
        is hashed once per run, however many stages ask."""
        found = self._keys.get(rel)
        if found is None:
            found = self._keys[rel] = content_key(rel, raw, repr(config.limits))
        return found

    def key(self, config: Config) -> str:
        """Identifies this exact input: every path and byte, the limits and eaf's version."""
        parts: list[str | bytes] = [repr(config.limits)]
        parts += [repr(to_plain(d)) for d in self.diagnostics]
        for source, raw in self.files:
            parts += [source.rel, self.file_key(config, source.rel, raw)]
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
    """The project's cache (none without `use_cache`), swept first when a sweep is due."""
    cache = Cache(config.build / ".cache" if use_cache else None)
    cache.sweep_if_due(config.cache_max_mb * 1024 * 1024)
    return cache


def read_sources(config: Config, target: Path) -> Sources:
    found, diags = discover(target, config.root)
    files: list[tuple[SourceFile, bytes]] = []
    for source in found:
        raw, read_diags = read_source(source, config.limits.max_file_bytes)
        diags.extend(read_diags)
        if raw is not None:
            files.append((source, raw))
    return Sources(files, diags)


def _from_cache(hit: Any) -> ParsedYaml:
    data, plain, broken = hit
    return ParsedYaml(data, [from_plain(p) for p in plain], None, broken)


#: From this many bytes to parse in a run, what the compiled reader gives up on is offered to
#: rapidyaml behind its gates (eaf.load.fast); below, the composer reads it: compiling the
#: gates' patterns costs about 0.05 s, what the composer takes for 0.5 MB, and a run after a
#: one-file edit parses one file. The compiled reader, which costs nothing to set up, is
#: offered every file.
FAST_FROM = 2 * 1024 * 1024


def _parse(
    source: SourceFile, raw: bytes, config: Config, cache: Cache, key: str, *, gates: bool
) -> ParsedYaml:
    """The file's parse, from the cache under ``key`` (Sources.file_key) when it is there."""
    hit = cache.get("parse", key)
    if hit is not None:
        return _from_cache(hit)
    return _fresh(source, raw, config, cache, key, gates=gates)


def _fresh(
    source: SourceFile, raw: bytes, config: Config, cache: Cache, key: str, *, gates: bool
) -> ParsedYaml:
    parsed, _ = parse_bytes(raw, source.rel, limits=config.limits, gates=gates)
    cache.put("parse", key, _plain(parsed))
    return parsed


def _plain(parsed: ParsedYaml) -> tuple[Any, list[Any], bool]:
    """A parse as the cache stores it (and a worker sends it back): `_from_cache` reads it."""
    return parsed.data, [to_plain(d) for d in parsed.diagnostics], parsed.broken


#: From this many bytes to parse (files not in the cache), two worker processes parse them while
#: this one validates. Below it, one process: starting the pool costs 0.01-0.06 s, the parent
#: still unpickles what comes back (as costly as json.loads), and at 3.8 MB (10k elements) it
#: saved 0.1 s of the parent's CPU and no wall time on this busy 2-core machine.
PARALLEL_FROM = 8 * 1024 * 1024

# What a forked worker parses: handed over by the pool's initializer, which a forked worker
# runs on the objects themselves (nothing is pickled), so the bytes reach it through the fork.
_WORK: dict[str, Any] = {}


def _set_work(files: list[tuple[str, bytes, str]], limits: Any, cache: Cache) -> None:
    _WORK.update(files=files, limits=limits, cache=cache)


def _parse_in_worker(index: int) -> bytes:
    """One file's parse, marshalled, as the worker stores it in the cache (the parent has its
    own work). Bytes, not the values: pickling the values to send them cost the workers about a
    third of their time, and the parent's thread that unpickles them slowed its validation."""
    rel, raw, key = _WORK["files"][index]
    parsed, _ = parse_bytes(raw, rel, limits=_WORK["limits"])
    data = marshal.dumps(_plain(parsed))
    _WORK["cache"].put_bytes("parse", key, data)
    return data


def parse_all(sources: Sources, config: Config, cache: Cache) -> Generator[ParsedYaml, None, None]:
    """Each file's parse, in the order of `sources.files`: from the cache, or, on a cold run
    with at least PARALLEL_FROM bytes to parse, from two forked worker processes (plain data
    back, in order, while the caller validates what came back; they store it in the cache);
    else in this process. Close the iterator when done with it: that ends the workers."""
    import multiprocessing

    keys = [sources.file_key(config, source.rel, raw) for source, raw in sources.files]
    hits = [cache.get("parse", key) for key in keys]
    todo = [i for i, hit in enumerate(hits) if hit is None]
    size = sum(len(sources.files[i][1]) for i in todo)
    if size < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        gates = size >= FAST_FROM
        for (source, raw), key, hit in zip(sources.files, keys, hits, strict=True):
            if hit is not None:
                yield _from_cache(hit)
            else:
                yield _fresh(source, raw, config, cache, key, gates=gates)
        return
    files = [(source.rel, raw, key) for (source, raw), key in zip(sources.files, keys, strict=True)]
    pool = multiprocessing.get_context("fork").Pool(2, _set_work, (files, config.limits, cache))
    try:
        done = pool.imap(_parse_in_worker, todo, chunksize=1)
        for hit in hits:
            yield _from_cache(hit if hit is not None else marshal.loads(next(done)))  # noqa: S302 - plain data, eaf's own
    finally:
        pool.terminate()


def _start(d: Diagnostic) -> tuple[str, int, int] | None:
    loc = d.location
    return None if loc is None else (loc.path, loc.line, loc.col)


def type_files(
    sources: Sources,
    config: Config,
    cache: Cache,
    *,
    failed: dict[str, frozenset[str]] | None = None,
    parsed: Iterator[ParsedYaml] | None = None,
) -> tuple[list[TypedFile], list[Diagnostic]]:
    """The files typed, and what reading and typing them reported. `failed`, when given, is
    filled with the files that failed to load and the ids their text shows they would define.
    `parsed`, when given, yields the files' parses in order (parse_all).
    A process that keeps memory (`eaf site serve`: eaf.cache.keep_in_memory) types a file
    only when its bytes changed since it last did."""
    diags = list(sources.diagnostics)
    typed: list[TypedFile] = []
    gates = parsed is None and _to_parse(sources, config, cache) >= FAST_FROM
    for source, raw in sources.files:
        parsed_file = None if parsed is None else next(parsed)  # in step, even when kept
        key = sources.file_key(config, source.rel, raw)
        kept = cache.recall("typed", source.rel)  # (key, outcome): the file's last version only
        if kept is not None and kept[0] == key:
            outcome: _Typed = kept[1]
        else:
            outcome = _type_file(
                source, raw, config, cache, key=key, parsed=parsed_file, gates=gates
            )
            cache.remember("typed", source.rel, (key, outcome))
        found, typed_file, failed_ids = outcome
        diags.extend(found)
        if typed_file is not None:
            typed.append(typed_file)
        if failed_ids is not None and failed is not None:
            failed[source.rel] = failed_ids
    return typed, diags


def _to_parse(sources: Sources, config: Config, cache: Cache) -> int:
    """The bytes of the files whose parse is not in the cache."""
    return sum(
        len(raw)
        for source, raw in sources.files
        if not cache.has("parse", sources.file_key(config, source.rel, raw))
    )


#: One file typed: what reading and typing it reported, the file (None when it could not be
#: typed) and, when it failed, the ids its text shows it would define.
_Typed = tuple[tuple[Diagnostic, ...], "TypedFile | None", frozenset[str] | None]


def _type_file(
    source: SourceFile,
    raw: bytes,
    config: Config,
    cache: Cache,
    *,
    key: str,
    parsed: ParsedYaml | None,
    gates: bool,
) -> _Typed:
    from eaf.resolve import TypedFile
    from eaf.validate import validate_document

    if parsed is None:
        parsed = _parse(source, raw, config, cache, key, gates=gates)
    diags = list(parsed.diagnostics)
    text = parsed.text if parsed.text is not None else decode(raw, source.rel)[0]
    if parsed.broken or text is None:
        # A file that failed to load, even to decode: the references to its ids are notes
        # (EAF330), not unknown ids, until it is fixed.
        return tuple(diags), None, ids_in_text(text) if text is not None else ids_in_bytes(raw)
    positions = PositionMap(source.rel, text, config.limits)
    validated = validate_document(parsed.data, positions, raw)
    # One problem, one diagnostic: what the loader already reported at a place (a tag, a
    # non-finite number) is not reported again by the schema at the same place.
    # A place is its start: the loader may span a tag where the schema spans its value.
    taken = {_start(d) for d in parsed.diagnostics if d.severity == "error"}
    diags.extend(d for d in validated.diagnostics if _start(d) not in taken)
    if validated.spec is None:
        return tuple(diags), None, ids_in_text(text)
    typed = TypedFile(
        source.rel,
        validated.spec,
        positions,
        validated.invalid_ids,
        validated.kept,
        validated.shells,
    )
    return tuple(diags), typed, None


def load_project(
    config: Config,
    target: Path | None = None,
    *,
    graph: bool = True,
    scope_edges: bool = True,
    use_cache: bool = True,
    sources: Sources | None = None,
) -> Project:
    """Run every stage that applies; later stages run on whatever earlier ones could type.

    Without ``graph``, no networkx graph is built (nor networkx imported): the scopes are
    evaluated over the plain nodes and edges, with the same findings (validation)."""
    from eaf.resolve import resolve

    cache = cache_for(config, use_cache)
    with _no_gc():
        if sources is None:
            sources = read_sources(config, target or config.models)
        failed: dict[str, frozenset[str]] = {}
        typed, diags = type_files(sources, config, cache, failed=failed)
        model, resolve_diags = resolve(typed, failed=failed)
        diags.extend(resolve_diags)
        files = [s.rel for s, _ in sources.files]
        project = Project(config, files, Diagnostics(diags), model)
        if graph:
            from eaf.graph import build_graph

            project.graph, graph_diags = build_graph(model, scope_edges=scope_edges)
        else:
            from eaf.links import check_scopes

            graph_diags = check_scopes(model)
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
        from eaf.pipeline.incremental import validate_incrementally

        with _no_gc():
            found, stats, per_file = validate_incrementally(config, sources, cache)
        diags = Diagnostics(found).sorted()
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


def query_project(
    project: Project, selector: str, *, at: str | None = None
) -> list[dict[str, Any]]:
    """The elements a (valid) selector matches, sorted by id, as rows for `eaf query` (the
    shape of an element of model.json); with `at` (a date or a plateau), on the architecture of
    that day, with its fields then."""
    from eaf.artifacts import artifact_element
    from eaf.graph import build_graph
    from eaf.select import SelectorIndex, parse_selector

    parsed, _ = parse_selector(selector)
    if parsed is None or project.graph is None or project.model is None:
        return []
    model, graph = project.model, project.graph
    if at is not None:
        model = model.at(date_named(model, at).date)
        graph, _ = build_graph(model)
    return [
        artifact_element(model.elements[i]).model_dump(mode="json")
        for i in sorted(SelectorIndex(graph).evaluate(parsed))
    ]


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
