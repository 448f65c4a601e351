"""The gap analysis as one document, and its text, Markdown, JSON and CSV forms."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from eaf import codes
from eaf.analysis.completeness import Completeness, completeness
from eaf.analysis.conformance import Violation, diagnostic, violations
from eaf.analysis.coverage import CoverageMatrix, coverage_matrix
from eaf.analysis.gaps import GapReport, plateau_gaps
from eaf.analysis.kpis import KpiResult, compute_kpis
from eaf.analysis.snapshot import snapshot
from eaf.diagnostics import Diagnostic, Severity
from eaf.model import Model
from eaf.report.json_ import diagnostic_json

GAPS_VERSION = 1
GAPS_SCHEMA_ID = "urn:eaf:schema:gaps:v1"

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


@dataclass(slots=True)
class Analysis:
    from_plateau: tuple[str, str]
    to_plateau: tuple[str, str]
    at: str
    gaps: GapReport
    kpis: list[KpiResult]
    coverage: CoverageMatrix
    conformance: list[Diagnostic]
    completeness: Completeness
    findings: list[Diagnostic]
    """Everything --fail-on looks at: rule violations, missed KPIs, uncovered gaps."""
    violations: list[Violation] = field(default_factory=list)
    """The rule violations behind `conformance`, by rule and element."""


def plateaus(model: Model) -> list[tuple[str, str, str]]:
    """(id, date, kind) of every plateau, by date."""
    return sorted(
        (
            (e.id, str(e.spec.__dict__["date"]), str(e.spec.__dict__["kind"]))
            for e in model.of_kind("plateau")
        ),
        key=lambda p: (p[1], p[0]),
    )


def default_plateaus(
    model: Model,
) -> tuple[tuple[str, str], tuple[str, str], str | None] | None:
    """(first, last, baseline date): the baseline plateau (or the earliest) and the latest."""
    known = plateaus(model)
    if not known:
        return None
    baselines = [p for p in known if p[2] == "baseline"]
    first = (baselines or known)[0]
    last = known[-1]
    return (first[0], first[1]), (last[0], last[1]), baselines[0][1] if baselines else None


def analyse(
    model: Model,
    graph: nx.MultiDiGraph,
    *,
    from_plateau: tuple[str, str],
    to_plateau: tuple[str, str],
    at: str,
    baseline: str | None,
) -> Analysis:
    gaps = plateau_gaps(model, from_plateau[1], to_plateau[1])
    kpis = compute_kpis(model, graph, at, baseline)
    snap = snapshot(model, graph, at)
    broken = violations(model, snap)
    conformance = [diagnostic(model, v) for v in broken]
    findings = list(conformance)
    for kpi in kpis:
        if kpi.status == "missed":
            findings.append(
                finding(
                    codes.KPI_MISSED,
                    f"KPI '{kpi.id}' is {kpi.value} against a target of {kpi.target} "
                    f"due {kpi.deadline}",
                    model,
                    kpi.id,
                )
            )
    for item in gaps.items:
        if item.id in gaps.uncovered:
            findings.append(
                finding(
                    codes.GAP_UNCOVERED,
                    f"'{item.id}' is {item.status} between {from_plateau[0]} and "
                    f"{to_plateau[0]}, but no work package delivers it",
                    model,
                    item.id,
                )
            )
    for wp in gaps.idle_work_packages:
        findings.append(
            finding(
                codes.WORK_PACKAGE_IDLE,
                f"work package '{wp}' delivers nothing that changes between "
                f"{from_plateau[0]} and {to_plateau[0]}",
                model,
                wp,
            )
        )
    return Analysis(
        from_plateau,
        to_plateau,
        at,
        gaps,
        kpis,
        coverage_matrix(model, snap),
        conformance,
        completeness(model),
        findings,
        broken,
    )


def finding(
    code: codes.Code,
    message: str,
    model: Model,
    element_id: str,
    *,
    severity: Severity | None = None,
) -> Diagnostic:
    """A finding located at the element's id in the YAML."""
    location, pointer = model.locate(element_id)
    return code(message, location, pointer=pointer, severity=severity)


# --- JSON -------------------------------------------------------------------------------------


def to_document(a: Analysis) -> dict[str, Any]:
    return {
        "$schema": GAPS_SCHEMA_ID,
        "version": GAPS_VERSION,
        "from": {"plateau": a.from_plateau[0], "date": a.from_plateau[1]},
        "to": {"plateau": a.to_plateau[0], "date": a.to_plateau[1]},
        "at": a.at,
        "plateau_gaps": {
            "counts": {s: a.gaps.count(s) for s in ("added", "removed", "changed", "kept")},
            "items": [
                {
                    "id": i.id,
                    "kind": i.kind,
                    "name": i.name,
                    "layer": i.layer,
                    "status": i.status,
                    "changes": [
                        {"field": c.field, "before": c.before, "after": c.after} for c in i.changes
                    ],
                    "work_packages": list(i.work_packages),
                }
                for i in a.gaps.items
            ],
            "uncovered": a.gaps.uncovered,
            "idle_work_packages": a.gaps.idle_work_packages,
        },
        "kpis": [
            {
                "id": k.id,
                "name": k.name,
                "type": k.type,
                "value": k.value,
                "numerator": k.numerator,
                "denominator": k.denominator,
                "target": k.target,
                "deadline": k.deadline,
                "status": k.status,
                "reported": k.reported,
                "reported_date": k.reported_date,
                "unit": k.unit,
            }
            for k in a.kpis
        ],
        "coverage": {
            "criteria": [
                {"id": c.id, "name": c.name, "covered": len(c.covered), "total": len(c.units)}
                for c in a.coverage.criteria
            ],
            "units": [
                {
                    "id": uid,
                    "name": name,
                    "level": level,
                    "parent": parent,
                    "cells": {c.id: a.coverage.cell(uid, c) for c in a.coverage.criteria},
                }
                for uid, name, level, parent in a.coverage.units
            ],
        },
        "findings": [diagnostic_json(d) for d in sorted(a.findings, key=lambda d: d.sort_key())],
        "completeness": {
            "score": a.completeness.score,
            "by_kind": {
                k: {"filled": f, "expected": e} for k, (f, e) in a.completeness.by_kind.items()
            },
            "by_owner": {
                k: {"filled": f, "expected": e} for k, (f, e) in a.completeness.by_owner.items()
            },
            "missing": [
                {"id": m.id, "kind": m.kind, "owner": m.owner, "fields": list(m.fields)}
                for m in a.completeness.missing
            ],
        },
    }


def to_json(a: Analysis) -> str:
    return json.dumps(to_document(a), ensure_ascii=False, indent=1) + "\n"


# --- text and Markdown --------------------------------------------------------------------------


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
        for uid, name, _level, _parent in a.coverage.units:
            cells = []
            for crit in a.coverage.criteria:
                cell = a.coverage.cell(uid, crit)
                cells.append("" if cell is None else ("✔" if cell else "✘"))
            out.append(f"| {_cell(name)} | {' | '.join(cells)} |")
        totals = " | ".join(f"{len(x.covered)}/{len(x.units)}" for x in a.coverage.criteria)
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
    for kind, (filled, expected) in done.by_kind.items():
        out.append(f"| {kind} | {100 * filled / expected:.0f}% ({filled}/{expected}) |")
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
        out.append(f"  {crit.id:<40} {len(crit.covered)}/{len(crit.units)}")
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
    for uid, name, level, parent in a.coverage.units:
        for c in a.coverage.criteria:
            value = a.coverage.cell(uid, c)
            if value is not None:
                rows.append(["coverage", uid, name, level, parent, int(value), 1, c.id, ""])
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
