"""eaf's strict YAML composer: libyaml's event stream composed into plain Python values, with
YAML 1.2 core typing (eaf.load.yaml's `parse_text` and `parse_bytes` call it; a clean file is
usually read by the fast path, eaf.load.fast, and PyYAML is imported only when a file needs it).

Nothing is ever constructed from a tag, so nothing in a file can run. Anchors, aliases, explicit
tags, duplicate keys (also after NFC normalisation), non-text keys and several documents are errors.
Positions are recorded only when asked for: the fast path reads values, and a file with findings
is read again with positions to locate them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import yaml
from yaml import events as ev

from eaf import codes
from eaf.diagnostics import Diagnostic, Location
from eaf.load import checks
from eaf.load.positions import End, Path_, Position, position_in_value
from eaf.load.prescan import Prepared, has_marker, prepare
from eaf.load.scalars import nfc, plain_scalar
from eaf.load.text import BREAK, CONTROL
from eaf.load.yaml import Limits, ParsedYaml

_Parser: Any
try:  # libyaml (C) is the fast path; the pure-Python parser gives the same events.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = None


class _Abort(Exception):
    """Stops composition of one file (depth limit); never escapes this module."""


class _Composer:
    """Turns one file's events into values; collects diagnostics instead of raising."""

    def __init__(
        self,
        rel: str,
        limits: Limits,
        track: bool,
        text: str,
        restore: dict[int, str] | None = None,
    ) -> None:
        self.rel = rel
        self.text = text
        self.restore = restore
        #: The open collections' frames, shared with compose() (see there).
        self.stack: list[list[Any]] = []
        # Per-file gates (substring searches) for checks on every scalar: most files need none.
        self.glued = checks.glued_comment_candidates(text, after="\"']}")
        self.question = "?" in text
        self.limits = limits
        self.positions: dict[Path_, Position] | None = {} if track else None
        self.diags: list[Diagnostic] = []
        self.broken = False
        self._per_code: dict[str, int] = {}

    def report(
        self, make: codes.Code, message: str, mark: Any, end: End | None = None, **kw: Any
    ) -> None:
        n = self._per_code.get(make.id, 0) + 1
        self._per_code[make.id] = n
        if make in _STRUCTURAL:
            self.broken = True
        if n > self.limits.max_same_code_per_file:
            return
        if n == self.limits.max_same_code_per_file:
            message += " (further findings of this kind in this file are not shown)"
        self.diags.append(make(message, self.loc(mark, end), **kw))

    def report_at(self, make: codes.Code, message: str, index: int, ref: Any) -> None:
        """Report at a character index (found near the mark `ref`), one character wide."""
        line, col = self.at(index, ref)
        self.report(make, message, _Mark(line - 1, col - 1), (line, col + 1))

    def loc(self, mark: Any, end: End | None = None) -> Location:
        if end is None:
            return Location(self.rel, mark.line + 1, mark.column + 1)
        return Location(self.rel, mark.line + 1, mark.column + 1, end[0], end[1])

    # Ends are computed only where they are used (tracked positions and findings), so the
    # untracked fast path never pays for them.
    def end_of(self, e: Any) -> End:
        """Where a scalar or alias ends. libyaml ends a block scalar (| or >) after the blank
        lines that follow it: its real end is after its last non-blank character."""
        m, start = e.end_mark, e.start_mark
        if type(e) is _SCALAR and e.style in _BLOCK:
            text, i = self.text, min(m.index, len(self.text))
            floor = start.index + 1  # never before the | or > indicator
            while i > floor and text[i - 1] in " \t\r\n":
                i -= 1
            if i != m.index:
                return self.at(i, m)
        return m.line + 1, m.column + 1

    def at(self, index: int, ref: Any) -> End:
        """1-based (line, column) of a character index, counted from a nearby mark."""
        text = self.text
        lo, hi = sorted((index, ref.index))
        breaks = len(BREAK.findall(text, lo, hi))
        line = ref.line + 1 + (breaks if index >= ref.index else -breaks)
        start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
        return line, index - start + 1

    def property_end(self, e: Any, sigil: str) -> End | None:
        """The end of a node's anchor (&) or tag (!) as written: node properties come first,
        in either order, separated by white space."""
        text, i = self.text, e.start_mark.index
        for _ in range(2):
            while i < len(text) and text[i] in " \t\r\n":
                i += 1
            if i >= len(text) or text[i] not in "&!":
                return None
            first = text[i]
            if text.startswith("!<", i):  # a verbatim tag ends at its '>'
                j = text.find(">", i) + 1 or len(text)
            else:
                j = i + 1
                while j < len(text) and text[j] not in _PROPERTY_END:
                    j += 1
            if first == sigil:
                return self.at(j, e.start_mark)
            i = j
        return None

    def scalar(self, e: Any, flow: int) -> Any:
        value: str = e.value
        if len(value) > self.limits.max_scalar_chars:
            self.report(
                codes.SCALAR_TOO_LONG,
                f"value of {len(value)} characters exceeds the limit of "
                f"{self.limits.max_scalar_chars}",
                e.start_mark,
                self.end_of(e),
            )
            return None
        if e.style:  # quoted or block scalars are always text (plain is "" or None)
            if e.style in _BLOCK:
                self.block_scalar(e)
            else:
                # Cheapest first: most quoted scalars are on one line, in files with no '"#'.
                if not flow and e.start_mark.line != e.end_mark.line:
                    self.continuation(e.start_mark, e.end_mark, flow=False)
                if self.glued:
                    end = e.end_mark
                    if self.text[end.index : end.index + 1] == "#":
                        self.glued_comment(end)
            bad = CONTROL.search(value)
            if bad:  # written as an escape ("\0", "\e"): the file text itself was clean
                m = e.start_mark
                line, col = position_in_value(self.text, m.line + 1, m.column + 1, bad.start())
                self.report(
                    codes.CONTROL_CHARACTER,
                    f"control character U+{ord(bad.group()):04X} is not allowed",
                    _Mark(line - 1, col - 1),
                )
            return nfc(value)
        if flow and (value == "-" or (self.question and self.text[e.start_mark.index - 1] == "?")):
            self.flow_plain(e, value)
        typed, problem = plain_scalar(value)
        if problem is not None:
            code, message, hint = problem
            self.report(code, message, e.start_mark, self.end_of(e), hint=hint)
        return typed

    def block_scalar(self, e: Any) -> None:
        start = e.start_mark.index
        found = checks.block_header(self.text, start) or checks.leading_blank_lines(
            self.text, start, e.end_mark.index, _parent_indent(self.stack)
        )
        if found is not None:
            self.report_at(codes.YAML_SYNTAX, f"invalid YAML: {found[1]}", found[0], e.start_mark)

    def continuation(self, start: Any, end: Any, *, flow: bool) -> None:
        """A quoted text or a [ ]/{ } over several lines, inside a block collection."""
        parent = _parent_indent(self.stack)
        if parent < 0:
            return
        found = checks.continuation_lines(self.text, start.index, end.index, parent, flow)
        if found is not None:
            self.report_at(codes.YAML_SYNTAX, f"invalid YAML: {found[1]}", found[0], start)

    def glued_comment(self, end: Any) -> None:
        """A '#' right after a closing quote or bracket: libyaml reads a comment, YAML 1.2 wants
        white space before it."""
        self.report(
            codes.YAML_SYNTAX,
            "invalid YAML: a comment must be separated from what precedes it by a space",
            end,
            (end.line + 1, end.column + 2),
        )

    def flow_plain(self, e: Any, value: str) -> None:
        """Plain text inside [ ] or { } that libyaml reads otherwise than YAML 1.2."""
        if value == "-":
            self.report(
                codes.YAML_SYNTAX,
                "invalid YAML: a '-' alone inside [ ] or { } is not a value",
                e.start_mark,
                self.end_of(e),
                hint="Quote it ('-') if it is text.",
            )
            return
        i = e.start_mark.index
        if i > 0 and self.text[i - 1] == "?":
            # YAML 1.2 reads "[?x]" as the text '?x'; libyaml as a key 'x'.
            self.report_at(
                codes.UNSUPPORTED_YAML,
                f"'?{value}' inside [ ] or {{ }}: eaf's YAML parser reads the '?' as a key "
                "indicator",
                i - 1,
                e.start_mark,
            )

    def compose(self, parser: Any) -> Any:
        # Frames: [container, path, pending key or _NOKEY, key event, seen keys (name → key
        # event), start event, end of the last child (tracked only)]
        stack = self.stack
        root: Any = None
        documents = 0
        flow = 0  # how many flow collections ([ ], { }) are open
        nokey = _NOKEY
        track = self.positions is not None
        positions = self.positions

        def attach(value: Any, e: Any, end: End | None = None) -> bool:
            """Attach a finished value (whose event is `e`) to its parent; returns False when
            it was a key. `end` is a collection's end (tracked only)."""
            nonlocal root
            if not stack:
                root = value
                if track:
                    assert positions is not None
                    m = e.start_mark
                    end = end or self.end_of(e)
                    line, col = m.line + 1, m.column + 1
                    positions[()] = (line, col, line, col, 0, 0, end[0], end[1])
                return True
            frame = stack[-1]
            container = frame[0]
            if type(container) is list:
                if track:
                    assert positions is not None
                    m = e.start_mark
                    if end is None:
                        end = self.end_of(e)
                    line, col = m.line + 1, m.column + 1
                    positions[(*frame[1], len(container))] = (line, col, line, col, 0, 0, *end)
                    frame[6] = end
                container.append(value)
                return True
            key = frame[2]
            if key is nokey:
                # This value is a key.
                if type(value) is not str:
                    self.report(
                        codes.NON_STRING_KEY,
                        f"mapping key {value!r} is not text",
                        e.start_mark,
                        self.end_of(e),
                        hint="Quote the key if it is meant as text.",
                    )
                    value = repr(value)
                seen: dict[str, Any] = frame[4]
                if value in seen:
                    first = seen[value].start_mark
                    self.report(
                        codes.DUPLICATE_KEY,
                        f"duplicate key '{value}' (first defined at line {first.line + 1}, "
                        f"column {first.column + 1})",
                        e.start_mark,
                        self.end_of(e),
                        related=(self.loc(first, self.end_of(seen[value])),),
                    )
                    frame[2] = _DUPLICATE
                else:
                    seen[value] = e
                    frame[2] = value
                frame[3] = e
                return False
            if track:
                assert positions is not None
                if end is None:
                    # Inlined for plain and quoted scalars: this runs for every value.
                    if type(e) is _SCALAR and e.style not in _BLOCK:
                        em: Any = e.end_mark
                        end = (em.line + 1, em.column + 1)
                    else:
                        end = self.end_of(e)
                frame[6] = end
                if key is not _DUPLICATE:
                    k = frame[3]
                    km, m = k.start_mark, e.start_mark
                    if type(k) is _SCALAR and k.style not in _BLOCK:
                        kem: Any = k.end_mark
                        kend = (kem.line + 1, kem.column + 1)
                    else:
                        kend = self.end_of(k)
                    positions[(*frame[1], key)] = (
                        km.line + 1,
                        km.column + 1,
                        m.line + 1,
                        m.column + 1,
                        kend[0],
                        kend[1],
                        end[0],
                        end[1],
                    )
            if key is not _DUPLICATE:
                container[key] = value
            frame[2] = nokey
            return True

        def child_path() -> Path_:
            if not stack:
                return ()
            frame = stack[-1]
            container = frame[0]
            if type(container) is list:
                return (*frame[1], len(container))
            key = frame[2]
            return (*frame[1], key if isinstance(key, str) else "?")

        while True:
            e = parser.get_event()
            if e is None:
                break
            cls = type(e)
            if cls is ev.ScalarEvent:
                if e.anchor is not None:
                    self.anchor(e)
                if e.tag is not None:
                    self.tag(e)
                attach(self.scalar(e, flow), e)
            elif cls is ev.MappingStartEvent or cls is ev.SequenceStartEvent:
                if e.anchor is not None:
                    self.anchor(e)
                if e.tag is not None:
                    self.tag(e)
                if len(stack) >= self.limits.max_depth:
                    self.report(
                        codes.TOO_DEEP,
                        f"nesting deeper than {self.limits.max_depth} levels",
                        e.start_mark,
                    )
                    raise _Abort
                if stack and type(stack[-1][0]) is dict and stack[-1][2] is nokey:
                    self.report(
                        codes.NON_STRING_KEY,
                        "a mapping key must be text, not a collection",
                        e.start_mark,
                    )
                    raise _Abort
                container: Any = {} if cls is ev.MappingStartEvent else []
                stack.append([container, child_path(), nokey, None, {}, e, None])
                if e.flow_style:
                    flow += 1
            elif cls is ev.MappingEndEvent or cls is ev.SequenceEndEvent:
                frame = stack.pop()
                start_event = frame[5]
                if start_event.flow_style:
                    flow -= 1
                    if not flow and start_event.start_mark.line != e.end_mark.line:
                        self.continuation(start_event.start_mark, e.end_mark, flow=True)
                    if self.glued and self.text[e.end_mark.index : e.end_mark.index + 1] == "#":
                        self.glued_comment(e.end_mark)
                end: End | None = None
                if track:
                    # A flow collection ends at its bracket; a block one with its last child.
                    m = e.end_mark
                    closed = start_event.flow_style  # not `flow`: that counts open brackets
                    end = (m.line + 1, m.column + 1) if closed or frame[6] is None else frame[6]
                attach(frame[0], frame[5], end)
            elif cls is ev.AliasEvent:
                self.report(
                    codes.ALIAS, f"alias '*{e.anchor}' is not allowed", e.start_mark, self.end_of(e)
                )
                awaiting_key = bool(stack) and type(stack[-1][0]) is dict and stack[-1][2] is nokey
                # As a key, stand in with text: the alias is the problem, already reported.
                attach(f"*{e.anchor}" if awaiting_key else None, e)
            elif cls is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.report(
                        codes.MULTI_DOCUMENT, "a model file holds one YAML document", e.start_mark
                    )
                    raise _Abort
        return root

    def anchor(self, e: Any) -> None:
        self.report(
            codes.ANCHOR,
            f"anchor '&{e.anchor}' is not allowed",
            e.start_mark,
            self.property_end(e, "&"),
        )

    def tag(self, e: Any) -> None:
        self.report(
            codes.TAG,
            f"explicit tag '{e.tag}' is not allowed",
            e.start_mark,
            self.property_end(e, "!"),
        )


class _RestoringComposer(_Composer):
    """For a file with NEL, LS or PS, read by libyaml with placeholders: values get them back."""

    def scalar(self, e: Any, flow: int) -> Any:
        assert self.restore is not None
        e.value = e.value.translate(self.restore)
        return super().scalar(e, flow)


_SCALAR = ev.ScalarEvent
_BLOCK = frozenset("|>")  # the styles of block scalars
# Where an anchor's or a tag's text ends (a flow indicator or white space).
_PROPERTY_END = frozenset(" \t\r\n,[]{}")

# Errors after which the file's data cannot be trusted; after the others (a duplicate key, a tag,
# an alias, a leading zero) the data is still checked, so every problem shows in one run.
_STRUCTURAL = frozenset({codes.TOO_DEEP, codes.MULTI_DOCUMENT, codes.SCALAR_TOO_LONG})

_NOKEY = object()
_DUPLICATE = object()


@dataclass(frozen=True, slots=True)
class _Mark:
    """A 0-based position, as libyaml's marks give it."""

    line: int
    column: int
    index: int = 0


def _parent_indent(stack: list[list[Any]]) -> int:
    """The column of the innermost block collection (-1 at the top level)."""
    for frame in reversed(stack):
        start = frame[5]
        if not start.flow_style:
            return int(start.start_mark.column)
    return -1


_EXPLAINS = frozenset({"EAF102", "EAF104", "EAF105", "EAF106", "EAF121", "EAF122"})
"""Restrictions that explain a libyaml error on their line: libyaml reads tabs, directives and
anchor names otherwise than YAML 1.2, and a file using them is refused for that."""


def compose_text(text: str, rel: str, *, limits: Limits, track: bool) -> ParsedYaml:
    """Compose one decoded file (`eaf.load.yaml.parse_text`). Never raises for bad input."""
    most = limits.max_same_code_per_file
    parsed, failed = _parse(text, rel, prepare(text, rel, most=most), limits, track)
    if failed and has_marker(text):
        # Document markers and directives decide what libyaml must read (a file that is only
        # comments, the first of two documents): looked at only when libyaml failed, or met a
        # second document, so the common file never pays for it.
        prepared = prepare(text, rel, documents=True, most=most)
        parsed, _ = _parse(text, rel, prepared, limits, track)
    return parsed


def _parse(
    text: str, rel: str, prepared: Prepared, limits: Limits, track: bool
) -> tuple[ParsedYaml, bool]:
    """The file read as prepared, and whether libyaml failed or met a second document."""
    if prepared.empty:
        return ParsedYaml(None, prepared.diagnostics, {} if track else None), False
    ptext = prepared.text if prepared.cut is None else prepared.text[: prepared.cut]
    make = _Composer if prepared.restore is None else _RestoringComposer
    composer = make(rel, limits, track, ptext, prepared.restore)
    data: Any = None
    failed = False
    parser = _Parser(ptext) if _Parser is not None else yaml.SafeLoader(ptext)
    try:
        data = composer.compose(parser)
    except _Abort:
        data = None
        composer.broken = True
        failed = any(d.code == codes.MULTI_DOCUMENT.id for d in composer.diags)
    except yaml.YAMLError as exc:
        from eaf.load.failures import syntax_diagnostics  # only a file with an error needs it

        failed = True
        explained = {
            d.location.line
            for d in (*prepared.diagnostics, *composer.diags)
            if d.code in _EXPLAINS and d.location is not None
        }
        composer.diags += syntax_diagnostics(exc, ptext, rel, explained)
        composer.broken = True
        data = None
    except RecursionError:  # pragma: no cover - the composer is iterative; kept as a guard
        composer.diags.append(codes.TOO_DEEP("nesting too deep", Location(rel, 1, 1)))
        composer.broken = True
    finally:
        dispose: Callable[[], None] | None = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    if not composer.broken and checks.glued_comment_candidates(ptext, after="[{,"):
        for index, message in checks.glued_comments(ptext, _Parser):
            line, col = composer.at(index, _Mark(0, 0, 0))
            composer.diags.append(
                codes.YAML_SYNTAX(
                    f"invalid YAML: {message}", Location(rel, line, col, line, col + 1)
                )
            )
    diags = [*prepared.diagnostics, *composer.diags]
    if prepared.cut is not None:
        composer.broken = True
    positions = composer.positions
    if prepared.added_break:
        diags, positions = _clamp(text, diags, positions)
    diags.sort(key=lambda d: (d.location.line, d.location.col) if d.location else (0, 0))
    return ParsedYaml(data, diags, positions, composer.broken), failed


def _clamp(
    text: str, diags: list[Diagnostic], positions: dict[Path_, Position] | None
) -> tuple[list[Diagnostic], dict[Path_, Position] | None]:
    """Places on the line break added at the end of the text moved to the end of its last line."""
    last = len(BREAK.split(text))
    end = (last, len(BREAK.split(text)[-1]) + 1)

    def fix(line: int, col: int) -> tuple[int, int]:
        return end if line > last else (line, col)

    out = []
    for d in diags:
        loc = d.location
        if loc is not None and (loc.line > last or (loc.end_line or 0) > last):
            line, col = fix(loc.line, loc.col)
            end_line, end_col = (
                fix(loc.end_line, loc.end_col or 1) if loc.end_line else (None, None)
            )
            out.append(replace(d, location=Location(loc.path, line, col, end_line, end_col)))
        else:
            out.append(d)
    if positions is not None:
        for path, p in list(positions.items()):
            if max(p[0], p[2], p[4], p[6]) > last:
                positions[path] = (
                    *fix(p[0], p[1]),
                    *fix(p[2], p[3]),
                    *(fix(p[4], p[5]) if p[4] else (0, 0)),
                    *fix(p[6], p[7]),
                )
    return out, positions
