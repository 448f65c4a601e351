"""Rebuilding the site in seconds: a page is rendered again only when what it is made from
has changed.

A page's key is a digest of its Markdown and of what every page shares: the site's
configuration, its navigation, eaf's code and theme, and the versions of mkdocs and its theme
(a hand-written page's key adds the list of pages it may link to). Each build leaves a manifest
for its output folder in the cache's `page` bucket: every page's key and its entries in the
search index. The next build into that folder renders only the pages whose key differs (or
whose output is gone) and takes the others' search entries from the manifest, so a one-line
model edit re-renders the pages it touches and nothing else; the theme's 404 page is written
again only when the environment changed.

A page whose diagrams changed but not its text (its Markdown with each drawing as a mark: a
description edit redraws the tooltips of every diagram showing the element) is not rendered
again: its last output is the theme's page around its content, which holds each drawing as it
is (eaf.site.mkdocs_plugin puts them back), so the new drawings are put in the old ones'
places (`redrawn`). Only where that is sure: the theme reads a page's content as text put in
whole and never otherwise (`content_put_in_whole`), the last output is the very bytes that
build wrote (their digest is in the manifest), and no drawing holds what the page's later
passes would change in it (`drawings_inert`). Pure: no mkdocs here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from eaf.cache import Cache, content_key, fingerprint
from eaf.site.theme import THEME_DIR

BUCKET = "page"
#: Packages whose version changes what a page renders to.
RENDERERS = ("mkdocs", "mkdocs-material", "markdown")

#: A search-index entry as mkdocs-material writes it (location, title, text, …).
Entry = dict[str, Any]


@dataclass(slots=True)
class Manifest:
    """What the last build wrote into one output folder."""

    keys: dict[str, str] = field(default_factory=dict)
    """Page (its source path, posix) → its key."""
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    """Page → its entries in the search index, in order."""
    env: str = ""
    """The build's environment (`environment`): what the theme's own pages (404.html) are
    made from."""
    texts: dict[str, str] = field(default_factory=dict)
    """Page with drawings → the key of its text (`page_key` of its Markdown with marks)."""
    slots: dict[str, list[list[int]]] = field(default_factory=dict)
    """Page with drawings → where each of its drawings is in its output (start, end)."""
    outputs: dict[str, str] = field(default_factory=dict)
    """Page with drawings → the digest of its output's bytes."""
    whole: bool = False
    """Whether the theme of `env` puts a page's content in whole (`content_put_in_whole`)."""


def digest(*parts: str | bytes) -> str:
    """A short digest of these parts, in order (no eaf fingerprint: see `environment`)."""
    return content_key(*parts, versioned=False)


def environment(config_files: Iterable[Path], nav: Sequence[tuple[str, str]], *extra: str) -> str:
    """What every page of a build shares: the configuration files' bytes, the navigation
    (title and address of each entry), eaf's code and theme, the renderers' versions and any
    `extra` setting (the language, the date)."""
    parts: list[str | bytes] = [fingerprint(), *extra]
    for path in config_files:
        parts += [path.as_posix(), _read(path)]
    for path in sorted(p for p in THEME_DIR.rglob("*") if p.is_file()):
        parts += [path.relative_to(THEME_DIR).as_posix(), _read(path)]
    for name in RENDERERS:
        try:
            parts.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name} missing")
    for title, url in nav:
        parts += [title, url]
    return digest(*parts)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def page_key(env: str, text: str | bytes, links: str = "") -> str:
    """A page's key: the build's environment, the page's source and (hand-written pages) the
    digest of the pages it may link to."""
    return digest(env, text, links)


def _slot(site_dir: Path) -> str:
    return hashlib.blake2b(str(site_dir.resolve()).encode(), digest_size=20).hexdigest()


def load_manifest(cache: Cache, site_dir: Path) -> Manifest | None:
    """The manifest of the last complete build into `site_dir`, if it can be trusted."""
    raw = cache.get(BUCKET, _slot(site_dir))
    if not isinstance(raw, dict):
        return None
    keys, entries, env = raw.get("keys"), raw.get("entries"), raw.get("env", "")
    if not isinstance(keys, dict) or not isinstance(entries, dict) or not isinstance(env, str):
        return None
    texts, slots, outputs = raw.get("texts"), raw.get("slots"), raw.get("outputs")
    if not isinstance(texts, dict) or not isinstance(slots, dict) or not isinstance(outputs, dict):
        texts, slots, outputs = {}, {}, {}  # drawings are not put in: pages are rendered
    return Manifest(keys, entries, env, texts, slots, outputs, raw.get("whole") is True)


def save_manifest(cache: Cache, site_dir: Path, manifest: Manifest | None) -> None:
    """Record the build just finished (None: forget it, while a build is under way)."""
    value = (
        None
        if manifest is None
        else {
            "keys": manifest.keys,
            "entries": manifest.entries,
            "env": manifest.env,
            "texts": manifest.texts,
            "slots": manifest.slots,
            "outputs": manifest.outputs,
            "whole": manifest.whole,
        }
    )
    cache.put(BUCKET, _slot(site_dir), value)


def unchanged(manifest: Manifest | None, page: str, key: str, output: Path) -> bool:
    """Whether the last build wrote this page from the same inputs and its output is still
    there: then it need not be rendered again."""
    return (
        manifest is not None
        and manifest.keys.get(page) == key
        and page in manifest.entries
        and output.is_file()
    )


#: The theme's pages that depend on nothing but the build's environment (the navigation, the
#: configuration, the theme): written again only when it changed. Not the sitemap: its dates
#: are the build's.
THEME_PAGES = ("404.html",)


def unchanged_theme_pages(manifest: Manifest | None, env: str, site_dir: Path) -> list[str]:
    """The theme's pages the last build wrote from this very environment, still there."""
    if manifest is None or not manifest.env or manifest.env != env:
        return []
    return [name for name in THEME_PAGES if (site_dir / name).is_file()]


def stale_outputs(manifest: Manifest | None, now: Iterable[str], site_dir: Path) -> list[Path]:
    """The outputs of pages the last build wrote that this build no longer has."""
    if manifest is None:
        return []
    gone = set(manifest.keys).difference(now)
    return sorted(site_dir / _output(page) for page in gone)


def _output(page: str) -> str:
    return page.rsplit(".", 1)[0] + ".html"


def merged_entries(
    pages: Sequence[str], fresh: Mapping[str, list[Entry]], manifest: Manifest | None
) -> dict[str, list[Entry]]:
    """Every page's search entries, in the pages' order: those rendered now, the others as
    the last build indexed them."""
    old = manifest.entries if manifest is not None else {}
    return {page: fresh[page] if page in fresh else old.get(page, []) for page in pages}


#: Fields eaf adds to the theme's search index, and their weights beside the theme's own
#: (title 1000, text 1): a page's name without diacritics, a unit's own name (without
#: "Phường", "Thành phố"…), its parent unit's name without diacritics and with them. Tuned
#: on the shipped model with the theme's own search worker: "Thu Dau Mot" finds the city,
#: then its wards; "Hiep Thanh" finds Phường Hiệp Thành (tests/test_site_pages.py). No field
#: may be called `parent`: the theme's search worker keeps a section's page under that key.
FIELDS = {"fold": 1000.0, "exact": 2000.0, "place": 2000.0, "parent_name": 1000.0}


def add_terms(entries: list[Entry], url: str, search: Mapping[str, Any] | None) -> list[Entry]:
    """The page's entries with its search terms (the page's `search` front matter, from
    eaf.site.pages) on the entry of the page itself."""
    for entry in entries:
        if entry.get("location") == url:
            for name in FIELDS:
                value = (search or {}).get(name)
                if isinstance(value, str) and value:
                    entry[name] = value
    return entries


#: How mkdocs-material's templates read a page's content: put in whole ("{{ page.content }}"),
#: and asked whether it has a heading of its own (partials/content.html). A drawing never holds
#: "<h1" (`drawings_inert`), so new drawings give the same answer.
_CONTENT_READS = ("{{ page.content }}", '{% if "\\u003ch1" not in page.content %}')


def content_put_in_whole(template_dirs: Iterable[Path]) -> bool:
    """Whether every template of the theme reads a page's content only as `_CONTENT_READS`
    do (then a page's output is the same around its content, whatever its drawings)."""
    for folder in template_dirs:
        for path in _templates(folder):
            text = _read(path).decode("utf-8", "replace")
            if text.count("page.content") != sum(text.count(read) for read in _CONTENT_READS):
                return False
    return True


def _templates(folder: Path) -> Iterable[Path]:
    for path in sorted(folder.rglob("*.html")):
        if not any(part.startswith(".") for part in path.relative_to(folder).parts):
            yield path


#: What the page's later passes change in its HTML (eaf's marks on drawings, the theme's
#: search attributes: eaf.site.mkdocs_plugin) and what the theme asks of its content.
_NOT_IN_DRAWINGS = ("data-search-", "<h1", "EAFDRAWING")


def drawings_inert(drawings: Iterable[str]) -> bool:
    """Whether these drawings hold nothing the page's later passes or the theme would read."""
    return not any(mark in drawing for drawing in drawings for mark in _NOT_IN_DRAWINGS)


def slots_of(output: str, drawings: Sequence[str]) -> list[list[int]] | None:
    """Where each drawing is in the page's output, in order; None if one is not there."""
    slots: list[list[int]] = []
    at = 0
    for drawing in drawings:
        start = output.find(drawing, at)
        if start < 0:
            return None
        at = start + len(drawing)
        slots.append([start, at])
    return slots


def redrawn(
    manifest: Manifest | None, page: str, text_key: str, drawings: Sequence[str], old: bytes
) -> tuple[bytes, list[list[int]]] | None:
    """The page's last output (`old`) with its drawings replaced by these, and where they
    are now: when the last build wrote this page from the same text (`text_key`) and these
    very bytes, with as many drawings, none of them holding what would make a difference
    (`drawings_inert`). None otherwise: the page is rendered."""
    if manifest is None or manifest.texts.get(page) != text_key:
        return None
    slots = manifest.slots.get(page)
    if slots is None or len(slots) != len(drawings) or manifest.outputs.get(page) != digest(old):
        return None
    try:
        text = old.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not drawings_inert([*drawings, *(text[a:b] for a, b in slots)]):
        return None
    out: list[str] = []
    now: list[list[int]] = []
    done = size = 0
    for (start, end), drawing in zip(slots, drawings, strict=True):
        if not done <= start <= end <= len(text):
            return None
        out.append(text[done:start])
        size += start - done
        now.append([size, size + len(drawing)])
        out.append(drawing)
        size += len(drawing)
        done = end
    out.append(text[done:])
    # As mkdocs writes a page (mkdocs.commands.build._build_page).
    return "".join(out).encode("utf-8", errors="xmlcharrefreplace"), now
