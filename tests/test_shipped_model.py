"""Key facts of the shipped Bình Dương model, pinned so that a careless edit fails CI, and the
commands run on the fictional example province too."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eaf.cli import cli

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "tinh-mau"


def query(
    selector: str, monkeypatch: pytest.MonkeyPatch, root: Path = REPO, at: str | None = None
) -> list[dict[str, Any]]:
    monkeypatch.chdir(root)
    dated = ["--at", at] if at else []
    result = CliRunner().invoke(cli, ["query", selector, "--format", "json", *dated])
    assert result.exit_code == 0, result.output
    # Each row is {id, kind, name, file, pointer, fields}; the tests read the fields.
    rows: list[dict[str, Any]] = [
        {**row["fields"], "id": row["id"], "element_kind": row["kind"]}
        for row in json.loads(result.stdout)
    ]
    return rows


def test_validate_strict_is_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["validate", "--strict", "--no-cache"])
    assert result.exit_code == 0, result.output


def test_the_91_communes_and_9_districts(monkeypatch: pytest.MonkeyPatch) -> None:
    # On the baseline's date (tests/test_shipped_units.py follows them to 2025).
    communes = query("kind:organization,level:commune", monkeypatch, at="2022-04-04")
    assert len(communes) == 91
    assert Counter(c["type"] for c in communes) == {"phường": 45, "xã": 41, "thị trấn": 5}
    assert len({c["statistics_code"] for c in communes}) == 91
    per_district = Counter(c["parent"] for c in communes)
    assert per_district == {
        "tp-thu-dau-mot": 14,
        "tp-di-an": 7,
        "tp-thuan-an": 10,
        "tx-ben-cat": 8,
        "tx-tan-uyen": 12,
        "h-bau-bang": 7,
        "h-dau-tieng": 12,
        "h-phu-giao": 11,
        "h-bac-tan-uyen": 10,
    }
    by_id = {c["id"]: c for c in communes}
    assert by_id["tdm-hiep-thanh"]["name"] == "Phường Hiệp Thành"
    assert by_id["tdm-hiep-thanh"]["statistics_code"] == "25741"
    assert by_id["ta-hung-dinh"]["name"] == "Phường Hưng Định"
    districts = query("kind:organization,level:district", monkeypatch, at="2022-04-04")
    assert Counter(d["type"] for d in districts) == {"thành phố": 3, "thị xã": 2, "huyện": 4}


def test_the_19_provincial_agencies_and_the_police_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """19 units under the People's Committee (18 agencies and the industrial zones board); the
    provincial police is a vertical agency of the ministry, not a 20th."""
    agencies = query(
        "kind:organization,level:department,parent:ubnd-binh-duong", monkeypatch, at="2022-04-04"
    )
    assert len(agencies) == 19
    (police,) = query("kind:organization,level:department,parent:bca", monkeypatch, at="2022-04-04")
    assert police["id"] == "cong-an-tinh" and police["type"] == "cơ quan ngành dọc"


@pytest.mark.parametrize(
    "element",
    [
        "cong-dvc-binh-duong",
        "mot-cua-dien-tu",
        "he-thong-tthc-tinh",
        "qlvb-dieu-hanh",
        "lgsp-binh-duong",
        "truc-lien-thong-van-ban-tinh",
        "vdxp",
        "hoi-nghi-truc-tuyen",
        "trung-tam-du-lieu-tinh",
        "mang-tslcd",
        "mang-lan",
        "ioc-binh-duong",
        "he-thong-bao-cao-tinh",
        "cong-dvc-quoc-gia",
        "thanh-toan-dvcqg",
        "xac-thuc-dvcqg",
        "csdl-quoc-gia-tthc",
        "ngsp",
        "csdl-quoc-gia-dan-cu",
        "he-thong-bao-cao-quoc-gia",
        "vneid",
        "he-thong-dkdn-quoc-gia",
        "soc-binh-duong",
        "giam-sat-attt-quoc-gia",
        "chung-thuc-chu-ky-so-chinh-phu",
    ],
)
def test_named_systems_exist(element: str, monkeypatch: pytest.MonkeyPatch) -> None:
    (row,) = query(element, monkeypatch)
    assert row["source"]["document"]


def test_ioc_launch_date(monkeypatch: pytest.MonkeyPatch) -> None:
    (ioc,) = query("ioc-binh-duong", monkeypatch)
    assert ioc["lifecycle"] == {"active": "2022-04-19"}


# The 2022 article's targets: (type, target, deadline). The "20/20 provincial agencies" is a
# reported figure (the province had 19 units under its People's Committee); the targets the
# article gives no deadline for have none.
ARTICLE_KPIS = {
    "kpi-xa-dvc-muc-3-4": ("coverage", 100, "2022-12-31"),
    "kpi-cong-khai-tthc-cap-tinh": ("reported", 100, "2022-04-04"),
    "kpi-cong-khai-tthc-cap-huyen": ("coverage", 100, "2022-04-04"),
    "kpi-cong-khai-tthc-cap-xa": ("coverage", 100, "2022-04-04"),
    "kpi-tthc-cong-bo-csdl-qg": ("reported", 100, "2022-04-04"),
    "kpi-dvc-du-dieu-kien-muc-3-4": ("reported", 100, None),
    "kpi-dvc-tich-hop-dvcqg": ("reported", 100, None),
    "kpi-lien-thong-van-ban-4-cap": ("coverage", 100, "2022-04-04"),
    "kpi-hoi-nghi-truc-tuyen-xa": ("coverage", 100, "2022-04-04"),
}


def test_every_kpi_of_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    kpis = {k["id"]: k for k in query("kind:kpi", monkeypatch)}
    for kpi, (kind, target, deadline) in ARTICLE_KPIS.items():
        got = (kpis[kpi]["type"], kpis[kpi]["target"], kpis[kpi].get("deadline"))
        assert got == (kind, target, deadline), kpi
    reported = kpis["kpi-so-dvc-muc-3-4-tinh"]["reported"]
    assert [(r["date"], r["value"]) for r in reported] == [("2022-09-15", 1159)]
    (twenty,) = kpis["kpi-cong-khai-tthc-cap-tinh"]["reported"]
    assert (twenty["value"], twenty["note"]) == (100, "20/20 cơ quan chuyên môn cấp tỉnh")


def test_plateaus(monkeypatch: pytest.MonkeyPatch) -> None:
    plateaus = {p["id"]: (p["kind"], p["date"]) for p in query("kind:plateau", monkeypatch)}
    assert plateaus == {
        "hien-trang-2022-04": ("baseline", "2022-04-04"),
        "giai-doan-2020-2022": ("transition", "2022-12-31"),
        "hcm-hai-cap-2025-07": ("transition", "2025-07-01"),
        "giai-doan-2023-2025": ("target", "2025-12-31"),
    }


def test_rules_and_services(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = query("kind:rule", monkeypatch)
    assert len(rules) == 26
    assert all(r["legal_basis"] for r in rules)
    # A small set of procedures, each named by a source: none is a bare assumption.
    services = query("kind:service", monkeypatch)
    assert len(services) == 13
    assert all(s["source"]["status"] != "assumed" for s in services)
    assert {s["field"] for s in services} == {
        "Lý lịch tư pháp",
        "Đường bộ",
        "Thành lập và hoạt động doanh nghiệp",
        "Thành lập và hoạt động hộ kinh doanh",
        "Đất đai",
        "Hoạt động xây dựng",
        "Hộ tịch",
    }
    assert {lvl for s in services for lvl in s["handling_levels"]} == {
        "province",
        "district",
        "commune",
    }
    # Online levels only where a source supports one: the business-registration procedures.
    levelled = sorted(s["id"] for s in services if "online_level" in s)
    assert levelled == sorted(s["id"] for s in services if s["field"].endswith("doanh nghiệp"))


def test_national_exchanges_name_their_route(monkeypatch: pytest.MonkeyPatch) -> None:
    national = {
        r["id"]
        for r in query(
            "kind:system,level:national kind:data,scope:national kind:platform,level:national",
            monkeypatch,
        )
    }
    security = {r["id"] for r in query("kind:system,category:security", monkeypatch)}
    provincial = {r["id"] for r in query("kind:system,level:province", monkeypatch)}
    links = query("kind:interconnection", monkeypatch)
    to_national = [i for i in links if i["to"] in national and i["from"] in provincial]
    assert len(to_national) >= 8
    for link in to_national:
        assert link.get("legal_basis"), link["id"]
        # Security monitoring reaches the national system by its own channel (Directive
        # 14/CT-TTg), not through the LGSP; every data exchange names its route.
        assert bool(link.get("via")) == (link["to"] not in security), link["id"]


def test_every_element_has_a_source(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = query("kind:*,!kind:view", monkeypatch)  # views are drawings, not facts
    assert rows
    missing = [r["id"] for r in rows if "source" not in r]
    assert missing == []


def test_the_example_province_runs_every_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import shutil

    root = tmp_path / "tinh-mau"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    monkeypatch.chdir(root)
    runner = CliRunner()
    assert runner.invoke(cli, ["validate", "--strict"]).exit_code == 0
    communes = query("kind:organization,level:commune", monkeypatch, root)
    assert [c["id"] for c in communes] == ["dc-an-phu", "dc-hoa-binh", "sx-binh-an", "sx-tan-lap"]
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    # Laid out as `eaf init` lays out a project, its site builds from inside it.
    home = (root / "build" / "site" / "index.html").read_text(encoding="utf-8")
    assert "Kiến trúc Chính quyền điện tử tỉnh Mẫu" in home
    assert (root / "build" / "site" / "elements" / "dc-an-phu.html").is_file()
    doc = json.loads((root / "build" / "model.json").read_text(encoding="utf-8"))
    edges = {(e["source"], e["target"], e["type"]): e for e in doc["edges"]}
    # The exception: An Phú has no counter until its own scope starts.
    assert edges["mot-cua-xa-mau", "dc-an-phu", "deployed-to"]["since"] == "2025-06-01"
    assert edges["mot-cua-xa-mau", "dc-hoa-binh", "deployed-to"].get("since") is None
