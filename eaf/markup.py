"""Model text written into a document of another language, shown literally: one policy, one
place. Markdown (a table cell, a list item, after a heading's marker) and CSV here; HTML and
the site's Markdown in eaf.site.safe; DOT in eaf.render.dot; JSON by the json module.

Names hold no line break or control character (EAF219), but other model text may (a
description, a value): whatever is written on one line is made one line first."""

from __future__ import annotations

import html
import re

#: Characters that start Markdown syntax inline: links and images, emphasis, code, strike-through,
#: table cells, escapes, attribute lists, math on GitHub. Each is escaped with a backslash,
#: which CommonMark, GFM and Python-Markdown all read as the character itself. '<', '>' and '&'
#: become character references, so neither HTML nor an entity written in the model is read.
_MD_INLINE = re.compile(r"[\\`*_\[\]|~{}$]")
#: What starts a block at the start of a line, also inside a list item: a heading, a quote, a
#: list (also '1.' or '1)'), a thematic break, a table's rule.
_MD_BLOCK = re.compile(r"[#>+\-=]|\d+(?=[.)])")


def one_line(text: str) -> str:
    """Text on one line: line breaks and other characters that are not printable (controls,
    separators) become spaces."""
    return "".join(c if c.isprintable() else " " for c in text)


def md_text(text: str) -> str:
    """Model text as literal Markdown text (a table cell, a list item, a heading's text): one
    line, HTML escaped, every character Markdown reads as inline syntax escaped, and what
    would start a block at its start."""
    escaped = html.escape(one_line(text).strip(), quote=False)
    escaped = _MD_INLINE.sub(lambda m: "\\" + m.group(), escaped)
    block = _MD_BLOCK.match(escaped)
    if block is None:
        return escaped
    if block.group().isdigit():  # '1. x': the '.' or ')' after the number
        return f"{block.group()}\\{escaped[block.end() :]}"
    return "\\" + escaped


def md_code(text: str, *, in_table: bool = True) -> str:
    """Text as an inline code span (shown as is, HTML included): a fence longer than any run
    of backticks in it, and its pipes escaped inside a table (GFM splits cells first)."""
    text = one_line(text)
    runs = [len(r) for r in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    if in_table:
        text = text.replace("|", "\\|")
    return f"{fence}{pad}{text}{pad}{fence}"


#: What makes a spreadsheet read a cell as a formula: '=', '+', '-' or '@' first, also after
#: white space (LibreOffice and Excel skip it), or a tab or a line break first.
_FORMULA = re.compile(r"[ \t\r\n]*[=+\-@]|[\t\r\n]")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would compute a cell holding this text."""
    return _FORMULA.match(text) is not None


def csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as the text it holds: a cell it would read as a
    formula starts with an apostrophe, which spreadsheets take as 'this is text'."""
    text = "" if value is None else str(value)
    return "'" + text if looks_like_formula(text) else text
