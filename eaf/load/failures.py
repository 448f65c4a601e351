"""libyaml's syntax errors as eaf's diagnostics.

libyaml refuses some valid YAML 1.2 (an empty key, ':' starting a value inside brackets, a flow
key spanning lines, anchors named with symbols...). Where the error is at such a construct, the
file is refused for what it uses, with the code of that restriction, never as "not valid YAML";
every other error is a located EAF101.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from eaf import codes
from eaf.diagnostics import Diagnostic, Location
from eaf.load.text import line_col

_FLOW_INDICATORS = frozenset(",[]{}")
# A document that is a block scalar: comments and blank lines (directives were made comments),
# an optional '---', then '|' or '>'.
_ROOT_BLOCK_SCALAR = re.compile(r"(?:[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n))*(?:---[ \t]+)?[|>]")
_BLANK = frozenset(" \t\r\n")


def syntax_diagnostics(
    exc: yaml.YAMLError, text: str, rel: str, explained_lines: set[int]
) -> list[Diagnostic]:
    """The diagnostics for a libyaml error: none when a restriction already reported on its line
    explains it (a tab, a directive, an anchor libyaml cannot read)."""
    if not isinstance(exc, yaml.MarkedYAMLError) or exc.problem_mark is None:
        index = getattr(exc, "position", 0)
        line, col = line_col(text, min(index, len(text)))
        reason = getattr(exc, "reason", str(exc))
        return [codes.YAML_SYNTAX(f"invalid YAML: {reason}", Location(rel, line, col))]
    pm = exc.problem_mark
    if pm.line + 1 in explained_lines:
        return []
    restricted = _restriction(exc, pm, text, rel)
    if restricted is not None:
        return [restricted]
    return [_generic(exc, pm, rel)]


def _at(rel: str, mark: Any, width: int = 1) -> Location:
    line, col = mark.line + 1, mark.column + 1
    return Location(rel, line, col, line, col + width)


def _restriction(exc: yaml.MarkedYAMLError, pm: Any, text: str, rel: str) -> Diagnostic | None:
    cm = exc.context_mark
    problem, context = exc.problem or "", exc.context or ""
    i = pm.index
    char = text[i] if 0 <= i < len(text) else ""
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    if char == "\t":
        return codes.TAB_INDENT("tab used for indentation", _at(rel, pm))
    if cm is not None and context in ("while scanning an anchor", "while scanning an alias"):
        code = codes.ANCHOR if "anchor" in context else codes.ALIAS
        return code(f"{context[len('while scanning ') :]} is not allowed", _at(rel, cm))
    if "tag" in problem or context == "while scanning a tag":
        return codes.TAG("explicit tags are not allowed", _at(rel, cm or pm))
    if _ROOT_BLOCK_SCALAR.match(text):
        # libyaml fails on a top-level block scalar whose lines start at column 0.
        return codes.TOP_NOT_MAPPING(
            "the top level must be a mapping of sections, not a block of text",
            Location(rel, 1, 1),
            hint="Start the file with a section key, e.g. 'systems:', then a list.",
        )
    if char != ":":
        return None
    if context == "while parsing a block mapping" and nxt in _BLANK:
        return codes.NON_STRING_KEY(
            "a key is empty: ':' has nothing before it", _at(rel, pm), hint=_EMPTY_KEY_HINT
        )
    if (
        context == "while parsing a flow mapping"
        and "expected ',' or '}'" in problem
        and _starts_an_entry(text, i)
    ):
        return codes.UNSUPPORTED_YAML(
            "a key inside { } is written over several lines, or its ':' is on a later line",
            _at(rel, pm),
            hint="Write each key and its ':' on one line.",
        )
    if nxt not in _BLANK and nxt not in _FLOW_INDICATORS:
        return codes.UNSUPPORTED_YAML(
            "text inside [ ] or { } starts with ':'",
            _at(rel, pm),
            hint='Quote the text, e.g. ":x".',
        )
    before = text[:i].rstrip(" \t\r\n")[-1:]
    if before in ("[", "{", ",", "?", ""):
        return codes.NON_STRING_KEY(
            "a key is empty: ':' has nothing before it", _at(rel, pm), hint=_EMPTY_KEY_HINT
        )
    if nxt in _FLOW_INDICATORS:
        return codes.UNSUPPORTED_YAML(
            f"a ':' right before '{nxt}' (an empty value) is not read by eaf's YAML parser",
            _at(rel, pm),
            hint="Write the value, or 'null', after ': '.",
        )
    return None


_EMPTY_KEY_HINT = "Write the key before the ':'; keys are text."


def _starts_an_entry(text: str, colon: int) -> bool:
    """Whether what precedes the ':' at `colon` is a key that starts an entry of a flow mapping
    (right after '{' or ','), not the value of an entry whose ',' or '}' is missing."""
    i = colon - 1
    while i >= 0 and text[i] in _BLANK:
        i -= 1
    if i >= 0 and text[i] in "\"'":
        i = text.rfind(text[i], 0, i) - 1  # to before the opening quote
    while i >= 0 and text[i] not in ",{[]}":
        if text[i] == ":" and text[i + 1] in _BLANK:
            return False  # a value indicator: the text before the ':' is a value
        i -= 1
    return i >= 0 and text[i] in ",{"


def _generic(exc: yaml.MarkedYAMLError, pm: Any, rel: str) -> Diagnostic:
    problem = exc.problem or "syntax error"
    context = exc.context or ""
    mark = pm
    # The context mark points at what was left open (a quote, a bracket); for block
    # structures the problem mark is the more useful place.
    left_open = "end of stream" in problem or "did not find expected" in problem
    if (
        exc.context_mark is not None
        and left_open
        and not context.startswith("while parsing a block")
    ):
        mark = exc.context_mark
    message = f"{context}: {problem}" if context else problem
    return codes.YAML_SYNTAX(
        f"invalid YAML: {message}", Location(rel, mark.line + 1, mark.column + 1)
    )
