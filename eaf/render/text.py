"""Text in DOT: quoted strings and HTML-like labels that render exactly what the model says,
shortened and wrapped the same way everywhere, and how wide a wrapped label will be drawn."""

from __future__ import annotations

LABEL_MAX = 200
WRAP = 26
CHAR_WIDTH = 6.2  # points: the mean width of a character of an 11-point label


def escape(text: str) -> str:
    """A DOT quoted string's content that a label shows as exactly ``text``: a backslash is
    doubled (so '\\N', '\\G', '\\L', '\\n' stay as written), a quote escaped, and '&' written
    as '&amp;' (Graphviz reads character references in every string)."""
    return text.replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"')


def escape_tooltip(text: str) -> str:
    """Like `escape`, for a tooltip: Graphviz undoes backslash escapes in a tooltip twice (once
    when it reads it, once as an escString that expands '\\N', '\\G', '\\L' and '\\E'), so a
    backslash is written four times to reach the SVG as one. tests/test_render.py checks it on
    the installed Graphviz; tests/test_literal_text.py checks every output."""
    return text.replace("&", "&amp;").replace("\\", "\\" * 4).replace('"', '\\"')


def shorten(text: str, limit: int = LABEL_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def wrap(text: str, width: int = WRAP) -> list[str]:
    """Greedy word wrap; long words stay whole."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines or [""]


def label(text: str, width: int = WRAP) -> str:
    """Escaped, shortened and wrapped: lines joined with DOT's centred line break."""
    return "\\n".join(escape(line) for line in wrap(shorten(text), width))


def html_text(text: str) -> str:
    """Text for an HTML-like label: shown exactly as written, never read as markup."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def estimated_width(text: str) -> float:
    """A node's width in points as Graphviz will draw its wrapped label, near enough to lay
    boxes out in rows (a little wider than the text, never narrower)."""
    return max(len(line) for line in wrap(shorten(text))) * CHAR_WIDTH + 20
