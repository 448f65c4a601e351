"""The reference pages, generated from eaf's own code so they never drift from it: diagnostic
codes, the selector language, the model schema and the command line. Their body is the code's
English (its messages, docstrings, schema descriptions and --help); each page says so."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import eaf.select
from eaf.codes import CATALOGUE
from eaf.i18n import tr, value_label
from eaf.site import safe
from eaf.site.pages.common import SiteInput, code, header


def reference_pages(inp: SiteInput) -> dict[str, str]:
    lang = inp.lang
    links = [
        ("site.reference.codes", "ma-loi.md"),
        ("site.reference.selectors", "bo-chon.md"),
        ("site.reference.schema", "luoc-do.md"),
    ]
    if inp.cli_help:
        links.append(("site.reference.cli", "dong-lenh.md"))
    index = [f"# {tr(lang, 'site.reference.title')}", ""]
    index += [f"- [{tr(lang, key)}]({path})" for key, path in links]
    pages = {
        "tham-chieu/index.md": "\n".join(index) + "\n",
        "tham-chieu/ma-loi.md": codes_page(lang),
        "tham-chieu/bo-chon.md": selectors_page(lang),
    }
    if inp.schema is not None:
        pages["tham-chieu/luoc-do.md"] = schema_page(lang, inp.schema)
    if inp.cli_help:
        pages["tham-chieu/dong-lenh.md"] = cli_page(lang, inp.cli_help)
    return pages


#: A Sphinx cross-reference (:func:`x`, :class:`~a.B`): shown as the name alone, as code.
_ROLE = re.compile(r":[a-z]+(?::[a-z]+)?:`(~?)([^`]+)`")


def plain(text: str) -> str:
    """Documentation of the code as a reader's Markdown: Sphinx roles and RST's double
    backticks become code spans."""

    def name(m: re.Match[str]) -> str:
        return f"`{m[2].rsplit('.', 1)[-1] if m[1] else m[2]}`"

    return _ROLE.sub(name, text.replace("``", "`"))


def prose(text: str) -> str:
    """A description from the code as one escaped paragraph (a table cell holds one line):
    its lines joined, its `code` spans kept as code."""
    parts = " ".join(plain(text).split()).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: all of it is text
        return safe.text(" ".join(text.split()))
    return "".join(code(part) if i % 2 else safe.text(part) for i, part in enumerate(parts))


def _head(lang: str, title: str, *lines: str) -> list[str]:
    """The page's title, what it is, and that it comes from the code (hence in English)."""
    out = [f"# {tr(lang, title)}", ""]
    for line in (*lines, "site.reference.english"):
        out += [tr(lang, line), ""]
    return out


def codes_page(lang: str) -> str:
    out = _head(lang, "site.reference.codes", "site.reference.codes.intro")
    out += header(lang, "col.code", "col.slug", "col.severity", "col.meaning", "col.hint")
    for c in CATALOGUE:
        severity = value_label(lang, "severity", c.severity)
        out.append(f"| `{c.id}` | `{c.slug}` | {severity} | {prose(c.summary)} | {prose(c.hint)} |")
    return "\n".join(out) + "\n"


def selectors_page(lang: str) -> str:
    """The selector reference, from the selector module's own documentation (which is
    written for the people who write models: it is this page)."""
    lines = plain(eaf.select.__doc__ or "").splitlines()
    out = _head(lang, "site.reference.selectors")
    for i, line in enumerate(lines):
        if set(line.strip()) == {"-"} and i > 0 and lines[i - 1].strip():
            out[-1] = f"## {lines[i - 1].strip()}"
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def schema_page(lang: str, schema: Mapping[str, Any]) -> str:
    """Every shape of a model file and its fields, from the JSON Schema."""
    out = _head(lang, "site.reference.schema", "site.reference.schema.intro")
    out += [f"## {tr(lang, 'site.reference.schema.file')}", ""]
    out += header(lang, "col.section", "col.description")
    for name, prop in schema.get("properties", {}).items():
        out.append(f"| `{name}` | {prose(prop.get('description', ''))} |")
    for name, definition in sorted(schema.get("$defs", {}).items()):
        props = definition.get("properties")
        out += ["", f"## {name}", "", prose(definition.get("description", "")), ""]
        if not props:
            values = definition.get("enum")
            if values:
                listed = ", ".join(code(str(v)) for v in values)
                out.append(f"{tr(lang, 'site.reference.schema.values')}: {listed}")
            continue
        required = set(definition.get("required", []))
        out += header(lang, "col.field", "col.required", "col.description")
        for field_name, prop in props.items():
            mark = tr(lang, "word.yes") if field_name in required else ""
            description = prose(prop.get("description", ""))
            out.append(f"| `{field_name}` | {mark} | {description} |")
    return "\n".join(out) + "\n"


def cli_page(lang: str, helps: Mapping[str, str]) -> str:
    out = _head(lang, "site.reference.cli", "site.reference.cli.intro")
    for command, text in sorted(helps.items()):
        out += [f"## `{command}`", "", "```text", text.rstrip(), "```", ""]
    return "\n".join(out) + "\n"
