"""The gap analysis as text, Markdown, JSON and CSV (`eaf gaps --format`, build/gaps)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from eaf.analysis.analyse import Analysis
from eaf.analysis.results import GapItem, KpiResult
from eaf.analysis.values import changed_values
from eaf.i18n import gap_label, kpi_status_label, tr, value_label


def _changes(item: GapItem, lang: str, *, whole: bool = False) -> str:
    """`field: before → after; …`, the values as written in YAML ('—' where there is none);
    a long list by the items it loses and gains, `field: − [a] → + [b, c]`, as `eaf diff`
    shows it; for a removed element, who takes over: `→ Thủ Dầu Một (một phần), Phú Lợi
    (một phần)`. Lists are never cut, other long values only where not `whole` (the CSV)."""
    if item.successors:
        return "→ " + ", ".join(
            f"{s.name} ({value_label(lang, 'share', s.share)})" for s in item.successors
        )
    shown = []
    for c in item.changes:
        lists = isinstance(c.before, list) or isinstance(c.after, list)
        before, after = changed_values(c.before, c.after, cut=not (whole or lists))
        shown.append(f"{c.field}: {before or '—'} → {after or '—'}")
    return "; ".join(shown)


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
            f"| {i.layer} | {i.kind} | `{i.id}` | {_cell(i.name)} | {gap_label(lang, i.status)} | "
            f"{_cell(detail)} | {', '.join(i.work_packages) or _none(a, i, '**—**')} |"
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
            f"| `{k.id}` | {_cell(k.name)} | {value} | {_pct(k.target)} | {k.deadline or '—'} | "
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
            out.append(f"| {_cell(unit.name)} | {' | '.join(cells)} |")
        totals = " | ".join(f"{x.covered}/{x.total}" for x in a.coverage.criteria)
        out.append(f"| **{tr(lang, 'col.total')}** | {totals} |")
    out += ["", f"## {tr(lang, 'conformance.title')}", ""]
    if not a.conformance:
        out.append(tr(lang, "conformance.none"))
    for d in sorted(a.conformance, key=lambda d: d.sort_key()):
        out.append(f"- {d.severity} `{d.code}` {_cell(d.message)} ({d.location}) — {d.hint}")
    done = a.completeness
    out += [
        "",
        f"## {tr(lang, 'completeness.title')}",
        "",
        f"{tr(lang, 'gaps.score')}: {done.score:g}%",
        "",
        f"| {tr(lang, 'col.kind')} | % |",
        "|---|---|",
    ]
    for kind, pair in done.by_kind.items():
        out.append(
            f"| {kind} | {100 * pair.filled / pair.expected:.0f}% ({pair.filled}/{pair.expected}) |"
        )
    return "\n".join(out) + "\n"


def _flagged(a: Analysis, lang: str) -> tuple[tuple[str, list[str]], ...]:
    """Gaps no work package delivers, and work packages that deliver no gap."""
    return (
        (tr(lang, "gaps.uncovered"), a.gaps.uncovered),
        (tr(lang, "gaps.idle"), a.gaps.idle_work_packages),
    )


def _header(lang: str, *keys: str) -> list[str]:
    return ["| " + " | ".join(tr(lang, k) for k in keys) + " |", "|" + "---|" * len(keys)]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


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
        out.append(f"  {gap_label(lang, i.status):<10} {i.kind:<15} {i.id:<45} {detail}  [{wps}]")
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
    return "\n".join(out) + "\n"


# --- CSV ----------------------------------------------------------------------------------------


def _safe(value: object) -> str:
    """Cells a spreadsheet would read as a formula are kept as text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(a: Analysis, lang: str = "vi") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = ["col.table", "col.id", "col.name", "col.kind", "col.layer", "col.value"]
    columns += ["col.target", "col.status", "col.detail"]
    writer.writerow([tr(lang, c) for c in columns])
    rows: list[list[object]] = []
    for i in a.gaps.items:
        detail = _changes(i, lang, whole=True)
        rows.append(
            [
                "gaps",
                i.id,
                i.name,
                i.kind,
                i.layer,
                "",
                "",
                i.status,
                detail + (f" [{', '.join(i.work_packages)}]" if i.work_packages else ""),
            ]
        )
    for k in a.kpis:
        rows.append(
            [
                "kpis",
                k.id,
                k.name,
                k.type,
                "",
                k.current,
                k.target,
                k.status or "",
                k.deadline or "",
            ]
        )
    for unit in a.coverage.units:
        for c in a.coverage.criteria:
            value = unit.cells[c.id]
            if value is not None:
                row = [unit.id, unit.name, unit.level, unit.parent, int(value), 1, c.id, ""]
                rows.append(["coverage", *row])
    for d in sorted(a.conformance, key=lambda d: d.sort_key()):
        rows.append(
            ["conformance", d.code, d.message, str(d.severity), "", "", "", "", str(d.location)]
        )
    for m in a.completeness.missing:
        rows.append(["completeness", m.id, m.name, m.kind, "", "", "", "", ", ".join(m.fields)])
    for row in rows:
        writer.writerow([_safe(v) for v in row])
    return "\ufeff" + buffer.getvalue()


GAP_FORMATS: dict[str, Callable[[Analysis, str], str]] = {
    "csv": to_csv,
    "json": lambda a, lang: to_json(a),
    "md": to_markdown,
    "text": to_text,
}
"""The gap report's formats by name (`eaf gaps --format`)."""
