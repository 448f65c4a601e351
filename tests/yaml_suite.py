"""The YAML test suite (tests/yaml_test_suite/cases.json, MIT) run through eaf's loader.

Each case gets one verdict:

- ``loaded``: a valid case, loaded to exactly the data the suite expects (its JSON; its event
  tree where it has no JSON);
- ``restricted``: a valid case refused, every error located and coded as one of eaf's documented
  restrictions (anchors, tags, several documents, non-text keys...), never as a syntax error;
- ``rejected``: an invalid case refused, every error located;
- ``accepted-invalid``, ``misread`` (a valid case loaded to other data, or refused as if it
  were not YAML), ``unlocated`` (a diagnostic without a place inside the text), ``crashed``:
  the failures.

Used by tests/test_yaml_suite.py and benchmarks/yaml_suite.py.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eaf.load.yaml import parse_text

CASES_FILE = Path(__file__).parent / "yaml_test_suite" / "cases.json"

#: eaf's restrictions on valid YAML: each names what a model file may not use.
RESTRICTIONS = frozenset(
    {
        "EAF102",  # a tab at the start of a line
        "EAF103",  # several documents
        "EAF104",  # anchors
        "EAF105",  # aliases
        "EAF106",  # explicit tags
        "EAF107",  # duplicate keys
        "EAF109",  # a number with a leading zero
        "EAF110",  # infinities and NaN
        "EAF115",  # control characters, also written as escapes
        "EAF121",  # keys that are not text (null, numbers, collections)
        "EAF122",  # directives other than %YAML 1.2
        "EAF123",  # rare forms libyaml reads otherwise than YAML 1.2 (named in the message)
        "EAF201",  # a top level that is not a mapping
    }
)
FAILURES = ("accepted-invalid", "misread", "unlocated", "crashed")
VERDICTS = ("loaded", "restricted", "rejected", *FAILURES)


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    name: str
    fail: bool
    yaml: str
    tree: str | None
    json: str | None


def cases() -> list[Case]:
    raw = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    return [Case(c["id"], c["name"], c["fail"], c["yaml"], c["tree"], c["json"]) for c in raw]


# The YAML 1.2 core schema, written out here independently of eaf's own typing.
_CORE = (
    (re.compile(r"null|Null|NULL|~|"), lambda s: None),
    (re.compile(r"true|True|TRUE"), lambda s: True),
    (re.compile(r"false|False|FALSE"), lambda s: False),
    (re.compile(r"[-+]?[0-9]+"), int),
    (re.compile(r"0o[0-7]+"), lambda s: int(s[2:], 8)),
    (re.compile(r"0x[0-9a-fA-F]+"), lambda s: int(s[2:], 16)),
    (re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"), float),
    (re.compile(r"[-+]?\.(inf|Inf|INF)"), lambda s: -math.inf if s[0] == "-" else math.inf),
    (re.compile(r"\.(nan|NaN|NAN)"), lambda s: math.nan),
)
_EVENT_ESCAPES = {"\\\\": "\\", "\\b": "\b", "\\n": "\n", "\\r": "\r", "\\t": "\t", "\\0": "\0"}


def _core(text: str) -> Any:
    for pattern, make in _CORE:
        if pattern.fullmatch(text):
            return make(text)
    return text


def from_tree(tree: str) -> list[Any]:
    """The documents an event tree describes, plain scalars typed by the core schema. Keys
    that are not text (collections) make the case one eaf refuses: they raise TypeError."""
    documents: list[Any] = []
    stack: list[list[Any]] = []  # [container, pending key or _NO]

    def add(value: Any) -> None:
        if not stack:
            documents.append(value)
            return
        frame = stack[-1]
        if isinstance(frame[0], list):
            frame[0].append(value)
        elif frame[1] is _NO:
            hash(value)
            frame[1] = value
        else:
            frame[0][frame[1]] = value
            frame[1] = _NO

    for line in tree.splitlines():
        event = line.strip()
        head, _, rest = event.partition(" ")
        if head in ("+MAP", "+SEQ"):
            stack.append([{} if head == "+MAP" else [], _NO])
        elif head in ("-MAP", "-SEQ"):
            add(stack.pop()[0])
        elif head == "=VAL":
            while rest[:1] in ("&", "<"):  # an anchor or a tag comes before the value
                rest = rest.split(" ", 1)[1] if " " in rest else ""
            style, text = rest[:1], rest[1:]
            text = re.sub(r"\\[\\bnrt0]", lambda m: _EVENT_ESCAPES[m.group()], text)
            add(_core(text) if style == ":" else text)
        elif head == "=ALI":
            add(None)  # aliases are refused by eaf; the value is never compared
    return documents


_NO = object()


def expected_documents(case: Case) -> list[Any] | None:
    """The suite's data for a valid case: its JSON documents, or its event tree's."""
    if case.json is not None:
        text = case.json.strip()
        if not text:
            return [None]
        out, i = [], 0
        decoder = json.JSONDecoder()
        while i < len(text):
            value, i = decoder.raw_decode(text, i)
            out.append(value)
            while i < len(text) and text[i].isspace():
                i += 1
        return out
    if case.tree is not None:
        try:
            return from_tree(case.tree)
        except TypeError:
            return None
    return None


def same(a: Any, b: Any) -> bool:
    """Equal data, types included (True is not 1, "1" is not 1); 1.0 equals 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def located(text: str, line: int | None, col: int | None) -> bool:
    """A place inside the text: on one of its lines (YAML 1.2 line breaks: CR, LF, CRLF), at
    most one column past the line's end."""
    if not line or not col:
        return False
    lines = re.split(r"\r\n|\r|\n", text)
    return 1 <= line <= len(lines) and 1 <= col <= len(lines[line - 1]) + 1


def verdict(case: Case) -> tuple[str, str]:
    """The case's verdict and a one-line reason."""
    parsed = parse_text(case.yaml, "in.yaml")
    tracked = parse_text(case.yaml, "in.yaml", track=True)
    for p in (parsed, tracked):
        for d in p.diagnostics:
            loc = d.location
            if loc is None or not located(case.yaml, loc.line, loc.col):
                return "unlocated", f"{d.code} at {loc}: {d.message}"
    if [str(d) for d in parsed.diagnostics] != [str(d) for d in tracked.diagnostics]:
        return "unlocated", "tracking positions changes the diagnostics"
    errors = [d for d in parsed.diagnostics if d.severity == "error"]
    shown = "; ".join(f"{d.code} {d.location}: {d.message}" for d in errors[:3])
    if case.fail:
        return ("rejected", shown) if errors else ("accepted-invalid", f"loaded {parsed.data!r}")
    if errors:
        if all(d.code in RESTRICTIONS for d in errors):
            return "restricted", shown
        return "misread", f"refused: {shown}"
    expected = expected_documents(case)
    if expected is None or len(expected) != 1:
        return "misread", f"loaded {parsed.data!r}, expected {expected!r}"
    if not same(parsed.data, expected[0]) or not same(tracked.data, expected[0]):
        return "misread", f"loaded {parsed.data!r}, expected {expected[0]!r}"
    return "loaded", ""


def nested_case(case: Case) -> Case | None:
    """The case as the value of a key `k`, two spaces deeper, expecting {"k": its data}. Cases
    with document markers or directives (which live at column 0) or CR line ends are left out."""
    if re.search(r"(?m)^(?:---|\.\.\.|%)", case.yaml) or "\r" in case.yaml:
        return None
    body = "\n".join(f"  {line}" if line else line for line in case.yaml.split("\n"))
    expected = None
    if not case.fail:
        documents = expected_documents(case)
        if documents is not None and len(documents) == 1:
            expected = json.dumps({"k": documents[0]})
    return Case(f"{case.id}~", case.name, case.fail, f"k:\n{body}", None, expected)


def run_all(*, nested: bool = False) -> dict[str, list[tuple[str, str]]]:
    """Every case's verdict: verdict → [(case id, reason)]; with `nested`, the verdicts of the
    cases made the value of a key instead (see nested_case())."""
    out: dict[str, list[tuple[str, str]]] = {v: [] for v in VERDICTS}
    for original in cases():
        case = nested_case(original) if nested else original
        if case is None:
            continue
        try:
            v, why = verdict(case)
        except Exception as exc:  # a crash is a failure of its own, never hidden
            v, why = "crashed", repr(exc)
        out[v].append((case.id, why))
    return out
