"""`eaf check`, the CI gate, and `eaf build` failing on what it finds."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eaf.cli import cli

REPO = Path(__file__).resolve().parent.parent

UNITS = """\
    organizations:
      - {id: tinh, name: Tỉnh Mẫu, level: province, type: tỉnh}
      - {id: so-a, name: Sở A, level: department, type: sở, parent: tinh}
      - {id: huyen, name: Huyện A, level: district, type: huyện, parent: tinh}
      - {id: xa-a, name: Xã A, level: commune, type: xã, parent: huyen}
      - {id: xa-b, name: Xã B, level: commune, type: xã, parent: huyen}
    plateaus:
      - {id: hien-trang, name: Hiện trạng, kind: baseline, date: "2024-01-01"}
      - {id: giai-doan-1, name: Giai đoạn 1, kind: transition, date: "2024-12-31"}
      - {id: muc-tieu, name: Mục tiêu, kind: target, date: "2025-12-31"}
    rules:
      - id: r-an-toan
        name: Hệ thống xác định cấp độ an toàn
        type: field
        applies_to: kind:system
        require: security_level>=1
        legal_basis: Nghị định 85/2016/NĐ-CP
    """


def system(changes: str = "", security: str = "") -> str:
    """One system; its security level set from the start and/or by dated changes."""
    return f"""\
    systems:
      - id: cong-dvc
        name: Cổng dịch vụ công
        category: public-service-portal
        owner: so-a
        {security}
        changes: [{changes}]
    """.replace("changes: []", "")


def check(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["check", "--format", "json", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def codes_of(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [(d["code"], d["severity"]) for d in doc["diagnostics"]]


def rule_findings(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The EAF501 findings (a dated change also brings an EAF520: no work package delivers it)."""
    return [d for d in doc["diagnostics"] if d["code"] == "EAF501"]


def test_a_plan_that_breaks_a_rule_fails_at_every_plateau_once(
    project: Callable[..., Path],
) -> None:
    project({"models/units.yaml": UNITS, "models/sys.yaml": system()})
    code, doc = check()
    assert code == 1
    assert doc["ok"] is False
    (finding,) = doc["diagnostics"]
    assert (finding["code"], finding["severity"]) == ("EAF501", "error")
    assert (finding["file"], finding["line"]) == ("models/sys.yaml", 2)
    assert finding["message"].endswith("[plateaus: hien-trang, giai-doan-1, muc-tieu]")
    assert doc["stats"]["plateaus"] == 3


def test_a_baseline_gap_the_roadmap_closes_is_a_warning(project: Callable[..., Path]) -> None:
    closed = '{date: "2024-06-01", set: {security_level: 3}}'
    project({"models/units.yaml": UNITS, "models/sys.yaml": system(changes=closed)})
    code, doc = check()
    assert code == 0, doc
    (finding,) = rule_findings(doc)
    assert finding["severity"] == "warning"
    assert codes_of(doc) == [("EAF501", "warning"), ("EAF520", "warning")]
    assert (
        "a gap of the baseline, closed by 'giai-doan-1' [plateau: hien-trang]"
        in (finding["message"])
    )
    assert check("--fail-on", "warning")[0] == 1


def test_a_plan_that_regresses_fails(project: Callable[..., Path]) -> None:
    # Conforms at the baseline and the transition, breaks the rule in the target.
    regress = '{date: "2025-06-01", set: {security_level: null}}'
    project(
        {
            "models/units.yaml": UNITS,
            "models/sys.yaml": system(changes=regress, security="security_level: 2"),
        }
    )
    code, doc = check()
    assert code == 1
    (finding,) = rule_findings(doc)
    assert finding["severity"] == "error"
    assert finding["message"].endswith("[plateau: muc-tieu]")


def test_at_checks_one_date_or_plateau(project: Callable[..., Path]) -> None:
    closed = '{date: "2024-06-01", set: {security_level: 3}}'
    project({"models/units.yaml": UNITS, "models/sys.yaml": system(changes=closed)})
    # --at checks rules and gate KPIs at one date (the roadmap's coverage is for every plateau).
    assert (
        check("--at", "muc-tieu")
        == check("--at", "2025-12-31")
        == (0, check("--at", "muc-tieu")[1])
    )
    assert check("--at", "muc-tieu")[1]["diagnostics"] == []
    code, doc = check("--at", "2024-03-01")  # a date that is no plateau: the plan is broken then
    assert code == 1
    assert codes_of(doc) == [("EAF501", "error")]
    # The baseline named alone still knows the next plateau closes its gap.
    assert codes_of(check("--at", "hien-trang")[1]) == [("EAF501", "warning")]


def test_a_bad_at_is_a_usage_error_with_a_close_match(project: Callable[..., Path]) -> None:
    project({"models/units.yaml": UNITS, "models/sys.yaml": system(security="security_level: 1")})
    result = CliRunner().invoke(cli, ["check", "--at", "muc-tieuu"])
    assert result.exit_code == 2
    assert "check [OPTIONS]" in result.stderr
    assert "did you mean 'muc-tieu'?" in result.stderr
    assert CliRunner().invoke(cli, ["check", "--at", "2024-02-30"]).exit_code == 2


GATE_KPI = """\
    kpis:
      - id: kpi-xa-co-cong
        name: Xã có cổng dịch vụ công
        type: coverage
        units: kind:organization,level:commune
        by: kind:system,category:public-service-portal
        target: 100
        deadline: "2024-12-31"
        {gate}
    """


def test_a_gate_kpi_missed_at_a_plateau_fails_and_other_kpis_do_not(
    project: Callable[..., Path],
) -> None:
    # The portal reaches one commune of two: the KPI is missed from 2024-12-31 on.
    sys = system(security="security_level: 2") + "    deployment: [{select: xa-a}]\n"
    files = {"models/units.yaml": UNITS, "models/sys.yaml": sys}
    project({**files, "models/kpi.yaml": GATE_KPI.replace("{gate}", "")})
    code, doc = check()
    assert code == 0 and doc["diagnostics"] == []  # not a gate: eaf gaps reports it
    project({"models/kpi.yaml": GATE_KPI.replace("{gate}", "gate: true")})
    code, doc = check()
    assert code == 1
    assert codes_of(doc) == [("EAF510", "error")] * 2
    assert [d["message"] for d in doc["diagnostics"]] == [
        "gate KPI 'kpi-xa-co-cong' is 50 at 2024-12-31, against a target of 100 due 2024-12-31 "
        "[plateau: giai-doan-1]",
        "gate KPI 'kpi-xa-co-cong' is 50 at 2025-12-31, against a target of 100 due 2024-12-31 "
        "[plateau: muc-tieu]",
    ]


def test_a_broken_model_is_not_analysed(project: Callable[..., Path]) -> None:
    project({"models/units.yaml": UNITS, "models/sys.yaml": system().replace("so-a", "so-x")})
    code, doc = check()
    assert code == 1
    assert codes_of(doc) == [("EAF301", "error")]  # the rule is not evaluated on a broken model
    assert "plateaus" not in doc["stats"]


def test_build_writes_its_outputs_then_fails_on_check_errors(
    project: Callable[..., Path],
) -> None:
    root = project({"models/units.yaml": UNITS, "models/sys.yaml": system()})
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 1
    assert "error[EAF501]" in result.output
    assert "the checks failed" in result.stderr
    assert (root / "build" / "model.json").is_file()
    assert (root / "build" / "gaps" / "gaps.json").is_file()
    assert (root / "build" / "diagrams" / "tong-the.svg").is_file()


def test_build_writes_nothing_for_a_broken_model(project: Callable[..., Path]) -> None:
    root = project({"models/units.yaml": UNITS, "models/sys.yaml": system().replace("so-a", "x")})
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 1
    assert "nothing was written" in result.stderr
    assert not (root / "build" / "model.json").exists()


def test_the_shipped_model_fails_exactly_when_it_has_errors(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import shutil

    shutil.copytree(REPO / "models", tmp_path / "models")
    (tmp_path / "eaf.toml").touch()
    monkeypatch.chdir(tmp_path)
    code, doc = check()
    errors = [d for d in doc["diagnostics"] if d["severity"] == "error"]
    assert code == (1 if errors else 0)
    assert doc["stats"]["plateaus"] == 4
    # The shipped model passes its gate: what it finds are warnings (see models/README.md,
    # "What this model covers"), and no rule of levels 1–4 (in force until 2022-08-01) is
    # broken by invented procedure data.
    assert errors == [] and code == 0
    assert not [d for d in doc["diagnostics"] if "r10-dvc-du-dieu-kien-muc-3-4" in d["message"]]


def test_validate_a_file_in_the_context_of_its_project(project: Callable[..., Path]) -> None:
    # The system's owner is defined in another file; only the named file is reported on.
    project(
        {
            "models/units.yaml": UNITS,
            "models/sys.yaml": system(security="security_level: 2"),
            "models/other.yaml": "actors:\n  - {id: dan, name: Người dân, category: nope}\n",
        }
    )
    result = CliRunner().invoke(cli, ["validate", "models/sys.yaml"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "0 errors, 0 warnings (1 element in 1 file)\n"
    result = CliRunner().invoke(cli, ["validate", "models"])
    assert result.exit_code == 1
    assert "models/other.yaml:2:42: error[EAF206]" in result.stdout
