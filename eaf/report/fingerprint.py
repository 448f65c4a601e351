"""Fingerprints that follow a finding from run to run (SARIF `partialFingerprints`, GitLab Code
Quality `fingerprint`).

A finding is identified by its code, its file, its JSON pointer without list indices and its
message without the positions it quotes, never by its line or column: adding lines, or an
element, above a finding leaves its fingerprint alone, so CI services do not report it as fixed
and found again. Findings that agree on all four are numbered in report order (`:1`, `:2`, …, as
GitHub numbers its own line hashes), so every fingerprint in a report is unique.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from eaf.diagnostics import Diagnostic

VERSION = 1
"""Changes when the recipe changes: every finding then gets a new fingerprint."""

# "also at models/a.yaml:3:5", "first defined at line 3, column 5"
_QUOTED_POSITION = re.compile(r"(?<=\.yaml):\d+:\d+|\bline \d+, column \d+")
_INDEX = re.compile(r"/\d+(?=/|$)")


def _identity(d: Diagnostic) -> str:
    path = d.location.path if d.location else ""
    message = _QUOTED_POSITION.sub("", d.message)
    pointer = _INDEX.sub("", d.pointer)
    return "\0".join((f"eaf/v{VERSION}", d.code, path, pointer, message))


def fingerprints(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """One fingerprint per diagnostic, in order: 32 hex digits, a colon and an occurrence."""
    seen: dict[str, int] = {}
    out = []
    for d in diagnostics:
        digest = hashlib.sha256(_identity(d).encode("utf-8")).hexdigest()[:32]
        seen[digest] = seen.get(digest, 0) + 1
        out.append(f"{digest}:{seen[digest]}")
    return out
