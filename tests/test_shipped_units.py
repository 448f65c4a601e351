"""The story of the shipped model's administrative units, from the 2022 baseline to Hồ Chí Minh
City on 2025-07-01, pinned against the reorganisation mapping (tests/data, a copy of the shared
domain note, from the MIT-licensed 'dvhcvn 20250701' data set): 91 commune-level units in 2022,
the 2023–2024 changes of type, the end of the district level, and the 36 units of the city with
their names, types, codes and predecessors (full or partial)."""

from __future__ import annotations

import functools
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from eaf.cli import cli

REPO = Path(__file__).resolve().parent.parent
MAPPING: dict[str, Any] = yaml.safe_load(
    (REPO / "tests" / "data" / "binh-duong-2025-reorganisation.yaml").read_text(encoding="utf-8")
)
NEW_UNITS: list[dict[str, Any]] = MAPPING["units"]
#: The one unit the reorganisation leaves unchanged: it lives on as the same element.
THOI_HOA = "25846"


@functools.cache
def organizations(at: str | None = None) -> dict[str, dict[str, Any]]:
    """`eaf query 'kind:organization' [--at AT] --format json`, by id (run once per date)."""
    args = ["query", "kind:organization", "--format", "json", *(["--at", at] if at else [])]
    old = Path.cwd()
    os.chdir(REPO)
    try:
        result = CliRunner().invoke(cli, args)
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    # Each row is {id, kind, name, file, pointer, fields}: the element's fields on the day.
    return {row["id"]: {**row["fields"], "id": row["id"]} for row in json.loads(result.stdout)}


def level(at: str | None, wanted: str) -> dict[str, dict[str, Any]]:
    return {i: row for i, row in organizations(at).items() if row["level"] == wanted}


def full_name(type_: str, name: str) -> str:
    return f"{type_[:1].upper()}{type_[1:]} {name}"


def test_the_mapping_is_the_shared_one() -> None:
    assert len(NEW_UNITS) == 36
    assert Counter(u["type"] for u in NEW_UNITS) == {"phường": 24, "xã": 12}
    old = {f["gso"] for u in NEW_UNITS for f in u["from"]}
    assert len(old) == 91


def test_91_commune_level_units_at_the_baseline() -> None:
    communes = level("2022-04-04", "commune")
    assert len(communes) == 91
    assert Counter(c["type"] for c in communes.values()) == {
        "phường": 45,
        "xã": 41,
        "thị trấn": 5,
    }
    # Every old unit the mapping names, by its code and its name of the day.
    by_code = {c["statistics_code"]: c for c in communes.values()}
    named = {f["gso"]: f["name"] for u in NEW_UNITS for f in u["from"]}
    assert set(by_code) == set(named)
    for code, name in named.items():
        unit = by_code[code]
        assert unit["name"] == full_name(unit["type"], name), code
    assert len(level("2022-04-04", "district")) == 9


def test_the_2023_and_2024_changes_of_type() -> None:
    def unit(at: str, element: str) -> tuple[str, str]:
        row = organizations(at)[element]
        return row["type"], row["name"]

    assert unit("2022-04-04", "tx-tan-uyen") == ("thị xã", "Thị xã Tân Uyên")
    assert unit("2023-04-09", "tx-tan-uyen") == ("thị xã", "Thị xã Tân Uyên")
    assert unit("2024-06-30", "tx-tan-uyen") == ("thành phố", "Thành phố Tân Uyên")
    assert unit("2024-04-30", "tx-ben-cat") == ("thị xã", "Thị xã Bến Cát")
    assert unit("2024-06-30", "tx-ben-cat") == ("thành phố", "Thành phố Bến Cát")
    assert unit("2024-04-30", "bc-an-dien") == ("xã", "Xã An Điền")
    assert unit("2024-06-30", "bc-an-dien") == ("phường", "Phường An Điền")
    assert unit("2024-06-30", "bc-an-tay") == ("phường", "Phường An Tây")
    # The province's totals until the reorganisation (vn-egov.md §4.5): 5 thành phố, 4 huyện;
    # 47 phường, 39 xã, 5 thị trấn.
    districts = level("2024-06-30", "district").values()
    assert Counter(d["type"] for d in districts) == {"thành phố": 5, "huyện": 4}
    communes = level("2025-06-30", "commune").values()
    assert Counter(c["type"] for c in communes) == {"phường": 47, "xã": 39, "thị trấn": 5}
    # Every change of type is dated, sourced and never marked confirmed.
    for element in ("tx-tan-uyen", "tx-ben-cat", "bc-an-dien", "bc-an-tay"):
        (change,) = organizations()[element]["changes"]
        assert set(change["set"]) == {"type", "name"}
        assert change["source"]["status"] in ("derived", "uncertain")
        assert change["source"]["note"]


def test_36_commune_level_units_of_the_city_from_2025_07_01() -> None:
    for at in ("2025-07-01", "2025-12-31"):
        communes = level(at, "commune")
        assert len(communes) == 36
        by_code = {c["statistics_code"]: c for c in communes.values()}
        assert set(by_code) == {u["gso"] for u in NEW_UNITS}
        for new in NEW_UNITS:
            unit = by_code[new["gso"]]
            assert unit["type"] == new["type"], new["gso"]
            assert unit["name"] == full_name(new["type"], new["name"]), new["gso"]
            assert unit["parent"] == "ubnd-tp-hcm", new["gso"]
            expected_id = "bc-thoi-hoa" if new["gso"] == THOI_HOA else unit["id"]
            assert unit["id"] == expected_id
            assert unit["id"].startswith("hcm-") == (new["gso"] != THOI_HOA)


def test_no_district_level_unit_from_2025_07_01() -> None:
    assert len(level("2025-06-30", "district")) == 9
    assert level("2025-07-01", "district") == {}
    assert level("2025-12-31", "district") == {}


def test_the_predecessors_of_each_new_unit_match_the_mapping() -> None:
    written = organizations()
    code_of = {i: row.get("statistics_code") for i, row in written.items()}
    predecessors: dict[str, set[tuple[str, str]]] = {}
    for element, row in written.items():
        if row["level"] != "commune":
            continue  # districts name the new units too (test below)
        for successor in row["successors"]:
            predecessors.setdefault(successor["id"], set()).add(
                (code_of[element], successor["share"])
            )
    by_code = {c["statistics_code"]: c["id"] for c in level("2025-07-01", "commune").values()}
    for new in NEW_UNITS:
        element = by_code[new["gso"]]
        if new["gso"] == THOI_HOA:
            # Unchanged: the same element before and after, with no predecessor of its own.
            assert new["from"] == [{"gso": THOI_HOA, "name": "Thới Hòa", "part": "full"}]
            assert element in level("2022-04-04", "commune")
            assert element not in predecessors
            continue
        expected = {(f["gso"], f["part"]) for f in new["from"]}
        assert predecessors[element] == expected, new["name"]


def test_every_old_unit_but_thoi_hoa_ends_on_2025_07_01() -> None:
    written = organizations()
    for element, row in level("2022-04-04", "commune").items():
        end = (written[element].get("lifecycle") or {}).get("end_of_life")
        if row["statistics_code"] == THOI_HOA:
            assert end is None
            assert written[element]["successors"] == []
        else:
            assert end == "2025-07-01", element
            assert written[element]["successors"], element
    for element in level("2022-04-04", "district"):
        assert written[element]["lifecycle"] == {"end_of_life": "2025-07-01"}


def test_each_district_is_succeeded_in_part_by_the_units_its_communes_went_to() -> None:
    at_start = level("2022-04-04", "commune")
    district_of = {row["statistics_code"]: row["parent"] for row in at_start.values()}
    new_id = {row["statistics_code"]: i for i, row in level("2025-07-01", "commune").items()}
    expected: dict[str, set[str]] = {}
    for new in NEW_UNITS:
        for part in new["from"]:
            expected.setdefault(district_of[part["gso"]], set()).add(new_id[new["gso"]])
    written = organizations()
    for district in level("2022-04-04", "district"):
        successors = written[district]["successors"]
        assert {s["share"] for s in successors} == {"partial"}, district
        assert {s["id"] for s in successors} == expected[district], district


def test_the_province_is_succeeded_by_the_city() -> None:
    written = organizations()
    assert written["ubnd-binh-duong"]["lifecycle"] == {"end_of_life": "2025-07-01"}
    assert written["ubnd-binh-duong"]["successors"] == [{"id": "ubnd-tp-hcm", "share": "full"}]
    assert written["ubnd-tp-hcm"]["statistics_code"] == "79"
    assert set(level("2025-06-30", "province")) == {"ubnd-binh-duong"}
    assert set(level("2025-07-01", "province")) == {"ubnd-tp-hcm"}
    # No agency of the former province is left after the merger.
    assert level("2025-07-01", "department") == {}


@pytest.mark.parametrize("selector_at", ["2022-04-04", "2025-07-01"])
def test_the_documented_query(selector_at: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(
        cli,
        ["query", "kind:organization,level:commune", "--at", selector_at, "--format", "ids"],
    )
    assert result.exit_code == 0, result.output
    assert len(result.stdout.split()) == {"2022-04-04": 91, "2025-07-01": 36}[selector_at]


def test_validate_strict_has_no_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["validate", "--strict", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert " 0 errors, 0 warnings " in f" {result.stdout}"
