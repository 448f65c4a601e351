"""What reviewers read on the built sites of the shipped model (`eaf site build`, and
`--lang en`): text escaped exactly once, no English on the Vietnamese site and no Vietnamese
on the English one, model data aside.

The check reads each page as a browser shows it (the HTML parser decodes references once).
Model data is taken out first: names, descriptions, sources, every free-text value, as the
page shows them. What is left is eaf's own text. Code spans are data too (ids, selectors,
paths), and the reference pages generated from the code (codes, selectors, schema, command
line) are English by design: each says so in Vietnamese."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from eaf.config import load_config
from eaf.graph import element_json
from eaf.i18n import CATALOGUE, ENUMERATED_FIELDS
from eaf.model import Model
from eaf.pipeline import load_project
from eaf.site import safe
from eaf.site.pages.common import fold, is_selector
from eaf.spec.elements import OrgType

REPO = Path(__file__).resolve().parent.parent
#: Pages that are not generated text: written by hand in site/, the theme's, and the reference
#: pages whose body is the code's own English.
NOT_GENERATED = {
    "404.html",
    "gioi-thieu.html",
    "cach-doc.html",
    "chinh-sua-mo-hinh.html",
    "ci.html",
    "xuat-nhap.html",
    "tham-chieu/ma-loi.html",
    "tham-chieu/bo-chon.html",
    "tham-chieu/luoc-do.html",
    "tham-chieu/dong-lenh.html",
}
#: Families of message ids whose last part is a value as the model or eaf writes it.
RAW_FAMILIES = ("kind.", "field.", "value.", "edge.", "state.", "kpi.status.", "gap.", "layer.")
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_WORD = re.compile(r"[\w\-]+")
_ID = re.compile(r"(?<![\w-])[a-z0-9]+(?:-[a-z0-9]+)*(?![\w-])")


class Visible(HTMLParser):
    """The text a reader sees: text nodes and the attributes shown as tooltips or read aloud.
    With ``article``, only the page's content (not the theme's navigation); code, scripts and
    the SVG's own <title> ids are left out."""

    def __init__(self, *, article: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.article = article
        self.depth = 0  # inside <article>
        self.skip = 0  # inside code, pre, script, style or an SVG <title>
        self.chunks: list[str] = []

    def _on(self) -> bool:
        return (self.depth > 0 or not self.article) and self.skip == 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        if tag in ("code", "pre", "script", "style", "title"):
            self.skip += 1
        if self._on():
            for name, value in attrs:
                if name in ("title", "aria-label", "placeholder", "alt") and value:
                    # A diagram node's tooltip is its kind, then its name and description
                    # (model text, cut short): the kind is eaf's.
                    self.chunks.append(value.split(": ", 1)[0] if tag == "a" else value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        if tag in ("code", "pre", "script", "style", "title"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self._on():
            self.chunks.append(data)


def visible(html: str, *, article: bool) -> str:
    parser = Visible(article=article)
    parser.feed(html)
    return " ".join(" ".join(parser.chunks).split())


def pages(site: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix(), path.read_text(encoding="utf-8")


def generated(site: Path) -> Iterator[tuple[str, str]]:
    for rel, html in pages(site):
        if rel not in NOT_GENERATED:
            yield rel, visible(html, article=True)


# --- model data, as the pages show it -----------------------------------------------------------


@cache
def model() -> Model:
    loaded = load_project(load_config(REPO), use_cache=False)
    assert loaded.model is not None
    return loaded.model


def _strings(kind: str, field: str, value: Any) -> Iterator[str]:
    """Free text in a field's value: not ids, selectors or values of a closed set (those are
    shown by eaf's labels, or as code)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if field == "properties":
                yield key
            yield from _strings(kind, "" if field == "properties" else key, item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(kind, field, item)
    elif isinstance(value, str):
        closed = field in ENUMERATED_FIELDS and value not in {str(t) for t in OrgType}
        if not (closed or is_selector(kind, field) or value in model().elements):
            yield value


@cache
def model_text() -> tuple[str, ...]:
    """Every model text as a page shows it, longest first (so a name inside a longer text
    is taken out with it)."""
    found: set[str] = {str(t) for t in OrgType}  # Vietnamese types, shown as written
    for element in model():
        found |= {element.spec.name, fold(element.spec.name), element.spec.name_en or ""}
        for field, value in element_json(element).items():
            if field == "description":
                found.add(visible(safe.description(value), article=False))
            elif field not in ("id", "name", "name_en"):
                found |= set(_strings(element.kind, field, value))
    texts = {" ".join(t.split()) for t in found} - {""}
    return tuple(sorted(texts, key=lambda t: (-len(t), t)))


def without_model_text(text: str) -> str:
    for data in model_text():
        if data in text:
            text = text.replace(data, " ¦ ")
    return text


# --- what must not be there ---------------------------------------------------------------------


def _ascii_words(text: str) -> set[str]:
    text = re.sub(r"\{\w*\}", " ", text)  # placeholders are no words of either language
    return {w.lower() for w in _WORD.findall(text) if w.isascii() and len(w) > 1}


@cache
def english() -> frozenset[str]:
    """Words that are eaf's English, never its Vietnamese: the catalogue's English words and
    every value as the model writes it (province, public-service-portal, security_level…),
    less the words the Vietnamese texts use too (LGSP, KPI…)."""
    raw = {
        key.removeprefix(family).removesuffix(".plural").split(".")[-1].lower()
        for key in CATALOGUE
        for family in RAW_FAMILIES
        if key.startswith(family)
    }
    words = raw.union(*(_ascii_words(t["en"]) for t in CATALOGUE.values()))
    vietnamese = set().union(*(_ascii_words(t["vi"]) for t in CATALOGUE.values()))
    return frozenset(words - vietnamese)


def english_on(text: str) -> list[str]:
    """eaf's English words in the text (a value such as public-service-portal counts whole
    and by its parts)."""
    found = set()
    for word in _WORD.findall(without_model_text(text)):
        parts = {word.lower(), *re.split(r"[-_]", word.lower())}
        if word.isascii() and parts & english():
            found.add(word)
    return sorted(found)


def vietnamese_on(text: str) -> list[str]:
    left = without_model_text(text)
    return sorted(
        {
            w
            for w in _WORD.findall(left)
            if any(c in "đĐ" or (c.isalpha() and unicodedata.normalize("NFD", c) != c) for c in w)
        }
    )


@cache
def element_ids() -> frozenset[str]:
    return frozenset(e.id for e in model())


@cache
def catalogue_words(lang: str) -> frozenset[str]:
    """The words eaf's own text uses in a language: an id spelt like one of them ("data",
    the data layer's id, and "provincial data centre") is a word there, not an id."""
    return frozenset().union(*(_ascii_words(t[lang]) for t in CATALOGUE.values()))


def raw_ids_on(text: str, lang: str = "vi") -> list[str]:
    """Element ids shown as values, where the reader should see a name (ids belong in code,
    which the check leaves out)."""
    left = without_model_text(text)
    words = catalogue_words(lang)
    return sorted({w for w in _ID.findall(left) if w in element_ids() and w not in words})


def double_escaped(html: str) -> list[str]:
    """References still visible after the browser decoded the page once: text escaped twice."""
    return sorted(set(_ENTITY.findall(visible(html, article=False))))


# --- the checks ---------------------------------------------------------------------------------


def test_the_checks_can_fail() -> None:
    """What the old site showed is caught (so a clean site means something)."""
    assert english_on("Cấp province · Phân loại public-service-portal") == [
        "province",
        "public-service-portal",
    ]
    assert english_on("security_level: 2; Trạng thái vòng đời: gone") == ["gone", "security_level"]
    # 'to' is Vietnamese too ('Phóng to', zoom in): not a word only English has.
    assert english_on("does not conform to rule") == ["conform", "does", "not", "rule"]
    assert english_on(model().elements["lgsp-binh-duong"].spec.name) == []
    assert vietnamese_on("Status: không đạt") == ["không", "đạt"]
    assert vietnamese_on(f"Owner: {model().elements['so-tttt'].spec.name}") == []
    assert raw_ids_on("Lớp applications; đơn vị chủ quản: so-tttt") == ["applications", "so-tttt"]
    assert raw_ids_on("Hosting provincial data centre; owner so-tttt", "en") == ["so-tttt"]
    twice = "<p>People&amp;#x27;s &amp;amp; &amp;quot;</p>"
    assert double_escaped(twice) == ["#x27", "amp", "quot"]
    assert double_escaped("<p>People&#x27;s &amp; &quot;q&quot;</p>") == []


def test_no_english_on_the_vietnamese_site(shipped_site: Path) -> None:
    found = {rel: w for rel, text in generated(shipped_site) if (w := english_on(text))}
    assert found == {}


def test_no_vietnamese_on_the_english_site(shipped_site_en: Path) -> None:
    found = {rel: w for rel, text in generated(shipped_site_en) if (w := vietnamese_on(text))}
    assert found == {}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_raw_id_is_shown_as_a_value(lang: str, request: pytest.FixtureRequest) -> None:
    site = request.getfixturevalue("shipped_site" if lang == "vi" else "shipped_site_en")
    found = {rel: ids for rel, text in generated(site) if (ids := raw_ids_on(text, lang))}
    assert found == {}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_text_is_escaped_twice(lang: str, request: pytest.FixtureRequest) -> None:
    site = request.getfixturevalue("shipped_site" if lang == "vi" else "shipped_site_en")
    found = {rel: refs for rel, html in pages(site) if (refs := double_escaped(html))}
    assert found == {}


def test_the_frame_of_the_vietnamese_site_is_vietnamese(shipped_site: Path) -> None:
    """The header, navigation and footer around every page: the theme leaves some of its
    words in English whatever the site's language ("Made with", "Initializing search")."""
    found: dict[str, list[str]] = {}
    for rel, html in pages(shipped_site):
        if rel in NOT_GENERATED:  # their tables of contents list the code's English terms
            continue
        frame = visible(html, article=False).replace(visible(html, article=True), " ")
        # Whole words (Vietnamese ones whole too, so none is cut at a diacritic into an
        # English-looking piece), then those of the theme's English interface.
        words = {w.lower() for w in re.findall(r"\w+", frame) if w.isascii()}
        if english := sorted(words & _THEME_ENGLISH):
            found[rel] = english
    assert found == {}


#: Words of the theme's English interface (mkdocs-material's en.html, and what its vi.html
#: leaves in English), as a reader meets them. Not "to", "than" or "no": Vietnamese words too.
_THEME_ENGLISH = frozenset(
    {"made", "with", "initializing", "search", "skip", "content", "back", "top", "clear"}
    | {"share", "copy", "previous", "next", "table", "contents", "type", "start", "searching"}
    | {"matching", "documents", "more", "tabs", "contributors", "metadata", "rss", "feed"}
)
