"""The CI templates of the site's page site/ci.md: each YAML block on the page is a file of
examples/ci byte for byte, each is valid for the service that reads it (GitHub Actions and GitLab
CI through check-jsonschema's vendored schemas, with no network; pre-commit), and every `eaf`
command they run is one this eaf accepts."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml

from eaf.cli import cli
from eaf.report import REPORTER_BY_NAME

REPO = Path(__file__).resolve().parent.parent
PAGE = REPO / "site" / "ci.md"
EXAMPLES = REPO / "examples" / "ci"

# On the page, a comment names the file the next block mirrors.
MIRROR = re.compile(r"^<!-- mirror: (examples/ci/[\w.-]+) -->\n\n```yaml\n(.*?)^```$", re.M | re.S)

# Each file, the schema it is checked against, and a mistake the check must catch.
SCHEMAS = {
    "github-workflow.yml": ("vendor.github-workflows", "    runs-on: ubuntu-latest\n", ""),
    "gitlab-ci.yml": ("vendor.gitlab-ci", "codequality:", "code_quality:"),
}


def text(path: Path) -> str:
    """The file's exact text: no newline translation."""
    return path.read_bytes().decode("utf-8")


def page_blocks() -> dict[str, str]:
    return {m.group(1): m.group(2) for m in MIRROR.finditer(text(PAGE))}


def test_the_page_shows_every_template_as_its_file_byte_for_byte() -> None:
    page = text(PAGE)
    blocks = page_blocks()
    assert page.count("```yaml") == len(blocks), "a YAML block on the page names no file"
    assert sorted(blocks) == sorted(f"examples/ci/{p.name}" for p in EXAMPLES.iterdir())
    for rel, block in blocks.items():
        assert block == text(REPO / rel), f"site/ci.md's block differs from {rel}"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_the_templates_are_valid_for_their_service_offline(name: str, tmp_path: Path) -> None:
    schema, right, wrong = SCHEMAS[name]
    from_page = tmp_path / "page" / name
    from_page.parent.mkdir()
    from_page.write_bytes(page_blocks()[f"examples/ci/{name}"].encode("utf-8"))
    template = text(EXAMPLES / name)
    assert right in template
    broken = tmp_path / f"broken-{name}"
    broken.write_bytes(template.replace(right, wrong, 1).encode("utf-8"))
    # Any attempt to reach the network fails: the schemas must come from the package.
    dead = "http://127.0.0.1:9"
    env = {k: v for k, v in os.environ.items() if k.lower() != "no_proxy"}
    env.update(HTTP_PROXY=dead, HTTPS_PROXY=dead, ALL_PROXY=dead, http_proxy=dead)
    env.update(https_proxy=dead, all_proxy=dead)
    check = [sys.executable, "-m", "check_jsonschema", "-o", "json", "--builtin-schema", schema]
    proc = subprocess.run(
        [*check, str(EXAMPLES / name), str(from_page), str(broken)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(proc.stdout)
    assert report.get("parse_errors", []) == [], proc.stdout
    assert {error["filename"] for error in report["errors"]} == {str(broken)}, proc.stdout


def test_the_pre_commit_snippet_is_a_valid_config_of_our_hooks(tmp_path: Path) -> None:
    snippet = page_blocks()["examples/ci/pre-commit-config.yaml"]
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_bytes(snippet.encode("utf-8"))
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    used = {hook["id"] for repo in yaml.safe_load(snippet)["repos"] for hook in repo["hooks"]}
    manifest = yaml.safe_load(text(REPO / ".pre-commit-hooks.yaml"))
    assert used == {hook["id"] for hook in manifest}


def template_commands() -> list[tuple[str, list[str]]]:
    """(file, arguments) of every `eaf` command the CI templates run, redirections cut off."""
    found = []
    for name in sorted(SCHEMAS):
        doc = yaml.safe_load(text(EXAMPLES / name))
        jobs = doc["jobs"].values() if "jobs" in doc else doc.values()
        for job in (j for j in jobs if isinstance(j, dict)):
            lines = [step["run"] for step in job.get("steps", []) if "run" in step]
            for line in "\n".join(lines + job.get("script", [])).splitlines():
                words = shlex.split(line)
                if words[:1] == ["eaf"]:
                    ends = [i for i, w in enumerate(words) if w in {">", "||", "|", "&&", ";"}]
                    found.append((name, words[1 : min(ends, default=len(words))]))
    return found


# Reporters that issue 9 adds on another branch: the templates already use them.
PLANNED = {"sarif", "junit", "gitlab"}


def pending(args: list[str]) -> bool:
    fmt = args[args.index("--format") + 1] if "--format" in args else None
    return fmt in PLANNED and fmt not in REPORTER_BY_NAME


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(
            args,
            id=f"{name}: eaf {shlex.join(args)}",
            marks=pytest.mark.xfail(
                pending(args), reason="this reporter is not registered yet", strict=True
            ),
        )
        for name, args in template_commands()
    ],
)
def test_every_eaf_command_of_the_templates_parses(args: list[str]) -> None:
    """The command line as eaf would parse it (names, options and their values), not run."""
    command: click.Command = cli
    rest = list(args)
    while isinstance(command, click.Group):
        name, *rest = rest
        found = command.get_command(click.Context(command), name)
        assert found is not None, f"no command {name!r}"
        command = found
    command.make_context(command.name, rest)  # raises a usage error on a bad option or value
