"""`eaf init`: the files of a new province project, from the templates shipped in the package.

`scaffold(name)` is pure: every file as {posix path: bytes}; `create` writes them at the edge,
refusing a folder that is not empty and never writing over an existing file. The project
validates, checks, renders and builds its site as it is, so a newcomer starts from something
that works and edits it.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from eaf.fsio import write_new
from eaf.schema import render_schemas

MODEL_SCHEMA = "schemas/eaf-model.schema.json"
MAX_NAME = 120
#: Template files stored under another name: packaging tools skip dot-files.
RENAMED = {"gitignore": ".gitignore"}
_TOKEN = re.compile(r"\{\{(province|province_lower)\}\}")
#: Common nouns that open a province's name and are lower-cased inside a sentence
#: ("Kiến trúc Chính quyền điện tử tỉnh Mẫu").
_COMMON_NOUNS = ("Tỉnh ", "Thành phố ")
#: Unicode categories YAML and TOML read as line breaks (besides the control characters).
_LINE_BREAKING = ("Zl", "Zp")


class NameProblem(ValueError):
    """The province name cannot be used (empty, too long, a control character)."""


def default_name(folder: str) -> str:
    """The province's name guessed from its folder: 'tinh-ha-nam' → 'Tỉnh Ha Nam'. Diacritics
    cannot be guessed, so `eaf init` says which name it used and how to give another."""
    words = [w for w in re.split(r"[\s_\-.]+", unicodedata.normalize("NFC", folder)) if w]
    if words and words[0].lower() in ("tinh", "tỉnh"):
        words = words[1:]
    return "Tỉnh " + (" ".join(w[:1].upper() + w[1:] for w in words) or "Mới")


def check_name(name: str) -> str:
    """The name, NFC-normalised and trimmed; NameProblem when it cannot be used."""
    name = unicodedata.normalize("NFC", name).strip()
    if not name:
        raise NameProblem("the province name is empty")
    if len(name) > MAX_NAME:
        raise NameProblem(f"the province name is longer than {MAX_NAME} characters")
    if any(
        unicodedata.category(ch) in _LINE_BREAKING or unicodedata.category(ch)[0] == "C"
        for ch in name
    ):
        raise NameProblem("the province name holds a control character (a line break, a tab)")
    if "<" in name or ">" in name:
        # The theme prints site_name unescaped into every page.
        raise NameProblem("the province name holds '<' or '>'")
    return name


def in_sentence(name: str) -> str:
    """'Tỉnh Mẫu' → 'tỉnh Mẫu'; a name without a leading common noun is kept."""
    return name[0].lower() + name[1:] if name.startswith(_COMMON_NOUNS) else name


def scaffold(name: str) -> dict[str, bytes]:
    """Every file of a new project for the province `name`, sorted by path."""
    name = check_name(name)
    values = {"province": name, "province_lower": in_sentence(name)}
    out: dict[str, bytes] = {}
    for rel, text in _templates(files("eaf") / "templates" / "project", ""):
        body = _fill(text, values, yaml=rel.endswith((".yaml", ".yml")))
        if rel.startswith("models/") and rel.endswith(".yaml"):
            body = _schema_line(rel) + body
        out[RENAMED.get(rel, rel)] = body.encode("utf-8")
    for schema, text in render_schemas().items():
        out[f"schemas/{schema}"] = text.encode("utf-8")
    return dict(sorted(out.items()))


def _templates(folder: Traversable, prefix: str) -> Iterator[tuple[str, str]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        rel = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _templates(entry, rel + "/")
        else:
            yield rel, entry.read_text(encoding="utf-8")


def _fill(text: str, values: dict[str, str], *, yaml: bool) -> str:
    """Replace the {{tokens}} in one pass. In YAML they stand inside double-quoted scalars,
    so what ends or escapes one is escaped."""

    def value(match: re.Match[str]) -> str:
        raw = values[match.group(1)]
        return raw.replace("\\", "\\\\").replace('"', '\\"') if yaml else raw

    return _TOKEN.sub(value, text)


def _schema_line(rel: str) -> str:
    """The editor's schema line, relative to the file: models/a.yaml → ../schemas/…"""
    target = posixpath.relpath(MODEL_SCHEMA, posixpath.dirname(rel))
    return f"# yaml-language-server: $schema={target}\n"


#: Entries that do not make a folder "not empty": a fresh `git init` is a fine place to start.
IGNORED = frozenset({".git"})


class InitRefused(Exception):
    """`eaf init` will not write here; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Created:
    """What `eaf init` wrote, and the files it found and left as they were."""

    written: list[str]
    kept: list[str]


def entries(directory: Path) -> list[str]:
    """What is already in the folder (sorted; folders end with '/'), ignoring IGNORED."""
    if not directory.is_dir():
        return []
    return sorted(
        p.name + ("/" if p.is_dir() else "") for p in directory.iterdir() if p.name not in IGNORED
    )


def create(directory: Path, files: dict[str, bytes], *, force: bool) -> Created:
    """Write the project's files into `directory`: refused when it is not empty (unless
    `force`), and never over an existing file."""
    if directory.exists() and not directory.is_dir():
        raise InitRefused(f"{directory} exists and is not a folder")
    in_the_way = entries(directory)
    if in_the_way and not force:
        shown = ", ".join(in_the_way[:10]) + (
            f" and {len(in_the_way) - 10} more" if len(in_the_way) > 10 else ""
        )
        raise InitRefused(
            f"{directory} is not empty: {shown}\nnothing was written; use an empty or new "
            "folder, or --force to write only the files that do not exist yet (no existing "
            "file is overwritten)"
        )
    created = Created([], [])
    for rel, data in files.items():
        try:
            done = write_new(directory / rel, data)
        except OSError as exc:
            before = (
                f" ({len(created.written)} files were written before)" if created.written else ""
            )
            raise InitRefused(
                f"cannot write {directory / rel}: {exc.strerror or exc}{before}"
            ) from None
        (created.written if done else created.kept).append(rel)
    return created
