"""A model file's bytes as text: UTF-8 only, no control characters; and 1-based line and
column positions counted as the YAML parser counts them."""

from __future__ import annotations

import functools
import re

from eaf import codes
from eaf.diagnostics import Diagnostic, Location


@functools.cache
def pattern(source: str) -> re.Pattern[str]:
    """A regular expression compiled on first use: most are for rare inputs, and compiling
    them all at import would slow every run of eaf down."""
    return re.compile(source)


# An `id:` key at the start of a line (after '- ' items) or of a flow mapping entry, and its value.
_ID_KEY = (
    r"""(?:^|(?<=[\r\n{,]))[ \t]*(?:-[ \t]+)*["']?id["']?[ \t]*:[ \t]+["']?([^\s"',{}\[\]#]+)"""
)

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f]")
BREAK = re.compile(r"\r\n|\r|\n")


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a character index; CR, LF and CRLF all end
    a line, as they do for the YAML parser."""
    line, start = 1, 0
    for match in BREAK.finditer(text, 0, index):
        line += 1
        start = match.end()
    return line, index - start + 1


def decode(raw: bytes, rel: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 only (a UTF-8 BOM is allowed); a located error for anything else."""
    for bom, name in (
        (b"\xff\xfe\x00\x00", "UTF-32LE"),
        (b"\x00\x00\xfe\xff", "UTF-32BE"),
        (b"\xff\xfe", "UTF-16LE"),
        (b"\xfe\xff", "UTF-16BE"),
    ):
        if raw.startswith(bom):
            return None, [codes.NOT_UTF8(f"file must be UTF-8 (found {name})", Location(rel, 1, 1))]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    head = raw[:200]
    if len(head) >= 4 and (
        head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4
    ):
        # Text with a NUL every other byte is UTF-16 without its BOM, not a file of NULs.
        return None, [
            codes.NOT_UTF8("file must be UTF-8 (it looks like UTF-16)", Location(rel, 1, 1))
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        line, col = line_col(good, len(good))
        guess = " (looks like UTF-16)" if raw[1:2] == b"\x00" or raw[:1] == b"\x00" else ""
        return None, [
            codes.NOT_UTF8(
                f"file must be UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start} is not "
                f"valid UTF-8{guess}",
                Location(rel, line, col),
            )
        ]
    bad = CONTROL.search(text)
    if bad:
        diags = []
        for m in list(CONTROL.finditer(text))[:5]:
            line, col = line_col(text, m.start())
            diags.append(
                codes.CONTROL_CHARACTER(
                    f"control character U+{ord(m.group()):04X} is not allowed",
                    Location(rel, line, col, line, col + 1),
                )
            )
        return None, diags
    return text, []


def ids_in_bytes(raw: bytes) -> frozenset[str]:
    """The ids a file that could not even be decoded would define: ids are ASCII, so they read
    the same in any ASCII-compatible encoding (Latin-1, Windows-1258) and, once the NULs are
    dropped, in UTF-16 and UTF-32."""
    return ids_in_text(raw.replace(b"\x00", b"").decode("utf-8", errors="replace"))


def ids_in_text(text: str) -> frozenset[str]:
    """The ids a file that failed to load would define, read from its text alone: the values of
    its `id:` keys."""
    return frozenset(m.group(1) for m in pattern(_ID_KEY).finditer(text))
