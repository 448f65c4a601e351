"""The national framework as data: layers, component categories, conformance rules, KPIs and
plateaus. Rules and KPIs are typed data over selectors, so another framework is a data change."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from eaf.spec.types import (
    LAX,
    ElementSpec,
    FrameworkRef,
    IsoDate,
    LayerRef,
    ReferenceModelRef,
    Selector,
    ShortText,
    Source,
    Strict,
    new_list,
)


class Framework(ElementSpec):
    """A version of the national architecture framework, e.g. 'Khung Kiến trúc Chính phủ điện
    tử Việt Nam, phiên bản 2.0'. Its lifecycle is the period it is in force (active: the day it
    is issued; end_of_life: the day the next version replaces it), and the reference models,
    layers, categories and rules that name it are in force only while it is."""

    version: ShortText
    """The version as the instrument names it, e.g. '2.0'."""
    legal_basis: ShortText
    """The instrument that issues it, e.g. 'QĐ 2323/QĐ-BTTTT'."""


class _OfFramework(ElementSpec):
    frameworks: list[FrameworkRef] = Field(default_factory=new_list)
    """The framework versions it belongs to: it is in force from the first one's start to the
    last one's end (and within its own lifecycle). Empty: in force by its own lifecycle only."""


class ReferenceModel(_OfFramework):
    """A reference model of the national framework: business (BRM), data (DRM), application
    (ARM), technology (TRM) or security (SRM); the draft's performance model (PRM) optional."""

    abbreviation: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,6}$")]
    """The usual abbreviation, e.g. 'BRM'."""


class Layer(_OfFramework):
    """A layer of the overall diagram (users, channels, portals and services, applications,
    data, integration platforms, infrastructure; security and governance as side bands)."""

    order: Annotated[int, Field(ge=0, le=1000)]
    """Position from the top of the overall diagram."""
    reference_model: ReferenceModelRef | None = None
    """The framework reference model it belongs to (an id from the reference models)."""
    side: bool = False
    """Drawn as a band alongside the other layers (security, governance)."""


class Category(_OfFramework):
    """A component category of the framework, e.g. 'Cổng dịch vụ công cấp tỉnh'."""

    layer: LayerRef
    """The layer the category belongs to."""


class RuleSeverity(StrEnum):
    """Severity of a conformance finding."""

    ERROR = "error"
    WARNING = "warning"


class _RuleBase(_OfFramework):
    legal_basis: ShortText
    """The legal instrument that requires it, e.g. 'QĐ 2323/QĐ-BTTTT', 'Nghị định 61/2018/NĐ-CP'."""
    severity: Annotated[RuleSeverity, LAX] = RuleSeverity.ERROR
    """error or warning when an element does not conform."""
    applies_to: Selector
    """The elements the rule checks."""


class FieldRule(_RuleBase):
    """Each selected element must satisfy a condition on its own fields."""

    type: Literal["field"]
    """field: a condition on each element's fields."""
    require: Selector
    """A condition every selected element must match, e.g. 'npsp_integrated:true' or
    'security_level>=1'."""


class LinkRule(_RuleBase):
    """Each selected element must be interconnected with an element of the target set."""

    type: Literal["link"]
    """link: each element needs an interconnection to the target set."""
    target: Selector
    """The elements it must be interconnected with."""
    via: Selector | None = None
    """If given, the interconnection must go through one of these platforms."""


class RouteRule(_RuleBase):
    """Every interconnection between the selected elements and the target set must go through
    one of the given platforms."""

    type: Literal["route"]
    """route: exchanges between two sets must go through given platforms."""
    target: Selector
    """The other end of the exchanges."""
    via: Selector
    """The platforms the exchanges must go through."""


class CoverageRule(_RuleBase):
    """Each selected unit must be covered: selected by the deployment or offer of at least one
    element of the target set."""

    type: Literal["coverage"]
    """coverage: each unit must be reached by an element of the target set."""
    target: Selector
    """The elements (systems, services, infrastructure) whose scopes must include each unit."""


Rule = Annotated[FieldRule | LinkRule | RouteRule | CoverageRule, Field(discriminator="type")]


class KpiStatus(StrEnum):
    MET = "met"
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    MISSED = "missed"


class Measurement(Strict):
    """A value of the indicator reported by a source at a date (not computed from the model)."""

    date: IsoDate
    """The date the value refers to."""
    value: Annotated[float, Field(ge=0)]
    """The reported value, in the KPI's unit."""
    note: ShortText | None = None
    """What exactly was reported, e.g. '1.015 mức 4 + 144 mức 3'."""
    source: Source
    """Where it was reported."""


class _KpiBase(ElementSpec):
    target: Annotated[float, Field(ge=0)] | None = None
    """The value to reach (a count, or a percentage 0-100 for ratios and coverage); none for
    an indicator that is only tracked."""
    deadline: IsoDate | None = None
    """When the target must be met."""
    baseline_date: IsoDate | None = None
    """The date the starting value is measured at."""
    unit: ShortText | None = None
    """What the value counts, e.g. 'dịch vụ công', '%'."""
    reported: list[Measurement] = Field(default_factory=new_list)
    """Values reported by sources, kept beside the value eaf computes from the model."""
    gate: bool = False
    """When true, `eaf check` (and `eaf build`) fail when the KPI is missed at the date of a
    plateau: its deadline has passed and the value does not reach the target."""


class CountKpi(_KpiBase):
    """The number of elements matched by a selector."""

    type: Literal["count"]
    """count: how many elements the selector matches."""
    select: Selector
    """What is counted."""


class RatioKpi(_KpiBase):
    """The percentage of a population that also matches a condition."""

    type: Literal["ratio"]
    """ratio: 100 x |population ∩ condition| / |population|."""
    population: Selector
    """The whole, e.g. 'kind:service,eligible_level>=3'."""
    condition: Selector
    """The part that counts, e.g. 'online_level>=3'."""


class CoverageKpi(_KpiBase):
    """The percentage of units reached by at least one element of a set."""

    type: Literal["coverage"]
    """coverage: units whose scopes include them / all selected units."""
    units: Selector
    """The units counted, e.g. 'kind:organization,level:commune'."""
    by: Selector
    """The elements whose deployment or offer must include each unit."""


class ReportedKpi(_KpiBase):
    """An indicator the model cannot compute (e.g. the province's total of online services,
    of which the model holds a sample): only its reported values are known."""

    type: Literal["reported"]
    """reported: the value comes from the sources' reported measurements."""


Kpi = Annotated[CountKpi | RatioKpi | CoverageKpi | ReportedKpi, Field(discriminator="type")]


class PlateauKind(StrEnum):
    """Kind of plateau."""

    BASELINE = "baseline"
    TRANSITION = "transition"
    TARGET = "target"


class Plateau(ElementSpec):
    """A state of the architecture at a date: the baseline, a roadmap phase or a target."""

    kind: Annotated[PlateauKind, LAX]
    """baseline, transition or target."""
    date: IsoDate
    """The date the architecture is taken at."""
    starts: IsoDate | None = None
    """For a roadmap phase, its first day."""


__all__ = ["Category", "Kpi", "KpiStatus", "Layer", "Plateau", "ReferenceModel", "Rule"]
