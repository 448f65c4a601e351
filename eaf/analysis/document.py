"""The JSON Schema of `eaf gaps --format json` (and build/gaps/gaps.json), as pydantic shapes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from eaf.analysis.report import GAPS_SCHEMA_ID


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, populate_by_name=True)


class PlateauRef(_Doc):
    plateau: str
    """The plateau's id."""
    date: str
    """The date the architecture is taken at."""


class FieldChangeDoc(_Doc):
    field: str
    """The field that changed."""
    before: Any
    """Its value at the first plateau."""
    after: Any
    """Its value at the second plateau."""


class GapItemDoc(_Doc):
    id: str
    """The element or interconnection."""
    kind: str
    """Its kind."""
    name: str
    """Its name."""
    layer: str
    """The layer it belongs to."""
    status: Literal["added", "removed", "changed", "kept"]
    """What happened to it between the plateaus."""
    changes: list[FieldChangeDoc]
    """For a changed element, the fields that changed."""
    work_packages: list[str]
    """The work packages that deliver it."""


class PlateauGaps(_Doc):
    counts: dict[str, int]
    """How many items are added, removed, changed and kept."""
    items: list[GapItemDoc]
    """Every element and interconnection present at either plateau."""
    uncovered: list[str]
    """Gaps no work package delivers."""
    idle_work_packages: list[str]
    """Work packages that deliver nothing that changes."""


class KpiDoc(_Doc):
    id: str
    """The KPI."""
    name: str
    """Its name."""
    type: str
    """count, ratio, coverage or reported."""
    value: float | None
    """The value computed from the model at the date (a percentage for ratio and coverage)."""
    numerator: int | None
    """For ratio and coverage, the part."""
    denominator: int | None
    """For ratio and coverage, the whole."""
    target: float | None
    """The target."""
    deadline: str | None
    """The deadline."""
    status: Literal["met", "on-track", "at-risk", "missed"] | None
    """met, on-track, at-risk or missed (none without a target)."""
    reported: float | None
    """The latest value reported by a source on or before the date."""
    reported_date: str | None
    """The date of that reported value."""
    unit: str
    """What the value counts."""


class CriterionDoc(_Doc):
    id: str
    """The coverage KPI or rule the criterion comes from."""
    name: str
    """Its name."""
    covered: int
    """Units that meet it."""
    total: int
    """Units it applies to."""


class UnitRow(_Doc):
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


class CoverageDoc(_Doc):
    criteria: list[CriterionDoc]
    """The criteria (columns) with their totals."""
    units: list[UnitRow]
    """The units (rows)."""


class CountPair(_Doc):
    filled: int
    """Expected fields that are filled."""
    expected: int
    """Expected fields."""


class MissingDoc(_Doc):
    id: str
    """The element."""
    kind: str
    """Its kind."""
    owner: str
    """Its owner."""
    fields: list[str]
    """The expected fields it lacks."""


class CompletenessDoc(_Doc):
    score: float
    """Filled / expected fields over the model, in percent."""
    by_kind: dict[str, CountPair]
    """Per kind."""
    by_owner: dict[str, CountPair]
    """Per owner ('' for elements with none)."""
    missing: list[MissingDoc]
    """Every element with an expected field missing."""


class GapsDocument(_Doc):
    """The gap analysis written by `eaf gaps --format json`."""

    schema_: str = Field(GAPS_SCHEMA_ID, alias="$schema")
    """The id of this document's JSON Schema."""
    version: Literal[1]
    """Format version."""
    from_: PlateauRef = Field(alias="from")
    """The first plateau."""
    to: PlateauRef
    """The second plateau."""
    at: str
    """The date KPIs, coverage and conformance are computed at."""
    plateau_gaps: PlateauGaps
    """Changes between the plateaus."""
    kpis: list[KpiDoc]
    """Every KPI."""
    coverage: CoverageDoc
    """The units × criteria matrix."""
    findings: list[dict[str, Any]]
    """Diagnostics: rule violations (EAF501), missed KPIs, uncovered gaps, idle work packages."""
    completeness: CompletenessDoc
    """Completeness of the model's own data."""
