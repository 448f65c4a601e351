"""Reporters by name: one interface, shared by `eaf validate` and `eaf check`.

A reporter is a pure function from a `Report` (what a checking command found) to the text it
prints. `REPORTER_BY_NAME` is the registry the command line offers as `--format`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from eaf.diagnostics import Diagnostic, Severity


@dataclass(frozen=True, slots=True)
class Report:
    """What a checking command found: sorted diagnostics, counts, and what it looked at."""

    diagnostics: Sequence[Diagnostic]
    stats: Mapping[str, int]
    ok: bool
    command: str = "validate"
    """The command that produced it ('validate' or 'check'); names the run in JUnit and SARIF."""
    files: Sequence[str] = ()
    """The model files read (posix, relative to the project root), sorted."""
    checks: Sequence[str] = field(default_factory=tuple)
    """The names of the checks run (see `eaf.codes.check_of`), in the order they run."""
    fail_on: str = "error"
    """What fails the run: 'error', 'warning' (--strict, --fail-on warning) or 'never'."""

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)


Reporter = Callable[[Report], str]


def _registry() -> dict[str, Reporter]:
    from eaf.report.github import format_github
    from eaf.report.gitlab import format_gitlab
    from eaf.report.json_ import format_json
    from eaf.report.junit import format_junit
    from eaf.report.sarif import format_sarif
    from eaf.report.text import format_text

    return {
        "github": format_github,
        "gitlab": format_gitlab,
        "json": format_json,
        "junit": format_junit,
        "sarif": format_sarif,
        "text": format_text,
    }


REPORTER_BY_NAME: Mapping[str, Reporter] = _registry()
