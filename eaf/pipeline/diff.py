"""`eaf diff`: two sides (git revisions, folders or the work tree), loaded and compared."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from eaf.config import Config
from eaf.pipeline.check import analyse_project
from eaf.pipeline.load import Project, Sources, UsageProblem, load_project

if TYPE_CHECKING:
    from eaf.analysis.diff_document import DiffDocument
    from eaf.load.git import Repository


WORKING_TREE = "working tree"


@dataclass(frozen=True, slots=True)
class DiffInput:
    """One side of `eaf diff` as loaded."""

    role: str
    """'base' or 'head'."""
    source: Literal["revision", "folder", "working-tree"]
    label: str
    """The revision or folder as given, or 'working tree'."""
    revision: str | None
    """The commit's full SHA, for a git revision."""
    project: Project

    @property
    def title(self) -> str:
        from eaf.analysis.diff_report import short_sha

        sha = short_sha(self.label, self.revision)
        return f"{self.role} '{self.label}'" + (f" ({sha})" if sha else "")

    @property
    def broken(self) -> bool:
        return self.project.model is None or self.project.diagnostics.has_errors()


@dataclass(frozen=True, slots=True)
class DiffOutcome:
    sides: tuple[DiffInput, DiffInput]
    diff: DiffDocument | None
    """None when a side does not load without errors."""


def diff_projects(config: Config, base: str, head: str | None) -> DiffOutcome:
    """`eaf diff`: the semantic change from `base` to `head` (each a folder holding a project or
    a git revision of the project's repository; `head` None is the project on disk)."""
    from eaf.analysis.diff import DiffSide, compare

    sides = (_diff_input(config, "base", base), _diff_input(config, "head", head))
    if any(side.broken for side in sides):
        return DiffOutcome(sides, None)
    loaded = []
    for side in sides:
        model = side.project.model
        assert model is not None  # a side that loads has a model
        analysis = analyse_project(side.project) if model.of_kind("plateau") else None
        loaded.append(
            DiffSide(side.source, side.label, side.revision, model, side.project.graph, analysis)
        )
    return DiffOutcome(sides, compare(loaded[0], loaded[1]))


def _diff_input(config: Config, role: str, spec: str | None) -> DiffInput:
    # Nothing is cached: a review writes no file, in the work tree or elsewhere.
    from eaf.config import project_in

    if spec is None:
        project = load_project(config, use_cache=False)
        return DiffInput(role, "working-tree", WORKING_TREE, None, project)
    folder = Path(spec)
    other = project_in(folder) if folder.is_dir() else None
    if other is not None:
        return DiffInput(role, "folder", spec, None, load_project(other, use_cache=False))
    at, commit, sources = _revision(config, spec)
    project = load_project(at, sources=sources, use_cache=False)
    return DiffInput(role, "revision", spec, commit, project)


def _revision(config: Config, revision: str) -> tuple[Config, str, Sources]:
    """The project's settings and model files at a git revision, read from the repository's
    objects (the settings file in the project's folder at that revision, else the defaults)."""
    import os

    from eaf.config import ConfigError, config_from
    from eaf.load import git

    try:
        repo = git.open_repository(config.root)
        commit = git.resolve(repo, revision)
        at = config_from(config.root, _settings_at(repo, commit, revision))
        models = Path(os.path.relpath(at.models, at.root)).as_posix()
        files, diags = git.model_files(repo, commit, models, at.root, at.limits.max_file_bytes)
    except git.GitError as exc:
        folder = (
            f"the folder '{revision}' holds no project (no eaf.toml, no [tool.eaf] in "
            "pyproject.toml)"
            if Path(revision).is_dir()
            else f"'{revision}' is not a folder holding a project"
        )
        raise UsageProblem(f"{exc}; {folder}") from None
    except ConfigError as exc:
        raise UsageProblem(f"configuration: {exc}") from None
    return at, commit, Sources(files, diags)


def _settings_at(repo: Repository, commit: str, revision: str) -> dict[str, object]:
    from eaf.config import SETTINGS_FILES, ConfigError, parse_settings
    from eaf.load import git

    for name, raw in git.settings_files(repo, commit, SETTINGS_FILES):
        where = f"{revision}:{repo.prefix}{name}"
        try:
            found = parse_settings(name, raw.decode("utf-8"), where)
        except UnicodeDecodeError:
            raise ConfigError(f"{where}: not UTF-8 text") from None
        if found is not None:
            return found
    return {}
