"""The mkdocs plugin, a thin adapter: on each build the pipeline generates eaf's pages, which
are added to the build with eaf's theme layer, so plain `mkdocs build` and `mkdocs serve` work
and a project's mkdocs.yml names only the plugin."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from eaf.report import Report
from eaf.site.theme import add_extras, add_theme

log = get_plugin_logger(__name__)


class EafConfig(Config):
    lang = c.Choice(("vi", "en"), default="vi")
    at = c.Optional(c.Type(str))  # a date or plateau; `eaf site build --at` sets it


class EafPlugin(BasePlugin[EafConfig]):
    # mkdocs keeps one instance across the rebuilds of `mkdocs serve`: state is per build.
    pages: dict[str, str]
    failure: Report | None = None
    """The model's diagnostics when it has errors (`eaf site build` prints them)."""
    serving, builds, started, root = False, 0, 0.0, Path()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving, self.builds = command == "serve", 0

    def on_config(self, config: Any) -> Any:
        from eaf.config import load_config
        from eaf.pipeline import ModelHasErrors, site_pages

        self.started, self.pages, self.failure = time.monotonic(), {}, None
        add_theme(config.theme.dirs, bool(config.theme.custom_dir))
        add_extras(config.extra_css, config.extra_javascript)
        project = load_config(Path(config.config_file_path).parent)
        self.root = project.root
        try:
            self.pages = site_pages(
                project, lang=self.config.lang, at=self.config.at, warn=log.warning
            )
        except ModelHasErrors as exc:
            self.failure = exc.report
            raise PluginError(f"the model has errors:\n{exc}") from None
        return config

    def on_files(self, files: Files, config: Any) -> Files:
        for path, text in self.pages.items():
            files.append(File.generated(config, path, content=text))
        return files

    def on_post_build(self, config: Any) -> None:
        if self.serving:
            took = time.monotonic() - self.started
            log.info(f"{'rebuilt' if self.builds else 'built'} in {took:.1f} s")
            self.builds += 1

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        server.watch(str(self.root / "models"))
        log.info(f"serving on {server.url} (Ctrl+C stops)")
        return server
