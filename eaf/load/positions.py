"""Where things are in a model file: the position of every key and value along its path, and
the location a finding about a path is reported at."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from eaf.diagnostics import Location
from eaf.load.text import BREAK, pattern

if TYPE_CHECKING:
    from eaf.load.yaml import Limits

Path_ = tuple[str | int, ...]
# (key line, key column, value line, value column, key end line, key end column, value end line,
# value end column), all 1-based; an end is the position just after the last character, as in
# SARIF (so the end column is exclusive). A list item has no key: its key is its value's start
# and its key end is (0, 0).
Position = tuple[int, int, int, int, int, int, int, int]
# (line, column), 1-based, just after a node's last character.
End = tuple[int, int]


@dataclass(slots=True)
class PositionMap:
    """Positions of one file, computed on first use by parsing the file again with tracking."""

    rel: str
    text: str
    limits: Limits | None = None
    _positions: dict[Path_, Position] | None = None

    def positions(self) -> dict[Path_, Position]:
        if self._positions is None:
            # Parsed again, with tracking, only for a file with findings to locate.
            from eaf.load.yaml import Limits, parse_text

            limits = self.limits or Limits()
            self._positions = (
                parse_text(self.text, self.rel, limits=limits, track=True).positions or {}
            )
        return self._positions

    def locate(self, path: Path_, *, at_key: bool = False) -> tuple[Location, Path_]:
        """The deepest recorded position along ``path``; segments absent from the file are skipped
        (pydantic adds union tags that are not YAML keys).

        The location spans the value, or the key when asked for it or when the path is not all
        in the file; a list item has no key, so a finding about the item as a whole (a missing
        field) is a point at its first character, with no end."""
        positions = self.positions()
        best: Position | None = positions.get(())
        matched: Path_ = ()
        exact = not path
        for segment in path:
            candidate = (*matched, segment)
            pos = positions.get(candidate)
            exact = pos is not None
            if pos is None:
                continue  # e.g. a union tag pydantic adds to its error locations
            matched = candidate
            best = pos
        if best is None:
            return Location(self.rel, 1, 1), matched
        if at_key or not exact:
            return Location(self.rel, best[0], best[1], best[4] or None, best[5] or None), matched
        return Location(self.rel, best[2], best[3], best[6], best[7]), matched


_ESCAPE_WIDTH = {"x": 4, "u": 6, "U": 10}


def position_in_value(text: str, line: int, col: int, offset: int) -> tuple[int, int]:
    """The 1-based (line, column) in the file of the character at `offset` in the value of the
    plain or quoted scalar that starts at (line, col): line folding, escapes and '' are undone,
    so a selector problem is shown where it is written, also on a continuation line."""
    lines = BREAK.split(text)
    if not 0 < line <= len(lines):
        return line, col + offset
    index = sum(len(x) for x in pattern(_LINE_WITH_BREAK).findall(text)[: line - 1]) + col - 1
    if index < len(text) and text[index] in "|>":
        return _in_block_scalar(text, index, offset)
    quote = text[index] if index < len(text) and text[index] in "'\"" else ""
    i = index + len(quote)
    v = 0  # index in the value of the character at text[i]
    while i < len(text) and v < offset:
        c = text[i]
        if c == quote:
            if quote == "'" and text[i + 1 : i + 2] == "'":
                i, v = i + 2, v + 1
                continue
            break
        if c in " \t\r\n":
            j = i
            while j < len(text) and text[j] in " \t\r\n":
                j += 1
            breaks = len(BREAK.findall(text, i, j))
            if breaks:
                v += 1 if breaks == 1 else breaks - 1  # folded: a space, or the empty lines
                i = j
            else:
                i, v = i + 1, v + 1
            continue
        if quote == '"' and c == "\\":
            nxt = text[i + 1 : i + 2]
            if nxt in ("\r", "\n"):
                j = i + 1
                while j < len(text) and text[j] in " \t\r\n":
                    j += 1
                i = j  # an escaped line break produces nothing
                continue
            i, v = i + _ESCAPE_WIDTH.get(nxt, 2), v + 1
            continue
        i, v = i + 1, v + 1
    while quote == '"' and text[i : i + 1] == "\\" and text[i + 1 : i + 2] in ("\r", "\n"):
        i += 1  # an escaped line break before the character: past it and the indentation
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
    before = text[:i]
    found_line = len(BREAK.findall(before)) + 1
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return found_line, i - start + 1


def _in_block_scalar(text: str, index: int, offset: int) -> tuple[int, int]:
    """Like position_in_value, for a block scalar (| or >) starting at `index`: its lines after
    the header, less their indentation, each line break one character of the value (a folded
    scalar turns some into spaces, which are one character too)."""
    header_end = BREAK.search(text, index)
    body = header_end.end() if header_end is not None else len(text)
    lines = pattern(_LINE_WITH_BREAK).findall(text, body)
    first_line = len(BREAK.findall(text, 0, index)) + 2
    indent = next((len(x) - len(x.lstrip(" ")) for x in lines if x.strip()), 0)
    v = 0
    for n, raw in enumerate(lines):
        content = raw.rstrip("\r\n")[indent:]
        if offset < v + len(content) + 1:
            return first_line + n, indent + min(offset - v, len(content)) + 1
        v += len(content) + 1
    return first_line, indent + 1


_LINE_WITH_BREAK = r"[^\r\n]*(?:\r\n|\r|\n)"
