"""Finding model files: sorted, contained in the model directory, with a documented rule.

Rule: every regular file ending in ``.yaml`` under the model directory, recursively, in sorted
order of its relative path. Hidden files and folders (starting with '.'), editor backups
(ending in '~', starting with '#') are skipped silently; ``.yml`` files are skipped with a
warning. A file or link that resolves outside the model directory is an error, and so is a
folder that cannot be read: nothing under the model directory is left out silently.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from eaf import codes
from eaf.diagnostics import Diagnostic, Location


@dataclass(frozen=True, slots=True)
class SourceFile:
    rel: str
    """Path relative to the project root, posix."""
    path: Path
    """Absolute path on disk."""


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def skipped(name: str) -> bool:
    """Hidden files and folders and editor backups, which discovery passes over silently."""
    return name.startswith((".", "#")) or name.endswith("~")


def discover(target: Path, root: Path) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Model files under ``target`` (a directory or one file), paths relative to ``root``."""
    diags: list[Diagnostic] = []
    files: list[SourceFile] = []
    target = target.absolute()
    if target.is_file():
        return [SourceFile(relative(target, root), target)], []
    real_top = Path(os.path.realpath(target))

    def unreadable(error: OSError) -> None:
        # A folder that cannot be listed would silently take its elements with it.
        where = relative(Path(error.filename or target), root)
        reason = "permission denied" if isinstance(error, PermissionError) else error.strerror
        diags.append(
            codes.UNREADABLE_FILE(
                f"folder cannot be read: {reason or error}",
                Location(where),
                hint="Make the folder readable (and searchable) by the user running eaf, or "
                "move it out of the model directory.",
            )
        )

    for dirpath, dirnames, filenames in os.walk(target, onerror=unreadable, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not skipped(d))
        here = Path(dirpath)
        for d in list(dirnames):
            if (here / d).is_symlink():
                dirnames.remove(d)
                diags.append(
                    codes.OUTSIDE_ROOT(
                        "linked folder is not followed",
                        Location(relative(here / d, root)),
                        hint="Move the folder into the model directory instead of linking it.",
                    )
                )
        for name in sorted(filenames):
            if skipped(name):
                continue
            path = here / name
            rel = relative(path, root)
            if name.endswith(".yml"):
                diags.append(
                    codes.IGNORED_FILE(
                        f"'{name}' is not read: model files end in .yaml", Location(rel)
                    )
                )
                continue
            if not name.endswith(".yaml"):
                continue
            real = Path(os.path.realpath(path))
            if not real.is_relative_to(real_top):
                diags.append(
                    codes.OUTSIDE_ROOT(
                        f"'{rel}' resolves outside the model directory", Location(rel)
                    )
                )
                continue
            files.append(SourceFile(rel, path))
    files.sort(key=lambda f: f.rel)
    if not files:
        diags.append(
            codes.NO_MODEL_FILES(
                f"no model files (*.yaml) under '{relative(target, root)}'",
                Location(relative(target, root)),
            )
        )
    return files, diags


def read_source(source: SourceFile, max_bytes: int) -> tuple[bytes | None, list[Diagnostic]]:
    """The file's bytes, refusing oversize files before reading them."""
    try:
        size = source.path.stat().st_size
        if size > max_bytes:
            return None, [
                codes.FILE_TOO_LARGE(
                    f"file of {size} bytes is larger than the limit of {max_bytes} bytes",
                    Location(source.rel, 1, 1),
                )
            ]
        if not source.path.is_file():
            return None, [codes.UNREADABLE_FILE("not a regular file", Location(source.rel))]
        return source.path.read_bytes(), []
    except PermissionError:
        return None, [codes.UNREADABLE_FILE("permission denied", Location(source.rel))]
    except OSError as exc:
        return None, [
            codes.UNREADABLE_FILE(f"cannot read file: {exc.strerror or exc}", Location(source.rel))
        ]
