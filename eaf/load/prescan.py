"""What is checked on a file's text before libyaml reads it, where libyaml reads YAML 1.1 or is
more lenient than YAML 1.2: tabs at the start of a line, directives, document markers, and the
characters NEL, LS and PS, which are line breaks for libyaml and ordinary text for YAML 1.2.

Each check is gated by a plain substring test, so a file without the construct pays almost
nothing. The result is the text libyaml reads (same length and lines as the file, so every
position it reports is a position in the file) and what to restore in the values it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eaf import codes
from eaf.diagnostics import Diagnostic, Location
from eaf.load.text import line_col, pattern

# A tab in the white space that starts a line, also after the block indicators that may open it
# ("-\tx", "? \tx", ": \tx"): YAML forbids tabs as indentation, libyaml accepts some of them
# and refuses others that YAML 1.2 allows; eaf refuses them all, so every tool agrees.
_LEADING_TAB = r"(?:^|(?<=[\r\n]))(?:[ ]|[-?:](?=[ \t]))*\t"

# A line that starts with a directive (%) or a document marker (--- or ... then a space or the
# end of the line).
_MARKER = r"(?:^|(?<=[\r\n]))(?:%|(?:---|\.\.\.)(?=[ \t\r\n]|\Z))"
# A line holding something other than white space or a comment.
_CONTENT = r"(?:^|(?<=[\r\n]))[ \t]*[^ \t\r\n#]"
_LINE_END = r"\r\n|\r|\n|\Z"
_YAML_12 = r"%YAML[ \t]+1\.2(?:[ \t]+#[^\r\n]*|[ \t]*)(?=[\r\n]|\Z)"

# NEL, LS, PS: line breaks in YAML 1.1 (and libyaml), ordinary characters in YAML 1.2.
_SEPARATORS = ("\x85", "\u2028", "\u2029")


@dataclass(slots=True)
class Prepared:
    """The text libyaml reads, and what the file's text told before reading it."""

    text: str
    """Same length and same lines as the file, but for a line break added at its end."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    restore: dict[int, str] | None = None
    """Placeholder → character, for values read from a text with placeholders (str.translate)."""
    cut: int | None = None
    """Where a second document starts: only the text before it is read."""
    empty: bool = False
    """The file holds no document at all (only comments and markers)."""
    added_break: bool = False
    """A line break was added at the end, so a last line without one reads as YAML 1.2 says."""


def prepare(text: str, rel: str, *, documents: bool = False, most: int = 20) -> Prepared:
    """The text for libyaml. Document markers are looked at when a directive may start a line,
    or when asked (`documents`): libyaml reads a file of one document right by itself. At most
    `most` tabs are reported."""
    out = Prepared(text)
    if "\t" in text:
        out.diagnostics += _tabs(text, rel, most)
    if has_marker(text) if documents else _has_directive(text):
        _documents(text, rel, out)
    if any(s in text for s in _SEPARATORS):
        _placeholders(out)
    if out.text and out.text[-1] not in "\r\n":
        # YAML 1.2 reads the end of the file as the end of its last line: a block scalar's last
        # line keeps its line break (libyaml drops it).
        out.text += "\n"
        out.added_break = True
    return out


def _has_directive(text: str) -> bool:
    """Whether a line may start with '%' (this runs on every file: '%' is rare, found fast)."""
    return "%" in text and (text.startswith("%") or "\n%" in text or "\r%" in text)


def has_marker(text: str) -> bool:
    """Whether a line may start with a directive or a document marker."""
    if _has_directive(text) or text.startswith(("---", "...")):
        return True
    return any(g in text for g in ("\n---", "\n...", "\r---", "\r..."))


def _tabs(text: str, rel: str, most: int) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for m in pattern(_LEADING_TAB).finditer(text):
        line, col = line_col(text, m.end() - 1)
        more = " (further findings of this kind in this file are not shown)"
        out.append(
            codes.TAB_INDENT(
                "tab at the start of a line: indent with spaces"
                + (more if len(out) + 1 == most else ""),
                Location(rel, line, col, line, col + 1),
            )
        )
        if len(out) == most:
            break
    return out


def _documents(text: str, rel: str, out: Prepared) -> None:
    directives: list[int] = []
    try:
        _scan_documents(text, rel, out, directives)
    finally:
        if directives:
            # Directive lines are read as comments: '%' becomes '#', positions are unchanged.
            parts, last = [], 0
            for at in directives:
                parts += [text[last:at], "#"]
                last = at + 1
            out.text = "".join([*parts, text[last:]])


def _scan_documents(text: str, rel: str, out: Prepared, directives: list[int]) -> None:
    """Directives and document markers, line by line where a marker starts one: a second
    document is an error (only the first is read), every directive but '%YAML 1.2' is refused,
    and directive lines are read as comments (libyaml refuses directives YAML 1.2 reserves)."""
    documents = 0
    inside = False  # in a document started by '---' or by content, not yet ended by '...'
    directive_at: int | None = None  # the last directive before the document it prefixes
    yaml_directive = False  # a %YAML directive was seen before this document
    pos = 0

    def start(at: int) -> bool:
        """A document starts at `at`; False when it is the second."""
        nonlocal documents, inside, directive_at, yaml_directive
        documents += 1
        inside = True
        yaml_directive = False
        if directive_at is not None and text[at : at + 3] != "---":
            _error(out, rel, text, directive_at, "a directive must be followed by '---'")
        directive_at = None
        if documents > 1:
            out.diagnostics.append(
                codes.MULTI_DOCUMENT(
                    "a model file holds one YAML document",
                    Location(rel, *line_col(text, at)),
                    hint="Split the documents into separate files, or remove the '---' line.",
                )
            )
            out.cut = at
            return False
        return True

    for m in pattern(_MARKER).finditer(text):
        marker = m.start()
        if marker < pos:
            continue
        if not inside:
            content = pattern(_CONTENT).search(text, pos, marker)
            if content is not None and not start(content.end() - 1):
                return
        kind = text[marker]
        if kind == "%" and inside:
            continue  # the text of a document (a block scalar's line), not a directive
        line_end, end = _line_bounds(text, marker)
        if kind == "%":
            if text.startswith("%YAML", marker):
                if yaml_directive:
                    _error(out, rel, text, marker, "a second %YAML directive for one document")
                yaml_directive = True
            if not pattern(_YAML_12).match(text, marker):
                name = text[marker:line_end].split(maxsplit=1)[0]
                out.diagnostics.append(
                    codes.DIRECTIVE(
                        f"directive '{name[:40]}' is not allowed",
                        Location(rel, *line_col(text, marker)),
                    )
                )
            directives.append(marker)
            directive_at = marker
        elif kind == "-":
            if not start(marker):
                return
        else:  # '...' ends the document
            inside = False
        pos = end
    if not inside:
        content = pattern(_CONTENT).search(text, pos)
        if content is not None and not start(content.end() - 1):
            return
    if directive_at is not None:
        _error(out, rel, text, directive_at, "a directive must be followed by '---'")
    if documents == 0:
        out.empty = True


def _line_bounds(text: str, i: int) -> tuple[int, int]:
    """Where the line holding index `i` ends, before and after its line break."""
    m = pattern(_LINE_END).search(text, i)
    return (m.start(), m.end()) if m is not None else (len(text), len(text))


def _error(out: Prepared, rel: str, text: str, at: int, message: str) -> None:
    out.diagnostics.append(
        codes.YAML_SYNTAX(f"invalid YAML: {message}", Location(rel, *line_col(text, at)))
    )


def _placeholders(out: Prepared) -> None:
    """NEL, LS and PS each replaced by a private-use character absent from the text, so libyaml
    reads them as ordinary characters (as YAML 1.2 does); values get them back."""
    text = out.text
    free = (chr(c) for c in range(0xF8FF, 0xE000, -1) if chr(c) not in text)
    table: dict[int, str] = {}
    restore: dict[int, str] = {}
    for sep in _SEPARATORS:
        if sep in text:
            ph = next(free)
            table[ord(sep)] = ph
            restore[ord(ph)] = sep
    out.text = text.translate(table)
    out.restore = restore
