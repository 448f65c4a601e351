"""The JSON report: `{"version", "ok", "diagnostics", "stats"}` on stdout, for tools.

`end_line`/`end_column` are where the span ends (the end column is exclusive, as in SARIF), or
null when the place is a point or a whole file."""

from __future__ import annotations

import json

from eaf.diagnostics import Diagnostic, Location, Severity
from eaf.report import Report

JSON_VERSION = 1


def _location_fields(loc: Location | None) -> dict[str, object]:
    if loc is None:
        return {"file": None, "line": None, "column": None, "end_line": None, "end_column": None}
    return {
        "file": loc.path,
        "line": loc.line or None,
        "column": loc.col or None,
        "end_line": loc.end_line,
        "end_column": loc.end_col,
    }


def diagnostic_json(d: Diagnostic) -> dict[str, object]:
    return {
        "code": d.code,
        "severity": str(d.severity),
        "message": d.message,
        **_location_fields(d.location),
        "pointer": d.pointer,
        "hint": d.hint,
        "related": [
            {"file": r.path, "line": r.line or None, "column": r.col or None} for r in d.related
        ],
    }


def format_json(report: Report) -> str:
    counts = {
        "errors": report.count(Severity.ERROR),
        "warnings": report.count(Severity.WARNING),
        "infos": report.count(Severity.INFO),
    }
    doc = {
        "version": JSON_VERSION,
        "ok": report.ok,
        "diagnostics": [diagnostic_json(d) for d in report.diagnostics],
        "stats": {**dict(sorted(report.stats.items())), **counts},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
