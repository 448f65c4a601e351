"""Field types shared by every element: ids, references, dates, links, sources, lifecycles."""

from __future__ import annotations

import ast
import datetime as dt
import functools
import inspect
import itertools
import re
import sys
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic import (
    Strict as PydanticStrict,
)
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
URL_SCHEMES = ("https://", "http://", "mailto:")
NAME_MAX = 200
DESCRIPTION_SOFT_MAX = 20_000


def new_list() -> list[Any]:
    """An empty list, as a field's default. pydantic inspects the signature of every default
    factory when it builds a shape; a plain function's is read ten times faster than
    `list`'s, which counts on start-up."""
    return []


def new_dict() -> dict[str, Any]:
    """An empty dict, as a field's default (see `new_list`)."""
    return {}


# Enumerations accept their text values (strict mode would demand enum instances).
LAX = PydanticStrict(False)


class Strict(BaseModel):
    """Base of every shape: typos are errors, YAML values are never coerced.

    Start-up matters (`eaf validate` runs on every save): a shape's validator is built when it
    is first used, not when its class is defined (`defer_build`), and the docstrings under the
    fields become their descriptions (as pydantic's `use_attribute_docstrings` would) from one
    parse of each module, not one source lookup per class.
    """

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        populate_by_name=True,
        defer_build=True,
    )

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        docs = attribute_docstrings(cls.__module__).get(cls.__qualname__, {})
        for name, info in cls.__pydantic_fields__.items():
            if info.description is None and name in docs:
                info.description = docs[name]


@functools.cache
def attribute_docstrings(module: str) -> dict[str, dict[str, str]]:
    """Per class of a module (by qualified name), the docstring written under each field:
    a string expression right after an annotated assignment in the class's own body."""
    path = getattr(sys.modules.get(module), "__file__", None)
    if path is None:
        return {}
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    found: dict[str, dict[str, str]] = {}

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef):
                name = f"{prefix}{node.name}"
                found[name] = _docstrings_of(node)
                visit(node.body, f"{name}.")

    visit(tree.body, "")
    return found


def _docstrings_of(node: ast.ClassDef) -> dict[str, str]:
    docs: dict[str, str] = {}
    for before, after in itertools.pairwise(node.body):
        if (
            isinstance(before, ast.AnnAssign)
            and isinstance(before.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[before.target.id] = inspect.cleandoc(after.value.value)
    return docs


@dataclass(frozen=True, slots=True)
class RefTo:
    """Marks a field as a reference to elements of the given kinds (empty: any kind)."""

    kinds: tuple[str, ...]
    acyclic: bool = False


@dataclass(frozen=True, slots=True)
class SelectorText:
    """Marks a field as selector text, parsed and checked when the model is resolved."""


ElementId = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=100),
    Field(examples=["so-tttt", "lgsp-binh-duong"]),
]
Slug = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=100)]


def _one_line(value: str) -> str:
    """Names are one line of text: no line break (also NEL, LS, PS) and no control character,
    which would break every heading, table row and label they are shown in."""
    if value.isprintable():  # the usual name: every character NOT_IN_A_LINE finds is not
        return value
    bad = NOT_IN_A_LINE.search(value)
    if bad is not None:
        char = bad.group()
        what = "a line break" if char in _BREAKS else "a control character"
        raise PydanticCustomError(
            "one_line",
            "{what} ({char}) is not allowed in a name",
            {"what": what, "char": describe_char(char), "offset": bad.start()},
        )
    return value


#: Control characters (Unicode Cc) and the line and paragraph separators (Zl, Zp).
NOT_IN_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: Bidirectional controls and characters that show nothing (zero-width, soft hyphen, BOM).
INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_BREAKS = frozenset("\n\r\x85\u2028\u2029")


def describe_char(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE': a character by its code point and its Unicode name."""
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "")
    return f"U+{ord(char):04X} {name}".rstrip()


_CONTROL_NAMES = {"\t": "TAB", "\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\x85": "NEXT LINE"}

Name = Annotated[
    str,
    StringConstraints(min_length=1, max_length=NAME_MAX),
    AfterValidator(_one_line),
    # Editors flag a line break in a name too (pydantic gives its own error, placed at it).
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "maxLength": NAME_MAX,
            "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$",
        }
    ),
]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=1000)]
Markdown = Annotated[str, StringConstraints(max_length=2_000_000)]
Selector = Annotated[
    str,
    StringConstraints(min_length=1, max_length=2000),
    SelectorText(),
    Field(examples=["kind:organization,level:commune", "kind:system,layer:applications"]),
]


_REF = StringConstraints(min_length=1, max_length=100)
# References by id, each to elements of the kinds named in its RefTo.
AnyRef = Annotated[str, _REF, RefTo(())]
OrgRef = Annotated[str, _REF, RefTo(("organization",))]
ParentOrgRef = Annotated[str, _REF, RefTo(("organization",), acyclic=True)]
ActorRef = Annotated[str, _REF, RefTo(("actor",))]
ChannelRef = Annotated[str, _REF, RefTo(("channel",))]
SystemRef = Annotated[str, _REF, RefTo(("system",))]
PartOfSystemRef = Annotated[str, _REF, RefTo(("system", "platform"), acyclic=True)]
DataRef = Annotated[str, _REF, RefTo(("data",))]
PlatformRef = Annotated[str, _REF, RefTo(("platform",))]
HostRef = Annotated[str, _REF, RefTo(("infrastructure", "platform"))]
EndpointRef = Annotated[
    str,
    _REF,
    RefTo(("system", "data", "platform", "infrastructure", "organization", "actor", "channel")),
]
LayerRef = Annotated[str, _REF, RefTo(("layer",))]
ReferenceModelRef = Annotated[str, _REF, RefTo(("reference_model",))]
CategoryRef = Annotated[str, _REF, RefTo(("category",))]
PlateauRef = Annotated[str, _REF, RefTo(("plateau",))]
FrameworkRef = Annotated[str, _REF, RefTo(("framework",))]
ViewRef = Annotated[str, _REF, RefTo(("view",), acyclic=True)]


_DATE = re.compile(DATE_PATTERN)


def _check_date(value: str) -> str:
    if not _DATE.fullmatch(value):
        raise PydanticCustomError(
            "invalid_date", "'{value}' is not a date written YYYY-MM-DD", {"value": value}
        )
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        # Written as it should be, but no such day: say so, not that the form is wrong.
        year, month = int(value[:4]), int(value[5:7])
        raise PydanticCustomError(
            "invalid_date",
            "'{value}' is not a day of the calendar",
            {"value": value, "year": year, "month": month},
        ) from None
    return value


IsoDate = Annotated[
    str,
    AfterValidator(_check_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN}),
    Field(examples=["2022-04-19"]),
]


def _check_url(value: str) -> str:
    if not value.lower().startswith(URL_SCHEMES) or any(c.isspace() for c in value):
        raise PydanticCustomError(
            "invalid_url",
            "'{value}' is not an https, http or mailto link",
            {"value": value[:80]},
        )
    return value


Url = Annotated[
    str,
    AfterValidator(_check_url),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^(?:[hH][tT][tT][pP][sS]?://|[mM][aA][iI][lL][tT][oO]:)\\S+$",
        }
    ),
]

Scalar = str | int | float | bool


class Link(Strict):
    """A link to a document or page about the element."""

    title: Name
    """What the link points to."""
    url: Url
    """An https, http or mailto URL."""


class SourceStatus(StrEnum):
    """How sure a fact is."""

    CONFIRMED = "confirmed"
    DERIVED = "derived"
    ASSUMED = "assumed"
    UNCERTAIN = "uncertain"


#: Statuses that claim a source: a confirmed or derived fact names the document it rests on.
DOCUMENTED = frozenset({SourceStatus.CONFIRMED, SourceStatus.DERIVED})


class Source(Strict):
    """Where a fact comes from and how sure it is."""

    model_config = ConfigDict(
        json_schema_extra={
            "if": {
                "properties": {"status": {"enum": ["confirmed", "derived"]}},
                "required": ["status"],
            },
            "then": {"required": ["document"]},
        }
    )

    document: ShortText | None = None
    """The decision, plan, article or survey the fact comes from, e.g. 'QĐ 2323/QĐ-BTTTT'.
    Required for confirmed and derived facts."""
    status: Annotated[SourceStatus, LAX]
    """confirmed (stated in the source), derived (computed from confirmed facts), assumed (our
    assumption, to be verified) or uncertain (from a partial or unverified source)."""
    url: Url | None = None
    """A link to the source."""
    note: ShortText | None = None
    """What exactly the source says, or why the fact is assumed."""

    @model_validator(mode="after")
    def _documented(self) -> Source:
        if self.document is None and self.status in DOCUMENTED:
            raise PydanticCustomError(
                "undocumented_source",
                "a {status} fact names the document it comes from",
                {"status": str(self.status)},
            )
        return self


#: The lifecycle phases that start an element's life: it exists from the earliest of them.
#: Phase-out and end of life only say how it ends (an element known only by its phase-out was
#: in use before, from a date not recorded).
START_PHASES = ("plan", "phase_in", "active")


#: The lifecycle's phases, in the order they follow each other.
_PHASES = ("plan", "phase_in", "active", "phase_out", "end_of_life")


class Lifecycle(Strict):
    """Dates on which the element enters each phase; its phase at a date is the latest started."""

    plan: IsoDate | None = None
    """Planned (approved, not yet built)."""
    phase_in: IsoDate | None = None
    """Being introduced (pilot, partial roll-out)."""
    active: IsoDate | None = None
    """In full operation."""
    phase_out: IsoDate | None = None
    """Being replaced or retired."""
    end_of_life: IsoDate | None = None
    """No longer in use."""

    @model_validator(mode="after")
    def _ordered(self) -> Lifecycle:
        # Each dated phase against the one dated before it (a loop over the values: this runs
        # for every lifecycle of the model).
        values = self.__dict__
        a = da = None
        for b in _PHASES:
            db = values[b]
            if db is None:
                continue
            if da is not None and db < da:
                raise PydanticCustomError(
                    "bad_period",
                    "lifecycle phase '{b}' ({db}) is dated before '{a}' ({da})",
                    {"a": a, "b": b, "da": da, "db": db},
                )
            a, da = b, db
        return self

    def start(self) -> str | None:
        """The first day of the element's life (the earliest start phase), None when unknown."""
        return life_start({phase: getattr(self, phase) for phase in START_PHASES})

    def phases(self) -> list[tuple[str, str | None]]:
        return [
            ("plan", self.plan),
            ("phase_in", self.phase_in),
            ("active", self.active),
            ("phase_out", self.phase_out),
            ("end_of_life", self.end_of_life),
        ]


def life_start(lifecycle: Any) -> str | None:
    """The earliest start-phase date of a lifecycle as written (a mapping; None when it names
    none, or is not a mapping)."""
    if not isinstance(lifecycle, dict):
        return None
    dates = [d for phase in START_PHASES if isinstance(d := lifecycle.get(phase), str)]
    return min(dates) if dates else None


class Change(Strict):
    """A dated change to the element's own fields, for values that move over time."""

    date: IsoDate
    """The day the change takes effect."""
    set: dict[str, Any] = Field(min_length=1)
    """The fields and their new values, e.g. {online_level: 4}."""
    note: ShortText | None = None
    """Why or how the change happened."""
    source: Source | None = None
    """Where the change is recorded."""


class Scope(Strict):
    """A set of units or other elements stated once: a selector, minus exceptions, over time."""

    select: Selector
    """Which elements, e.g. 'kind:organization,level:commune'."""
    except_: list[AnyRef] = Field(default_factory=new_list, alias="except")
    """Ids the selector matches that are not included."""
    since: IsoDate | None = None
    """From this date (inclusive)."""
    until: IsoDate | None = None
    """Until this date (exclusive)."""
    source: Source | None = None
    """Where the fact comes from."""

    @model_validator(mode="after")
    def _ordered(self) -> Scope:
        if self.since is not None and self.until is not None and self.until <= self.since:
            raise PydanticCustomError(
                "bad_period",
                "the scope ends ({until}) on or before it starts ({since})",
                {"since": self.since, "until": self.until},
            )
        return self


class Share(StrEnum):
    """How much of an element a successor takes over."""

    FULL = "full"
    PARTIAL = "partial"


class Successor(Strict):
    """An element that takes over when this one ends."""

    id: AnyRef
    """The successor, an element of the same kind."""
    share: Annotated[Share, LAX] = Share.FULL
    """full (it takes over all of it) or partial (a part of it, as in a split)."""
    note: ShortText | None = None
    """What passes on, e.g. 'một phần diện tích và dân số'."""


def _one_successor(value: Any) -> Any:
    # `successors: [xa-moi]` is short for `[{id: xa-moi}]` (a full successor).
    return {"id": value} if isinstance(value, str) else value


SuccessorItem = Annotated[
    Successor, BeforeValidator(_one_successor, json_schema_input_type=AnyRef | Successor)
]


class ElementSpec(Strict):
    """Fields common to every element of the model."""

    id: ElementId
    """Unique id across the whole model: lower-case ASCII, digits and single '-', '_' or '.'."""
    name: Name
    """Name in Vietnamese (with diacritics)."""
    name_en: Name | None = None
    """Name in English."""
    description: Markdown | None = None
    """What the element is, in Markdown (sanitised on output)."""
    tags: list[Slug] = Field(default_factory=new_list)
    """Free labels used by selectors, e.g. 'lgsp', 'pilot'."""
    properties: dict[str, Scalar] = Field(default_factory=new_dict)
    """Free key/values that have no field of their own."""
    owner: OrgRef | None = None
    """The organisation responsible for the element."""
    links: list[Link] = Field(default_factory=new_list)
    """Links to documents or pages about the element."""
    source: Source | None = None
    """Where the facts about this element come from, and how sure they are."""
    sources: dict[str, Source] = Field(default_factory=new_dict)
    """Where single fields come from, when it is not the element's `source`: e.g.
    `{owner: {status: assumed, note: "…"}, security_level: {status: uncertain}}`. A dated
    change, a scope and a reported value carry their own `source`."""
    lifecycle: Lifecycle | None = None
    """Dated phases: plan, phase_in, active, phase_out, end_of_life."""
    changes: list[Change] = Field(default_factory=new_list)
    """Dated changes to this element's fields, in date order."""
    successors: list[SuccessorItem] = Field(default_factory=new_list)
    """The elements that take over when this one ends (its lifecycle's end_of_life): `[xa-moi]`
    when one takes over all of it, `[{id: p-a, share: partial}, {id: p-b, share: partial}]` for
    a split; several elements naming one successor is a merge."""
