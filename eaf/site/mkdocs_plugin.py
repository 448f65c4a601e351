"""The thin mkdocs adapter: loads the project, renders its diagrams and adds eaf's generated
pages, its theme layer (templates, CSS, scripts shipped in eaf/site/theme) and its search index
to a mkdocs-material build, so plain `mkdocs build` and `mkdocs serve` work too and a project's
mkdocs.yml names only the eaf plugin. The only module that imports mkdocs."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from eaf.report import Report

log = get_plugin_logger(__name__)

#: eaf's layer over the theme: main.html and assets/ (copied to the site like a custom_dir's).
THEME_DIR = Path(str(package_files("eaf.site") / "theme"))
EXTRA_CSS = ("assets/eaf.css",)
#: The search index first: eaf.js reads it when the page has loaded.
EXTRA_JAVASCRIPT = ("assets/eaf-search.js", "assets/eaf.js")


class EafConfig(Config):
    lang = c.Choice(("vi", "en"), default="vi")


class EafPlugin(BasePlugin[EafConfig]):
    # on_startup keeps one instance across the rebuilds of `mkdocs serve` (and, since mkdocs
    # caches it per process, across builds): per-build state is reset in on_config.
    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.root: Path | None = None
        self.failure: Report | None = None
        """The model's diagnostics when it could not be loaded (the build then stops)."""
        self.serving = False
        self.builds = 0
        self.started = 0.0

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.builds = 0

    def on_shutdown(self) -> None:
        self.serving = False

    def on_config(self, config: Any) -> Any:
        from eaf.config import load_config
        from eaf.pipeline import load_project
        from eaf.render.dot import DotOptions
        from eaf.render.graphviz import DotCli, GraphvizError
        from eaf.render.run import plan
        from eaf.report.text import format_text
        from eaf.site.generate import SiteInput, generate

        self.started = time.monotonic()
        self.pages, self.failure = {}, None
        if self.serving and not self.builds:
            log.info("building the site…")
        _add_theme(config)
        project_config = load_config(Path(config.config_file_path).parent)
        self.root = project_config.root
        project = load_project(project_config)
        if project.diagnostics.has_errors() or project.model is None:
            self.failure = Report(project.diagnostics.sorted(), project.stats, ok=False)
            # Plain mkdocs prints this message; `eaf site build` prints self.failure instead.
            raise PluginError("the model has errors:\n" + format_text(self.failure).rstrip())
        analysis = _analysis(project)
        options = DotOptions(
            lang=self.config.lang, link_prefix="@@ROOT@@elements/", link_suffix=".html"
        )
        jobs, _ = plan(project.model, project.graph, lang=self.config.lang, options=options)
        runner = DotCli()
        cache = project_config.build / ".cache" / "render"
        svgs: dict[str, bytes] = {}
        from concurrent.futures import ThreadPoolExecutor

        from eaf.render.run import cached_layout

        def layout(job: Any) -> tuple[str, bytes | None]:
            try:
                return job.stem, cached_layout(job, "svg", cache, runner)
            except GraphvizError as exc:
                log.warning(f"diagram '{job.stem}' not drawn: {exc}")
                return job.stem, None

        with ThreadPoolExecutor() as pool:
            for stem, data in pool.map(layout, jobs):
                if data is not None:
                    svgs[stem] = data
        from eaf.schema import MODEL_FILE_SCHEMA_ID, schema_of
        from eaf.spec import ModelFile

        schema = schema_of(ModelFile, MODEL_FILE_SCHEMA_ID)
        self.pages = generate(
            SiteInput(
                project.model,
                project.graph,
                analysis,
                svgs,
                schema,
                _cli_help(),
                lang=self.config.lang,
            )
        )
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
        if self.root is not None:
            server.watch(str(self.root / "models"))
        log.info(f"serving on {server.url} (Ctrl+C stops)")
        return server


def _add_theme(config: Any) -> None:
    """eaf's templates after the project's custom_dir (so a project can still override them)
    and before the theme's; its CSS and scripts once each, whatever mkdocs.yml lists."""
    theme_dir = str(THEME_DIR)
    dirs: list[str] = config.theme.dirs
    if theme_dir not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
    for css in EXTRA_CSS:
        if css not in config.extra_css:
            config.extra_css.append(css)
    listed = {str(script) for script in config.extra_javascript}
    config.extra_javascript.extend(js for js in EXTRA_JAVASCRIPT if js not in listed)


_HELP = """
import json
import click
from eaf.cli import cli

out = {}


def walk(command, path):
    width = {"terminal_width": 100, "max_content_width": 100}
    ctx = click.Context(command, info_name=" ".join(path), **width)
    out[" ".join(path)] = command.get_help(ctx)
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        walk(sub, [*path, name])


walk(cli, ["eaf"])
print(json.dumps(out))
"""


def _cli_help() -> dict[str, str]:
    """Every command's --help, from the installed eaf itself (so the page never drifts), in
    one child process: this adapter does not import the command line."""
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _HELP], capture_output=True, text=True, timeout=60, check=False
    )
    if done.returncode != 0:
        log.warning("command-line reference not generated: " + done.stderr.strip()[-200:])
        return {}
    helps: dict[str, str] = json.loads(done.stdout)
    return helps


def _analysis(project: Any) -> Any:
    from eaf.analysis.analyse import analyse, default_plateaus

    defaults = default_plateaus(project.model)
    if defaults is None:
        return None
    first, last, baseline = defaults
    return analyse(
        project.model,
        project.graph,
        from_plateau=first,
        to_plateau=last,
        at=last[1],
        baseline=baseline,
    )


class SiteError(Exception):
    """The site could not be built: the model's diagnostics when the model has errors, else
    what mkdocs reported (a warning in strict mode, a broken mkdocs.yml)."""

    def __init__(
        self, message: str, *, model: Report | None = None, messages: Sequence[str] = ()
    ) -> None:
        super().__init__(message)
        self.model = model
        self.messages = tuple(messages)


class _Forward(logging.Handler):
    """Passes mkdocs' warnings and errors, and the eaf plugin's own messages, to a sink."""

    def __init__(self, sink: Callable[[str], None], *, plugin_info: bool) -> None:
        super().__init__(logging.INFO if plugin_info else logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING or record.name == log.logger.name:
            self.sink(record.getMessage())


@contextmanager
def _logs(sink: Callable[[str], None], *, plugin_info: bool = False) -> Iterator[None]:
    """mkdocs' log records, passed to `sink` while the block runs (mkdocs configures its
    logging only in its own command line, so they would otherwise be lost)."""
    logger = logging.getLogger("mkdocs")
    handler = _Forward(sink, plugin_info=plugin_info)
    old_level = logger.level
    logger.addHandler(handler)
    if logger.getEffectiveLevel() > handler.level:
        logger.setLevel(handler.level)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def build_site(config_file: Path, *, strict: bool = False) -> None:
    """`mkdocs build` on the project's mkdocs.yml; failures become a SiteError."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    messages: list[str] = []
    config = None
    try:
        with _logs(messages.append):
            config = load_config(str(config_file), strict=strict)
            build(config)
    except (MkDocsException, SystemExit) as exc:
        plugin = config.plugins.get("eaf") if config is not None else None
        failure = getattr(plugin, "failure", None)
        if failure is not None:
            raise SiteError("the model has errors", model=failure) from None
        raise SiteError(str(exc) or "the site build failed", messages=messages) from None


def serve_site(config_file: Path, *, port: int, say: Callable[[str], None]) -> None:
    """`mkdocs serve` with live reload on 127.0.0.1:port; `say` gets the URL, each build's
    time and mkdocs' warnings and errors."""
    import socket

    from mkdocs.commands.serve import serve

    # Fail before a long first build when the port is taken (mkdocs binds only after it).
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise SiteError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from None

    from mkdocs.exceptions import MkDocsException

    try:
        with _logs(say, plugin_info=True):
            serve(str(config_file), dev_addr=f"127.0.0.1:{port}", livereload=True)
    except (MkDocsException, SystemExit) as exc:
        # The first build failed; what mkdocs and the plugin reported was said already.
        raise SiteError(str(exc) or "the site build failed") from None
