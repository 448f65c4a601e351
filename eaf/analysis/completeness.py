"""How complete the model's own data is: per kind and per owner, the share of expected fields
that are filled, with the missing items listed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from eaf.model import Model

#: Fields every element should state, and those that matter for some kinds only.
COMMON = ("description", "name_en", "source")
BY_KIND: dict[str, tuple[str, ...]] = {
    "system": ("owner", "security_level", "hosting", "lifecycle", "users", "layer"),
    "platform": ("owner", "security_level", "lifecycle", "layer"),
    "data": ("owner", "security_level", "layer"),
    "infrastructure": ("owner", "security_level"),
    "service": ("procedure_code", "online_level", "eligible_level"),
    "interconnection": ("legal_basis", "data", "via"),
    "organization": ("statistics_code",),
    "work_package": ("owner", "period"),
}
SKIPPED_KINDS = frozenset({"view", "layer", "category", "reference_model"})


@dataclass(frozen=True, slots=True)
class Missing:
    id: str
    name: str
    kind: str
    owner: str
    fields: tuple[str, ...]


@dataclass(slots=True)
class Completeness:
    by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)
    """kind → (filled, expected)."""
    by_owner: dict[str, tuple[int, int]] = field(default_factory=dict)
    missing: list[Missing] = field(default_factory=list)

    @property
    def score(self) -> float:
        filled = sum(f for f, _ in self.by_kind.values())
        expected = sum(e for _, e in self.by_kind.values())
        return round(100.0 * filled / expected, 1) if expected else 100.0


def completeness(model: Model) -> Completeness:
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    owners: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    report = Completeness()
    for element in model:
        if element.kind in SKIPPED_KINDS:
            continue
        values = element.spec.__dict__
        wanted = [
            f
            for f in (*COMMON, *BY_KIND.get(element.kind, ()))
            if f in type(element.spec).model_fields
        ]
        lacking = tuple(f for f in wanted if values.get(f) in (None, [], {}, ""))
        owner = str(values.get("owner") or "")
        for bucket in (kinds[element.kind], owners[owner]):
            bucket[0] += len(wanted) - len(lacking)
            bucket[1] += len(wanted)
        if lacking:
            report.missing.append(
                Missing(element.id, element.spec.name, element.kind, owner, lacking)
            )
    report.by_kind = {k: (v[0], v[1]) for k, v in sorted(kinds.items())}
    report.by_owner = {k: (v[0], v[1]) for k, v in sorted(owners.items())}
    return report
