"""What `eaf diff` finds, as pydantic shapes: the result the formats print and, dumped, the JSON
document whose schema `eaf schema` writes (schemas/eaf-diff.schema.json)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

DIFF_VERSION: Literal[1] = 1
DIFF_SCHEMA_ID = "urn:eaf:schema:diff:v1"

KpiStatus = Literal["met", "on-track", "at-risk", "missed"]


class _Doc(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, populate_by_name=True
    )


class SideDoc(_Doc):
    source: Literal["revision", "folder", "working-tree"]
    """A git revision, a folder holding a project, or the project on disk."""
    label: str
    """The revision or folder as given, or 'working tree'."""
    revision: str | None
    """The commit's full SHA, for a git revision."""
    plateau: str | None
    """The latest plateau, at whose date KPIs, conformance and coverage are computed (as
    `eaf gaps` does by default); null when the model has no plateaus."""
    at: str | None
    """That plateau's date."""


class ElementDoc(_Doc):
    id: str
    """The element."""
    kind: str
    """Its kind."""
    name: str
    """Its name."""


class FieldChangeDoc(_Doc):
    field: str
    """The field as written in the YAML ('kind' when the element changed kind)."""
    before: Any
    """Its value on the base side (null: not set)."""
    after: Any
    """Its value on the head side (null: not set)."""


class ElementChangeDoc(ElementDoc):
    changes: list[FieldChangeDoc]
    """The fields that differ, by field name."""


class ElementsDoc(_Doc):
    added: list[ElementDoc]
    """Elements only the head side has (interconnections are listed on their own)."""
    removed: list[ElementDoc]
    """Elements only the base side has (interconnections are listed on their own)."""
    changed: list[ElementChangeDoc]
    """Elements of both sides whose fields differ, interconnections included."""


class RelationDoc(_Doc):
    source: str
    """Where the edge starts (the provider or container)."""
    type: str
    """The edge type (eaf.graph.EdgeType), e.g. owns, deployed-to, offered-by."""
    target: str
    """Where it ends."""


class RelationsDoc(_Doc):
    added: list[RelationDoc]
    """Edges of the head side's graph the base side's lacks (interconnections apart)."""
    removed: list[RelationDoc]
    """Edges of the base side's graph the head side's lacks (interconnections apart)."""


class InterconnectionDoc(_Doc):
    id: str
    """The interconnection."""
    name: str
    """Its name."""
    from_: str = Field(alias="from")
    """Where the exchange comes from."""
    to: str
    """Where it goes."""
    via: list[str]
    """The platforms it goes through."""


class InterconnectionsDoc(_Doc):
    added: list[InterconnectionDoc]
    """Interconnections only the head side has."""
    removed: list[InterconnectionDoc]
    """Interconnections only the base side has."""


class KpiStateDoc(_Doc):
    value: float | None
    """The value (computed, or the latest reported for a reported KPI)."""
    status: KpiStatus | None
    """met, on-track, at-risk or missed; null without a target."""


class KpiChangeDoc(_Doc):
    id: str
    """The KPI."""
    name: str
    """Its name (on the head side when it has one)."""
    before: KpiStateDoc | None
    """On the base side (null: the KPI is not there)."""
    after: KpiStateDoc | None
    """On the head side (null: the KPI is not there)."""


class FindingDoc(_Doc):
    rule: str
    """The rule broken."""
    rule_name: str
    """Its name."""
    element: str
    """The element (or interconnection) that breaks it."""
    severity: Literal["error", "warning"]
    """The rule's severity."""
    detail: str
    """What is wrong, in English."""
    reason: Literal["field", "link", "link-via", "route", "coverage"]
    """Why, by the rule's type (a link rule with or without 'via'): with `values`, what the
    reports say in their language."""
    values: dict[str, str]
    """The selectors the reason names (and, for a route, the exchange's ends)."""


class ConformanceDoc(_Doc):
    new: list[FindingDoc]
    """Rule violations the head side has and the base side has not (by rule and element)."""
    fixed: list[FindingDoc]
    """Rule violations the base side has and the head side has not."""


class CoverageChangeDoc(_Doc):
    unit: str
    """The unit (row of the coverage matrix)."""
    unit_name: str
    """Its name."""
    criterion: str
    """The coverage KPI or rule (column)."""
    criterion_name: str
    """Its name."""
    before: bool | None
    """Covered on the base side; null when the criterion does not apply to the unit there."""
    after: bool | None
    """Covered on the head side; null when the criterion does not apply to the unit there."""


class CountsDoc(_Doc):
    elements_added: int
    """Elements added (interconnections apart)."""
    elements_removed: int
    """Elements removed (interconnections apart)."""
    elements_changed: int
    """Elements changed."""
    relations_added: int
    """Graph edges added."""
    relations_removed: int
    """Graph edges removed."""
    interconnections_added: int
    """Interconnections added."""
    interconnections_removed: int
    """Interconnections removed."""
    kpis_changed: int
    """KPIs whose value or status differs."""
    findings_new: int
    """New rule violations."""
    findings_fixed: int
    """Rule violations fixed."""
    coverage_changed: int
    """Coverage cells that differ."""


class DiffDocument(_Doc):
    """The change to the architecture between two revisions, written by
    `eaf diff --format json`."""

    schema_: str = Field(DIFF_SCHEMA_ID, alias="$schema")
    """The id of this document's JSON Schema."""
    version: Literal[1] = DIFF_VERSION
    """Format version."""
    base: SideDoc
    """The side compared from."""
    head: SideDoc
    """The side compared to."""
    analysed: bool
    """Whether both sides have plateaus, so KPIs, conformance and coverage were compared."""
    counts: CountsDoc
    """How many changes of each sort."""
    elements: ElementsDoc
    """Elements added, removed and changed field by field."""
    relations: RelationsDoc
    """Graph edges added and removed."""
    interconnections: InterconnectionsDoc
    """Interconnections added and removed."""
    kpis: list[KpiChangeDoc]
    """KPIs whose value or status differs."""
    conformance: ConformanceDoc
    """Rule violations new and fixed."""
    coverage: list[CoverageChangeDoc]
    """Cells of the units × criteria coverage matrix that differ."""

    @property
    def empty(self) -> bool:
        """No difference at all."""
        return not any(self.counts.model_dump().values())
