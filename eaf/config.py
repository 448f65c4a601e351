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


class ConfigError(Exception):
    """A broken eaf.toml or [tool.eaf] table (a usage error, exit 2)."""


def _settings(path: Path) -> dict[str, object] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    if path.name == "eaf.toml":
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
        for name in ("eaf.toml", "pyproject.toml"):
            candidate = directory / name
            if candidate.is_file():
                settings = _settings(candidate)
                if settings is not None:
                    return directory, settings
    return start, {}


def load_config(start: Path | None = None) -> Config:
    root, settings = find_root(start or Path.cwd())
    limits_table = settings.get("limits", {})
    if not isinstance(limits_table, dict):
        raise ConfigError("[tool.eaf.limits] must be a table")
    known = set(Limits.__dataclass_fields__)
    unknown = set(limits_table) - known
    if unknown:
        raise ConfigError(f"unknown limit(s) {sorted(unknown)}; known: {sorted(known)}")
    if not all(isinstance(v, int) and v > 0 for v in limits_table.values()):
        raise ConfigError("limits must be positive integers")

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
    )
