"""Project settings: the root is found from the current directory, settings from [tool.eaf]."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from eaf.load.yaml import Limits


@dataclass(frozen=True, slots=True)
class Config:
    root: Path
    models: Path
    build: Path
    schemas: Path
    limits: Limits = field(default_factory=Limits)
    all_contexts_up_to: int = 5000
    """``[views] all_contexts_up_to``: a model with more elements draws no context diagram of
    a procedure, data set, work package or commune-level unit (eaf.views.defs.has_context).
    The shipped province has 347 elements."""
    all_pages_up_to: int = 5000
    """``[site] all_pages_up_to``: a model with more elements has no page per commune-level
    unit, procedure, data set or interconnection: a summary page per province instead
    (eaf.site.pages.provinces)."""
    cache_max_mb: int = 1024
    """``[cache] max_mb``: the size build/.cache is kept under, in MiB; 0 keeps everything
    (eaf.cache.sweep)."""


class ConfigError(Exception):
    """A broken eaf.toml or [tool.eaf] table (a usage error, exit 2)."""


SETTINGS_FILES = ("eaf.toml", "pyproject.toml")
"""The files that hold a project's settings, in the order they are looked for."""


def _settings(path: Path) -> dict[str, object] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return parse_settings(path.name, text, str(path))


def parse_settings(name: str, text: str, where: str) -> dict[str, object] | None:
    """The eaf settings in a settings file's text (None when a pyproject.toml has none)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    if name == "eaf.toml":
        return data
    tool = data.get("tool")
    if isinstance(tool, dict) and isinstance(tool.get("eaf"), dict):
        table: dict[str, object] = tool["eaf"]
        return table
    return None


def find_root(start: Path) -> tuple[Path, dict[str, object]]:
    """The nearest directory holding eaf.toml or a pyproject.toml with [tool.eaf]."""
    start = start.absolute()
    for directory in (start, *start.parents):
        settings = _settings_in(directory)
        if settings is not None:
            return directory, settings
    return start, {}


def _settings_in(directory: Path) -> dict[str, object] | None:
    for name in SETTINGS_FILES:
        candidate = directory / name
        if candidate.is_file():
            settings = _settings(candidate)
            if settings is not None:
                return settings
    return None


def project_in(directory: Path) -> Config | None:
    """The project whose settings file is in ``directory`` itself, or None."""
    settings = _settings_in(directory.absolute())
    return None if settings is None else config_from(directory.absolute(), settings)


def load_config(start: Path | None = None) -> Config:
    root, settings = find_root(start or Path.cwd())
    return config_from(root, settings)


def config_from(root: Path, settings: dict[str, object]) -> Config:
    """The configuration a project rooted at ``root`` with these settings has."""
    limits_table = settings.get("limits", {})
    if not isinstance(limits_table, dict):
        raise ConfigError("[tool.eaf.limits] must be a table")
    known = set(Limits.__dataclass_fields__)
    unknown = set(limits_table) - known
    if unknown:
        raise ConfigError(f"unknown limit(s) {sorted(unknown)}; known: {sorted(known)}")
    if not all(isinstance(v, int) and v > 0 for v in limits_table.values()):
        raise ConfigError("limits must be positive integers")

    scale = {
        key: _count(settings, section, key, default)
        for section, key, default in (
            ("views", "all_contexts_up_to", 5000),
            ("site", "all_pages_up_to", 5000),
        )
    }
    cache_max_mb = _count(settings, "cache", "max_mb", 1024)

    def path_of(key: str, default: str) -> Path:
        value = settings.get(key, default)
        if not isinstance(value, str):
            raise ConfigError(f"'{key}' must be a path")
        return root / value

    return Config(
        root=root,
        models=path_of("models", "models"),
        build=path_of("build", "build"),
        schemas=path_of("schemas", "schemas"),
        limits=Limits(**limits_table),
        cache_max_mb=cache_max_mb,
        **scale,
    )


#: What the ``[views]``, ``[site]`` and ``[cache]`` tables may hold.
_SECTIONS = {
    "views": {"all_contexts_up_to"},
    "site": {"all_pages_up_to"},
    "cache": {"max_mb"},
}


def _count(settings: dict[str, object], section: str, key: str, default: int) -> int:
    """A whole number ≥ 0 from a settings table (``[site] all_pages_up_to = 5000``)."""
    table = settings.get(section, {})
    if not isinstance(table, dict):
        raise ConfigError(f"[tool.eaf.{section}] must be a table")
    unknown = set(table) - _SECTIONS[section]
    if unknown:
        raise ConfigError(
            f"unknown setting(s) {sorted(unknown)} in [{section}]; known: "
            f"{sorted(_SECTIONS[section])}"
        )
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"[{section}] {key} must be a whole number ≥ 0")
    return value
