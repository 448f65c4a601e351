"""The gap analysis as text, Markdown, JSON and CSV (`eaf gaps --format`, build/gaps)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from eaf.analysis.analyse import Analysis
from eaf.analysis.conformance import Violation, explain
from eaf.analysis.provenance import STATUSES
from eaf.analysis.results import FactCounts, GapItem, KpiResult
from eaf.analysis.values import changed_values
from eaf.diagnostics import Diagnostic
from eaf.i18n import (
    CATALOGUE,
    field_label,
    gap_label,
    kind_label,
    kpi_status_label,
    layer_label,
    tr,
    value_label,
)
from eaf.markup import csv_cell, md_text


def _changes(item: GapItem, lang: str, *, whole: bool = False) -> str:
    """`field: before → after; …`, each field by its label, the values as written in YAML
    ('—' where there is none) or, from a closed set, by their labels; a long list by the items
    it loses and gains, `field: − [a] → + [b, c]`, as `eaf diff` shows it; for a removed
    element, who takes over: `→ Thủ Dầu Một (một phần), Phú Lợi (một phần)`. Lists are never
    cut, other long values only where not `whole` (the CSV)."""
    if item.successors:
        return "→ " + ", ".join(
            f"{s.name} ({value_label(lang, 'share', s.share)})" for s in item.successors
        )
    shown = []
    for c in item.changes:
        before, after = _label(lang, c.field, c.before), _label(lang, c.field, c.after)
        if before is None and after is None:
            lists = isinstance(c.before, list) or isinstance(c.after, list)
            before, after = changed_values(c.before, c.after, cut=not (whole or lists))
        shown.append(f"{field_label(lang, c.field)}: {before or '—'} → {after or '—'}")
    return "; ".join(shown)


def _label(lang: str, field: str, value: object) -> str | None:
    """A value of a closed set by its label (a severity, a level, a status); None for any
    other value (ids, numbers, text: data, shown as written)."""
    if isinstance(value, bool):
        return tr(lang, "word.yes" if value else "word.no")
    if isinstance(value, str) and f"value.{field}.{value}" in CATALOGUE:
        return value_label(lang, field, value)
    return None


def _layer(lang: str, layer: str) -> str:
    """A layer by its label when it is one of the framework's; a model's own, by its id."""
    return layer_label(lang, layer) if f"layer.{layer}" in CATALOGUE else layer


def _level(lang: str, level: str) -> str:
    return _label(lang, "level", level) or level


def _none(a: Analysis, item: GapItem, flag: str) -> str:
    """What stands for no work package: a flag where one is missing, a dash where none is
    expected (the framework changes by decision, not by the province's work packages)."""
    return flag if item.id in a.gaps.uncovered else "—"


def to_json(a: Analysis) -> str:
    document = a.document().model_dump(mode="json", by_alias=True)
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


GAP_STATUSES = ("added", "removed", "changed", "kept")


def _counts(a: Analysis, lang: str) -> str:
    return ", ".join(f"{a.gaps.count(s)} {gap_label(lang, s)}" for s in GAP_STATUSES)


def _status(k: KpiResult, lang: str) -> str:
    return "—" if k.status is None else kpi_status_label(lang, k.status)


def to_markdown(a: Analysis, lang: str = "vi") -> str:
    out = [f"# {tr(lang, 'gaps.title')}", ""]
    out.append(tr(lang, "gaps.md.period", **a.span()))
    if used := _frameworks(a, lang):
        out += ["", used]
    out += ["", f"## {tr(lang, 'gaps.gaps')}", ""]
    out += [_counts(a, lang), ""]
    out += _header(
        lang,
        "col.layer",
        "col.kind",
        "col.id",
        "col.name",
        "col.status",
        "col.detail",
        "gaps.col.wp",
    )
    for i in a.gaps.items:
        if i.status == "kept":
            continue
        detail = _changes(i, lang)
        out.append(
            f"| {_layer(lang, i.layer)} | {kind_label(lang, i.kind)} | `{i.id}` | "
            f"{md_text(i.name)} | {gap_label(lang, i.status)} | "
            f"{md_text(detail)} | {', '.join(i.work_packages) or _none(a, i, '**—**')} |"
        )
    for title, ids in _flagged(a, lang):
        out += ["", f"**{title}:** " + (", ".join(f"`{i}`" for i in ids) if ids else "—")]
    out += ["", f"## {tr(lang, 'report.kpis')}", ""]
    out += _header(
        lang,
        *("col.id", "col.name", "col.value", "col.target", "col.deadline", "col.status"),
        "gaps.col.reported",
    )
    for k in a.kpis:
        reported = f"{k.reported:g} ({k.reported_date})" if k.reported is not None else "—"
        value = _pct(k.current) + (f" ({k.numerator}/{k.denominator})" if k.denominator else "")
        out.append(
            f"| `{k.id}` | {md_text(k.name)} | {value} | {_pct(k.target)} | {k.deadline or '—'} | "
            f"{_status(k, lang)} | {reported} |"
        )
    out += ["", f"## {tr(lang, 'coverage.title')}", ""]
    if a.coverage.criteria:
        head = " | ".join(f"`{c.id}`" for c in a.coverage.criteria)
        out += [f"| {tr(lang, 'col.unit')} | {head} |", "|---|" + "---|" * len(a.coverage.criteria)]
        for unit in a.coverage.units:
            cells = []
            for crit in a.coverage.criteria:
                cell = unit.cells[crit.id]
                cells.append("" if cell is None else ("✔" if cell else "✘"))
            out.append(f"| {md_text(unit.name)} | {' | '.join(cells)} |")
        totals = " | ".join(f"{x.covered}/{x.total}" for x in a.coverage.criteria)
        out.append(f"| **{tr(lang, 'col.total')}** | {totals} |")
    out += ["", f"## {tr(lang, 'conformance.title')}", ""]
    if not a.conformance:
        out.append(tr(lang, "conformance.none"))
    for d, v in sorted(zip(a.conformance, a.violations, strict=True), key=_by_location):
        severity = value_label(lang, "severity", str(d.severity))
        basis = tr(lang, "conformance.legal_basis", basis=md_text(v.legal_basis))
        out.append(f"- {severity} `{d.code}` {md_text(explain(lang, v))} ({d.location}) — {basis}")
    done = a.completeness
    out += [
        "",
        f"## {tr(lang, 'completeness.title')}",
        "",
        f"{tr(lang, 'gaps.score')}: {done.score:g}%",
        "",
        facts_sentence(done.facts, lang),
        "",
        f"| {tr(lang, 'col.kind')} | % | {tr(lang, 'col.confirmed')} |",
        "|---|---|---|",
    ]
    for kind, pair in done.by_kind.items():
        share = f"{100 * pair.filled / pair.expected:.0f}% ({pair.filled}/{pair.expected})"
        sure = done.facts_by_kind.get(kind, FactCounts())
        confirmed = f"{sure.confirmed_share:g}% ({sure.confirmed}/{_total(sure)})"
        out.append(f"| {kind_label(lang, kind)} | {share} | {confirmed} |")
    return "\n".join(out) + "\n"


def _by_location(pair: tuple[Diagnostic, Violation]) -> tuple[str, int, int, str, str, str]:
    return pair[0].sort_key()


def _flagged(a: Analysis, lang: str) -> tuple[tuple[str, list[str]], ...]:
    """Gaps no work package delivers, and work packages that deliver no gap."""
    return (
        (tr(lang, "gaps.uncovered"), a.gaps.uncovered),
        (tr(lang, "gaps.idle"), a.gaps.idle_work_packages),
    )


def _header(lang: str, *keys: str) -> list[str]:
    return ["| " + " | ".join(tr(lang, k) for k in keys) + " |", "|" + "---|" * len(keys)]


def _frameworks(a: Analysis, lang: str) -> str:
    """Which framework versions each plateau is checked against; '' when the model has none."""
    first, last = (", ".join(name for _, name in fs) or "—" for fs in a.frameworks)
    if first == last == "—":
        return ""
    if first == last:
        return tr(lang, "gaps.frameworks.same", f=first)
    return tr(lang, "gaps.frameworks", f=first, to=last)


def to_text(a: Analysis, lang: str = "vi") -> str:
    out = [f"{tr(lang, 'gaps.title')}: {tr(lang, 'gaps.text.period', **a.span())}"]
    if used := _frameworks(a, lang):
        out.append(used)
    out.append("")
    out.append(f"{tr(lang, 'gaps.gaps')}: {_counts(a, lang)}")
    for i in a.gaps.items:
        if i.status == "kept":
            continue
        detail = _changes(i, lang)
        wps = ", ".join(i.work_packages) or _none(a, i, "(!)")
        kind = kind_label(lang, i.kind)
        out.append(f"  {gap_label(lang, i.status):<10} {kind:<15} {i.id:<45} {detail}  [{wps}]")
    for title, ids in _flagged(a, lang):
        out.append(f"{title}: {', '.join(ids) or '—'}")
    out += ["", f"{tr(lang, 'report.kpis')}:"]
    for k in a.kpis:
        out.append(
            f"  {_status(k, lang):<14} {k.id:<40} {_pct(k.current):>6} / {_pct(k.target):<6} "
            f"{k.deadline or ''}"
        )
    out += ["", f"{tr(lang, 'coverage.title')}:"]
    for crit in a.coverage.criteria:
        out.append(f"  {crit.id:<40} {crit.covered}/{crit.total}")
    out += ["", f"{tr(lang, 'conformance.title')}: {len(a.conformance)}"]
    for d in sorted(a.conformance, key=lambda d: d.sort_key()):
        out.append(f"  {d.location}: {d.severity}[{d.code}] {d.message}")
    out += ["", f"{tr(lang, 'completeness.title')}: {a.completeness.score:g}%"]
    out.append(facts_sentence(a.completeness.facts, lang))
    return "\n".join(out) + "\n"


def fact_status_label(lang: str, status: str) -> str:
    """A source status ('assumed' → 'giả định'), or 'unsourced' when nothing says."""
    if status == "unsourced":
        return tr(lang, "completeness.unsourced")
    return value_label(lang, "status", status)


def _total(c: FactCounts) -> int:
    return sum(getattr(c, s) for s in STATUSES)


def facts_sentence(c: FactCounts, lang: str) -> str:
    """'Sources of 1740 facts: 58.6% confirmed (1020 confirmed, 44 derived, …).'"""
    detail = ", ".join(
        f"{getattr(c, s)} {fact_status_label(lang, s)}" for s in STATUSES if getattr(c, s)
    )
    return tr(
        lang, "completeness.facts", n=_total(c), share=f"{c.confirmed_share:g}", detail=detail
    )


# --- CSV ----------------------------------------------------------------------------------------


#: The CSV's tables, by the word its first column says.
_TABLES = {
    "gaps": "gaps.csv.gaps",
    "kpis": "gaps.csv.kpis",
    "coverage": "gaps.csv.coverage",
    "conformance": "gaps.csv.conformance",
    "completeness": "gaps.csv.completeness",
}


def to_csv(a: Analysis, lang: str = "vi") -> str:
    """One sheet of every table; ids, names and numbers as they are, the words (tables,
    kinds, layers, levels, statuses, fields) in the report's language."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = ["col.table", "col.id", "col.name", "col.kind", "col.layer", "col.value"]
    columns += ["col.target", "col.status", "col.detail"]
    writer.writerow([tr(lang, c) for c in columns])
    table = {key: tr(lang, message) for key, message in _TABLES.items()}
    rows: list[list[object]] = []
    for i in a.gaps.items:
        detail = _changes(i, lang, whole=True)
        rows.append(
            [
                table["gaps"],
                i.id,
                i.name,
                kind_label(lang, i.kind),
                _layer(lang, i.layer) if i.layer else "",
                "",
                "",
                gap_label(lang, i.status),
                detail + (f" [{', '.join(i.work_packages)}]" if i.work_packages else ""),
            ]
        )
    for k in a.kpis:
        rows.append(
            [
                table["kpis"],
                k.id,
                k.name,
                value_label(lang, "type", k.type),
                "",
                k.current,
                k.target,
                _status(k, lang) if k.status else "",
                k.deadline or "",
            ]
        )
    for unit in a.coverage.units:
        for c in a.coverage.criteria:
            value = unit.cells[c.id]
            if value is not None:
                level = _level(lang, unit.level)
                row = [unit.id, unit.name, level, unit.parent, int(value), 1, c.id, ""]
                rows.append([table["coverage"], *row])
    for d, v in sorted(zip(a.conformance, a.violations, strict=True), key=_by_location):
        severity = value_label(lang, "severity", str(d.severity))
        finding = explain(lang, v)
        rows.append([table["conformance"], d.code, finding, severity, "", "", "", "", d.location])
    for m in a.completeness.missing:
        missing = ", ".join(field_label(lang, f) for f in m.fields)
        kind = kind_label(lang, m.kind)
        rows.append([table["completeness"], m.id, m.name, kind, "", "", "", "", missing])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return "\ufeff" + buffer.getvalue()


GAP_FORMATS: dict[str, Callable[[Analysis, str], str]] = {
    "csv": to_csv,
    "json": lambda a, lang: to_json(a),
    "md": to_markdown,
    "text": to_text,
}
"""The gap report's formats by name (`eaf gaps --format`)."""
