"""The only place the stages are chained: files → parsed → typed → Model → graph."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from eaf.config import Config
from eaf.diagnostics import Diagnostic, Diagnostics
from eaf.graph import build_graph
from eaf.load.discover import discover, read_source
from eaf.load.yaml import PositionMap, parse_bytes
from eaf.model import Model
from eaf.resolve import TypedFile, resolve
from eaf.validate import validate_document


@dataclass(slots=True)
class Project:
    config: Config
    files: list[str]
    diagnostics: Diagnostics
    model: Model | None = None
    graph: nx.MultiDiGraph | None = None
    stats: dict[str, int] = field(default_factory=dict)


@contextmanager
def _no_gc() -> Iterator[None]:
    # Loading builds millions of small containers and no cycles; the cyclic collector
    # would otherwise spend about half the load time scanning them.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_files(config: Config, target: Path) -> tuple[list[TypedFile], list[str], list[Diagnostic]]:
    sources, diags = discover(target, config.root)
    typed: list[TypedFile] = []
    for source in sources:
        raw, read_diags = read_source(source, config.limits.max_file_bytes)
        diags.extend(read_diags)
        if raw is None:
            continue
        parsed, text = parse_bytes(raw, source.rel, limits=config.limits)
        diags.extend(parsed.diagnostics)
        if parsed.broken or text is None:
            continue
        positions = PositionMap(source.rel, text, config.limits)
        validated = validate_document(parsed.data, positions)
        diags.extend(validated.diagnostics)
        if validated.spec is not None:
            typed.append(
                TypedFile(
                    source.rel, validated.spec, positions, validated.invalid_ids, validated.kept
                )
            )
    return typed, [s.rel for s in sources], diags


def load_project(config: Config, target: Path | None = None, *, graph: bool = True) -> Project:
    """Run every stage that applies; later stages run on whatever earlier ones could type."""
    with _no_gc():
        typed, files, diags = load_files(config, target or config.models)
        model, resolve_diags = resolve(typed)
        diags.extend(resolve_diags)
        project = Project(config, files, Diagnostics(diags), model)
        if graph:
            project.graph, graph_diags = build_graph(model)
            project.diagnostics.extend(graph_diags)
    project.stats = {"files": len(files), "elements": len(model)}
    return project
