"""GitLab Code Quality: the JSON array of issues GitLab shows in merge requests (a subset of
the Code Climate issue format, as GitLab documents it).

`check_name` is the code, `fingerprint` follows the finding across runs (see
`eaf.report.fingerprint`), `severity` is `major` for an error, `minor` for a warning and `info`
for a note (errors rank above warnings; `critical` and `blocker` are left for harm beyond a wrong
model). A finding with a full span has `positions` (1-based lines and columns in Unicode code
points; the end column is exclusive, as in SARIF), otherwise `lines`; a finding about a whole
file is on its line 1, and one without a place is in the pseudo-file "(model)".
"""

from __future__ import annotations

import json
from typing import Any

from eaf.diagnostics import Diagnostic, Location, Severity
from eaf.report import Report
from eaf.report.fingerprint import fingerprints

NO_FILE = "(model)"
SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _location(loc: Location | None) -> dict[str, Any]:
    if loc is None:
        return {"path": NO_FILE, "lines": {"begin": 1}}
    line = max(loc.line, 1)
    if loc.col > 0 and loc.end_line is not None and loc.end_col is not None:
        return {
            "path": loc.path,
            "positions": {
                "begin": {"line": line, "column": loc.col},
                "end": {"line": loc.end_line, "column": loc.end_col},
            },
        }
    return {"path": loc.path, "lines": {"begin": line}}


def _issue(d: Diagnostic, fingerprint: str) -> dict[str, Any]:
    return {
        "description": d.message + (f" (hint: {d.hint})" if d.hint else ""),
        "check_name": d.code,
        "fingerprint": fingerprint,
        "severity": SEVERITY[d.severity],
        "location": _location(d.location),
    }


def format_gitlab(report: Report) -> str:
    found = report.diagnostics
    issues = [_issue(d, fp) for d, fp in zip(found, fingerprints(found), strict=True)]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
