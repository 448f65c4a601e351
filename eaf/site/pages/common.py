"""What every page needs: the site's input, element names and links, diagrams, table headers,
model values shown by their labels, and the page title.

Escaping: model text enters a page through eaf.site.safe exactly once, where it is written
(safe.text, a link's label, a code span); catalogue text (eaf.i18n) is eaf's own Markdown and
goes in as it is, or through safe.attr where it enters raw HTML."""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from eaf.analysis.analyse import Analysis
from eaf.analysis.results import KpiPoint
from eaf.i18n import ENUMERATED_FIELDS, field_label, kpi_status_label, tr, value_label
from eaf.model import Element, Model, exists_at
from eaf.site import safe
from eaf.site.pages import diagrams
from eaf.spec import KIND_OF_SECTION
from eaf.views.defs import view_defs

KIND_ORDER = list(KIND_OF_SECTION.values())

#: Fields whose values are selectors (shown as code, as written); a rule's target and via too.
SELECTOR_FIELDS = frozenset(
    {
        "applies_to",
        "by",
        "condition",
        "exclude",
        "include",
        "population",
        "rank_same",
        "require",
        "select",
        "units",
    }
)
_RULE_SELECTORS = frozenset({"target", "via"})


@dataclass(slots=True)
class SiteInput:
    model: Model
    graph: nx.MultiDiGraph
    analysis: Analysis | None
    svgs: Mapping[str, bytes] = field(default_factory=dict)
    """Diagram stem → SVG bytes rendered with '@@ROOT@@' link placeholders."""
    schema: Mapping[str, Any] | None = None
    """The model-file JSON Schema, for the reference page."""
    cli_help: Mapping[str, str] = field(default_factory=dict)
    """Command → its --help text, for the command-line reference."""
    lang: str = "vi"
    """vi or en: the language of the generated text."""
    date: str | None = None
    """The date the site shows the architecture at (its baseline's, or `--at`); element pages
    show names, fields, relations and states as they are then."""
    kpi_history: Mapping[str, list[KpiPoint]] = field(default_factory=dict)
    """Each KPI's values at the plateaus and as reported, in date order."""
    drawings: Mapping[str, str] = field(default_factory=dict)
    """Diagram stem → its SVG as safe.drawing cleaned it (kept in the cache: cleaning every
    diagram again would cost a one-edit rebuild a third of its time); stems not here are
    cleaned when drawn."""
    all_pages_up_to: int | None = None
    """A model of more elements is summarised (eaf.toml's ``[site] all_pages_up_to``): see
    `has_page`. None: every element has its page."""
    memo: dict[tuple[str, ...], Any] = field(default_factory=dict, repr=False, compare=False)
    """What is worked out once per date: elements as shown (see `shown`), their relations."""

    def shown(self, element_id: str, date: str | None = None) -> Element | None:
        """The element as a page shows it on `date` (default: the site's date): its dated
        changes up to then applied, its name included; on the last day it existed when it has
        ended by then, on the first day it exists when it has not begun (see `alive_on`)."""
        element = self.model.elements.get(element_id)
        when = date or self.date
        if element is None or when is None:
            return element
        key = ("shown", when, element_id)
        found: Element | None = self.memo.get(key)
        if found is None:
            found = self.memo[key] = element.at(alive_on(element, when))
        return found


Warn = Callable[[str], None]


def alive_on(element: Element, date: str) -> str:
    """The day nearest `date` on which the element is part of the architecture: `date`
    itself when it exists then; else the last day it existed (it has ended), else the first
    day it exists (it is planned); `date` when it never exists."""
    if exists_at(element, date):
        return date
    lifecycle = element.spec.lifecycle
    dates = sorted({d for _, d in lifecycle.phases() if d}) if lifecycle is not None else []
    for begun in reversed([d for d in dates if d <= date]):
        last = (dt.date.fromisoformat(begun) - dt.timedelta(days=1)).isoformat()
        if exists_at(element, last):
            return last
    return next((d for d in dates if d > date and exists_at(element, d)), date)


def page_day(inp: SiteInput, element: Element) -> str | None:
    """The day an element's page shows it on (None: the site has no date): the site's date
    or, when it does not exist then, the nearest day it does (`alive_on`). In a summarised
    site, that nearest day is a plateau's on which it exists, when there is one: a large
    model's elements begin and end on hundreds of days, and each day costs a graph."""
    if inp.date is None:
        return None
    day = alive_on(element, inp.date)
    if day == inp.date or not summarised(inp):
        return day
    near = dt.date.fromisoformat(day).toordinal()
    plateaus = [p.date for p in inp.model.plateaus() if exists_at(element, p.date)]
    return min(
        plateaus, key=lambda d: (abs(dt.date.fromisoformat(d).toordinal() - near), d), default=day
    )


@functools.lru_cache(maxsize=65536)
def fold(value: str) -> str:
    """Vietnamese without diacritics (Thủ Dầu Một → Thu Dau Mot), for search and sorting
    (asked of the same names again and again: remembered)."""
    value = value.replace("Đ", "D").replace("đ", "d")
    return "".join(
        c for c in unicodedata.normalize("NFD", value) if unicodedata.category(c) != "Mn"
    )


def sort_key(element: Element) -> tuple[str, str]:
    """Elements in the order of their Vietnamese names, read without diacritics."""
    return fold(element.spec.name).lower(), element.id


def name(lang: str, element: Element) -> str:
    """An element's name in the site's language (the Vietnamese name when it has no other)."""
    if lang == "en" and element.spec.name_en:
        return element.spec.name_en
    return element.spec.name


def root(page: str) -> str:
    """The way back from ``page`` to the site's top folder."""
    return "../" * page.count("/")


def page_link(from_page: str, element_id: str) -> str:
    return f"{root(from_page)}elements/{element_id}.md"


#: In a summarised site, the kinds whose elements have no page of their own: there are
#: thousands of each, alike, and each is counted on its province's page instead.
SUMMARISED_KINDS = frozenset({"service", "data", "interconnection"})
#: The references followed up to an element's province: its parent or owner, an
#: interconnection's source system, a procedure's portal.
_UP = ("parent", "owner", "from_", "portal")


def summarised(inp: SiteInput) -> bool:
    """Whether the site summarises: the model has more than ``all_pages_up_to`` elements."""
    return inp.all_pages_up_to is not None and len(inp.model) > inp.all_pages_up_to


def has_page(inp: SiteInput, element_id: str) -> bool:
    """Whether an element has a page of its own: every element, but in a summarised site the
    commune-level units (and what belongs to them) and the elements of `SUMMARISED_KINDS`."""
    element = inp.model.elements.get(element_id)
    if element is None:
        return False
    if not summarised(inp):
        return True
    if element.kind in SUMMARISED_KINDS:
        return False
    return not (element.kind == "organization" and element.spec.__dict__.get("level") == "commune")


def province_of(inp: SiteInput, element_id: str) -> str | None:
    """The province-level organisation an element belongs to (following parents, owners,
    an interconnection's source and a procedure's portal up), or None."""
    table: dict[str, str | None] | None = inp.memo.get(("provinces",))
    if table is None:
        table = inp.memo["provinces",] = {}
    if element_id in table:
        return table[element_id]
    seen: list[str] = []
    found: str | None = None
    current: str | None = element_id
    while current is not None and current not in seen:
        if current in table:
            found = table[current]
            break
        seen.append(current)
        element = inp.model.elements.get(current)
        if element is None:
            break
        values = element.spec.__dict__
        if element.kind == "organization" and values.get("level") == "province":
            found = current
            break
        current = next((str(values[k]) for k in _UP if values.get(k)), None)
    for walked in seen:
        table[walked] = found
    return found


def page_of(inp: SiteInput, element_id: str) -> str | None:
    """The page that shows an element: its own, else (summarised) its province's; None when
    it has neither."""
    if has_page(inp, element_id):
        return f"elements/{element_id}.md"
    province = province_of(inp, element_id)
    return f"elements/{province}.md" if province is not None else None


def elink(inp: SiteInput, page: str, element_id: str, date: str | None = None) -> str:
    """A Markdown link to an element's page (in a summarised site, to its province's page
    when it has none), labelled with its name on `date` (default: the site's date); the name
    alone when that page is this one or there is none."""
    element = inp.shown(element_id, date)
    label = safe.text(name(inp.lang, element) if element else element_id)
    if not summarised(inp):
        return f"[{label}]({page_link(page, element_id)})"
    target = page_of(inp, element_id)
    if target is None or target == page:
        return label
    return f"[{label}]({root(page)}{target})"


def diagram(inp: SiteInput, page: str, stem: str) -> str:
    """The diagram ``stem`` in its viewer (eaf.site.pages.diagrams); nothing when not drawn."""
    data = inp.svgs.get(stem)
    if data is None:
        return ""
    return diagrams.figure(
        inp.lang, root(page), stem, data, diagram_title(inp, stem), cleaned=inp.drawings.get(stem)
    )


def diagram_title(inp: SiteInput, stem: str) -> str:
    """What a diagram shows, in words: its element's name for a context diagram, else its
    view's name ('muc/<plateau>/<view>' is the view at a plateau: with the plateau's name)."""
    parts = stem.split("/")
    if parts[0] == "context":
        element = inp.shown(parts[-1])
        return name(inp.lang, element) if element else parts[-1]
    views = inp.memo.get(("views",))
    if views is None:  # asked for every diagram of every page: worked out once
        views = inp.memo["views",] = {d.spec.id: d.spec for d in view_defs(inp.model)}
    view = views.get(parts[-1])
    title = (view.name_en if inp.lang == "en" and view.name_en else view.name) if view else stem
    plateau = inp.model.elements.get(parts[1]) if parts[0] == "muc" and len(parts) == 3 else None
    return f"{title} — {name(inp.lang, plateau)}" if plateau is not None else title


def header(lang: str, *keys: str) -> list[str]:
    """A Markdown table's header row and rule, its columns named by message id."""
    return ["| " + " | ".join(tr(lang, k) for k in keys) + " |", "|" + "---|" * len(keys)]


def code(text: str) -> str:
    """Data (a selector, an id) as a Markdown code span: shown as written, on one line."""
    text = " ".join(text.split())
    fence = "`" * (max((len(r) for r in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def amount(value: float | None, unit: str) -> str:
    """A KPI's figure with its unit, as a person writes it: 90.6%, 12 thủ tục; '—' for none."""
    if value is None:
        return "—"
    if not unit:
        return f"{value:g}"
    return f"{value:g}{'' if unit == '%' else ' '}{safe.text(unit)}"


def chip(lang: str, status: str | None, *, target: float | None) -> str:
    """A KPI's status as a coloured chip with its word (never colour alone). A KPI without a
    status says why: it has no target (a rank that is only followed), or no value yet."""
    if status is None:
        word, why = (
            (tr(lang, "site.kpis.no-target"), tr(lang, "site.kpis.no-target.why"))
            if target is None
            else (tr(lang, "site.kpis.no-data"), tr(lang, "site.kpis.no-data.why"))
        )
        word, why = safe.attr(word), safe.attr(why)
        return f'<span class="eaf-chip eaf-chip-none" title="{why}">{word}</span>'
    word = safe.attr(kpi_status_label(lang, status))
    return f'<span class="eaf-chip eaf-chip-{safe.attr(status)}">{word}</span>'


def yes_no(lang: str, value: bool | None) -> str:
    """Có / không, or '—' when the model does not know."""
    if value is None:
        return "—"
    return tr(lang, "word.yes") if value else tr(lang, "word.no")


def is_selector(kind: str, field_name: str) -> bool:
    return field_name in SELECTOR_FIELDS or (kind == "rule" and field_name in _RULE_SELECTORS)


def is_enumerated(kind: str, field_name: str) -> bool:
    # An organisation's type is Vietnamese already ('phường', 'sở'): shown as written.
    return field_name in ENUMERATED_FIELDS and not (kind == "organization" and field_name == "type")


def cell(inp: SiteInput, page: str, kind: str, field_name: str, value: Any) -> str:
    """A value of a field of an element of ``kind`` (as JSON data) as Markdown: references as
    links, closed sets by their labels, selectors as code, yes/no, the rest as text."""
    lang = inp.lang
    if isinstance(value, list):
        return ", ".join(cell(inp, page, kind, field_name, v) for v in value) or "—"
    if isinstance(value, dict):
        if field_name == "properties":  # the model's own keys
            pairs = [(safe.text(k), cell(inp, page, kind, "", v)) for k, v in value.items()]
        else:
            pairs = [(field_label(lang, k), cell(inp, page, kind, k, v)) for k, v in value.items()]
        return "; ".join(f"{k}: {v}" for k, v in pairs)
    if value is None:
        return "—"
    if isinstance(value, bool):
        return yes_no(lang, value)
    if is_selector(kind, field_name):
        return code(str(value))
    if is_enumerated(kind, field_name):
        return value_label(lang, field_name, value)
    if isinstance(value, str) and value in inp.model.elements:
        return elink(inp, page, value)
    return safe.text(value)


def with_title(
    page: str, search: Mapping[str, str | float] | None = None, hide: tuple[str, ...] = ()
) -> str:
    """Front matter with the page's title HTML-escaped: mkdocs themes print titles unescaped
    (in <title>, the nav, search results). The heading is Markdown whose model text went
    through safe.text, so unescaping it gives the title's text back, escaped here once.
    `search`: how search finds the page (eaf.site.rebuild adds these fields to the theme's
    index); by default, by its title without diacritics. ``hide``: parts of the theme's page
    left out ('toc': a diagram's page has no sections, and its diagram takes the room)."""
    first = page.split("\n", 1)[0]
    if not first.startswith("# "):
        return page
    title = html.unescape(first[2:])
    terms = dict(search) if search is not None else {"fold": fold(title)}
    if terms.get("fold") == title:
        del terms["fold"]
    matter = f"title: {json.dumps(html.escape(title, quote=True), ensure_ascii=False)}\n"
    if hide:
        matter += "hide:\n" + "".join(f"  - {part}\n" for part in hide)
    if terms:
        matter += "search:\n" + "".join(
            f"  {key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in terms.items()
        )
    return f"---\n{matter}---\n\n{page}"


def scopes(inp: SiteInput, page: str, given: list[dict[str, Any]]) -> str:
    """A deployment or offer scope, one selector a line: what it selects, what it leaves
    out, from when and until when (the units themselves are under Relations, by place)."""
    lang, lines = inp.lang, []
    for scope in given:
        said = [code(str(scope["select"]))]
        if scope.get("except"):
            left = ", ".join(elink(inp, page, x) for x in scope["except"])
            said.append(f"{field_label(lang, 'except').lower()} {left}")
        for edge in ("since", "until"):
            if scope.get(edge):
                said.append(f"{field_label(lang, edge).lower()} {scope[edge]}")
        lines.append(" — ".join(said))
    return "<br>".join(lines) or "—"


def table_box(lang: str, placeholder: str, rows: list[str]) -> list[str]:
    """A Markdown table the reader can filter (the box above it) and sort (its headings):
    eaf.js does both; without scripts it is a plain table."""
    hint = safe.attr(tr(lang, placeholder))
    label = safe.attr(tr(lang, "site.table.filter_label"))
    return [
        '<div class="eaf-table" markdown="1">',
        f'<input class="eaf-filter" type="search" placeholder="{hint}" aria-label="{label}">',
        "",
        *rows,
        "",
        "</div>",
    ]
