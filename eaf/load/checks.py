"""Checks on libyaml's events where libyaml accepts what YAML 1.2 does not: a comment glued to
what precedes it (`"x"#c`, `]#c`, `>#c`), lines of a quoted text or a [ ]/{ } less indented
than YAML requires, leading blank lines of a block scalar indented deeper than its text.

Each runs only on the rare nodes it concerns (a block scalar, a node spanning lines), or, for
glued comments, on a second reading of a file whose text holds a candidate.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import Any

import yaml
from yaml import events as ev

from eaf.load.text import BREAK, pattern

#: A '#' right after '[', '{' or ',': a comment there must be separated by white space. Found by a
#: regular expression, then confirmed on the events. After a closing quote, a closing bracket or
#: a block scalar's header, the composer checks it on the node itself.
_GLUED = r"[\[{,]#"
_HEADER = r"[|>](?:[1-9][-+]?|[-+][1-9]?)?"

Finding = tuple[int, str]
"""A character index in the text and what is wrong there."""


def block_header(text: str, start: int) -> Finding | None:
    """A block scalar's header: its indicators, then white space or the end of the line."""
    m = pattern(_HEADER).match(text, _indicator(text, start))
    if m is None:
        return None
    j = m.end()
    if j < len(text) and text[j] not in " \t\r\n":
        what = "a comment" if text[j] == "#" else f"'{text[j]}'"
        return j, f"{what} right after the block scalar indicator '{m.group()}': put a space first"
    return None


def leading_blank_lines(text: str, start: int, end: int, parent: int) -> Finding | None:
    """YAML 1.2: the leading blank lines of a block scalar whose indentation is found from its
    first line of text may not hold more spaces than that line's indentation."""
    m = pattern(_HEADER).match(text, _indicator(text, start))
    if m is None or any(c.isdigit() for c in m.group()):
        return None  # an explicit indentation
    first = BREAK.search(text, m.end())
    if first is None:
        return None
    i = first.end()
    deepest, at = 0, -1
    while i < len(text):
        stop = BREAK.search(text, i)
        line_end = stop.start() if stop else len(text)
        line = text[i:line_end]
        spaces = len(line) - len(line.lstrip(" "))
        if spaces < len(line):  # the first line with text
            if spaces > parent and deepest > spaces:
                return at, (
                    f"a blank line at the start of a block scalar holds {deepest} spaces, more "
                    f"than the {spaces} that indent its first line of text"
                )
            return None
        if spaces > deepest:
            deepest, at = spaces, i
        if stop is None or i >= end:
            return None
        i = stop.end()
    return None


def _indicator(text: str, start: int) -> int:
    """Where a block scalar's indicator is, past the node's anchor or tag (refused elsewhere)."""
    i = start
    while i < len(text) and text[i] not in "|>\r\n":
        i += 1
    return i


def continuation_lines(text: str, start: int, end: int, parent: int, flow: bool) -> Finding | None:
    """The lines after the first of a quoted text or a [ ]/{ } inside a block collection must be
    indented more than that collection (YAML 1.2 s-flow-line-prefix); blank lines, and comment
    lines inside brackets, are free. libyaml does not check it."""
    for m in BREAK.finditer(text, start, end):
        i = m.end()
        j = i
        while j < end and text[j] == " ":
            j += 1
        if j >= end or text[j] in "\r\n" or (flow and text[j] == "#"):
            continue
        if text[j] == "\t":
            continue  # a tab there is reported on its own
        if j - i <= parent:
            what = "[ ] or { }" if flow else "quoted text"
            return j, (
                f"this line continues {what} begun on an earlier line, so it must be indented "
                f"more than its parent: at least {parent + 1} spaces, not {j - i}"
            )
    return None


def glued_comment_candidates(text: str, after: str) -> bool:
    """Whether a '#' follows one of the characters `after` anywhere in the text."""
    # Each '#' found by str.find (fast) rather than by a regular expression, which would test
    # every character of a file without any.
    i = text.find("#")
    while i != -1:
        if i and text[i - 1] in after:
            return True
        i = text.find("#", i + 1)
    return False


def glued_comments(text: str, parser_class: Any) -> Iterator[Finding]:
    """The '#' that libyaml read as starting a comment right after a non-blank character. Read
    again: a candidate inside a scalar (quoted, plain, or a block scalar's text) is text."""
    spans: list[tuple[int, int]] = []
    parser = parser_class(text) if parser_class is not None else yaml.SafeLoader(text)
    try:
        e: Any
        while (e := parser.get_event()) is not None:
            kind = type(e)  # compared as a name: the marks stay typed Any
            if kind is ev.ScalarEvent:
                start = e.start_mark.index
                if e.style in ("|", ">"):
                    header = BREAK.search(text, start)
                    start = header.end() if header else len(text)
                spans.append((start, e.end_mark.index))
            elif kind is ev.AliasEvent:
                spans.append((e.start_mark.index, e.end_mark.index))
    except yaml.YAMLError:
        return
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    spans.sort()
    starts = [s for s, _ in spans]
    for m in pattern(_GLUED).finditer(text):
        i = m.end() - 1
        k = bisect.bisect_right(starts, i) - 1
        if k >= 0 and spans[k][0] <= i < spans[k][1]:
            continue
        # Not inside a scalar: a comment libyaml accepted without the white space before it.
        yield i, "a comment must be separated from what precedes it by a space"
