"""Where things are in a model file: the position of every key and value along its path, and
the location a finding about a path is reported at."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from eaf.diagnostics import Location

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
