"""The compiler-style text report: `path:line:col: severity[CODE] message`, a hint, a summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from eaf.diagnostics import Diagnostic, Severity
from eaf.report import Report


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(diags: Sequence[Diagnostic], stats: Mapping[str, int]) -> str:
    """`2 errors, 1 warning (25 elements in 4 files)`."""
    errors = sum(1 for d in diags if d.severity is Severity.ERROR)
    warnings = sum(1 for d in diags if d.severity is Severity.WARNING)
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


def format_text(report: Report) -> str:
    lines = [line for d in report.diagnostics for line in text_lines(d)]
    lines.append(summary(report.diagnostics, report.stats))
    return "\n".join(lines) + "\n"
