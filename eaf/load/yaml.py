"""Reading a model file's YAML: its limits, what a parse gives, and the two ways to it. A clean
file is read by the fast path (eaf.load.fast: a compiled reader, then rapidyaml) to exactly the
values eaf's strict composer (eaf.load.compose: libyaml's events, YAML 1.2 core typing) would
give it; every other file, and every file read with positions, by the composer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eaf import codes
from eaf.diagnostics import Diagnostic, Location
from eaf.load.positions import Path_, Position
from eaf.load.text import decode


@dataclass(frozen=True, slots=True)
class Limits:
    """Resource limits applied before and during parsing (configurable in [tool.eaf])."""

    max_file_bytes: int = 5 * 1024 * 1024
    max_depth: int = 64
    max_scalar_chars: int = 2 * 1024 * 1024
    max_same_code_per_file: int = 20


@dataclass(slots=True)
class ParsedYaml:
    data: Any
    diagnostics: list[Diagnostic]
    positions: dict[Path_, Position] | None = None
    #: True when the file had errors that leave no usable data (syntax, encoding, depth...).
    broken: bool = False
    #: The file's text as `decode` gives it, when the parse decoded it here (not when the parse
    #: came from the cache or a worker), so that typing does not decode the file again.
    text: str | None = None


def parse_text(
    text: str, rel: str, *, limits: Limits = Limits(), track: bool = False
) -> ParsedYaml:
    """Compose one decoded file. Never raises for bad input."""
    # PyYAML and the composer are imported when a file is composed: a run whose files all
    # take the fast path never loads them.
    from eaf.load.compose import compose_text

    return compose_text(text, rel, limits=limits, track=track)


def parse_bytes(
    raw: bytes,
    rel: str,
    *,
    limits: Limits = Limits(),
    track: bool = False,
    fast: bool = True,
    gates: bool = True,
) -> tuple[ParsedYaml, str | None]:
    """Decode and compose; returns the parse and the decoded text (None when undecodable).

    Without positions (`track`), a file the fast path (eaf.load.fast) can read exactly as the
    composer is read by it (by rapidyaml behind its gates too, with `gates`); `fast=False`
    forces the composer (the reference, for tests)."""
    if fast and not track:
        from eaf.load.fast import parse_fast

        quick = parse_fast(raw, limits, gates=gates)
        if quick is not None:
            return ParsedYaml(quick[0], [], text=quick[1]), quick[1]
    if len(raw) > limits.max_file_bytes:
        return (
            ParsedYaml(
                None,
                [
                    codes.FILE_TOO_LARGE(
                        f"file of {len(raw)} bytes is larger than the limit of "
                        f"{limits.max_file_bytes} bytes",
                        Location(rel, 1, 1),
                    )
                ],
                broken=True,
            ),
            None,
        )
    text, diags = decode(raw, rel)
    if text is None:
        return ParsedYaml(None, diags, broken=True), None
    parsed = parse_text(text, rel, limits=limits, track=track)
    parsed.text = text
    return parsed, text
