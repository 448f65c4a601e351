"""The command line: exit codes, stdout vs stderr, formats, and the artifacts it writes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from eaf import cli as cli_module
from eaf import pipeline
from eaf.cli import cli

GOOD = {
    "models/orgs.yaml": """\
        organizations:
          - id: tinh
            name: Tỉnh Bình Dương
            level: province
            type: tỉnh
          - id: huyen-a
            name: Huyện A
            level: district
            type: huyện
            parent: tinh
          - id: xa-a
            name: Xã A
            level: commune
            type: xã
            parent: huyen-a
          - id: xa-b
            name: Xã B
            level: commune
            type: xã
            parent: huyen-a
        """,
    "models/systems.yaml": """\
        systems:
          - id: cong-dvc
            name: Cổng dịch vụ công
            category: public-service-portal
            owner: tinh
            security_level: 3
            deployment:
              - select: kind:organization,level:commune
                except: [xa-b]
        """,
}
BROKEN = {
    "models/systems.yaml": """\
        systems:
          - id: cong-dvc
            name: Cổng dịch vụ công
            category: public-service-portal
            owner: tinh-x
        """,
}


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stdout, result.stderr


def test_validate_clean_model_exits_0(project: Callable[..., Path]) -> None:
    project(GOOD)
    code, out, _ = run(["validate"])
    assert code == 0, out
    assert out == "0 errors, 0 warnings (5 elements in 2 files)\n"


def test_validate_findings_exit_1_with_located_text(project: Callable[..., Path]) -> None:
    project(BROKEN)
    code, out, _ = run(["validate"])
    assert code == 1
    assert out.splitlines()[0] == (
        "models/systems.yaml:5:12: error[EAF301] unknown element 'tinh-x' in 'owner'"
    )


def test_json_format_is_parseable_and_on_stdout_only(project: Callable[..., Path]) -> None:
    project(BROKEN)
    code, out, err = run(["validate", "--format", "json"])
    assert code == 1
    assert err == ""
    doc = json.loads(out)
    assert doc["version"] == 1
    assert doc["ok"] is False
    (d,) = doc["diagnostics"]
    assert d["code"] == "EAF301"
    assert (d["file"], d["line"], d["column"]) == ("models/systems.yaml", 5, 12)
    assert d["pointer"] == "/systems/0/owner"
    assert set(d) == {
        "code",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "pointer",
        "hint",
        "related",
    }
    assert doc["stats"]["errors"] == 1


def test_github_format(project: Callable[..., Path]) -> None:
    project(BROKEN)
    code, out, _ = run(["validate", "--format", "github"])
    assert code == 1
    assert out.splitlines()[0] == (
        "::error file=models/systems.yaml,line=5,col=12,endLine=5,endColumn=18,title=EAF301::"
        "unknown element 'tinh-x' in 'owner' (hint: 'owner' takes the id of an organization.)"
    )


def test_strict_turns_warnings_into_failure(project: Callable[..., Path]) -> None:
    project({**GOOD, "models/empty.yaml": "# todo\n"})
    assert run(["validate"])[0] == 0
    code, out, _ = run(["validate", "--strict"])
    assert code == 1
    assert "models/empty.yaml:1:1: warning[EAF116]" in out


def test_output_is_identical_run_to_run(project: Callable[..., Path]) -> None:
    project({**BROKEN, "models/b.yaml": "systems:\n  - id: cong-dvc\n    name: x\n"})
    first = run(["validate", "--format", "json"])
    assert first == run(["validate", "--format", "json"])


def test_missing_path_is_a_usage_error(project: Callable[..., Path]) -> None:
    project(GOOD)
    code, _, err = run(["validate", "nowhere"])
    assert code == 2
    assert "does not exist" in err


def test_no_model_files_is_a_finding(project: Callable[..., Path]) -> None:
    root = project({"models/readme.txt": "x"})
    code, out, _ = run(["validate"])
    assert code == 1
    assert "error[EAF117] no model files (*.yaml) under 'models'" in out
    assert root.exists()


def test_internal_error_exits_4_without_traceback(
    project: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project(GOOD)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "validate_project", boom)
    with pytest.raises(SystemExit) as exc:
        cli_module.main(["validate"])
    assert exc.value.code == 4
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "internal error: RuntimeError: boom" in captured.err
    with pytest.raises(SystemExit) as exc:
        cli_module.main(["--debug", "validate"])
    assert exc.value.code == 4
    assert "Traceback" in capsys.readouterr().err


def test_query_formats(project: Callable[..., Path]) -> None:
    project(GOOD)
    code, out, _ = run(["query", "kind:organization,level:commune", "--format", "ids"])
    assert (code, out) == (0, "xa-a\nxa-b\n")
    code, out, _ = run(["query", "kind:organization,level:commune", "--format", "json"])
    rows = json.loads(out)
    assert [r["id"] for r in rows] == ["xa-a", "xa-b"]
    # The shape of an element of build/model.json: the element's own fields apart.
    assert list(rows[0]) == ["id", "kind", "name", "file", "pointer", "fields"]
    assert rows[0]["pointer"] == "/organizations/2"
    assert rows[0]["fields"]["level"] == "commune"
    assert rows[0]["fields"]["parent"] == "huyen-a"
    code, out, err = run(["query", "cong-dvc+", "--format", "table"])
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["id", "kind", "name", "file"]
    assert [line.split()[0] for line in lines[2:]] == ["cong-dvc", "xa-a"]
    assert err == "2 elements\n"


def test_query_row_keys_are_never_hidden_by_a_field(project: Callable[..., Path]) -> None:
    # A plateau has a field `kind` (baseline, target): merged into the row it hid the
    # element's kind, in json and in the table alike.
    project(
        {
            **GOOD,
            "models/plateaus.yaml": """\
                plateaus:
                  - {id: hien-trang, name: Hiện trạng, kind: baseline, date: "2022-04-04"}
                """,
        }
    )
    code, out, _ = run(["query", "kind:plateau", "--format", "json"])
    (row,) = json.loads(out)
    assert code == 0
    assert (row["kind"], row["fields"]["kind"]) == ("plateau", "baseline")
    assert (row["file"], row["fields"]["date"]) == ("models/plateaus.yaml", "2022-04-04")
    code, out, _ = run(["query", "kind:plateau"])
    assert out.splitlines()[2].split()[:2] == ["hien-trang", "plateau"]


def test_query_bad_selector_is_located_usage_error(project: Callable[..., Path]) -> None:
    project(GOOD)
    code, out, err = run(["query", "kind:system,,tag:x"])
    assert code == 2
    assert out == ""
    assert err.startswith("<selector>:1:13: error[EAF401]")  # the second comma
    code, _, err = run(["query", "levl:commune"])
    assert code == 2
    assert "error[EAF402]" in err
    assert "did you mean 'level'" in err.lower() or "level" in err


def test_build_writes_model_json_described_by_its_schema(project: Callable[..., Path]) -> None:
    import jsonschema

    root = project(GOOD)
    code, _, err = run(["build"])
    assert code == 0, err
    doc = json.loads((root / "build" / "model.json").read_text(encoding="utf-8"))
    schema = json.loads(
        (Path(__file__).parent.parent / "schemas" / "eaf-model-json.schema.json").read_text()
    )
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert [e["id"] for e in doc["elements"]] == ["cong-dvc", "huyen-a", "tinh", "xa-a", "xa-b"]
    edges = {(e["source"], e["target"], e["type"]) for e in doc["edges"]}
    assert ("cong-dvc", "xa-a", "deployed-to") in edges
    assert ("cong-dvc", "xa-b", "deployed-to") not in edges
    assert ("tinh", "cong-dvc", "owns") in edges
    assert ("huyen-a", "xa-a", "parent") in edges
    before = (root / "build" / "model.json").read_bytes()
    assert run(["build"])[0] == 0
    assert (root / "build" / "model.json").read_bytes() == before


def test_build_on_broken_model_writes_nothing(project: Callable[..., Path]) -> None:
    root = project(BROKEN)
    code, _, err = run(["build"])
    assert code == 1
    assert "nothing was written" in err
    assert not (root / "build" / "model.json").exists()


def test_schema_check_detects_stale_files(project: Callable[..., Path]) -> None:
    root = project(GOOD)
    assert run(["schema", "--check"])[0] == 1
    assert run(["schema"])[0] == 0
    assert run(["schema", "--check"])[0] == 0
    path = root / "schemas" / "eaf-model.schema.json"
    path.write_text(path.read_text().replace("Vietnamese", "Viet"), encoding="utf-8")
    code, _, err = run(["schema", "--check"])
    assert code == 1
    assert "schemas/eaf-model.schema.json: stale or missing" in err


def test_console_script_runs_as_a_process(project: Callable[..., Path]) -> None:
    root = project(BROKEN)
    proc = subprocess.run(
        [sys.executable, "-m", "eaf", "validate", "--format", "json"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["ok"] is False
    assert "Traceback" not in proc.stderr


def test_help_lists_the_commands() -> None:
    code, out, _ = run(["--help"])
    assert code == 0
    for command in ("validate", "schema", "query", "build"):
        assert re.search(rf"^\s+{command}\b", out, re.M)


def test_readme_is_in_step_with_the_cli_and_codes() -> None:
    from eaf.codes import CATALOGUE

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for command in cli.commands:
        assert f"eaf {command}" in readme, command
    for code in CATALOGUE:
        assert f"| {code.id} | {code.slug} | {code.severity} |" in readme, code.id
    assert readme.index("make build") < readme.index("## Using eaf")
    assert readme.index("make test") < readme.index("## Using eaf")


def test_code_catalogue_is_stable_and_complete() -> None:
    from eaf.codes import CATALOGUE

    ids = [c.id for c in CATALOGUE]
    assert len(ids) == len(set(ids))
    assert len({c.slug for c in CATALOGUE}) == len(ids)
    for code in CATALOGUE:
        assert re.fullmatch(r"EAF[1-69]\d\d", code.id)
        assert code.summary.endswith(".") and code.hint, code.id


@pytest.mark.parametrize(
    ("given", "expected"), [(None, "__all__"), ("", ""), ("logfire", "logfire")]
)
def test_the_command_line_turns_pydantic_plugins_off_unless_told(
    tmp_path: Path, given: str | None, expected: str
) -> None:
    # pydantic's plugin lookup reads every installed package's metadata on the first validator
    # built; eaf's own shapes want no plugin, but a value the user set is theirs.
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if given is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = given
    script = (
        "import os\n"
        "from eaf.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(repr(os.environ.get('PYDANTIC_DISABLE_PLUGINS')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert out.stdout.strip().splitlines()[-1] == repr(expected), out.stderr
