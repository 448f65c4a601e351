"""The gap analysis as text, Markdown, JSON and CSV (`eaf gaps --format`, build/gaps)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from eaf.analysis.analyse import Analysis

L = {
    "vi": {
        "title": "Phân tích khoảng cách kiến trúc",
        "gaps": "Khoảng cách giữa hai mốc",
        "added": "thêm mới",
        "removed": "loại bỏ",
        "changed": "thay đổi",
        "kept": "giữ nguyên",
        "kpis": "Chỉ tiêu (KPI)",
        "coverage": "Mức độ bao phủ theo đơn vị",
        "conformance": "Tuân thủ Khung kiến trúc",
        "completeness": "Độ đầy đủ của dữ liệu mô hình",
        "met": "đạt",
        "on-track": "đúng tiến độ",
        "at-risk": "có nguy cơ",
        "missed": "không đạt",
        "none": "—",
        "uncovered": "Khoảng cách chưa có nhiệm vụ thực hiện",
        "idle": "Nhiệm vụ không tạo ra thay đổi",
        "wp": "nhiệm vụ",
        "unit": "Đơn vị",
        "total": "Tổng",
        "score": "Điểm",
        "missing": "Còn thiếu",
        "no_findings": "Không có vi phạm.",
        "from": "từ",
        "to": "đến",
        "at": "tính tại ngày",
        "reported": "số liệu báo cáo",
        "id": "Mã",
        "name": "Tên",
        "kind": "Loại",
        "layer": "Lớp",
        "status": "Trạng thái",
        "value": "Giá trị",
        "target": "Mục tiêu",
        "deadline": "Hạn",
        "detail": "Chi tiết",
        "table": "Bảng",
    },
    "en": {
        "title": "Architecture gap analysis",
        "gaps": "Gaps between two plateaus",
        "added": "added",
        "removed": "removed",
        "changed": "changed",
        "kept": "kept",
        "kpis": "KPIs",
        "coverage": "Coverage per unit",
        "conformance": "Conformance to the framework",
        "completeness": "Completeness of the model's data",
        "met": "met",
        "on-track": "on track",
        "at-risk": "at risk",
        "missed": "missed",
        "none": "—",
        "uncovered": "Gaps no work package delivers",
        "idle": "Work packages that deliver no change",
        "wp": "work packages",
        "unit": "Unit",
        "total": "Total",
        "score": "Score",
        "missing": "Missing",
        "no_findings": "No violations.",
        "from": "from",
        "to": "to",
        "at": "computed at",
        "reported": "reported",
        "id": "Id",
        "name": "Name",
        "kind": "Kind",
        "layer": "Layer",
        "status": "Status",
        "value": "Value",
        "target": "Target",
        "deadline": "Deadline",
        "detail": "Detail",
        "table": "Table",
    },
}


def to_json(a: Analysis) -> str:
    document = a.document().model_dump(mode="json", by_alias=True)
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def to_markdown(a: Analysis, lang: str = "vi") -> str:
    t = L[lang]
    out = [f"# {t['title']}", ""]
    out.append(
        f"{t['from']} **{a.from_plateau[0]}** ({a.from_plateau[1]}) {t['to']} "
        f"**{a.to_plateau[0]}** ({a.to_plateau[1]}); {t['at']} {a.at}."
    )
    out += ["", f"## {t['gaps']}", ""]
    counts = ", ".join(f"{a.gaps.count(s)} {t[s]}" for s in ("added", "removed", "changed", "kept"))
    out += [counts, ""]
    out += _header(t, "layer", "kind", "id", "name", "status", "detail", "wp")
    for i in a.gaps.items:
        if i.status == "kept":
            continue
        detail = "; ".join(f"{c.field}: {c.before} → {c.after}" for c in i.changes)
        out.append(
            f"| {i.layer} | {i.kind} | `{i.id}` | {_cell(i.name)} | {t[i.status]} | "
            f"{_cell(detail)} | {', '.join(i.work_packages) or '**—**'} |"
        )
    for title, ids in ((t["uncovered"], a.gaps.uncovered), (t["idle"], a.gaps.idle_work_packages)):
        out += ["", f"**{title}:** " + (", ".join(f"`{i}`" for i in ids) if ids else "—")]
    out += [
        "",
        f"## {t['kpis']}",
        "",
        *_header(t, "id", "name", "value", "target", "deadline", "status", "reported"),
    ]
    for k in a.kpis:
        reported = f"{k.reported:g} ({k.reported_date})" if k.reported is not None else "—"
        value = _pct(k.value) + (f" ({k.numerator}/{k.denominator})" if k.denominator else "")
        out.append(
            f"| `{k.id}` | {_cell(k.name)} | {value} | {_pct(k.target)} | {k.deadline or '—'} | "
            f"{t.get(k.status or 'none', k.status or '—')} | {reported} |"
        )
    out += ["", f"## {t['coverage']}", ""]
    if a.coverage.criteria:
        head = " | ".join(f"`{c.id}`" for c in a.coverage.criteria)
        out += [f"| {t['unit']} | {head} |", "|---|" + "---|" * len(a.coverage.criteria)]
        for unit in a.coverage.units:
            cells = []
            for crit in a.coverage.criteria:
                cell = unit.cells[crit.id]
                cells.append("" if cell is None else ("✔" if cell else "✘"))
            out.append(f"| {_cell(unit.name)} | {' | '.join(cells)} |")
        totals = " | ".join(f"{x.covered}/{x.total}" for x in a.coverage.criteria)
        out.append(f"| **{t['total']}** | {totals} |")
    out += ["", f"## {t['conformance']}", ""]
    if not a.conformance:
        out.append(t["no_findings"])
    for d in sorted(a.conformance, key=lambda d: d.sort_key()):
        out.append(f"- {d.severity} `{d.code}` {_cell(d.message)} ({d.location}) — {d.hint}")
    done = a.completeness
    out += [
        "",
        f"## {t['completeness']}",
        "",
        f"{t['score']}: {done.score:g}%",
        "",
        f"| {t['kind']} | % |",
        "|---|---|",
    ]
    for kind, pair in done.by_kind.items():
        out.append(
            f"| {kind} | {100 * pair.filled / pair.expected:.0f}% ({pair.filled}/{pair.expected}) |"
        )
    return "\n".join(out) + "\n"


def _header(t: dict[str, str], *keys: str) -> list[str]:
    return ["| " + " | ".join(t[k] for k in keys) + " |", "|" + "---|" * len(keys)]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_text(a: Analysis, lang: str = "vi") -> str:
    t = L[lang]
    out = [
        f"{t['title']}: {a.from_plateau[0]} ({a.from_plateau[1]}) → {a.to_plateau[0]} "
        f"({a.to_plateau[1]}), {t['at']} {a.at}",
        "",
    ]
    out.append(
        f"{t['gaps']}: "
        + ", ".join(f"{a.gaps.count(s)} {t[s]}" for s in ("added", "removed", "changed", "kept"))
    )
    for i in a.gaps.items:
        if i.status == "kept":
            continue
        detail = "; ".join(f"{c.field}: {c.before} → {c.after}" for c in i.changes)
        wps = ", ".join(i.work_packages) or "(!)"
        out.append(f"  {t[i.status]:<10} {i.kind:<15} {i.id:<45} {detail}  [{wps}]")
    for title, ids in ((t["uncovered"], a.gaps.uncovered), (t["idle"], a.gaps.idle_work_packages)):
        out.append(f"{title}: {', '.join(ids) or '—'}")
    out += ["", f"{t['kpis']}:"]
    for k in a.kpis:
        status = t.get(k.status or "none", "—")
        out.append(
            f"  {status:<14} {k.id:<40} {_pct(k.value):>6} / {_pct(k.target):<6} {k.deadline or ''}"
        )
    out += ["", f"{t['coverage']}:"]
    for crit in a.coverage.criteria:
        out.append(f"  {crit.id:<40} {crit.covered}/{crit.total}")
    out += ["", f"{t['conformance']}: {len(a.conformance)}"]
    for d in sorted(a.conformance, key=lambda d: d.sort_key()):
        out.append(f"  {d.location}: {d.severity}[{d.code}] {d.message}")
    out += ["", f"{t['completeness']}: {a.completeness.score:g}%"]
    return "\n".join(out) + "\n"


# --- CSV ----------------------------------------------------------------------------------------


def _safe(value: object) -> str:
    """Cells a spreadsheet would read as a formula are kept as text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(a: Analysis, lang: str = "vi") -> str:
    t = L[lang]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            t[k]
            for k in ("table", "id", "name", "kind", "layer", "value", "target", "status", "detail")
        ]
    )
    rows: list[list[object]] = []
    for i in a.gaps.items:
        detail = "; ".join(f"{c.field}: {c.before} → {c.after}" for c in i.changes)
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
            ["kpis", k.id, k.name, k.type, "", k.value, k.target, k.status or "", k.deadline or ""]
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
