"""What the analysis finds, as pydantic shapes: the stages build these, the reports print them,
and, dumped, they are the JSON document whose schema `eaf schema` writes
(schemas/eaf-gaps.schema.json). One shape per result: nothing is mirrored by hand."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from eaf.spec.framework import KpiStatus

GAPS_VERSION: Literal[1] = 1
GAPS_SCHEMA_ID = "urn:eaf:schema:gaps:v1"


class Result(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, populate_by_name=True
    )


class GapStatus(StrEnum):
    """What happened to an element between two plateaus."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    KEPT = "kept"


class PlateauRef(Result):
    plateau: str
    """The plateau's id."""
    date: str
    """The date the architecture is taken at."""
    frameworks: list[str] = []
    """The framework versions in force on that date (their ids)."""


class FieldChange(Result):
    field: str
    """The field that changed."""
    before: Any
    """Its value at the first plateau."""
    after: Any
    """Its value at the second plateau."""


class SuccessorRef(Result):
    id: str
    """The element that takes over."""
    name: str
    """Its name."""
    share: str
    """full or partial."""


class GapItem(Result):
    id: str
    """The element or interconnection."""
    kind: str
    """Its kind."""
    name: str
    """Its name."""
    layer: str
    """The layer it belongs to."""
    status: GapStatus
    """What happened to it between the plateaus."""
    changes: list[FieldChange] = Field(default_factory=list)
    """For a changed element, the fields that changed."""
    work_packages: list[str] = Field(default_factory=list)
    """The work packages that deliver it."""
    successors: list[SuccessorRef] = Field(default_factory=list)
    """For a removed element, the elements that take over from it (a merge, a split)."""


class PlateauGaps(Result):
    counts: dict[GapStatus, int]
    """How many items are added, removed, changed and kept."""
    items: list[GapItem]
    """Every element and interconnection present at either plateau, in the order of their
    layers (the layers' `order`; no layer last), then by kind and id."""
    uncovered: list[str]
    """Gaps no work package delivers."""
    idle_work_packages: list[str]
    """Work packages that deliver nothing that changes."""

    def count(self, status: str) -> int:
        return self.counts.get(GapStatus(status), 0)


class KpiResult(Result):
    id: str
    """The KPI."""
    name: str
    """Its name."""
    type: str
    """count, ratio, coverage or reported."""
    value: float | None
    """The value computed from the model at the date (a percentage for ratio and coverage);
    none for a reported-only KPI."""
    numerator: int | None
    """For ratio and coverage, the part."""
    denominator: int | None
    """For ratio and coverage, the whole."""
    target: float | None
    """The target."""
    deadline: str | None
    """The deadline."""
    status: KpiStatus | None
    """met, on-track, at-risk or missed (none without a target or a value)."""
    reported: float | None = None
    """The latest value reported by a source on or before the date."""
    reported_date: str | None = None
    """The date of that reported value."""
    unit: str = ""
    """What the value counts."""

    @property
    def current(self) -> float | None:
        """The KPI's value at the date as a reader sees it: computed from the model, or for a
        reported KPI the latest value a source reported (its status is judged on it too)."""
        return self.reported if self.type == "reported" else self.value


class KpiPoint(Result):
    """A KPI's value on a date: computed from the model at a plateau, or reported."""

    date: str
    """The day."""
    value: float
    """The value (a percentage for ratio and coverage)."""
    plateau: str | None = None
    """The plateau of that day when the model gives the value; none when a source reported it."""


class Criterion(Result):
    id: str
    """The coverage KPI or rule the criterion comes from."""
    name: str
    """Its name."""
    covered: int
    """Units that meet it."""
    total: int
    """Units it applies to."""


class UnitRow(Result):
    id: str
    """The unit."""
    name: str
    """Its name."""
    level: str
    """Its level."""
    parent: str
    """Its parent unit."""
    cells: dict[str, bool | None]
    """Per criterion: met, not met, or null when it does not apply."""


class Coverage(Result):
    criteria: list[Criterion]
    """The criteria (columns) with their totals."""
    units: list[UnitRow]
    """The units (rows), by level then parent."""


class CountPair(Result):
    filled: int
    """Expected fields that are filled."""
    expected: int
    """Expected fields."""


class Missing(Result):
    id: str
    """The element."""
    name: str = Field(exclude=True)
    """Its name (for the reports; not in the JSON document)."""
    kind: str
    """Its kind."""
    owner: str
    """Its owner."""
    fields: list[str]
    """The expected fields it lacks."""


class FactCounts(Result):
    """How many facts rest on a source of each status."""

    confirmed: int = 0
    """Stated in the named source."""
    derived: int = 0
    """Computed from confirmed facts."""
    assumed: int = 0
    """Assumptions to be verified."""
    uncertain: int = 0
    """From a partial or unverified source."""
    unsourced: int = 0
    """Nothing says where they come from."""
    confirmed_share: float = 100.0
    """Confirmed facts in percent of all facts."""


class Completeness(Result):
    score: float
    """Filled / expected fields over the model, in percent."""
    by_kind: dict[str, CountPair]
    """Per kind."""
    by_owner: dict[str, CountPair]
    """Per owner ('' for elements with none)."""
    missing: list[Missing]
    """Every element with an expected field missing."""
    facts: FactCounts = FactCounts()
    """Every fact the model states (each field, scope and reported value), by the status of its
    source."""
    facts_by_kind: dict[str, FactCounts] = {}
    """The same, per kind."""


class GapsDocument(Result):
    """The gap analysis written by `eaf gaps --format json`."""

    schema_: str = Field(GAPS_SCHEMA_ID, alias="$schema")
    """The id of this document's JSON Schema."""
    version: Literal[1] = GAPS_VERSION
    """Format version."""
    from_: PlateauRef = Field(alias="from")
    """The first plateau."""
    to: PlateauRef
    """The second plateau."""
    at: str
    """The date KPIs, coverage and conformance are computed at."""
    plateau_gaps: PlateauGaps
    """Changes between the plateaus."""
    kpis: list[KpiResult]
    """Every KPI."""
    coverage: Coverage
    """The units × criteria matrix."""
    findings: list[dict[str, Any]]
    """Diagnostics: rule violations (EAF501), missed KPIs, uncovered gaps, idle work packages."""
    completeness: Completeness
    """Completeness of the model's own data."""
