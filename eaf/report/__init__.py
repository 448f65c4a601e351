"""Reporters by name: one interface, shared by `eaf validate` and `eaf check`.

A reporter is a pure function from a `Report` (what a checking command found) to the text it
prints. `REPORTER_BY_NAME` is the registry the command line offers as `--format`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
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


#: Each reporter's module and function.
_WHERE: dict[str, tuple[str, str]] = {
    "github": ("eaf.report.github", "format_github"),
    "gitlab": ("eaf.report.gitlab", "format_gitlab"),
    "json": ("eaf.report.json_", "format_json"),
    "junit": ("eaf.report.junit", "format_junit"),
    "sarif": ("eaf.report.sarif", "format_sarif"),
    "text": ("eaf.report.text", "format_text"),
}


class _Reporters(Mapping[str, Reporter]):
    """The registry, each reporter imported when it is first asked for: a run prints one
    format, and some load slowly (JUnit's XML, GitLab's fingerprints)."""

    def __getitem__(self, name: str) -> Reporter:
        module, function = _WHERE[name]
        reporter: Reporter = getattr(importlib.import_module(module), function)
        return reporter

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


REPORTER_BY_NAME: Mapping[str, Reporter] = _Reporters()
