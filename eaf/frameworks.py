"""Framework versions: a reference model, layer, category or rule that names its framework
versions is in force only while one of them is. The bound is applied once, to the lifecycle,
so every later stage (snapshots, gaps, checks, views, pages) sees one life per element."""

from __future__ import annotations

from dataclasses import replace

from eaf import codes
from eaf.diagnostics import Diagnostic
from eaf.model import Element, Model
from eaf.spec.types import Lifecycle

_STARTS = ("phase_in", "active")


def _start(lifecycle: Lifecycle | None) -> str | None:
    """The first day it is in force (phase_in or active); None: since always."""
    if lifecycle is None:
        return None
    dates = [d for d in (lifecycle.phase_in, lifecycle.active) if d is not None]
    return min(dates) if dates else None


def _end(lifecycle: Lifecycle | None) -> str | None:
    return lifecycle.end_of_life if lifecycle is not None else None


def span_of(frameworks: list[Element]) -> tuple[str | None, str | None]:
    """From the first framework's start to the last one's end (None: unbounded)."""
    starts = [_start(f.spec.lifecycle) for f in frameworks]
    ends = [_end(f.spec.lifecycle) for f in frameworks]
    start = None if None in starts else min(s for s in starts if s is not None)
    end = None if None in ends else max(e for e in ends if e is not None)
    return start, end


def bound(own: Lifecycle | None, start: str | None, end: str | None) -> Lifecycle | None:
    """`own` narrowed to [start, end): a later start replaces its phase_in/active, an earlier
    end replaces its end_of_life; phases outside the new life are dropped."""
    lc = own or Lifecycle()
    dates = dict(lc.phases())
    own_start, own_end = _start(lc), _end(lc)
    if start is not None and (own_start is None or own_start < start):
        dates.update(phase_in=None, active=start)
        if dates["plan"] is not None and dates["plan"] > start:
            dates["plan"] = None
    if end is not None and (own_end is None or own_end > end):
        dates["end_of_life"] = end
        if dates["phase_out"] is not None and dates["phase_out"] >= end:
            dates["phase_out"] = None
    if dates == dict(lc.phases()):
        return own
    return Lifecycle(**dates)


def bind_frameworks(model: Model) -> tuple[Model, list[Diagnostic]]:
    """The model with every framework-bound element's lifecycle narrowed to its frameworks'
    span, and an error for an element whose own life and its frameworks' never meet."""
    out: list[Diagnostic] = []
    elements = dict(model.elements)
    for element in model:
        names = element.value("frameworks") or []
        frameworks = [
            f for n in names if (f := model.elements.get(n)) is not None and f.kind == "framework"
        ]
        if not frameworks or len(frameworks) != len(names):
            continue  # an unknown or wrong-kind name is reported with the other references
        start, end = span_of(frameworks)
        own = element.spec.lifecycle
        life_start = max((d for d in (start, _start(own)) if d is not None), default=None)
        life_end = min((d for d in (end, _end(own)) if d is not None), default=None)
        if life_start is not None and life_end is not None and life_end <= life_start:
            where, pointer = model.locate(element.id, "frameworks")
            out.append(
                codes.OUTSIDE_FRAMEWORK(
                    f"'{element.id}' is never in force: its own lifecycle and its frameworks "
                    f"({', '.join(names)}: {start or '…'} – {end or '…'}) do not overlap",
                    where,
                    pointer=pointer,
                )
            )
            continue
        lifecycle = bound(own, start, end)
        if lifecycle is not own:
            elements[element.id] = replace(
                element, spec=element.spec.model_copy(update={"lifecycle": lifecycle})
            )
    return replace(model, elements=elements, memo={}), out
