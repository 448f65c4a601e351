"""Laying a view out without its tooltips: a tooltip does not move anything in a drawing, but
it holds an element's description, so a one-line description edit used to change the DOT
text (the layout cache's key) of every view that shows the element and run Graphviz again
for each. Here each tooltip in the DOT text is replaced by a token before the layout (so the
cache key is of what places things), and the token is replaced in the SVG by the tooltip as
Graphviz writes it. How Graphviz writes a tooltip is asked of Graphviz itself, once per new
tooltip, in one run of a graph of unplaced nodes (no layout), and kept in the cache's
`tooltip` bucket: the drawing is the bytes Graphviz would write for the whole DOT text
(tests/test_tooltips.py compares them on every view of the shipped model).

Only SVG has tooltips; PNG and DOT are laid out from the DOT text as it is."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from eaf.cache import Cache, content_key
from eaf.render.graphviz import GraphvizError, Runner

BUCKET = "tooltip"
#: A tooltip's value in DOT text (eaf writes every attribute as a quoted string).
_TOOLTIP = re.compile(r'(?<![\w])tooltip="([^"\\]*(?:\\.[^"\\]*)*)"')
#: The mark that stands for the n-th distinct tooltip of a view: letters, digits and `_`
#: only, so Graphviz writes it as it is; the closing `_` keeps EAFTIP1_ from starting EAFTIP12_.
_MARK = "EAFTIP{}_"
_MARKS = re.compile(rb"EAFTIP(\d+)_")
_TITLE = re.compile(rb'xlink:title="([^"]*)"')


@dataclass(frozen=True, slots=True)
class Masked:
    """A view's DOT text with its tooltips replaced by tokens, and the tooltips (as DOT
    strings, in the tokens' order)."""

    dot: str
    tips: tuple[str, ...]


def mask(dot: str) -> Masked | None:
    """The DOT text with each non-empty tooltip as a token; None when there is nothing to
    mask or the text already holds something that looks like a token."""
    if "EAFTIP" in dot:
        return None
    tips: dict[str, int] = {}

    def token(found: re.Match[str]) -> str:
        tip = found.group(1)
        if not tip:  # an empty tooltip is written differently from any token: keep it
            return found.group(0)
        number = tips.setdefault(tip, len(tips))
        return f'tooltip="{_MARK.format(number)}"'

    masked = _TOOLTIP.sub(token, dot)
    return Masked(masked, tuple(tips)) if tips else None


def unmask(svg: bytes, tips: tuple[str, ...], written: Mapping[str, bytes]) -> bytes | None:
    """The SVG with each token replaced by its tooltip as Graphviz writes it; None when a
    token is not known (then the view is laid out from its own DOT text)."""
    if not all(tip in written for tip in tips):
        return None
    failed = False

    def back(found: re.Match[bytes]) -> bytes:
        nonlocal failed
        number = int(found.group(1))
        if number >= len(tips):
            failed = True
            return found.group(0)
        return written[tips[number]]

    out = _MARKS.sub(back, svg)
    return None if failed else out


#: A token in a drawing cleaned by eaf.site.safe.drawing: a group's title (element text) or a
#: link's aria-label (attribute), the two places a link's tooltip is kept.
_CLEANED_MARKS = re.compile(r'(>EAFTIP(\d+)_<|="EAFTIP(\d+)_")')


def unmask_drawing(cleaned: str, tips: tuple[str, ...], written: Mapping[str, bytes]) -> str | None:
    """A drawing cleaned (eaf.site.safe.drawing) from the SVG with tokens, with each token
    replaced by its tooltip as the drawing cleaned from the SVG with tooltips would hold it:
    the tooltip as an XML parser reads Graphviz's attribute, written back as ElementTree
    writes a text and an attribute. A description edit changes no layout: the cleaned drawing
    with tokens is the cache's, and the tooltips go in without parsing the SVG again. None
    when that cannot be sure (an unknown token, a tooltip read as empty, which cleaning
    would have dropped, a token somewhere else): then the SVG is cleaned as it is."""
    if not all(tip in written for tip in tips):
        return None
    forms: list[tuple[str, str]] = []
    for tip in tips:
        try:
            value = ET.fromstring(b'<t v="' + written[tip] + b'"/>').get("v")  # noqa: S314
        except ET.ParseError:
            return None
        if not value:
            return None
        element = ET.Element("t", v=value)
        element.text = value
        text = ET.tostring(element, encoding="unicode")  # <t v="attribute">text</t>
        attribute, _, rest = text.removeprefix('<t v="').partition('">')
        forms.append((attribute, rest.removesuffix("</t>")))
    failed = False

    def back(found: re.Match[str]) -> str:
        nonlocal failed
        number = int(found.group(2) or found.group(3))
        if number >= len(forms):
            failed = True
            return found.group(0)
        attribute, text = forms[number]
        return f">{text}<" if found.group(2) else f'="{attribute}"'

    out = _CLEANED_MARKS.sub(back, cleaned)
    return None if failed or "EAFTIP" in _CLEANED_MARKS.sub("", cleaned) else out


def written_tips(
    tips: Iterable[str], cache: Cache, runner: Runner, version: str
) -> dict[str, bytes]:
    """Each tooltip (a DOT string) as Graphviz writes it in SVG: from the cache, the others
    from one run of Graphviz. A tooltip Graphviz could not be asked about is left out."""
    key = content_key(BUCKET, version, versioned=False)
    kept = cache.get(BUCKET, key)
    table: dict[str, bytes] = kept if isinstance(kept, dict) else {}
    wanted = sorted(set(tips).difference(table))
    if not wanted:
        return table
    learned = _ask(wanted, runner)
    if learned:
        table = {**table, **learned}
        cache.put(BUCKET, key, table)
    return table


def _ask(tips: list[str], runner: Runner) -> dict[str, bytes]:
    """How Graphviz writes each tooltip: a graph of one node per tooltip, each at a given
    place (no layout to compute), with a link so the tooltip is written."""
    lines = ["digraph eaf {", '  graph [layout="neato"];']
    lines += [
        f'  n{i} [pos="0,{i}!", shape="point", URL="x", tooltip="{tip}"];'
        for i, tip in enumerate(tips)
    ]
    lines.append("}")
    try:
        svg = runner.render("\n".join(lines) + "\n", "svg")
    except GraphvizError:
        return {}
    titles = _TITLE.findall(svg)
    if len(titles) != len(tips):
        return {}
    return dict(zip(tips, titles, strict=True))
