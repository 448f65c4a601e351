"""Rebuilding the site in seconds: a page is rendered again only when what it is made from
has changed.

A page's key is a digest of its Markdown and of what every page shares: the site's
configuration, its navigation, eaf's code and theme, and the versions of mkdocs and its theme
(a hand-written page's key adds the list of pages it may link to). Each build leaves a manifest
for its output folder in the cache's `page` bucket: every page's key and its entries in the
search index. The next build into that folder renders only the pages whose key differs (or
whose output is gone) and takes the others' search entries from the manifest, so a one-line
model edit re-renders the pages it touches and nothing else; the theme's 404 page is written
again only when the environment changed. Pure: no mkdocs here.
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
    return Manifest(keys, entries, env)


def save_manifest(cache: Cache, site_dir: Path, manifest: Manifest | None) -> None:
    """Record the build just finished (None: forget it, while a build is under way)."""
    value = (
        None
        if manifest is None
        else {"keys": manifest.keys, "entries": manifest.entries, "env": manifest.env}
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
