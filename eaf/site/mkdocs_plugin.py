"""The thin mkdocs adapter: loads the project, renders its diagrams and adds eaf's generated
pages to a mkdocs-material build, so plain `mkdocs build` and `mkdocs serve` work too. The only
module that imports mkdocs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

log = get_plugin_logger(__name__)


class EafConfig(Config):
    lang = c.Choice(("vi", "en"), default="vi")


class EafPlugin(BasePlugin[EafConfig]):
    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.root: Path | None = None

    def on_config(self, config: Any) -> Any:
        from eaf.config import load_config
        from eaf.pipeline import load_project
        from eaf.render.dot import DotOptions
        from eaf.render.graphviz import DotCli, GraphvizError
        from eaf.render.run import plan
        from eaf.site.pages import SiteInput, build_pages

        project_config = load_config(Path(config.config_file_path).parent)
        self.root = project_config.root
        project = load_project(project_config)
        errors = [d for d in project.diagnostics if d.severity == "error"]
        if errors or project.model is None:
            first = errors[0] if errors else None
            raise PluginError(
                f"the model has {len(errors)} error(s); first: {first.location}: {first.message}"
                if first
                else "no model"
            )
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
        self.pages = build_pages(
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

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        if self.root is not None:
            server.watch(str(self.root / "models"))
        return server


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
    from eaf.analysis.report import analyse, default_plateaus

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
    """The site could not be built (a model error, a warning in strict mode)."""


def build_site(config_file: Path, *, strict: bool = False) -> None:
    """`mkdocs build` on the project's mkdocs.yml; failures become a SiteError."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(str(config_file), strict=strict)
        build(config)
    except (MkDocsException, SystemExit) as exc:
        raise SiteError(str(exc) or "the site build failed") from None


def serve_site(config_file: Path, *, port: int = 8000) -> None:
    from mkdocs.commands.serve import serve

    serve(str(config_file), dev_addr=f"127.0.0.1:{port}", livereload=True)
