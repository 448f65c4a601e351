"""A project's files at a git revision, read without touching the work tree or the index.

Only commands that read objects run (rev-parse, ls-tree, cat-file): nothing is checked out and
the index is neither read nor written, so reviewing a change never disturbs a clone. The model
files are found by the rules discovery applies on disk (eaf.load.discover), over the tree.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from dataclasses import dataclass
from pathlib import Path

from eaf import codes
from eaf.diagnostics import Diagnostic, Location
from eaf.load.discover import SourceFile, skipped

_SYMLINK = "120000"


class GitError(Exception):
    """git is missing, the project is not in a repository, or a revision does not exist."""


@dataclass(frozen=True, slots=True)
class Repository:
    top: Path
    """The work tree's top folder."""
    prefix: str
    """The project root relative to it: '' or a posix path ending in '/'."""


@dataclass(frozen=True, slots=True)
class Entry:
    path: str
    """Relative to the tree listed, posix."""
    mode: str
    kind: str
    """blob, tree or commit (a submodule)."""
    oid: str
    size: int


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None


def _says(proc: subprocess.CompletedProcess[bytes]) -> str:
    lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else f"exit status {proc.returncode}"


def open_repository(root: Path) -> Repository:
    """The repository whose work tree holds the project root."""
    proc = _git(root, "rev-parse", "--show-toplevel", "--show-prefix")
    if proc.returncode != 0:
        raise GitError(f"the project is not in a git work tree (git: {_says(proc)})")
    top, prefix, *_ = os.fsdecode(proc.stdout).split("\n")
    return Repository(Path(top), prefix)


def resolve(repo: Repository, revision: str) -> str:
    """The commit a revision names (`HEAD`, a branch, a tag, a SHA, `main~1`), as a full SHA."""
    # A leading '-' would be read as an option; no revision starts with one.
    if not revision or revision.startswith("-"):
        raise GitError(f"'{revision}' is not a git revision")
    proc = _git(
        repo.top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
    )
    if proc.returncode != 0:
        shallow = _git(repo.top, "rev-parse", "--is-shallow-repository").stdout.strip() == b"true"
        raise GitError(
            f"unknown revision '{revision}': not a branch, tag or commit of this repository"
            + (" (a shallow clone: fetch the history, e.g. fetch-depth: 0)" if shallow else "")
        )
    return proc.stdout.decode("ascii").strip()


def _tree(commit: str, path: str) -> str:
    return f"{commit}:{path}" if path else f"{commit}^{{tree}}"


def list_tree(repo: Repository, commit: str, path: str, *, recursive: bool) -> list[Entry] | None:
    """The entries of a folder (relative to the top) at a commit; None when it is not there."""
    flags = ["-r"] if recursive else []
    proc = _git(repo.top, "ls-tree", "-z", "-l", *flags, _tree(commit, path))
    if proc.returncode != 0:
        return None
    entries = []
    for record in proc.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, oid, size = meta.decode("ascii").split()
        entries.append(Entry(os.fsdecode(name), mode, kind, oid, int(size) if size != "-" else 0))
    return sorted(entries, key=lambda e: e.path)


def read_blobs(repo: Repository, oids: list[str]) -> list[bytes]:
    """The contents of blobs by object id, in one `git cat-file --batch`."""
    if not oids:
        return []
    proc = _git(repo.top, "cat-file", "--batch", stdin="".join(f"{o}\n" for o in oids).encode())
    if proc.returncode != 0:
        raise GitError(f"cannot read the revision's files (git: {_says(proc)})")
    out, at, blobs = proc.stdout, 0, []
    for oid in oids:
        end = out.index(b"\n", at)
        header = out[at:end].split(b" ")
        if len(header) != 3:
            raise GitError(
                f"cannot read object {oid} (git: {out[at:end].decode('utf-8', 'replace')})"
            )
        size = int(header[2])
        blobs.append(out[end + 1 : end + 1 + size])
        at = end + 1 + size + 1  # the content is followed by a newline
    return blobs


def settings_files(
    repo: Repository, commit: str, names: tuple[str, ...]
) -> list[tuple[str, bytes]]:
    """(name, bytes) of the settings files in the project root at a commit, in `names` order."""
    listed = list_tree(repo, commit, repo.prefix.rstrip("/"), recursive=False) or []
    found = {e.path: e.oid for e in listed if e.kind == "blob" and e.mode != _SYMLINK}
    present = [n for n in names if n in found]
    return list(zip(present, read_blobs(repo, [found[n] for n in present]), strict=True))


def model_files(
    repo: Repository, commit: str, models: str, root: Path, max_bytes: int
) -> tuple[list[tuple[SourceFile, bytes]], list[Diagnostic]]:
    """The model files under `models` (relative to the project root) at a commit, found by
    the rules discovery applies on disk. Paths are relative to the project root as on disk;
    ``root`` only names where each file would be."""
    where = posixpath.normpath(repo.prefix + models)
    if where == ".":
        where = ""
    if where.startswith("../") or where == "..":
        raise GitError(f"the models folder '{models}' is outside the git repository")
    diags: list[Diagnostic] = []
    wanted: list[tuple[str, Entry]] = []
    for entry in list_tree(repo, commit, where, recursive=True) or []:
        if any(skipped(part) for part in entry.path.split("/")):
            continue
        rel = posixpath.normpath(posixpath.join(models, entry.path))
        if entry.mode == _SYMLINK or entry.kind != "blob":
            what = "a symbolic link" if entry.mode == _SYMLINK else "a git submodule"
            diags.append(
                codes.OUTSIDE_ROOT(
                    f"'{rel}' is {what}: it is not followed when reading a git revision",
                    Location(rel),
                    hint="Keep model files in the repository itself.",
                )
            )
        elif entry.path.endswith(".yml"):
            diags.append(
                codes.IGNORED_FILE(
                    f"'{posixpath.basename(rel)}' is not read: model files end in .yaml",
                    Location(rel),
                )
            )
        elif not entry.path.endswith(".yaml"):
            continue
        elif entry.size > max_bytes:
            diags.append(
                codes.FILE_TOO_LARGE(
                    f"file of {entry.size} bytes is larger than the limit of {max_bytes} bytes",
                    Location(rel, 1, 1),
                )
            )
        else:
            wanted.append((rel, entry))
    if not wanted:
        diags.append(
            codes.NO_MODEL_FILES(
                f"no model files (*.yaml) under '{models}' at this revision", Location(models)
            )
        )
    blobs = read_blobs(repo, [e.oid for _, e in wanted])
    files = [
        (SourceFile(rel, root / rel), raw) for (rel, _), raw in zip(wanted, blobs, strict=True)
    ]
    return sorted(files, key=lambda f: f[0].rel), diags
