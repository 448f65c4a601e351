"""Gap analysis on small models whose gaps, KPIs, coverage and findings are known by
construction, and the CLI as a CI gate."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from eaf.cli import cli

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "schemas" / "eaf-gaps.schema.json").read_text(encoding="utf-8"))

S = '{document: "Ví dụ", status: assumed}'
MODEL = f"""\
organizations:
  - {{id: tinh, name: Tỉnh, level: province, type: tỉnh, source: {S}}}
  - {{id: huyen, name: Huyện, level: district, type: huyện, parent: tinh, source: {S}}}
  - {{id: xa-1, name: Xã Một, level: commune, type: xã, parent: huyen, source: {S}}}
  - {{id: xa-2, name: Xã Hai, level: commune, type: xã, parent: huyen, source: {S}}}
  - {{id: xa-3, name: Xã Ba, level: commune, type: xã, parent: huyen, source: {S}}}
channels:
  - id: mot-cua
    name: Bộ phận một cửa
    type: counter
    deployment:
      - select: kind:organization,level:commune
        except: [xa-3]
    source: {S}
systems:
  - {{id: cu, name: Hệ thống cũ, category: one-stop, level: province, owner: tinh, security_level: 2, lifecycle: {{end_of_life: "2023-01-01"}}, source: {S}}}
  - {{id: moi, name: Hệ thống mới, category: tthc-system, level: province, owner: tinh, lifecycle: {{active: "2023-01-01"}}, source: {S}}}
  - {{id: qg, name: Cổng quốc gia, category: public-service-portal, level: national, source: {S}}}
platforms:
  - {{id: lgsp, name: LGSP, category: lgsp, level: province, owner: tinh, security_level: 3, source: {S}}}
services:
  - id: khai-sinh
    name: Khai sinh
    field: Hộ tịch
    handling_levels: [commune]
    online_level: 2
    eligible_level: 4
    offered_by:
      - select: kind:organization,level:commune
        except: [xa-2]
    changes:
      - {{date: "2022-12-31", set: {{online_level: 4}}}}
    source: {S}
interconnections:
  - {{id: ic-cu, name: Cũ, from: cu, to: qg, via: [lgsp], lifecycle: {{end_of_life: "2023-01-01"}}, source: {S}}}
  - {{id: ic-moi, name: Mới, from: moi, to: qg, lifecycle: {{active: "2023-01-01"}}, source: {S}}}
rules:
  - {{id: r-route, name: Qua LGSP, type: route, applies_to: "kind:system,level:province", target: "kind:system,level:national", via: "kind:platform,category:lgsp", legal_basis: NĐ 47/2020, source: {S}}}
  - {{id: r-level, name: Cấp độ, type: field, severity: warning, applies_to: "kind:system,level:province", require: "security_level>=1", legal_basis: NĐ 85/2016, source: {S}}}
  - {{id: r-mot-cua, name: Một cửa, type: coverage, applies_to: "kind:organization,level:commune", target: "kind:channel,type:counter", legal_basis: NĐ 61/2018, source: {S}}}
kpis:
  - {{id: k-xa, name: Xã có DVC mức 3-4, type: coverage, units: "kind:organization,level:commune", by: "kind:service,online_level>=3", target: 100, deadline: "2022-12-31", source: {S}}}
  - {{id: k-ratio, name: Tỷ lệ, type: ratio, population: "kind:service", condition: "online_level>=3", target: 100, deadline: "2022-06-30", source: {S}}}
  - {{id: k-mot-cua, name: Xã có một cửa, type: coverage, units: "kind:organization,level:commune", by: "kind:channel,type:counter", target: 100, deadline: "2030-01-01", source: {S}}}
  - {{id: k-count, name: Số hệ thống, type: count, select: "kind:system,level:province", target: 2, deadline: "2030-01-01", source: {S}}}
plateaus:
  - {{id: p0, name: Đầu, kind: baseline, date: "2022-01-01", source: {S}}}
  - {{id: p1, name: Cuối, kind: target, date: "2024-01-01", source: {S}}}
work_packages:
  - {{id: wp-moi, name: Hệ thống mới, delivers: [moi, ic-moi], source: {S}}}
  - {{id: wp-rong, name: Không làm gì, delivers: [tinh], source: {S}}}
"""


def gaps(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["gaps", *args])
    return result.exit_code, result.stdout


def doc(root: Path, *args: str) -> dict:  # type: ignore[type-arg]
    code, out = gaps(root, "--format", "json", *args)
    assert code in (0, 1), out
    data = json.loads(out)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    return data  # type: ignore[no-any-return]


def test_plateau_gaps_known_by_construction(project: Callable[..., Path]) -> None:
    root = project({"models/m.yaml": MODEL})
    data = doc(root)
    assert (data["from"]["plateau"], data["to"]["plateau"], data["at"]) == (
        "p0",
        "p1",
        "2024-01-01",
    )
    items = {i["id"]: i for i in data["plateau_gaps"]["items"]}
    status = {k: v["status"] for k, v in items.items() if v["status"] != "kept"}
    assert status == {
        "cu": "removed",
        "ic-cu": "removed",
        "moi": "added",
        "ic-moi": "added",
        "khai-sinh": "changed",
    }
    assert items["khai-sinh"]["changes"] == [{"field": "online_level", "before": 2, "after": 4}]
    assert items["moi"]["work_packages"] == ["wp-moi"]
    assert data["plateau_gaps"]["uncovered"] == ["cu", "ic-cu", "khai-sinh"]
    assert data["plateau_gaps"]["idle_work_packages"] == ["wp-rong"]
    assert data["plateau_gaps"]["counts"]["added"] == 2


def test_kpis_coverage_and_rules(project: Callable[..., Path]) -> None:
    root = project({"models/m.yaml": MODEL})
    data = doc(root, "--at", "2022-07-01")
    kpis = {k["id"]: k for k in data["kpis"]}
    # Before the change, the one service is at level 2: no commune offers level 3/4.
    assert (kpis["k-xa"]["value"], kpis["k-xa"]["numerator"], kpis["k-xa"]["denominator"]) == (
        0.0,
        0,
        3,
    )
    assert kpis["k-ratio"]["status"] == "missed"  # its deadline, 2022-06-30, has passed at 0%
    assert kpis["k-xa"]["status"] == "at-risk"  # half-way to its deadline, still at 0
    assert kpis["k-count"]["value"] == 1.0  # only 'cu' exists in 2022
    later = {k["id"]: k for k in doc(root, "--at", "2023-06-30")["kpis"]}
    # After the change: offered by xa-1 and xa-3 (xa-2 is an exception).
    assert (later["k-xa"]["numerator"], later["k-xa"]["status"]) == (2, "missed")
    assert later["k-ratio"]["value"] == 100.0 and later["k-ratio"]["status"] == "met"
    coverage = data["coverage"]
    assert [c["id"] for c in coverage["criteria"]] == ["k-mot-cua", "k-xa", "r-mot-cua"]
    cells = {u["id"]: u["cells"] for u in coverage["units"]}
    assert cells["xa-3"]["r-mot-cua"] is False and cells["xa-1"]["r-mot-cua"] is True
    findings = {(f["code"], f["message"].split("'")[1]) for f in data["findings"]}
    assert ("EAF501", "xa-3") in findings  # no one-stop counter
    assert ("EAF510", "k-ratio") in findings
    late = doc(root)  # at 2024: 'moi' reaches the national portal without the LGSP
    messages = [f["message"] for f in late["findings"] if f["code"] == "EAF501"]
    assert any("'ic-moi'" in m and "r-route" in m for m in messages)
    assert any("'moi'" in m and "r-level" in m for m in messages)  # no security level


def test_one_edit_moves_exactly_the_expected_cells(project: Callable[..., Path]) -> None:
    root = project({"models/m.yaml": MODEL})
    before = doc(root, "--at", "2023-06-30")
    (root / "models" / "m.yaml").write_text(
        MODEL.replace("        except: [xa-3]\n", ""), encoding="utf-8"
    )
    after = doc(root, "--at", "2023-06-30")
    cells = lambda d: {  # noqa: E731
        (u["id"], c): v for u in d["coverage"]["units"] for c, v in u["cells"].items()
    }
    diff = {k for k in cells(before) if cells(before)[k] != cells(after)[k]}
    moved = {
        k["id"]: (k["value"], j["value"])
        for k, j in zip(before["kpis"], after["kpis"], strict=True)
        if (k["value"], k["status"]) != (j["value"], j["status"])
    }
    assert diff == {("xa-3", "r-mot-cua"), ("xa-3", "k-mot-cua")}
    assert moved == {"k-mot-cua": (66.7, 100.0)}


def test_fail_on_is_a_ci_gate(project: Callable[..., Path]) -> None:
    project({"models/m.yaml": MODEL})
    assert gaps(Path(), "--fail-on", "error")[0] == 1  # the route rule is an error
    assert gaps(Path(), "--fail-on", "never")[0] == 0
    clean = MODEL.replace(
        "  - {id: ic-moi, name: Mới, from: moi, to: qg,",
        "  - {id: ic-moi, name: Mới, from: moi, to: qg, via: [lgsp],",
    ).replace("        except: [xa-3]\n", "")  # the two error rules now hold
    (Path("models") / "m.yaml").write_text(clean, encoding="utf-8")
    assert gaps(Path(), "--fail-on", "error")[0] == 0
    assert gaps(Path(), "--fail-on", "warning")[0] == 1  # warnings remain (security level)


def test_formats(project: Callable[..., Path]) -> None:
    project({"models/m.yaml": MODEL.replace("name: Xã Một", "name: '=HYPERLINK(\"x\")'")})
    code, text = gaps(Path(), "--fail-on", "never")
    assert code == 0 and "Khoảng cách giữa hai mốc" in text
    code, md = gaps(Path(), "--format", "md", "--fail-on", "never", "--lang", "en")
    assert md.startswith("# Architecture gap analysis") and "| Unit |" in md
    result = CliRunner().invoke(cli, ["gaps", "--format", "csv", "--fail-on", "never"])
    raw = result.stdout_bytes
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Bảng", "Mã", "Tên"]
    names = [r[2] for r in rows if r[1] == "xa-1"]
    assert names and all(n.startswith("'=") for n in names)  # formula neutralised
    assert any(r[2] == "Khai sinh" for r in rows)  # Vietnamese intact


def test_completeness_expects_what_the_spec_and_docs_say(project: Callable[..., Path]) -> None:
    """A statistics code is expected of administrative units only, not of an agency or a
    national body; an interconnection's `via` and a service's `online_level` are left out
    when there is none (a direct link, a procedure not online): neither is missing data."""
    root = project(
        {
            "models/m.yaml": f"""\
                organizations:
                  - {{id: bo, name: Bộ, level: national, type: bộ, source: {S}}}
                  - {{id: tinh, name: Tỉnh, level: province, type: tỉnh, source: {S}}}
                  - {{id: so, name: Sở, level: department, type: sở, parent: tinh, source: {S}}}
                  - {{id: huyen, name: Huyện, level: district, type: huyện, parent: tinh}}
                  - {{id: xa, name: Xã, level: commune, type: xã, parent: huyen, source: {S}}}
                systems:
                  - {{id: a, name: A, category: other, source: {S}}}
                  - {{id: b, name: B, category: other, source: {S}}}
                interconnections:
                  - {{id: a-b, name: A–B, from: a, to: b, data: [hồ sơ], source: {S}}}
                services:
                  - {{id: dv, name: Dịch vụ, field: Hộ tịch, handling_levels: [commune], source: {S}}}
                plateaus:
                  - {{id: p0, name: Đầu, kind: baseline, date: "2024-01-01", source: {S}}}
                """,
        }
    )
    missing = {m["id"]: m["fields"] for m in doc(root)["completeness"]["missing"]}
    assert missing["tinh"] == ["description", "name_en", "statistics_code"]
    assert missing["huyen"] == ["description", "name_en", "source", "statistics_code"]
    assert missing["xa"] == ["description", "name_en", "statistics_code"]
    assert missing["so"] == missing["bo"] == ["description", "name_en"]
    assert missing["a-b"] == ["description", "name_en", "legal_basis"]
    assert missing["dv"] == ["description", "name_en", "procedure_code", "eligible_level"]


USERS = [f"nhom-nguoi-dung-so-{n:02d}" for n in range(12)]
ORDERED = (
    f"""\
layers:
  - {{id: users, name: Người dùng, order: 10, source: {S}}}
  - {{id: applications, name: Ứng dụng, order: 40, source: {S}}}
  - {{id: integration, name: Tích hợp, order: 60, source: {S}}}
actors:
"""
    + "".join(f"  - {{id: {a}, name: Nhóm {a}, category: citizen, source: {S}}}\n" for a in USERS)
    + f"""\
  - {{id: z-moi, name: Nhóm mới, category: official, lifecycle: {{active: "2023-01-01"}}}}
  - {{id: a-moi, name: Nhóm mới hai, category: official, lifecycle: {{active: "2023-01-01"}}}}
systems:
  - id: he-thong
    name: Hệ thống
    category: other
    users: [{", ".join(USERS)}]
    changes:
      - date: "2023-01-01"
        set:
          users: [{", ".join(USERS[1:])}, z-moi, a-moi]
          description: {("Mô tả rất dài. " * 12).strip()}
    source: {S}
  - {{id: a-moi-he-thong, name: Mới, category: other, lifecycle: {{active: "2023-01-01"}}}}
platforms:
  - {{id: lgsp, name: LGSP, category: lgsp, level: province, lifecycle: {{active: "2023-01-01"}}}}
plateaus:
  - {{id: p0, name: Đầu, kind: baseline, date: "2022-01-01", source: {S}}}
  - {{id: p1, name: Cuối, kind: target, date: "2024-01-01", source: {S}}}
"""
)


def test_gap_items_in_the_order_of_the_layers_then_by_id(project: Callable[..., Path]) -> None:
    """Sorted by the layers' names (applications, integration, users) and by kind, the
    report did not follow the framework: users first, then applications, then integration."""
    root = project({"models/m.yaml": ORDERED})
    changed = [
        (i["layer"], i["id"])
        for i in doc(root, "--fail-on", "never")["plateau_gaps"]["items"]
        if i["status"] != "kept"
    ]
    assert changed == [
        ("users", "a-moi"),
        ("users", "z-moi"),
        ("applications", "a-moi-he-thong"),
        ("applications", "he-thong"),
        ("integration", "lgsp"),
    ]
    _, text = gaps(root, "--fail-on", "never", "--lang", "en")
    lines = [line.split()[2] for line in text.splitlines() if line.startswith("  ")][:5]
    assert lines == ["a-moi", "z-moi", "a-moi-he-thong", "he-thong", "lgsp"]


def test_a_long_list_change_shows_what_it_loses_and_gains(project: Callable[..., Path]) -> None:
    """A list was cut ('[a, b, c…'); now it is shown as `eaf diff` shows it, whole, in every
    format; and the CSV cuts nothing, not even a long text."""
    root = project({"models/m.yaml": ORDERED})
    users = f"Người sử dụng: − [{USERS[0]}] → + [z-moi, a-moi]"
    _, text = gaps(root, "--fail-on", "never")
    (line,) = [line for line in text.splitlines() if " he-thong " in line]
    assert users in line and "…" in line  # the long description, cut in text
    _, md = gaps(root, "--format", "md", "--fail-on", "never")
    (row,) = [row for row in md.splitlines() if row.startswith("| ") and "`he-thong`" in row]
    assert users.replace("[", "\\[").replace("]", "\\]") in row  # brackets escaped: no link
    result = CliRunner().invoke(cli, ["gaps", "--format", "csv", "--fail-on", "never"])
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    (detail,) = [r[8] for r in rows if r[1] == "he-thong" and r[0] == rows[1][0]]
    assert users in detail and "…" not in detail
    assert f"Mô tả: — → {('Mô tả rất dài. ' * 12).strip()};" in detail
    (item,) = [i for i in doc(root, "--fail-on", "never")["plateau_gaps"]["items"] if i["id"] == "he-thong"]  # fmt: skip
    users_change = next(c for c in item["changes"] if c["field"] == "users")
    assert users_change["before"] == USERS  # the JSON has the whole values


def test_bad_plateau_and_date_are_usage_errors(project: Callable[..., Path]) -> None:
    project({"models/m.yaml": MODEL})
    result = CliRunner().invoke(cli, ["gaps", "--to", "p2"])
    assert result.exit_code == 2 and "no plateau 'p2'" in result.stderr
    result = CliRunner().invoke(cli, ["gaps", "--at", "2022-13-01"])
    assert result.exit_code == 2


def test_shipped_model_gaps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    data = doc(REPO, "--to", "giai-doan-2020-2022")
    items = {i["id"]: i for i in data["plateau_gaps"]["items"]}
    assert items["ioc-binh-duong"]["status"] == "added"
    assert items["ioc-binh-duong"]["work_packages"] == ["wp-thanh-pho-thong-minh"]
    # The province's headline task of 2022 changes something real: the portal's deployment
    # to the commune-level units.
    portal = items["cong-dvc-binh-duong"]
    assert portal["status"] == "changed" and "wp-dvc-muc-3-4-91-xa" in portal["work_packages"]
    assert [c["field"] for c in portal["changes"]] == ["deployment"]
    assert data["plateau_gaps"]["idle_work_packages"] == []
    kpis = {k["id"]: k for k in data["kpis"]}
    for kpi in ("kpi-xa-dvc-muc-3-4", "kpi-cong-khai-tthc-cap-xa", "kpi-hoi-nghi-truc-tuyen-xa"):
        assert kpis[kpi]["status"] == "met", kpi
    units = {u["id"] for u in data["coverage"]["units"]}
    assert len([u for u in data["coverage"]["units"] if u["level"] == "commune"]) == 91
    assert "tdm-hiep-thanh" in units
    # At the baseline a KPI is where its line starts: on track, not at risk.
    baseline = {k["id"]: k for k in doc(REPO, "--at", "2022-04-04")["kpis"]}
    assert baseline["kpi-xa-dvc-muc-3-4"]["status"] == "on-track"
    for finding in data["findings"]:
        assert finding["file"] and finding["line"] and finding["column"]
