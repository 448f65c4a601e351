"""How complete the model's own data is: per kind and per owner, the share of expected fields
that are filled, with the missing items listed."""

from __future__ import annotations

from collections import defaultdict

from eaf.analysis.provenance import STATUSES, facts
from eaf.analysis.results import Completeness, CountPair, FactCounts, Missing
from eaf.model import Element, Model
from eaf.spec.introspect import has_field

#: Fields every element should state, and those that matter for some kinds only. Fields whose
#: absence is itself an answer are not expected: a service's `online_level` (left out when it
#: is not online) and an interconnection's `via` (a direct link has no route).
COMMON = ("description", "name_en", "source")
BY_KIND: dict[str, tuple[str, ...]] = {
    "system": ("owner", "security_level", "hosting", "lifecycle", "users", "layer"),
    "platform": ("owner", "security_level", "lifecycle", "layer"),
    "data": ("owner", "security_level", "layer"),
    "infrastructure": ("owner", "security_level"),
    "service": ("procedure_code", "eligible_level"),
    "interconnection": ("legal_basis", "data"),
    "organization": ("statistics_code",),
    "work_package": ("owner", "period"),
    "decision": ("number", "issued", "issued_by"),
}
#: Fields expected only of organisations at some levels: the statistics office codes
#: administrative units (province, district, commune), not agencies or national bodies.
AT_LEVELS: dict[str, frozenset[str]] = {
    "statistics_code": frozenset({"province", "district", "commune"}),
}
SKIPPED_KINDS = frozenset({"view", "framework", "layer", "category", "reference_model"})


def expected_fields(element: Element) -> list[str]:
    """The fields an element should state, in a fixed order."""
    return [
        f
        for f in (*COMMON, *BY_KIND.get(element.kind, ()))
        if has_field(type(element.spec), f)
        and (f not in AT_LEVELS or str(element.value("level") or "") in AT_LEVELS[f])
    ]


def completeness(model: Model) -> Completeness:
    """How complete `model` is; `model` is a snapshot (Model.at) or the model as written."""
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    statuses: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUSES, 0))
    owners: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missing: list[Missing] = []
    for element in model:
        if element.kind in SKIPPED_KINDS:
            continue
        for fact in facts(element, model.date):
            statuses[element.kind][fact.status] += 1
        wanted = expected_fields(element)
        lacking = [f for f in wanted if element.value(f) in (None, [], {}, "")]
        owner = str(element.value("owner") or "")
        for bucket in (kinds[element.kind], owners[owner]):
            bucket[0] += len(wanted) - len(lacking)
            bucket[1] += len(wanted)
        if lacking:
            missing.append(
                Missing(
                    id=element.id,
                    name=element.spec.name,
                    kind=element.kind,
                    owner=owner,
                    fields=lacking,
                )
            )
    filled = sum(f for f, _ in kinds.values())
    expected = sum(e for _, e in kinds.values())
    return Completeness(
        score=round(100.0 * filled / expected, 1) if expected else 100.0,
        by_kind={k: CountPair(filled=v[0], expected=v[1]) for k, v in sorted(kinds.items())},
        by_owner={k: CountPair(filled=v[0], expected=v[1]) for k, v in sorted(owners.items())},
        missing=missing,
        facts=_fact_counts(list(statuses.values())),
        facts_by_kind={k: _fact_counts([v]) for k, v in sorted(statuses.items())},
    )


def _fact_counts(groups: list[dict[str, int]]) -> FactCounts:
    total = {s: sum(g[s] for g in groups) for s in STATUSES}
    n = sum(total.values())
    share = round(100.0 * total["confirmed"] / n, 1) if n else 100.0
    return FactCounts(**total, confirmed_share=share)
