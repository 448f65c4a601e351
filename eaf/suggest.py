"""Did-you-mean: the closest known name to a misspelt one, with one cutoff policy."""

from __future__ import annotations

from collections.abc import Iterable

DEFAULT_CUTOFF = 70.0
"""rapidfuzz's WRatio, 0–100: below it a guess misleads more than it helps."""


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = DEFAULT_CUTOFF) -> str | None:
    """The closest choice to ``word``, or None when nothing is close."""
    # Imported here: rapidfuzz loads slowly, and a clean run asks for no guess.
    from rapidfuzz import process

    best = process.extractOne(word, list(choices), score_cutoff=cutoff)
    return str(best[0]) if best else None
