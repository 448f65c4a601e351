"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run. The rules are the whole catalogue of codes (id, slug, summary, hint, default level), so
a rule's index is the same in every report. Paths are relative to the project root
(`uriBaseId` %SRCROOT%) and percent-encoded; columns count Unicode code points
(`columnKind`), and an end column is exclusive: the column just after the region's last
character. A diagnostic without a place is a result without locations. Each result has a
`partialFingerprints` entry that does not depend on its line (see `eaf.report.fingerprint`),
its JSON pointer as a property, and, in its message, a hint written for it (the catalogue's
hint is the rule's help).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import eaf
from eaf.codes import CATALOGUE, Code, check_of
from eaf.diagnostics import Diagnostic, Location, Severity
from eaf.report import Report
from eaf.report.fingerprint import VERSION, fingerprints

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT = f"eafFindingHash/v{VERSION}"
_ROOT = "The project root: the folder of eaf.toml, or of the pyproject.toml with [tool.eaf]."
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule(code: Code) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": code.id,
        "name": code.slug,
        "shortDescription": {"text": code.summary},
        # GitHub code scanning requires a full description: the summary and how to fix it.
        "fullDescription": {"text": f"{code.summary} {code.hint}".strip()},
    }
    if code.hint:
        rule["help"] = {"text": code.hint}
    rule["defaultConfiguration"] = {"level": _LEVEL[code.severity]}
    rule["properties"] = {"tags": [check_of(code.id)]}
    return rule


def _uri(path: str) -> str:
    return quote(path, safe="/")


def _artifact(path: str, read: bool) -> dict[str, Any]:
    artifact: dict[str, Any] = {"location": {"uri": _uri(path), "uriBaseId": SRCROOT}}
    if read:  # a model file; other paths are what discovery reported (a folder, an ignored file)
        artifact["roles"] = ["analysisTarget"]
        artifact["sourceLanguage"] = "yaml"
    return artifact


def _physical(loc: Location, index: dict[str, int]) -> dict[str, Any]:
    where: dict[str, Any] = {
        "artifactLocation": {"uri": _uri(loc.path), "uriBaseId": SRCROOT, "index": index[loc.path]}
    }
    if loc.line > 0:
        region: dict[str, int] = {"startLine": loc.line}
        if loc.col > 0:
            region["startColumn"] = loc.col
        if loc.end_line is not None and loc.end_col is not None:
            region["endLine"] = loc.end_line
            region["endColumn"] = loc.end_col
        where["region"] = region
    return where


def _message(d: Diagnostic, code: Code | None) -> str:
    # The catalogue's hint is the rule's help; a hint written for this finding (a guess, the
    # allowed values) is part of its message.
    if d.hint and (code is None or d.hint != code.hint):
        return f"{d.message} (hint: {d.hint})"
    return d.message


def _result(
    d: Diagnostic, fingerprint: str, rule_index: dict[str, int], index: dict[str, int]
) -> dict[str, Any]:
    code = CATALOGUE[rule_index[d.code]] if d.code in rule_index else None
    result: dict[str, Any] = {"ruleId": d.code}
    if d.code in rule_index:
        result["ruleIndex"] = rule_index[d.code]
    result["level"] = _LEVEL[d.severity]
    result["message"] = {"text": _message(d, code)}
    if d.location is not None:
        result["locations"] = [{"physicalLocation": _physical(d.location, index)}]
    if d.related:
        result["relatedLocations"] = [
            {"id": i, "physicalLocation": _physical(r, index)} for i, r in enumerate(d.related)
        ]
    result["partialFingerprints"] = {FINGERPRINT: fingerprint}
    if d.pointer:
        result["properties"] = {"pointer": d.pointer}
    return result


def format_sarif(report: Report) -> str:
    paths = set(report.files)
    for d in report.diagnostics:
        paths.update(loc.path for loc in (d.location, *d.related) if loc is not None)
    artifacts, read = sorted(paths), set(report.files)
    index = {path: i for i, path in enumerate(artifacts)}
    rule_index = {code.id: i for i, code in enumerate(CATALOGUE)}
    results = [
        _result(d, fp, rule_index, index)
        for d, fp in zip(report.diagnostics, fingerprints(report.diagnostics), strict=True)
    ]
    run = {
        "tool": {
            "driver": {
                "name": "eaf",
                "version": eaf.__version__,
                "rules": [_rule(code) for code in CATALOGUE],
            }
        },
        "automationDetails": {"id": f"eaf/{report.command}/"},
        "originalUriBaseIds": {SRCROOT: {"description": {"text": _ROOT}}},
        "artifacts": [_artifact(path, path in read) for path in artifacts],
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
