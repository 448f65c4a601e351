"""JUnit XML, for Jenkins, GitLab and Azure test reports; valid against Jenkins' junit-10.xsd.

One test suite per check (yaml, schema, references, …: what a reader acts on) and, in each, one
test case per model file: `classname` the file, `name` the check. A case fails with the
diagnostics of its file and check that failed the run (errors; warnings too under --strict or
--fail-on warning; nothing under --fail-on never), as one `<failure>` (Jenkins reads only the
first): `type` their codes, `message` the first one's line, the text all their lines. The other
diagnostics are listed in the case's `<system-out>`. An internal error is an `<error>`.

A finding that is not in a model file (a folder, an ignored file) gets a case of its own path and
check; one without a place, a case of the pseudo-file "(model)". A check the command sets out to
run but did not (the analysis of `eaf check`, after validation found errors) is a `<skipped/>`
case per file. No times or timestamps: the same input gives the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence

from eaf.codes import CHECKS, CHECKS_OF_COMMAND, check_of
from eaf.diagnostics import Diagnostic, Severity
from eaf.report import Report
from eaf.report.text import text_lines

NO_FILE = "(model)"
_SKIPPED = "not run: validation found errors"
# Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def fails(d: Diagnostic, fail_on: str) -> bool:
    """Whether this diagnostic fails the run (see `Report.fail_on`)."""
    if fail_on == "never":
        return False
    failing = {Severity.ERROR, Severity.WARNING} if fail_on == "warning" else {Severity.ERROR}
    return d.severity in failing


def _case(
    suite: ET.Element, path: str, check: str, diags: Sequence[Diagnostic], fail_on: str
) -> str:
    """Adds one test case; returns its outcome: 'failure', 'error', 'skipped' or 'passed'."""
    case = ET.SubElement(suite, "testcase", {"name": check, "classname": _xml_text(path)})
    failing = [d for d in diags if fails(d, fail_on)]
    outcome = "passed"
    if failing:
        outcome = "error" if check == "internal" else "failure"
        lines = [line for d in failing for line in text_lines(d)]
        codes = " ".join(dict.fromkeys(d.code for d in failing))
        element = ET.SubElement(
            case, outcome, {"type": codes, "message": _xml_text(text_lines(failing[0])[0])}
        )
        element.text = _xml_text("\n".join(lines))
    others = [line for d in diags if not fails(d, fail_on) for line in text_lines(d)]
    if others:
        ET.SubElement(case, "system-out").text = _xml_text("\n".join(others))
    return outcome


def format_junit(report: Report) -> str:
    by_case: dict[tuple[str, str], list[Diagnostic]] = defaultdict(list)
    for d in report.diagnostics:
        by_case[(d.location.path if d.location else NO_FILE, check_of(d.code))].append(d)
    planned = CHECKS_OF_COMMAND.get(report.command, tuple(report.checks))
    extra = {check for _, check in by_case} - set(planned)
    checks = [*planned, *(c for c in CHECKS if c in extra)]
    run = set(report.checks)

    root = ET.Element("testsuites", {"name": f"eaf {report.command}"})
    totals = dict.fromkeys(("tests", "failures", "errors"), 0)
    for check in checks:
        suite = ET.SubElement(root, "testsuite", {"name": check})
        paths = {path for path, c in by_case if c == check}
        if check in planned:
            paths.update(report.files)
        counts = dict.fromkeys(("failure", "error", "skipped", "passed"), 0)
        for path in sorted(paths):
            diags = by_case.get((path, check), [])
            if check not in run and not diags:
                skipped = ET.SubElement(suite, "testcase", {"name": check, "classname": path})
                ET.SubElement(skipped, "skipped", {"message": _SKIPPED})
                counts["skipped"] += 1
            else:
                counts[_case(suite, path, check, diags, report.fail_on)] += 1
        tests = sum(counts.values())
        suite.attrib.update(
            tests=str(tests),
            failures=str(counts["failure"]),
            errors=str(counts["error"]),
            skipped=str(counts["skipped"]),
        )
        totals["tests"] += tests
        totals["failures"] += counts["failure"]
        totals["errors"] += counts["error"]
    root.attrib.update({k: str(v) for k, v in totals.items()})
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
