"""The mkdocs plugin, a thin adapter: on each build the pipeline generates eaf's pages, which
are added to the build with eaf's theme layer, so plain `mkdocs build` and `mkdocs serve` work
and a project's mkdocs.yml names only the plugin.

In a dirty build (`eaf site build` and `eaf site serve` make every build one) only the pages
whose key changed are rendered again (eaf.site.rebuild); the search index keeps the others'
entries, and the 404 page stays unless the navigation or configuration changed. Under `serve`
the process keeps the theme's compiled templates, the model files it typed and the diagrams it
read (eaf.cache.keep_in_memory): a rebuild types only the edited file. A page's diagrams are
kept out of the Markdown mkdocs converts and out of what the theme's search parses, and put
back into its HTML: the same bytes, without parsing every tag of every drawing. The theme's
search index gets each page's folded names, leaves drawings out, and is written as a script
too, so search works from a folder (file://) as well as from a server."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader
from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.utils import clean_directory

from eaf.cache import Cache, keep_in_memory
from eaf.i18n import tr
from eaf.report import Report
from eaf.site import rebuild
from eaf.site.theme import POLYFILLS, add_extras, add_theme

log = get_plugin_logger(__name__)
#: Drawings (diagrams, charts) are not text to search: the theme's indexer skips what is marked.
#: So are a diagram viewer's buttons ("+", "Vừa khung"…): the index gets neither.
_DRAWING = re.compile(r'<(svg\b|div class="eaf-diagram__bar")')
#: A diagram's drawing in a generated page (eaf.site.pages.diagrams.figure). Markdown passes
#: the raw HTML around it through as it is, but parses every tag of it on the way: the drawing
#: is kept out of the Markdown mkdocs converts (a mark stands in its place) and put back into
#: the HTML, which is then the same bytes, a third of the time of a page with diagrams.
_CANVAS_OPEN, _CANVAS_CLOSE = '<div class="eaf-diagram__canvas"><svg', "</svg></div></div>"
_HELD = re.compile(r"EAFDRAWING(\d+)Z")
_EXCLUDED = r'<\1 data-search-exclude="drawing"'
#: What the theme's search reads in a drawing's place: nothing, as in the drawing itself.
_STAND_IN = "<svg></svg>"
#: What mkdocs-material's search takes out of a page once it has indexed it (its own pattern).
_SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


class EafConfig(Config):
    lang = c.Choice(("vi", "en"), default="vi")
    at = c.Optional(c.Type(str))  # a date or plateau; `eaf site build --at` sets it


class _Page(File):
    """A page of the site that a dirty build renders only when its key has changed."""

    fresh = True

    def is_modified(self) -> bool:
        return self.fresh


class _Templates(BytecodeCache):
    """Compiled templates kept in memory (never on disk: nothing read back can run)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class _ThemeLoader(FileSystemLoader):
    """The theme's templates, listed without what is under a folder whose name starts with a
    dot. mkdocs lists the theme's files to copy its static ones (`add_files_from_theme`, the
    only caller) and leaves out every path with such a part (its patterns '.*' and '*/.*'):
    mkdocs-material's .icons hold 14,000 of its 14,500 files, each listed and matched
    against a dozen patterns on every build only to be left out. The templates themselves
    load as before."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                for filename in filenames:
                    # As FileSystemLoader.list_templates names a template.
                    template = (
                        os.path.join(dirpath, filename)[len(searchpath) :]
                        .strip(os.path.sep)
                        .replace(os.path.sep, "/")
                    )
                    found.add(template.removeprefix("./"))
        return sorted(found)


def _one_env(theme: Any) -> Callable[[], Any]:
    """The theme's `get_env`, making one environment for the build and the theme's search
    (which asks the theme for its words twice, each time from a new environment compiling
    the language templates again), its loader a `_ThemeLoader` when it is mkdocs' own
    FileSystemLoader. One per list of template folders, should it change."""
    make, made = theme.get_env, {}

    def get_env() -> Any:
        folders = tuple(theme.dirs)
        if folders not in made:
            env = make()
            loader = env.loader
            if type(loader) is FileSystemLoader:
                env.loader = _ThemeLoader(loader.searchpath, loader.encoding, loader.followlinks)
            made[folders] = env
        return made[folders]

    return get_env


class EafPlugin(BasePlugin[EafConfig]):
    # mkdocs keeps one instance across the rebuilds of `mkdocs serve`: state is per build.
    pages: dict[str, str]
    failure: Report | None = None
    """The model's diagnostics when it has errors (`eaf site build` prints them)."""
    serving, dirty, builds, started, root = False, False, 0, 0.0, Path()
    cache = Cache(None)
    manifest: rebuild.Manifest | None = None
    keys: dict[str, str]
    held: dict[str, list[str]]
    """A generated page → the drawings kept out of its Markdown, in order."""
    whole: dict[str, str]
    """A page being built → its HTML with its drawings, while search reads it without."""
    env = ""
    """This build's environment (eaf.site.rebuild.environment)."""
    kept: list[str]
    """The theme's pages this build leaves as the last one wrote them."""
    drawings_aside = True
    """Whether drawings are kept out of Markdown and search (tests compare both ways)."""
    fresh: dict[str, list[rebuild.Entry]]
    marked: dict[str, str]
    """A generated page → its Markdown with each drawing as a mark (what mkdocs converts)."""
    texts: dict[str, str]
    """A page with drawings → the key of its text (eaf.site.rebuild.Manifest.texts)."""
    slots: dict[str, list[list[int]]]
    outputs: dict[str, str]
    redrawn: set[str]
    """The pages whose diagrams only changed: their drawings put in their last output."""
    stats: tuple[int, int, float] = (0, 0, 0.0)
    """Pages written anew (rendered or redrawn), pages in all and seconds taken by the last
    build."""
    _mark = 0
    templates: _Templates

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving, self.dirty, self.builds = command == "serve", dirty, 0
        self.templates = _Templates()
        if self.serving:  # each rebuild types only the files that changed, reads no diagram
            keep_in_memory()

    def on_shutdown(self) -> None:
        if self.serving:
            keep_in_memory(False)

    @event_priority(100)  # before the theme's search asks the theme for its words
    def _theme_first(self, config: Any) -> Any:
        """eaf's templates in the theme, and one environment for the whole build
        (`_one_env`): the search's words are read from the very templates the pages are."""
        add_theme(config.theme.dirs, bool(config.theme.custom_dir))
        config.theme.get_env = _one_env(config.theme)
        return config

    def _on_config(self, config: Any) -> Any:
        from eaf.config import load_config
        from eaf.pipeline import ModelHasErrors, site_pages
        from eaf.pipeline.load import cache_for

        self.started, self.pages, self.failure = time.monotonic(), {}, None
        self.keys, self.fresh, self.held, self.whole, self.kept = {}, {}, {}, {}, []
        self.marked, self.texts, self.slots, self.outputs, self.redrawn = {}, {}, {}, {}, set()
        add_extras(config.extra_css, config.extra_javascript)
        # The theme's words it leaves untranslated (partials/language.html reads them).
        words = {
            "search.result.initializer": tr(self.config.lang, "theme.search.initializer"),
            "footer.made": tr(self.config.lang, "theme.footer.made"),
        }
        config.extra["eaf_words"] = words
        polyfills = config.extra.setdefault("polyfills", [])
        polyfills.extend(p for p in POLYFILLS if p not in polyfills)
        search = _search_plugin(config)
        if search is not None:
            for name, boost in rebuild.FIELDS.items():
                search.config.fields.setdefault(name, {"boost": boost})
        project = load_config(Path(config.config_file_path).parent)
        self.root, self.cache = project.root, cache_for(project, use_cache=True)
        try:
            self.pages = site_pages(
                project, lang=self.config.lang, at=self.config.at, warn=log.warning
            )
        except ModelHasErrors as exc:
            self.failure = exc.report
            raise PluginError(f"the model has errors:\n{exc}") from None
        return config

    on_config = CombinedEvent(_theme_first, _on_config)

    def on_pre_build(self, config: Any) -> None:
        site_dir = Path(config.site_dir)
        incremental = self.dirty and _search_index(config) is not None
        self.manifest = rebuild.load_manifest(self.cache, site_dir) if incremental else None
        if self.dirty and self.manifest is None:
            clean_directory(str(site_dir))  # nothing to build on: start from an empty folder
        rebuild.save_manifest(self.cache, site_dir, None)  # until this build has finished

    def on_files(self, files: Files, config: Any) -> Files:
        for path, text in self.pages.items():
            aside = self.drawings_aside and path.endswith(".md")
            content = _hold(text, self.held.setdefault(path, [])) if aside else text
            self.marked[path] = content
            file = _Page.generated(config, path, content=content)
            if isinstance(file, _Page) and not file.is_documentation_page():
                # A drawing's own file: written only when it differs from the last build's.
                file.fresh = not _same(Path(file.abs_dest_path), text)
            files.append(file)
        for file in list(files.documentation_pages()):  # the hand-written pages
            if not isinstance(file, _Page):
                files.remove(file)
                files.append(
                    _Page(
                        file.src_uri,
                        file.src_dir,
                        file.dest_dir,
                        file.use_directory_urls,
                        inclusion=file.inclusion,
                    )
                )
        return files

    def on_nav(self, nav: Any, config: Any, files: Files) -> Any:
        """Each page's key, and which pages need rendering; the titles of those that do not."""
        for page in nav.pages:
            if page.markdown is None:
                page.read_source(config)
        env = self.env = rebuild.environment(
            _config_files(config), _entries(nav.items), self.config.lang, self.config.at or ""
        )
        pages = [f for f in files.documentation_pages() if isinstance(f, _Page)]
        links = rebuild.digest(*(f.src_uri for f in pages))
        redraw = self._may_redraw(config)
        for file in pages:
            generated = self.pages.get(file.src_uri)
            # A generated page's key is of its whole Markdown, drawings included.
            source = file.content_bytes if generated is None else generated.encode("utf-8")
            key = rebuild.page_key(env, source, "" if generated is not None else links)
            self.keys[file.src_uri] = key
            output = Path(file.abs_dest_path)
            file.fresh = not rebuild.unchanged(self.manifest, file.src_uri, key, output)
            held = self.held.get(file.src_uri)
            if generated is not None and held:
                text = rebuild.page_key(env, self.marked[file.src_uri].encode("utf-8"))
                self.texts[file.src_uri] = text
                if file.fresh and redraw and self._redraw(file.src_uri, text, held, output):
                    file.fresh = False
        for stale in rebuild.stale_outputs(self.manifest, self.keys, Path(config.site_dir)):
            stale.unlink(missing_ok=True)
        return nav

    def _may_redraw(self, config: Any) -> bool:
        """Whether a page whose diagrams only changed may get them put in its last output
        (eaf.site.rebuild.redrawn): with the theme eaf knows (mkdocs-material and eaf's layer,
        no custom_dir), which put a page's content in whole (as the last build found), and no
        plugin but its search and eaf, which could read or change a page's content."""
        manifest = self.manifest
        return (
            manifest is not None
            and manifest.whole
            and manifest.env == self.env
            and self.drawings_aside
            and config.theme.name == "material"
            and not config.theme.custom_dir
            and {name.rsplit("/", 1)[-1] for name in config.plugins} <= {"search", "eaf"}
        )

    def _redraw(self, page: str, text: str, held: list[str], output: Path) -> bool:
        try:
            old = output.read_bytes()
        except OSError:
            return False
        done = rebuild.redrawn(self.manifest, page, text, held, old)
        if done is None:
            return False
        data, self.slots[page] = done
        output.write_bytes(data)
        self.outputs[page] = rebuild.digest(data)
        self.redrawn.add(page)
        return True

    def on_env(self, env: Any, config: Any, files: Files) -> Any:
        if self.serving:  # the theme's templates compiled once per `serve`, not per rebuild
            env.bytecode_cache = self.templates
        # The 404 page shows the navigation only: when nothing it is made from changed, the
        # last build's stays (put back in the list once this build is done).
        site_dir = Path(config.site_dir)
        self.kept = rebuild.unchanged_theme_pages(self.manifest, self.env, site_dir)
        for name in self.kept:
            config.theme.static_templates.discard(name)
        return env

    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str:
        held = self.held.get(page.file.src_uri)
        whole = _DRAWING.sub(_EXCLUDED, _put_back(html, held or []))
        if not held or _search_index(config) is None:  # only mkdocs-material's is known
            return whole
        # The theme's search parses the page's HTML, every tag of every drawing too, only to
        # skip what it holds: it reads each drawing as an empty one, the page gets them back
        # before it is written (`_drawings_back`).
        self.whole[page.file.src_uri] = whole
        return _DRAWING.sub(_EXCLUDED, _put_back(html, [_STAND_IN] * len(held)))

    @event_priority(100)  # before the theme's search indexes the page
    def _index_mark(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        index = _search_index(config)
        self._mark = len(index.entries) if index is not None else 0
        return context

    @event_priority(-100)  # after the theme's search has indexed the page
    def _drawings_back(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        whole = self.whole.pop(page.file.src_uri, None)
        if whole is not None:
            # The theme's search takes its attributes out of the page it has indexed.
            indexed = "data-search-" not in page.content
            page.content = _SEARCH_ATTRIBUTES.sub("", whole) if indexed else whole
        return context

    on_page_context = CombinedEvent(_index_mark, _drawings_back)

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        held = self.held.get(page.file.src_uri)
        if held and rebuild.drawings_inert(held):  # where they are, to be redrawn next time
            written = output.encode("utf-8", errors="xmlcharrefreplace")  # as mkdocs writes it
            slots = rebuild.slots_of(written.decode("utf-8"), held)
            if slots is not None:
                self.slots[page.file.src_uri] = slots
                self.outputs[page.file.src_uri] = rebuild.digest(written)
        index = _search_index(config)
        if index is not None:
            fresh = index.entries[self._mark :]
            terms = page.meta.get("search")
            self.fresh[page.file.src_uri] = rebuild.add_terms(
                fresh, page.url, terms if isinstance(terms, dict) else None
            )
        return output

    @event_priority(100)  # before the theme's search writes its index
    def _index_every_page(self, config: Any) -> None:
        index, site_dir = _search_index(config), Path(config.site_dir)
        pages = list(self.keys)
        if index is not None:
            merged = rebuild.merged_entries(pages, self.fresh, self.manifest)
            index.entries[:] = [entry for entries in merged.values() for entry in entries]
            search = _search_plugin(config)
            if search is not None and hasattr(search, "search_index_prev"):
                search.search_index_prev = None  # the index is whole: nothing to merge into
            manifest = rebuild.Manifest(self.keys, merged, self.env, self.texts)
            self._slots_into(manifest, config)
            rebuild.save_manifest(self.cache, site_dir, manifest)
        config.theme.static_templates.update(self.kept)
        rendered = (
            sum(1 for page in pages if page in self.fresh or page in self.redrawn)
            if index is not None
            else len(pages)
        )
        self.stats = (rendered, len(pages), time.monotonic() - self.started)

    def _slots_into(self, manifest: rebuild.Manifest, config: Any) -> None:
        """Where the drawings are in each page's output: as this build wrote it, or, for a
        page it left as it was, as the last build did."""
        old = self.manifest
        for page in self.texts:
            if page in self.slots:
                manifest.slots[page], manifest.outputs[page] = self.slots[page], self.outputs[page]
            elif old is not None and page not in self.fresh and page in old.slots:
                manifest.slots[page] = old.slots[page]
                manifest.outputs[page] = old.outputs.get(page, "")
        if old is not None and old.env == self.env:
            manifest.whole = old.whole
        else:  # a new theme or configuration: read once what its templates do with content
            manifest.whole = rebuild.content_put_in_whole(Path(d) for d in config.theme.dirs)

    @event_priority(-100)  # after the theme's search has written its index
    def _index_as_script(self, config: Any) -> None:
        """The search index as a script too: from a folder (file://) the theme reads it so."""
        folder = Path(config.site_dir) / "search"
        try:
            data = (folder / "search_index.json").read_text(encoding="utf-8")
        except OSError:
            return
        (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")
        rendered, total, took = self.stats
        if self.serving:
            done = "built" if not self.builds else f"rebuilt {rendered} of"
            log.info(f"{done} {total} pages in {took:.1f} s")
            self.builds += 1

    on_post_build = CombinedEvent(_index_every_page, _index_as_script)

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        server.watch(str(self.root / "models"))
        log.info(f"serving on {server.url} (Ctrl+C stops)")
        return server


def _hold(text: str, held: list[str]) -> str:
    """The page's Markdown with each diagram's drawing replaced by a mark; the drawings are
    added to `held`. A page that already holds something like a mark is left as it is. (Found
    with str.find: a pattern would walk every character of every drawing.)"""
    if "EAFDRAWING" in text:
        return text
    out: list[str] = []
    done = look = 0
    while (at := text.find(_CANVAS_OPEN, look)) >= 0:
        start = at + len(_CANVAS_OPEN) - len("<svg")
        end = text.find(_CANVAS_CLOSE, start)
        if end < 0:
            break
        look = end
        if text[start + 4 : start + 5] not in (" ", ">", "\n"):
            continue
        end += len("</svg>")
        held.append(text[start:end])
        out += [text[done:start], f"EAFDRAWING{len(held) - 1}Z"]
        done = end
    return "".join(out) + text[done:] if out else text


def _put_back(html: str, held: list[str]) -> str:
    """The page's HTML with each mark replaced by the drawing it stands for."""
    return _HELD.sub(lambda mark: held[int(mark.group(1))], html) if held else html


def _same(output: Path, text: str) -> bool:
    """Whether the file already holds exactly this text."""
    try:
        return output.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def _search_plugin(config: Any) -> Any:
    for name, plugin in config.plugins.items():
        if name.rsplit("/", 1)[-1] == "search" and hasattr(plugin, "on_page_context"):
            return plugin
    return None


def _search_index(config: Any) -> Any:
    """The theme's search index being built (mkdocs-material's), if it keeps its entries in a
    list eaf can read; None otherwise (then every page is rendered on every build)."""
    index = getattr(_search_plugin(config), "search_index", None)
    return index if isinstance(getattr(index, "entries", None), list) else None


def _config_files(config: Any) -> list[Path]:
    """mkdocs.yml and the files it inherits from."""
    found: list[Path] = []
    path: Path | None = Path(config.config_file_path)
    while path is not None and path not in found and path.is_file():
        found.append(path)
        inherit = re.search(r"^INHERIT:\s*(\S+)", path.read_text(encoding="utf-8"), re.M)
        path = (path.parent / inherit.group(1).strip("'\"")) if inherit else None
    return found


def _entries(items: Any, depth: int = 0) -> list[tuple[str, str]]:
    """The navigation as (title, address) pairs, sections marked by their depth."""
    out: list[tuple[str, str]] = []
    for item in items:
        url = getattr(item, "url", None)
        out.append((f"{depth}:{item.title}", str(url) if url is not None else ""))
        out += _entries(getattr(item, "children", None) or [], depth + 1)
    return out
