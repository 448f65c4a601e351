"""The pre-commit hooks of .pre-commit-hooks.yaml, run the way a province's repository runs them:
`pre-commit try-repo` on a clone of this working tree, in a throw-away project that is its own git
repository.

pre-commit installs eaf from the clone into a fresh environment for every `try-repo` (it keeps its
store in a temporary folder of its own, whatever PRE_COMMIT_HOME says), so each case costs one
install: there are three cases, each running both hooks. With pre-commit-uv (a dev dependency)
pre-commit installs with uv, which is several times faster than pip.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
MANIFEST = REPO / ".pre-commit-hooks.yaml"
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]

ORGANIZATIONS = """\
organizations:
  - {id: tinh, name: Tỉnh Thử, level: province, type: tỉnh}
  - {id: xa-an-binh, name: Xã An Bình, level: commune, type: xã, parent: tinh}
"""
ONE_STOP = """\
channels:
  - {id: mot-cua, name: Bộ phận một cửa, type: counter, deployment: [{select: "level:commune"}]}
rules:
  - id: r-mot-cua
    name: Mọi xã có bộ phận một cửa
    type: coverage
    applies_to: "level:commune"
    target: "kind:channel,type:counter"
    legal_basis: Nghị định 61/2018/NĐ-CP
plateaus:
  - {id: hien-trang, name: Hiện trạng, kind: baseline, date: "2024-01-01"}
"""


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without git's or pre-commit's own variables (set when this suite runs
    inside a git hook) and without the user's git configuration."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GIT_", "PRE_COMMIT")) and k != "SKIP"
    }
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="eaf",
        GIT_AUTHOR_EMAIL="eaf@example.invalid",
        GIT_COMMITTER_NAME="eaf",
        GIT_COMMITTER_EMAIL="eaf@example.invalid",
        **extra,
    )
    return env


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=clean_env(), check=True, capture_output=True)


@pytest.fixture(scope="module")
def eaf_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository holding this working tree as it is now: its tracked files and the new
    files git does not ignore, committed, so uncommitted changes are what the hooks run."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        env=clean_env(),
        capture_output=True,
        check=False,
    )
    if listed.returncode != 0:
        pytest.skip(f"{REPO} is not a git work tree")
    clone = tmp_path_factory.mktemp("eaf-clone")
    for rel in filter(None, listed.stdout.decode().split("\0")):
        source = REPO / rel
        if source.is_file():  # a deleted file stays listed until the deletion is staged
            (clone / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / rel)
    git(clone, "init", "-q")
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "eaf as in the working tree")
    return clone


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pre-commit's home, away from the user's: `try-repo` still creates it."""
    return tmp_path_factory.mktemp("pre-commit-home")


def province(root: Path, files: dict[str, str]) -> Path:
    """A province project in its own git repository, its files staged, as in a commit."""
    for rel, text in {"eaf.toml": "", **files}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    return root


def try_repo(project: Path, clone: Path, home: Path) -> tuple[int, str, dict[str, str]]:
    """`pre-commit try-repo CLONE --all-files` in the project: every hook of the manifest.
    Returns the exit code, the output and each hook's status by its name."""
    proc = subprocess.run(
        [*PRE_COMMIT, "try-repo", str(clone), "--all-files", "--color", "never"],
        cwd=project,
        env=clean_env(PRE_COMMIT_HOME=str(home)),
        capture_output=True,
        text=True,
        check=False,
    )
    output = proc.stdout + proc.stderr
    status = dict(
        re.findall(r"^(eaf \w+)\.+(?:\(no files to check\))?(Passed|Failed|Skipped)$", output, re.M)
    )
    return proc.returncode, output, status


def test_the_manifest_is_valid() -> None:
    proc = subprocess.run(
        [*PRE_COMMIT, "validate-manifest", str(MANIFEST)],
        env=clean_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_hooks_check_the_whole_project_when_models_or_settings_change() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}
    assert set(hooks) == {"eaf-validate", "eaf-check"}
    for hook in hooks.values():
        assert hook["pass_filenames"] is False  # references cross files
        files = re.compile(hook["files"])  # pre-commit matches it with re.search
        for path in ("models/a.yaml", "models/to-chuc/so.yml", "eaf.toml", "pyproject.toml"):
            assert files.search(path), path
        for path in ("README.md", "site/ci.md", "models/ghi-chu.txt", "my-eaf.toml"):
            assert not files.search(path), path


def test_both_hooks_pass_on_a_good_model(
    eaf_clone: Path, pre_commit_home: Path, tmp_path: Path
) -> None:
    project = province(
        tmp_path, {"models/to-chuc.yaml": ORGANIZATIONS, "models/mot-cua.yaml": ONE_STOP}
    )
    code, output, status = try_repo(project, eaf_clone, pre_commit_home)
    assert (code, status) == (0, {"eaf validate": "Passed", "eaf check": "Passed"}), output


def test_a_broken_reference_fails_both_hooks(
    eaf_clone: Path, pre_commit_home: Path, tmp_path: Path
) -> None:
    broken = ORGANIZATIONS.replace("parent: tinh}", "parent: tinhx}")
    project = province(tmp_path, {"models/to-chuc.yaml": broken, "models/mot-cua.yaml": ONE_STOP})
    code, output, status = try_repo(project, eaf_clone, pre_commit_home)
    assert (code, status) == (1, {"eaf validate": "Failed", "eaf check": "Failed"}), output
    assert "- hook id: eaf-validate" in output
    assert "models/to-chuc.yaml:3:" in output
    assert "error[EAF301] unknown element 'tinhx' in 'parent'" in output


def test_a_rule_the_model_breaks_fails_eaf_check_only(
    eaf_clone: Path, pre_commit_home: Path, tmp_path: Path
) -> None:
    """A commune without a one-stop counter is a sound model (eaf validate) that breaks the
    framework's rule at the baseline with no plateau to close it (eaf check)."""
    no_counter = ONE_STOP.replace('select: "level:commune"', 'select: "level:province"')
    project = province(
        tmp_path, {"models/to-chuc.yaml": ORGANIZATIONS, "models/mot-cua.yaml": no_counter}
    )
    code, output, status = try_repo(project, eaf_clone, pre_commit_home)
    assert (code, status) == (1, {"eaf validate": "Passed", "eaf check": "Failed"}), output
    assert "- hook id: eaf-check" in output
    assert "error[EAF501] 'xa-an-binh' does not conform to rule 'r-mot-cua'" in output
