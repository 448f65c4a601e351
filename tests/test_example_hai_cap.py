"""examples/hai-cap: a second province, written from the public docs alone, stays valid.

Hưng Yên absorbs Thái Bình on 2025-07-01 (district level abolished, communes merged). The
example is what a newcomer copies, so it must validate strictly, pass the gate, keep its copied
schemas fresh, and show the reorganisation in time the way its README says.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from eaf.cli import cli

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "hai-cap"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy, so nothing the commands write (cache, build/) lands in the repository."""
    root = tmp_path_factory.mktemp("hai-cap") / "hai-cap"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build", ".venv"))
    old = Path.cwd()
    os.chdir(root)
    try:
        yield root
    finally:
        os.chdir(old)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_validates_strictly_without_a_warning(example: Path) -> None:
    result = run("validate", "--strict")
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


def test_passes_the_gate(example: Path) -> None:
    result = run("check", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [d for d in report["diagnostics"] if d["severity"] == "error"] == []


def test_its_schemas_are_the_ones_eaf_writes(example: Path) -> None:
    result = run("schema", "--check")
    assert result.exit_code == 0, result.output


def communes_at(when: str) -> list[str]:
    result = run("query", "kind:organization,level:commune", "--at", when, "--format", "ids")
    assert result.exit_code == 0, result.output
    return result.output.split()


def test_communes_before_and_after_the_reorganisation(example: Path) -> None:
    before = communes_at("truoc-hai-cap")
    after = communes_at("2025-07-01")
    assert len(before) == 8 and "tb-de-tham" in before and "phuong-thai-binh" not in before
    assert after == [
        "hy-hong-chau",
        "phuong-pho-hien",
        "phuong-son-nam",
        "phuong-thai-binh",
        "phuong-tran-lam",
    ]
    # The day before the change is still the old map: the change takes effect on its date.
    assert communes_at("2025-06-30") == before


def test_a_surviving_ward_moves_under_the_province_on_the_day(example: Path) -> None:
    def under_province(when: str) -> list[str]:
        result = run("query", "parent:ubnd-hung-yen,level:commune", "--at", when, "--format", "ids")
        assert result.exit_code == 0, result.output
        return result.output.split()

    assert "hy-hong-chau" not in under_province("2025-06-30")
    assert "hy-hong-chau" in under_province("2025-07-01")


def test_gaps_name_the_successors_of_what_ended(example: Path) -> None:
    result = run("gaps", "--format", "json")
    assert result.exit_code == 0, result.output
    items = {item["id"]: item for item in json.loads(result.output)["plateau_gaps"]["items"]}
    thai_binh = items["ubnd-thai-binh"]
    assert thai_binh["status"] == "removed"
    assert [s["id"] for s in thai_binh["successors"]] == ["ubnd-hung-yen"]
    split = items["tb-de-tham"]
    assert sorted((s["id"], s["share"]) for s in split["successors"]) == [
        ("phuong-thai-binh", "partial"),
        ("phuong-tran-lam", "partial"),
    ]
    assert items["phuong-pho-hien"]["status"] == "added"
    kept = items["hy-hong-chau"]
    assert kept["status"] == "changed" and kept["successors"] == []
    assert {"field": "parent", "before": "tp-hung-yen", "after": "ubnd-hung-yen"} in kept["changes"]
