"""The docs cannot drift: every `$ eaf …` example in README.md, models/README.md and the site's
hand-written pages is run against the shipped model and its output compared; every YAML snippet
that starts with a section is a valid model fragment."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from eaf.cli import cli
from eaf.spec import KIND_OF_SECTION

REPO = Path(__file__).resolve().parent.parent
DOCS = [REPO / "README.md", REPO / "models" / "README.md", *sorted((REPO / "site").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)


def blocks(language: str) -> Iterator[tuple[str, str]]:
    """(where, text) of every fenced block of a language in the docs."""
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            if match.group(1) == language:
                line = text.count("\n", 0, match.start()) + 1
                yield f"{doc.relative_to(REPO)}:{line}", match.group(2)


def examples() -> list[tuple[str, str, list[str]]]:
    """(where, command, expected output lines) of every `$ eaf …` line in a console block."""
    out = []
    for where, text in blocks("console"):
        command: str | None = None
        expected: list[str] = []
        for line in [*text.splitlines(), "$ "]:
            if line.startswith("$ "):
                if command is not None:
                    while expected and not expected[-1]:
                        expected.pop()
                    out.append((where, command, expected))
                command, expected = line[2:], []
            elif command is not None:
                expected.append(line)
    return [e for e in out if e[1].startswith("eaf ")]


def matches(expected: list[str], got: list[str]) -> bool:
    """Line by line; a line '...' stands for any number of lines."""
    if not expected:
        return not got
    if expected[0] == "...":
        return any(matches(expected[1:], got[i:]) for i in range(len(got) + 1))
    return bool(got) and got[0] == expected[0] and matches(expected[1:], got[1:])


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shipped")
    shutil.copytree(REPO / "models", root / "models")
    (root / "eaf.toml").touch()
    return root


def test_the_docs_show_examples() -> None:
    assert len(examples()) >= 5
    assert {e[0].split(":")[0] for e in examples()} >= {"README.md", "site/chinh-sua-mo-hinh.md"}


@pytest.mark.parametrize(("where", "command", "expected"), examples(), ids=lambda v: str(v)[:60])
def test_example_output(
    where: str,
    command: str,
    expected: list[str],
    shipped: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(shipped)
    result = CliRunner().invoke(cli, shlex.split(command)[1:])
    got = result.output.rstrip("\n").splitlines()
    assert matches(expected, got), f"{where}: $ {command}\n" + "\n".join(got)


def fragments() -> list[tuple[str, str]]:
    sections = tuple(f"{s}:" for s in KIND_OF_SECTION)
    return [
        (where, text)
        for where, text in blocks("yaml")
        if any(line.startswith(sections) for line in text.splitlines())
    ]


# A fragment names elements it does not define: only references may fail.
REFERENCES_ONLY = {"EAF301", "EAF308", "EAF403"}


@pytest.mark.parametrize(("where", "text"), fragments(), ids=lambda v: str(v)[:40])
def test_yaml_snippets_are_valid_model_fragments(
    where: str, text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "eaf.toml").touch()
    (tmp_path / "models" / "snippet.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "--format", "json"])
    found = {(d["code"], d["message"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert {f for f in found if f[0] not in REFERENCES_ONLY} == set(), where
