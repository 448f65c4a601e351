"""GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=EAF301::…`, with
`endLine` and `endColumn` (exclusive, as in SARIF) when the span's end is known."""

from __future__ import annotations

from eaf.diagnostics import Severity
from eaf.report import Report
from eaf.report.text import summary

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(report: Report) -> str:
    lines = []
    for d in report.diagnostics:
        props = []
        if d.location:
            props.append(f"file={_escape_property(d.location.path)}")
            if d.location.line:
                props.append(f"line={d.location.line}")
                props.append(f"col={d.location.col}")
                if d.location.end_line:
                    props.append(f"endLine={d.location.end_line}")
                if d.location.end_col:
                    props.append(f"endColumn={d.location.end_col}")
        props.append(f"title={_escape_property(d.code)}")
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        lines.append(f"::{_COMMAND[d.severity]} {','.join(props)}::{_escape_data(message)}")
    lines.append(summary(report.diagnostics, report.stats))
    return "\n".join(lines) + "\n"
