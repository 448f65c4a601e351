"""The framework's rules evaluated over the architecture at a date. Each violation is a
diagnostic located at the element in the YAML, naming the rule and its legal basis."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from eaf import codes
from eaf.analysis.kpis import covered_units
from eaf.analysis.snapshot import Snapshot
from eaf.diagnostics import Diagnostic, Severity
from eaf.i18n import tr
from eaf.model import Element, Model

#: Why an element breaks a rule, by the rule's type (a link rule with or without 'via').
Reason = Literal["field", "link", "link-via", "route", "coverage"]


def why(lang: str, reason: str, values: Mapping[str, str]) -> str:
    """Why an element breaks a rule, in words (eaf/i18n.toml, conformance.why.*): the
    selectors the reason names quoted, a route's ends (element ids) as they are. In English,
    it is the diagnostic's own text; the site says it with links instead."""
    ends = ("source", "target") if reason == "route" else ()
    shown = {k: v if k in ends else f"'{v}'" for k, v in values.items()}
    return tr(lang, f"conformance.why.{reason}", **shown)


def explain(lang: str, violation: Violation) -> str:
    """The whole finding in words, for reports in a language: the element, the rule (with
    its name) and why. In English, the diagnostic's message."""
    return tr(
        lang,
        "conformance.finding",
        element=f"'{violation.element}'",
        rule=f"'{violation.rule}' ({violation.rule_name})",
        why=why(lang, violation.reason, dict(violation.values)),
    )


@dataclass(frozen=True, slots=True)
class Violation:
    """An element that breaks a rule: what identifies a finding wherever its lines move."""

    rule: str
    element: str
    why: str
    severity: Severity
    reason: Reason
    values: tuple[tuple[str, str], ...]
    """The selectors (and, for a route, the exchange's ends) the reason names."""
    rule_name: str = ""
    """The rule's name on the date it is checked."""
    legal_basis: str = ""
    """The rule's legal basis on that date."""


def diagnostic(model: Model, violation: Violation) -> Diagnostic:
    """The violation as a diagnostic located at the element in the YAML."""
    rule = model.elements[violation.rule]
    location, pointer = model.locate(violation.element)
    return codes.RULE_VIOLATED(
        explain("en", violation),
        location,
        pointer=pointer,
        hint=tr("en", "conformance.legal_basis", basis=violation.legal_basis),
        severity=violation.severity,
        related=tuple(loc for loc in [model.locate(rule.id)[0]] if loc is not None),
    )


def _violation(rule: Element, element_id: str, reason: Reason, **values: str) -> Violation:
    spec: Any = rule.spec
    severity = Severity.ERROR if str(spec.severity) == "error" else Severity.WARNING
    text = why("en", reason, values)  # the diagnostic's message is English, as every code's
    pairs = tuple(sorted(values.items()))
    return Violation(
        rule.id, element_id, text, severity, reason, pairs, rule.spec.name, spec.legal_basis
    )


def _linked(snap: Snapshot, a: str, targets: frozenset[str], via: frozenset[str] | None) -> bool:
    """Whether an interconnection joins ``a`` and a target, in either direction (and, when
    ``via`` is given, through one of those platforms)."""
    graph = snap.graph
    outgoing = ((t, d) for _, t, d in graph.out_edges(a, data=True))
    incoming = ((s, d) for s, _, d in graph.in_edges(a, data=True))
    for other, data in (*outgoing, *incoming):
        if data.get("type") != "interconnection" or other not in targets:
            continue
        if via is None or via & set(data.get("via") or ()):
            return True
    return False


def check_rules(snap: Snapshot) -> list[Diagnostic]:
    return [diagnostic(snap.model, v) for v in violations(snap)]


def violations(snap: Snapshot) -> list[Violation]:
    """Every violation of the rules in force on the snapshot's date (a rule's own lifecycle
    and dated changes, e.g. of its severity, are applied like any element's)."""
    out: list[Violation] = []
    for rule in snap.model.of_kind("rule"):
        spec: Any = rule.spec
        applies = snap.select(spec.applies_to)
        if spec.type == "field":
            ok = snap.select(spec.require)
            for element_id in sorted(applies - ok):
                out.append(_violation(rule, element_id, "field", require=spec.require))
        elif spec.type == "link":
            targets = snap.select(spec.target)
            via = snap.select(spec.via) if spec.via else None
            for element_id in sorted(applies):
                if _linked(snap, element_id, targets, via):
                    continue
                if spec.via:
                    out.append(
                        _violation(rule, element_id, "link-via", target=spec.target, via=spec.via)
                    )
                else:
                    out.append(_violation(rule, element_id, "link", target=spec.target))
        elif spec.type == "route":
            targets = snap.select(spec.target)
            via = snap.select(spec.via)
            for source, target, key, data in sorted(snap.graph.edges(keys=True, data=True)):
                if data.get("type") != "interconnection":
                    continue
                pair = {source, target}
                if not (pair & applies and pair & targets) or pair <= applies & targets:
                    continue
                if not via & set(data.get("via") or ()):
                    out.append(
                        _violation(rule, key, "route", source=source, target=target, via=spec.via)
                    )
        elif spec.type == "coverage":
            covered = covered_units(snap, applies, snap.select(spec.target))
            for element_id in sorted(applies - covered):
                out.append(_violation(rule, element_id, "coverage", target=spec.target))
    return out
