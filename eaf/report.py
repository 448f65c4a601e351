"""Diagnostics out: text for people, JSON for tools, GitHub workflow annotations for CI."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from eaf.diagnostics import Diagnostic, Location, Severity

JSON_VERSION = 1


def _summary(diags: Sequence[Diagnostic], stats: dict[str, int]) -> str:
    errors = sum(1 for d in diags if d.severity is Severity.ERROR)
    warnings = sum(1 for d in diags if d.severity is Severity.WARNING)

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    files = stats.get("files", 0)
    elements = stats.get("elements", 0)
    return (
        f"{plural(errors, 'error')}, {plural(warnings, 'warning')} "
        f"({plural(elements, 'element')} in {plural(files, 'file')})"
    )


def text_lines(d: Diagnostic) -> list[str]:
    """`path:line:col: severity[CODE] message`, then the hint and related places."""
    where = f"{d.location}: " if d.location else ""
    lines = [f"{where}{d.severity}[{d.code}] {d.message}"]
    if d.hint:
        lines.append(f"  hint: {d.hint}")
    lines.extend(f"  see: {related}" for related in d.related)
    return lines


def format_text(diags: Sequence[Diagnostic], stats: dict[str, int]) -> str:
    lines = [line for d in diags for line in text_lines(d)]
    lines.append(_summary(diags, stats))
    return "\n".join(lines) + "\n"


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


def format_json(diags: Sequence[Diagnostic], stats: dict[str, int], ok: bool) -> str:
    counts = {
        "errors": sum(1 for d in diags if d.severity is Severity.ERROR),
        "warnings": sum(1 for d in diags if d.severity is Severity.WARNING),
        "infos": sum(1 for d in diags if d.severity is Severity.INFO),
    }
    doc = {
        "version": JSON_VERSION,
        "ok": ok,
        "diagnostics": [diagnostic_json(d) for d in diags],
        "stats": {**dict(sorted(stats.items())), **counts},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diags: Sequence[Diagnostic], stats: dict[str, int]) -> str:
    command = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for d in diags:
        props = []
        if d.location:
            props.append(f"file={_escape_property(d.location.path)}")
            if d.location.line:
                props.append(f"line={d.location.line}")
                props.append(f"col={d.location.col}")
        props.append(f"title={_escape_property(d.code)}")
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        lines.append(f"::{command[d.severity]} {','.join(props)}::{_escape_data(message)}")
    lines.append(_summary(diags, stats))
    return "\n".join(lines) + "\n"


Formatter = Callable[[Sequence[Diagnostic], dict[str, int], bool], str]
REPORTER_BY_NAME: dict[str, Formatter] = {
    "text": lambda d, s, ok: format_text(d, s),
    "json": format_json,
    "github": lambda d, s, ok: format_github(d, s),
}
