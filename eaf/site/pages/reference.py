"""The reference pages, generated from eaf's own code so they never drift from it: diagnostic
codes, the selector language, the model schema and the command line. Their body is the code's
English (its messages, docstrings, schema descriptions and --help); each page says so."""

from __future__ import annotations

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
        out.append(
            f"| `{c.id}` | `{c.slug}` | {severity} | {safe.text(c.summary)} | {safe.text(c.hint)} |"
        )
    return "\n".join(out) + "\n"


def selectors_page(lang: str) -> str:
    """The selector reference, from the selector module's own documentation."""
    lines = (eaf.select.__doc__ or "").replace("``", "`").splitlines()
    out = _head(lang, "site.reference.selectors")
    for i, line in enumerate(lines):
        if set(line.strip()) == {"-"} and i > 0 and lines[i - 1].strip():
            out[-1] = f"## {lines[i - 1].strip()}"
            continue
        out.append(line.replace(":class:", ""))
    return "\n".join(out) + "\n"


def schema_page(lang: str, schema: Mapping[str, Any]) -> str:
    """Every shape of a model file and its fields, from the JSON Schema."""
    out = _head(lang, "site.reference.schema", "site.reference.schema.intro")
    out += [f"## {tr(lang, 'site.reference.schema.file')}", ""]
    out += header(lang, "col.section", "col.description")
    for name, prop in schema.get("properties", {}).items():
        out.append(f"| `{name}` | {safe.text(prop.get('description', ''))} |")
    for name, definition in sorted(schema.get("$defs", {}).items()):
        props = definition.get("properties")
        out += ["", f"## {name}", "", safe.text(definition.get("description", "")), ""]
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
            description = safe.text(prop.get("description", ""))
            out.append(f"| `{field_name}` | {mark} | {description} |")
    return "\n".join(out) + "\n"


def cli_page(lang: str, helps: Mapping[str, str]) -> str:
    out = _head(lang, "site.reference.cli", "site.reference.cli.intro")
    for command, text in sorted(helps.items()):
        out += [f"## `{command}`", "", "```text", text.rstrip(), "```", ""]
    return "\n".join(out) + "\n"
