"""The semantic change between two loaded projects: elements added, removed and changed field by
field, graph relations and interconnections added and removed, and what the analysis says on
each side (KPI values and statuses, rule violations by rule and element, coverage cells).

Pure: two sides in, one `DiffDocument` out, sorted everywhere."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from eaf.analysis.analyse import Analysis
from eaf.analysis.diff_document import (
    ConformanceDoc,
    CountsDoc,
    CoverageChangeDoc,
    DiffDocument,
    ElementChangeDoc,
    ElementDoc,
    ElementsDoc,
    FieldChangeDoc,
    FindingDoc,
    InterconnectionDoc,
    InterconnectionsDoc,
    KpiChangeDoc,
    KpiStateDoc,
    RelationDoc,
    RelationsDoc,
    SideDoc,
)
from eaf.graph import EdgeType, element_json
from eaf.model import Element, Model

#: Edges the interconnections section shows (as interconnections, not as edges).
_INTERCONNECTION_EDGES = frozenset({str(EdgeType.INTERCONNECTION), str(EdgeType.VIA)})


@dataclass(frozen=True, slots=True)
class DiffSide:
    """One side of the comparison: a loaded model without errors, and its analysis."""

    source: Literal["revision", "folder", "working-tree"]
    label: str
    revision: str | None
    model: Model
    graph: nx.MultiDiGraph
    analysis: Analysis | None
    """At `eaf gaps`'s default plateaus; None when the model has no plateaus."""

    def doc(self) -> SideDoc:
        last = self.analysis.to_plateau if self.analysis else (None, None)
        return SideDoc(
            source=self.source,
            label=self.label,
            revision=self.revision,
            plateau=last[0],
            at=last[1],
        )


def compare(base: DiffSide, head: DiffSide) -> DiffDocument:
    elements = _elements(base.model, head.model)
    relations = _relations(base.graph, head.graph)
    links = _interconnections(base.model, head.model)
    kpis: list[KpiChangeDoc] = []
    conformance = ConformanceDoc(new=[], fixed=[])
    coverage: list[CoverageChangeDoc] = []
    if base.analysis is not None and head.analysis is not None:
        kpis = _kpis(base.analysis, head.analysis)
        conformance = _conformance(base, head)
        coverage = _coverage(base.analysis, head.analysis)
    counts = CountsDoc(
        elements_added=len(elements.added),
        elements_removed=len(elements.removed),
        elements_changed=len(elements.changed),
        relations_added=len(relations.added),
        relations_removed=len(relations.removed),
        interconnections_added=len(links.added),
        interconnections_removed=len(links.removed),
        kpis_changed=len(kpis),
        findings_new=len(conformance.new),
        findings_fixed=len(conformance.fixed),
        coverage_changed=len(coverage),
    )
    return DiffDocument(
        base=base.doc(),
        head=head.doc(),
        analysed=base.analysis is not None and head.analysis is not None,
        counts=counts,
        elements=elements,
        relations=relations,
        interconnections=links,
        kpis=kpis,
        conformance=conformance,
        coverage=coverage,
    )


def _ref(element: Element) -> ElementDoc:
    return ElementDoc(id=element.id, kind=element.kind, name=element.spec.name)


def _elements(base: Model, head: Model) -> ElementsDoc:
    before, after = base.elements, head.elements
    added = sorted(after.keys() - before.keys())
    removed = sorted(before.keys() - after.keys())
    changed = []
    for element_id in sorted(before.keys() & after.keys()):
        old, new = before[element_id], after[element_id]
        changes = field_changes(old, new)
        if changes:
            changed.append(ElementChangeDoc(**_ref(new).model_dump(), changes=changes))
    return ElementsDoc(
        added=[_ref(after[i]) for i in added if after[i].kind != "interconnection"],
        removed=[_ref(before[i]) for i in removed if before[i].kind != "interconnection"],
        changed=changed,
    )


def field_changes(old: Element, new: Element) -> list[FieldChangeDoc]:
    """The fields whose values differ, as written in the YAML, by field name; where the
    element is written (file, line) is not a change to the architecture."""
    before: dict[str, Any] = element_json(old)
    after: dict[str, Any] = element_json(new)
    out = []
    if old.kind != new.kind:
        out.append(FieldChangeDoc(field="kind", before=old.kind, after=new.kind))
    for key in sorted(before.keys() | after.keys()):
        if before.get(key) != after.get(key):
            out.append(FieldChangeDoc(field=key, before=before.get(key), after=after.get(key)))
    return out


def _edges(graph: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    # An edge is (source, type, target): its key numbers the scope it comes from, which moves
    # when scopes are reordered without changing what the architecture says.
    return {
        (source, str(data["type"]), target)
        for source, target, data in graph.edges(data=True)
        if data["type"] not in _INTERCONNECTION_EDGES
    }


def _relations(base: nx.MultiDiGraph, head: nx.MultiDiGraph) -> RelationsDoc:
    before, after = _edges(base), _edges(head)

    def docs(edges: set[tuple[str, str, str]]) -> list[RelationDoc]:
        return [RelationDoc(source=s, type=t, target=g) for s, t, g in sorted(edges)]

    return RelationsDoc(added=docs(after - before), removed=docs(before - after))


def _link(element: Element) -> InterconnectionDoc:
    spec: Any = element.spec
    return InterconnectionDoc(
        id=element.id, name=spec.name, from_=spec.from_, to=spec.to, via=list(spec.via)
    )


def _interconnections(base: Model, head: Model) -> InterconnectionsDoc:
    before = {e.id: e for e in base.of_kind("interconnection")}
    after = {e.id: e for e in head.of_kind("interconnection")}
    return InterconnectionsDoc(
        added=[_link(after[i]) for i in sorted(after.keys() - before.keys())],
        removed=[_link(before[i]) for i in sorted(before.keys() - after.keys())],
    )


def _kpis(base: Analysis, head: Analysis) -> list[KpiChangeDoc]:
    def states(analysis: Analysis) -> dict[str, tuple[str, KpiStateDoc]]:
        return {
            k.id: (
                k.name,
                KpiStateDoc(
                    value=k.current,
                    status=k.status,
                ),
            )
            for k in analysis.kpis
        }

    before, after = states(base), states(head)
    out = []
    for kpi_id in sorted(before.keys() | after.keys()):
        old, new = before.get(kpi_id), after.get(kpi_id)
        if old is not None and new is not None and old[1] == new[1]:
            continue
        name = (new or old or ("", None))[0]
        out.append(
            KpiChangeDoc(
                id=kpi_id,
                name=name,
                before=old[1] if old else None,
                after=new[1] if new else None,
            )
        )
    return out


def _conformance(base: DiffSide, head: DiffSide) -> ConformanceDoc:
    def findings(side: DiffSide) -> dict[tuple[str, str], FindingDoc]:
        assert side.analysis is not None
        return {
            (v.rule, v.element): FindingDoc(
                rule=v.rule,
                rule_name=side.model.elements[v.rule].spec.name,
                element=v.element,
                severity=str(v.severity),
                detail=v.why,
                reason=v.reason,
                values=dict(v.values),
            )
            for v in side.analysis.violations
        }

    before, after = findings(base), findings(head)
    return ConformanceDoc(
        new=[after[k] for k in sorted(after.keys() - before.keys())],
        fixed=[before[k] for k in sorted(before.keys() - after.keys())],
    )


def _coverage(base: Analysis, head: Analysis) -> list[CoverageChangeDoc]:
    def cells(analysis: Analysis) -> dict[tuple[str, str], tuple[bool | None, str, str]]:
        matrix = analysis.coverage
        return {
            (unit.id, criterion.id): (unit.cells[criterion.id], unit.name, criterion.name)
            for unit in matrix.units
            for criterion in matrix.criteria
        }

    before, after = cells(base), cells(head)
    out = []
    for unit, criterion in sorted(before.keys() | after.keys()):
        old, new = before.get((unit, criterion)), after.get((unit, criterion))
        # A cell one side lacks reads as one that does not apply (None).
        value_before = old[0] if old else None
        value_after = new[0] if new else None
        if value_before == value_after:
            continue
        names = new or old
        assert names is not None
        out.append(
            CoverageChangeDoc(
                unit=unit,
                unit_name=names[1],
                criterion=criterion,
                criterion_name=names[2],
                before=value_before,
                after=value_after,
            )
        )
    return out
