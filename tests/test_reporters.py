"""SARIF, JUnit and GitLab Code Quality, validated for real.

What `eaf validate` and `eaf check` print (run through the command line on a small broken project
and on the shipped model) is checked against the official SARIF 2.1.0 JSON schema, Jenkins'
junit-10.xsd and a schema of GitLab's documented format (tests/schemas/README.md), and against
the JSON report of the same run; the SARIF multitool checks it too when it is installed. Byte-exact
goldens pin the three formats on one small model (EAF_UPDATE_GOLDEN=1 refreshes them).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from lxml import etree

from eaf.cli import cli
from eaf.codes import check_of
from eaf.diagnostics import Diagnostic, Location, Severity
from eaf.report import REPORTER_BY_NAME, Report
from eaf.report.text import text_lines

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SCHEMAS = HERE / "schemas"
GOLDEN = HERE / "golden" / "reporters"
VENDORED = {
    "sarif-2.1.0.json": "1c49a0f2b60444c71bb14878e21e0d882198eff4c539861b133093ad89ed798c",
    "junit-10.xsd": "a1a816f58d1bf95ebabf371994df0b9246dee66ea9572fbec4f9296f1b2c0ff6",
}
FORMATS = ("sarif", "junit", "gitlab")
GOLDEN_NAME = {"sarif": "check.sarif", "junit": "check.junit.xml", "gitlab": "check.gitlab.json"}

# A broken project: errors and a warning in a file whose name needs percent-encoding in a URI,
# a duplicate id (related locations), and a file next to the models that is not read.
BROKEN = {
    "models/tổ chức.yaml": """\
        organizations:
          - id: tinh
            name: Tỉnh Bình Dương
            level: province
            type: tỉnh
            colour: xanh
          - id: so-tttt
            name: Sở Thông tin và Truyền thông
            level: province
            type: sở
            parent: tinh
        """,
    "models/systems.yaml": """\
        systems:
          - id: cong-dvc
            name: Cổng dịch vụ công
            category: public-service-portal
            owner: so-x
          - id: so-tttt
            name: Trùng mã
            category: public-service-portal
            owner: tinh
        data:
          - id: dan-cu
            name: Dữ liệu dân cư
            scope: provincial
            personal_data: yes
        """,
    "models/cu.yml": "systems: []\n",
}


def invoke(root: Path, *args: str) -> tuple[int, str]:
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def write(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "eaf.toml").write_text("", encoding="utf-8")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("broken"), BROKEN)


Run = dict[str, tuple[int, str]]


@pytest.fixture(scope="module")
def runs(broken: Path) -> dict[tuple[str, str], Run]:
    """(project, command) → format → (exit code, stdout): each report printed once."""
    out: dict[tuple[str, str], Run] = {}
    for where, root in (("broken", broken), ("shipped", REPO)):
        for command in ("validate", "check"):
            out[(where, command)] = {
                fmt: invoke(root, command, "--no-cache", "--format", fmt)
                for fmt in ("json", *FORMATS)
            }
    return out


@functools.cache
def sarif_validator() -> Any:
    schema = json.loads((SCHEMAS / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@functools.cache
def gitlab_validator() -> Any:
    schema = json.loads((SCHEMAS / "gitlab-code-quality.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@functools.cache
def junit_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-10.xsd"), parser))


def assert_sarif_valid(text: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(text)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator().iter_errors(doc)]
    assert errors == []
    return doc


def assert_gitlab_valid(text: str) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = json.loads(text)
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in gitlab_validator().iter_errors(issues)
    ]
    assert errors == []
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    return issues


def assert_junit_valid(text: str) -> Any:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False))
    junit_schema().assertValid(root)
    # The counts are exact: per suite and in total.
    cases = 0
    failing = 0
    errors = 0
    for suite in root.iter("testsuite"):
        own = suite.findall("testcase")
        assert int(suite.get("tests")) == len(own)
        assert int(suite.get("failures")) == sum(c.find("failure") is not None for c in own)
        assert int(suite.get("errors")) == sum(c.find("error") is not None for c in own)
        assert int(suite.get("skipped")) == sum(c.find("skipped") is not None for c in own)
        cases += len(own)
        failing += int(suite.get("failures"))
        errors += int(suite.get("errors"))
    assert (int(root.get("tests")), int(root.get("failures")), int(root.get("errors"))) == (
        cases,
        failing,
        errors,
    )
    return root


def json_diagnostics(run: Run) -> list[dict[str, Any]]:
    diagnostics: list[dict[str, Any]] = json.loads(run["json"][1])["diagnostics"]
    return diagnostics


def test_vendored_schemas_are_the_pinned_copies() -> None:
    for name, digest in VENDORED.items():
        assert hashlib.sha256((SCHEMAS / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("where", ["broken", "shipped"])
@pytest.mark.parametrize("command", ["validate", "check"])
def test_sarif_is_valid_and_says_what_json_says(
    runs: dict[tuple[str, str], Run], broken: Path, where: str, command: str
) -> None:
    run = runs[(where, command)]
    code, text = run["sarif"]
    assert code == run["json"][0]
    doc = assert_sarif_valid(text)
    assert str(broken) not in text and str(REPO) not in text and "file:" not in text
    (sarif_run,) = doc["runs"]
    assert sarif_run["tool"]["driver"]["name"] == "eaf"
    rules = sarif_run["tool"]["driver"]["rules"]
    artifacts = [a["location"]["uri"] for a in sarif_run["artifacts"]]
    results = sarif_run["results"]
    expected = json_diagnostics(run)
    assert len(results) == len(expected)
    for result, d in zip(results, expected, strict=True):
        assert result["ruleId"] == d["code"] == rules[result["ruleIndex"]]["id"]
        assert (
            result["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[d["severity"]]
        )
        assert result["message"]["text"].startswith(d["message"])
        (location,) = result["locations"]
        where_ = location["physicalLocation"]
        uri = where_["artifactLocation"]["uri"]
        assert artifacts[where_["artifactLocation"]["index"]] == uri
        region = where_.get("region", {})
        assert (
            region.get("startLine"),
            region.get("startColumn"),
            region.get("endLine"),
            region.get("endColumn"),
        ) == (d["line"], d["column"], d["end_line"], d["end_column"])
        assert len(result.get("relatedLocations", [])) == len(d["related"])
    fingerprints = [r["partialFingerprints"]["eafFindingHash/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)
    if where == "broken":
        assert "models/t%E1%BB%95%20ch%E1%BB%A9c.yaml" in artifacts  # tổ chức.yaml
        assert "models/cu.yml" in artifacts  # the file that is not read
        assert any(r.get("relatedLocations") for r in results)  # the duplicate id
    else:
        assert all(r["level"] == "warning" for r in results)


@pytest.mark.parametrize("where", ["broken", "shipped"])
@pytest.mark.parametrize("command", ["validate", "check"])
def test_junit_is_valid_with_one_case_per_file_and_check(
    runs: dict[tuple[str, str], Run], where: str, command: str
) -> None:
    run = runs[(where, command)]
    code, text = run["junit"]
    assert code == run["json"][0]
    root = assert_junit_valid(text)
    assert root.get("name") == f"eaf {command}"
    # The run failed exactly when a case failed (errors fail; warnings are listed).
    assert (int(root.get("failures")) > 0) == (code == 1)
    cases = {(c.get("classname"), c.get("name")): c for c in root.iter("testcase")}
    assert len(cases) == int(root.get("tests"))  # one case per file and check
    for d in json_diagnostics(run):
        case = cases[(d["file"], check_of(d["code"]))]
        head = text_lines(_diagnostic(d))[0]
        failure = case.find("failure")
        if d["severity"] == "error":
            assert failure is not None and d["code"] in failure.get("type").split()
            assert head in failure.text
        else:
            assert head in case.find("system-out").text
    suites = [s.get("name") for s in root.iter("testsuite")]
    if command == "validate":
        assert suites == ["yaml", "schema", "references", "selectors"]
    else:
        assert suites[4:] == ["conformance", "kpis", "roadmap"]
        skipped = [c for c in root.iter("testcase") if c.find("skipped") is not None]
        # The analysis runs only on a model without errors: on the broken one, every analysis
        # case is skipped; on the shipped one, none is.
        analysis = [c for c in cases.values() if c.get("name") in suites[4:]]
        assert skipped == (analysis if where == "broken" else [])


def _diagnostic(d: dict[str, Any]) -> Diagnostic:
    location = Location(d["file"], d["line"] or 0, d["column"] or 0)
    return Diagnostic(d["code"], Severity(d["severity"]), d["message"], location, hint=d["hint"])


@pytest.mark.parametrize("where", ["broken", "shipped"])
@pytest.mark.parametrize("command", ["validate", "check"])
def test_gitlab_is_valid_and_says_what_json_says(
    runs: dict[tuple[str, str], Run], where: str, command: str
) -> None:
    run = runs[(where, command)]
    code, text = run["gitlab"]
    assert code == run["json"][0]
    issues = assert_gitlab_valid(text)
    expected = json_diagnostics(run)
    assert [(i["check_name"], i["location"]["path"]) for i in issues] == [
        (d["code"], d["file"]) for d in expected
    ]
    for issue, d in zip(issues, expected, strict=True):
        assert issue["severity"] == {"error": "major", "warning": "minor"}[d["severity"]]
        if d["end_line"] is None:  # a whole file (here: one that is not read)
            assert issue["location"]["lines"] == {"begin": d["line"] or 1}
            continue
        positions = issue["location"]["positions"]
        assert (positions["begin"], positions["end"]) == (
            {"line": d["line"], "column": d["column"]},
            {"line": d["end_line"], "column": d["end_column"]},
        )
    # The same finding has the same fingerprint in SARIF and in GitLab.
    sarif = json.loads(run["sarif"][1])["runs"][0]["results"]
    assert [i["fingerprint"] for i in issues] == [
        r["partialFingerprints"]["eafFindingHash/v1"] for r in sarif
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(fmt: str, tmp_path: Path) -> None:
    """`eaf check --format FMT` on a small broken model, byte for byte."""
    root = tmp_path / "p"
    shutil.copytree(GOLDEN / "project", root)
    code, produced = invoke(root, "check", "--format", fmt)
    assert code == 1
    golden = GOLDEN / GOLDEN_NAME[fmt]
    if os.environ.get("EAF_UPDATE_GOLDEN"):
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def test_goldens_are_valid() -> None:
    assert_sarif_valid((GOLDEN / "check.sarif").read_text(encoding="utf-8"))
    assert_junit_valid((GOLDEN / "check.junit.xml").read_text(encoding="utf-8"))
    assert_gitlab_valid((GOLDEN / "check.gitlab.json").read_text(encoding="utf-8"))


def test_warnings_fail_junit_only_when_they_fail_the_run(broken: Path, tmp_path: Path) -> None:
    # The shipped model with one more system that states no security level (rule r08, a
    # warning): warnings only, listed, not failed, unless warnings fail the run.
    shutil.copytree(REPO / "models", tmp_path / "models")
    warned = write(
        tmp_path,
        {
            "models/zz-canh-bao.yaml": """\
                systems:
                  - id: zz-he-thong
                    name: Hệ thống thử
                    category: other
                    level: province
                    owner: so-tttt
                """
        },
    )
    code, text = invoke(warned, "check", "--no-cache", "--format", "junit")
    root = assert_junit_valid(text)
    assert code == 0 and root.get("failures") == "0"
    assert "warning[EAF" in "".join(s.text for s in root.iter("system-out"))
    code, text = invoke(warned, "check", "--no-cache", "--fail-on", "warning", "--format", "junit")
    root = assert_junit_valid(text)
    assert code == 1 and int(root.get("failures")) > 0
    assert all("warning[EAF" in f.text for f in root.iter("failure"))
    # --strict makes the broken project's YAML 1.1 boolean a failure of the yaml check.
    # (and the ignored .yml file a failure of its own case).
    code, text = invoke(broken, "validate", "--strict", "--format", "junit")
    cases = {
        (c.get("classname"), c.get("name")): c for c in assert_junit_valid(text).iter("testcase")
    }
    assert cases[("models/systems.yaml", "yaml")].find("failure").get("type") == "EAF108"
    assert cases[("models/cu.yml", "yaml")].find("failure").get("type") == "EAF120"
    # --fail-on never: nothing fails, everything is listed.
    code, text = invoke(broken, "check", "--fail-on", "never", "--format", "junit")
    root = assert_junit_valid(text)
    assert code == 0 and root.get("failures") == "0"
    assert "error[EAF301]" in "".join(s.text for s in root.iter("system-out"))


MOVED = {
    "models/tổ chức.yaml": "  - {id: moi, name: Mới, level: province, type: sở, parent: tinh}\n",
    "models/systems.yaml": "  - {id: moi-ht, name: Mới, category: one-stop, owner: tinh}\n",
}


def test_fingerprints_survive_moved_lines(tmp_path: Path) -> None:
    root = write(tmp_path / "p", BROKEN)
    before = {fmt: invoke(root, "validate", "--format", fmt)[1] for fmt in ("sarif", "gitlab")}
    # Lines, and a whole element, above every finding: positions move, fingerprints do not.
    for rel, added in MOVED.items():
        path = root / rel
        section, rest = path.read_text(encoding="utf-8").split("\n", 1)
        path.write_text(f"# moved\n\n{section}\n{added}{rest}", encoding="utf-8")
    after = {fmt: invoke(root, "validate", "--format", fmt)[1] for fmt in ("sarif", "gitlab")}

    def prints(text: str) -> list[tuple[str, int]]:
        results = json.loads(text)["runs"][0]["results"]
        return [
            (
                r["partialFingerprints"]["eafFindingHash/v1"],
                r["locations"][0]["physicalLocation"].get("region", {}).get("startLine", 0),
            )
            for r in results
        ]

    old, new = prints(before["sarif"]), prints(after["sarif"])
    assert len(old) >= 5
    assert [f for f, _ in old] == [f for f, _ in new]
    for (_, line_old), (_, line_new) in zip(old, new, strict=True):
        assert line_new > line_old or line_old == line_new == 0  # 0: the ignored file
    gitlab = [i["fingerprint"] for i in json.loads(after["gitlab"])]
    assert gitlab == [f for f, _ in new]


def test_places_that_are_not_spans() -> None:
    """A finding without a place, one about a whole file, an internal error and a note: valid in
    every format, and characters XML cannot hold are escaped."""
    report = Report(
        [
            Diagnostic("EAF117", Severity.ERROR, "no model files"),
            Diagnostic("EAF118", Severity.ERROR, "cannot read \x1b[0m", Location("models/a.yaml")),
            Diagnostic("EAF120", Severity.WARNING, "not read", Location("models/b.txt")),
            Diagnostic("EAF901", Severity.ERROR, "crashed", Location("models/a.yaml", 2, 3)),
            Diagnostic("EAF212", Severity.INFO, "long", Location("models/a.yaml", 3, 1, 3, 9)),
        ],
        {"files": 1, "elements": 0},
        ok=False,
        files=("models/a.yaml",),
        checks=("yaml", "schema", "references", "selectors"),
    )
    sarif = assert_sarif_valid(REPORTER_BY_NAME["sarif"](report))
    results = sarif["runs"][0]["results"]
    assert "locations" not in results[0]
    assert "region" not in results[1]["locations"][0]["physicalLocation"]
    assert results[4]["level"] == "note"

    root = assert_junit_valid(REPORTER_BY_NAME["junit"](report))
    cases = {(c.get("classname"), c.get("name")): c for c in root.iter("testcase")}
    assert cases[("(model)", "yaml")].find("failure").get("type") == "EAF117"
    assert cases[("models/a.yaml", "internal")].find("error") is not None
    assert "\\u001b[0m" in cases[("models/a.yaml", "yaml")].find("failure").text
    assert ("models/b.txt", "schema") not in cases  # not a model file: its own check only
    assert root.get("errors") == "1"

    issues = assert_gitlab_valid(REPORTER_BY_NAME["gitlab"](report))
    assert issues[0]["location"] == {"path": "(model)", "lines": {"begin": 1}}
    assert issues[1]["location"] == {"path": "models/a.yaml", "lines": {"begin": 1}}
    assert [i["severity"] for i in issues] == ["major", "major", "minor", "major", "info"]


def multitool() -> list[str] | None:
    found = os.environ.get("EAF_SARIF_MULTITOOL") or shutil.which("sarif-multitool")
    return [found] if found else None


def test_sarif_multitool_finds_no_errors(runs: dict[tuple[str, str], Run], tmp_path: Path) -> None:
    """`sarif-multitool validate` (SARIF and GitHub rules) on real reports, in one invocation; it
    exits 0 whatever it finds, so the errors are counted in the log it writes. A copy broken on
    purpose proves it reads what it is given."""
    tool = multitool()
    if tool is None:
        why = (
            "the SARIF multitool is not installed: npm install --global "
            "@microsoft/sarif-multitool@5.7.0 (or set EAF_SARIF_MULTITOOL to its path)"
        )
        if os.environ.get("CI") == "true":  # .ci/run installs it: missing there is a failure
            pytest.fail(why)
        pytest.skip(why)
    inputs = []
    for where, command in (("broken", "check"), ("shipped", "check"), ("shipped", "validate")):
        path = tmp_path / f"{where}-{command}.sarif"
        path.write_text(runs[(where, command)]["sarif"][1], encoding="utf-8")
        inputs.append(path)
    canary = json.loads(inputs[0].read_text(encoding="utf-8"))
    located = [r for r in canary["runs"][0]["results"] if "region" in str(r)]
    region = located[0]["locations"][0]["physicalLocation"]["region"]
    region["endLine"] = region["startLine"] - 1  # an end before the start: SARIF1007
    (tmp_path / "canary.sarif").write_text(json.dumps(canary), encoding="utf-8")
    log = tmp_path / "multitool.sarif"
    env = {**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1", "DOTNET_NOLOGO": "1"}
    args = ["validate", *[p.name for p in inputs], "canary.sarif", "--output", log.name]
    args += ["--log", "ForceOverwrite", "--rule-kind", "Gh", "Sarif"]
    done = subprocess.run(  # its exit code says nothing: the log does
        [*tool, *args],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert log.exists(), done.stdout + done.stderr
    (run,) = json.loads(log.read_text(encoding="utf-8"))["runs"]
    assert all(i.get("executionSuccessful") for i in run["invocations"]), done.stdout
    errors: dict[str, list[str]] = {}
    for result in run.get("results", []):
        if result.get("level", "warning") == "error":
            uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            errors.setdefault(Path(uri).name, []).append(result["ruleId"])
    assert "SARIF1007" in errors.pop("canary.sarif", []), done.stdout
    assert errors == {}, done.stdout
