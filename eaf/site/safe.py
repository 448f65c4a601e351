"""Model text on a page: escaped as text, or (descriptions) Markdown sanitised with nh3, and SVG
diagrams reduced to an allow-list before they are inlined. Nothing a model says can run."""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as ET

import markdown as md
import nh3

URL_SCHEMES = {"http", "https", "mailto"}
#: Characters that HTML or Markdown would read as syntax, each replaced by a character
#: reference in one pass over the text. (Escaping HTML first and Markdown second turned the
#: '#' of '&#x27;' into '&#35;', and pages showed '&#x27;' where the model says "'".)
_SPECIAL = re.compile(r"[&<>\"'\\`*_{}\[\]()#+\-.!|~]")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}


def text(value: object) -> str:
    """Model text as literal page text: escaped exactly once, for HTML and Markdown alike."""
    return _SPECIAL.sub(lambda m: _HTML.get(m.group()) or f"&#{ord(m.group())};", str(value))


def attr(value: object) -> str:
    return html.escape(str(value), quote=True)


@functools.cache
def _converter() -> md.Markdown:
    """One Markdown converter, reset before each description: making one costs more than
    converting a description, and a site has hundreds."""
    return md.Markdown(extensions=["tables"])


def description(markdown_text: str) -> str:
    """A description's Markdown as sanitised HTML: allow-listed tags, http/https/mailto links."""
    rendered = _converter().reset().convert(markdown_text)
    return nh3.clean(
        rendered,
        tags=set(nh3.ALLOWED_TAGS) - {"img"},  # no images from model text: nothing is fetched
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


SVG_NS = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
_ALLOWED = {
    "svg",
    "g",
    "a",
    "title",
    "path",
    "polygon",
    "polyline",
    "ellipse",
    "text",
    "line",
    "rect",
    "circle",
    "defs",
}
_ATTRS = {
    "width",
    "height",
    "viewBox",
    "class",
    "id",
    "transform",
    "fill",
    "stroke",
    "points",
    "d",
    "cx",
    "cy",
    "rx",
    "ry",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "stroke-width",
    "stroke-dasharray",
    "opacity",
    "fill-opacity",
    "stroke-opacity",
    "target",
    "r",
}


#: Where a drawing's links start: the page's way back to the site's top (`for_page` puts it
#: in), and what its aria-label will be.
ROOT, LABEL = "@@ROOT@@", "@@LABEL@@"


def svg(data: bytes, root: str, label: str | None = None) -> str:
    """A Graphviz SVG reduced to drawing elements and safe attributes, links rewritten from
    the '@@ROOT@@' placeholder to ``root`` (the page's way back to the site's top, a relative
    path: "", "../", …), named by ``label`` (its aria-label)."""
    return for_page(drawing(data), root, label)


def for_page(cleaned: str, root: str, label: str | None = None) -> str:
    """A drawing from `drawing` with its links starting at ``root``, named by ``label``."""
    named = f' aria-label="{_xml_attr(label)}"' if label is not None else ""
    return cleaned.replace(f' aria-label="{LABEL}"', named, 1).replace(ROOT, root)


def _xml_attr(value: str) -> str:
    """An attribute's value escaped as ElementTree escapes it."""
    for raw, ref in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        value = value.replace(raw, ref)
    return value.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


def drawing(data: bytes) -> str:
    """A Graphviz SVG reduced to drawing elements and safe attributes, its links still from
    the '@@ROOT@@' placeholder and its aria-label '@@LABEL@@': the same for every page, so it
    can be cached. A link is kept only if it is http(s) or has no scheme even once the
    placeholder is gone. Graphviz names each node and edge by its DOT id ('n1', 'n1->n2'):
    that title becomes the node's tooltip (what a pointer over it shows), or goes."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK)
    tree = ET.fromstring(data)  # noqa: S314 - our own Graphviz output, not model text
    _titles(tree)

    def clean(element: ET.Element) -> None:
        for child in list(element):
            tag = child.tag.rsplit("}", 1)[-1]
            if tag not in _ALLOWED:
                element.remove(child)
                continue
            clean(child)
        for name in list(element.attrib):
            local = name.rsplit("}", 1)[-1]
            value = element.attrib[name]
            if local == "href":
                del element.attrib[name]
                bare = value.replace(ROOT, "")  # on the home page the root is ""
                if bare.startswith(("http://", "https://")) or not re.match(
                    r"^[a-zA-Z][a-zA-Z0-9+.-]*:", bare
                ):
                    element.set("href", value)
            elif local == "title" and element.tag.endswith("}a"):
                element.set("aria-label", value)
                del element.attrib[name]
            elif local not in _ATTRS:
                del element.attrib[name]

    clean(tree)
    tree.set("aria-label", LABEL)
    return ET.tostring(tree, encoding="unicode")


def _titles(tree: ET.Element) -> None:
    """Each group's <title> (a DOT id) replaced by the tooltip of its link, or removed."""
    title_tag, a_tag = f"{{{SVG_NS}}}title", f"{{{SVG_NS}}}a"
    for group in tree.iter(f"{{{SVG_NS}}}g"):
        title = group.find(title_tag)
        if title is None:
            continue
        link = group.find(f".//{a_tag}")
        tip = link.get(f"{{{XLINK}}}title") if link is not None else None
        if tip:
            title.text = tip
        else:
            group.remove(title)
