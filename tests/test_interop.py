"""`eaf export` and `eaf import` with the checkers that run in Python: the Open Group's XSD
(lxml, offline) and Archi's table of allowed relationships for ArchiMate, Structurizr's
Workspace schema (jsonschema), and round trips that must give the same bytes. The checkers
that are other programs (likec4, mmdc, mxGraph in Chromium, LibreOffice) are in
test_interop_tools.py."""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from interop_support import SCHEMAS, export_all, load, make_project, shipped_copy
from lxml import etree

from eaf.cli import cli
from eaf.pipeline.export import export_project

ARCHIMATE = SCHEMAS / "archimate-3.1"
NS = {"a": "http://www.opengroup.org/xsd/archimate/3.0/"}
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


def run(root: Path, args: list[str]) -> tuple[int, str, str]:
    old = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, args)
    finally:
        os.chdir(old)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


# --- the third-party files, as pinned -----------------------------------------------------------

VENDORED = {
    "tests/schemas/archimate-3.1/archimate3_Diagram.xsd": "6419080f4c4bc43b4a7b8acf870146a7bae6c3487a3ce08d3c521c028ea6056e",
    "tests/schemas/archimate-3.1/archimate3_View.xsd": "d708ce176403034b1229b892712cfd69660aefe17da4cc54acea1ac35e4a9854",
    "tests/schemas/archimate-3.1/archimate3_Model.xsd": "dd451abe3e3193f91dd9544b279af9bbbf17e75ff1ef86f65ad52b3f8cd29794",
    "tests/schemas/archimate-3.1/xml.xsd": "f0fa306f2951fb1a477220eb7bdeaa35959c8d0224258f2104d3c4724ba746f7",
    "tests/schemas/archimate-3.1/dc.xsd": "9285c1b57d8920b72101b4ba93416f32aa376087481f2b5b0c5d6c95f8def7cf",
    "tests/schemas/archimate-3.1/LICENSE.txt": "1a97d3aa0651437d1383c76504b8a192d1f7178fd30d231af752e570f501cc2f",
    "tests/schemas/structurizr/structurizr.yaml": "e326f06de8a4766d795520d730a0a64d05c141efa44e08ee1cec12b23639fc44",
    "tests/schemas/structurizr/LICENSE": "c71d239df91726fc519c6eb72d318ec65820627232b2f796219e87dcf35d0ab4",
    "eaf/data/archimate/relationships.xml": "65ad5b5c8044fc62c61836a702d0bd2e0427a87216d7f5e397666c74508d57c5",
    "eaf/data/archimate/LICENSE-relationships.txt": "428f4272e912bbc3809052990c5ba1089b06382dab6e6d6a71670789bfc9bcff",
}


def test_vendored_files_are_the_pinned_copies() -> None:
    import hashlib

    repo = Path(__file__).resolve().parent.parent
    for name, digest in VENDORED.items():
        assert hashlib.sha256((repo / name).read_bytes()).hexdigest() == digest, name


# --- the exports of the shipped and the hostile model, made once --------------------------------


@pytest.fixture
def shipped(interop_shipped: tuple[Path, dict[str, Path]]) -> Path:
    return interop_shipped[0]


@pytest.fixture
def shipped_exports(interop_shipped: tuple[Path, dict[str, Path]]) -> dict[str, Path]:
    return interop_shipped[1]


@pytest.fixture
def hostile(interop_hostile: tuple[Path, dict[str, Path]]) -> Path:
    return interop_hostile[0]


@pytest.fixture
def hostile_exports(interop_hostile: tuple[Path, dict[str, Path]]) -> dict[str, Path]:
    return interop_hostile[1]


@pytest.fixture(params=["shipped", "hostile"])
def exported(
    request: pytest.FixtureRequest,
) -> dict[str, Path]:
    fixture: dict[str, Path] = request.getfixturevalue(f"{request.param}_exports")
    return fixture


# --- ArchiMate ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def archimate_schema() -> etree.XMLSchema:
    """archimate3_Diagram.xsd, offline: the import of xml.xsd by URL resolves to the copy."""

    class Local(etree.Resolver):
        def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
            name = (url or "").rsplit("/", 1)[-1]
            if (ARCHIMATE / name).is_file():
                return self.resolve_filename(str(ARCHIMATE / name), context)
            return None

    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(Local())
    return etree.XMLSchema(etree.parse(str(ARCHIMATE / "archimate3_Diagram.xsd"), parser))


def _xml(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False))


def test_archimate_is_valid_against_the_open_group_xsd(
    exported: dict[str, Path], archimate_schema: etree.XMLSchema
) -> None:
    doc = _xml(exported["archimate"])
    assert archimate_schema.validate(doc), [str(e) for e in list(archimate_schema.error_log)[:5]]
    assert doc.getroot().findall("a:elements/a:element", NS)
    assert doc.getroot().findall("a:views/a:diagrams/a:view", NS)


def _allowed() -> dict[tuple[str, str], str]:
    """Archi's relationships.xml, read on its own (not through eaf's reader)."""
    path = (
        Path(__file__).resolve().parent.parent / "eaf" / "data" / "archimate" / "relationships.xml"
    )
    root = etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False))
    return {
        (s.get("concept"), t.get("concept")): t.get("relations") or ""
        for s in root.getroot().iter("source")
        for t in s.iter("target")
    }


LETTER = {
    "Access": "a",
    "Composition": "c",
    "Flow": "f",
    "Aggregation": "g",
    "Assignment": "i",
    "Influence": "n",
    "Association": "o",
    "Realization": "r",
    "Specialization": "s",
    "Triggering": "t",
    "Serving": "v",
}


def test_every_archimate_relationship_is_allowed_between_its_concepts(
    exported: dict[str, Path],
) -> None:
    root = _xml(exported["archimate"]).getroot()
    types = {
        e.get("identifier"): e.get(XSI_TYPE) for e in root.iterfind("a:elements/a:element", NS)
    }
    table = _allowed()
    rels = root.findall("a:relationships/a:relationship", NS)
    assert rels
    for rel in rels:
        pair = (types[rel.get("source")], types[rel.get("target")])
        assert LETTER[rel.get(XSI_TYPE)] in table[pair], (rel.get("identifier"), pair)


def test_archimate_views_reference_what_the_file_holds(exported: dict[str, Path]) -> None:
    root = _xml(exported["archimate"]).getroot()
    ids = {n.get("identifier") for n in root.iter() if n.get("identifier")}
    for view in root.iterfind("a:views/a:diagrams/a:view", NS):
        for node in view.iter(f"{{{NS['a']}}}node"):
            assert node.get("elementRef") in (None, *ids)
            assert int(node.get("w")) > 0 and int(node.get("h")) > 0
        for connection in view.iter(f"{{{NS['a']}}}connection"):
            assert connection.get("source") in ids and connection.get("target") in ids
            assert connection.get("relationshipRef") in (None, *ids)


def test_archimate_round_trip_gives_the_same_file(
    exported: dict[str, Path], tmp_path: Path
) -> None:
    """export → eaf import archimate → export: the same bytes."""
    root = make_project(tmp_path / "p")
    code, _, err = run(
        root, ["import", "archimate", str(exported["archimate"]), "--out", "models/all.yaml"]
    )
    assert code == 0, err
    again = export_project(load(root), "archimate", out=tmp_path / "again.xml")
    assert not again.failed
    assert (tmp_path / "again.xml").read_bytes() == exported["archimate"].read_bytes()


def test_archimate_at_a_plateau_holds_only_what_exists_then(
    shipped: Path, tmp_path: Path, archimate_schema: etree.XMLSchema
) -> None:
    code, _, err = run(
        shipped,
        ["export", "archimate", "--at", "giai-doan-2023-2025", "--out", str(tmp_path / "a.xml")],
    )
    assert code == 0, err
    doc = _xml(tmp_path / "a.xml")
    assert archimate_schema.validate(doc)
    names = {e.get("identifier") for e in doc.getroot().iterfind("a:elements/a:element", NS)}
    # merged into the provincial administrative-procedure system on 2023-01-01
    assert "id-cong-dvc-binh-duong" not in names
    assert "id-he-thong-tthc-tinh" in names


def test_a_foreign_exchange_file_is_imported_by_concept(tmp_path: Path) -> None:
    """An element without eaf's properties gets the kind of its concept; a required field it
    lacks is reported at its line; a concept eaf has no kind for is left out with a warning."""
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">
  <name>Foreign</name>
  <elements>
    <element identifier="id-ab12" xsi:type="ApplicationComponent">
      <name>Hệ thống A</name>
      <properties>
        <property propertyDefinitionRef="p1"><value>other</value></property>
      </properties>
    </element>
    <element identifier="id-cd34" xsi:type="ApplicationComponent">
      <name>Hệ thống B</name>
    </element>
    <element identifier="id-ef56" xsi:type="Capability">
      <name>Năng lực</name>
    </element>
  </elements>
  <propertyDefinitions>
    <propertyDefinition identifier="p1" type="string"><name>Phân loại</name></propertyDefinition>
  </propertyDefinitions>
</model>
"""
    root = make_project(tmp_path / "p", {"in.xml": xml})
    code, _, err = run(root, ["import", "archimate", "in.xml", "--out", "models/a.yaml"])
    assert code == 1
    assert "in.xml:11:5: error[EAF203]" in err, err
    assert "in.xml:14:5: warning[EAF612]" in err, err
    assert not (root / "models" / "a.yaml").exists()
    code, _, err = run(
        root, ["import", "archimate", "in.xml", "--out", "models/a.yaml", "--partial"]
    )
    assert code == 1
    written = yaml.safe_load((root / "models" / "a.yaml").read_text(encoding="utf-8"))
    assert written == {"systems": [{"id": "ab12", "name": "Hệ thống A", "category": "other"}]}


# --- Structurizr ---------------------------------------------------------------------------------


def _strict(node: object) -> None:
    """Every object of the schema closed (additionalProperties: false): a misspelt key fails."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node.setdefault("additionalProperties", False)
        for value in node.values():
            _strict(value)
    elif isinstance(node, list):
        for value in node:
            _strict(value)


def test_structurizr_workspace_is_valid_against_the_workspace_schema(
    exported: dict[str, Path],
) -> None:
    import jsonschema

    spec = yaml.safe_load(
        (SCHEMAS / "structurizr" / "structurizr.yaml").read_text(encoding="utf-8")
    )
    _strict(spec["components"])
    schema = {"$ref": "#/components/schemas/Workspace", "components": spec["components"]}
    data = json.loads((exported["structurizr"] / "workspace.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(data))
    assert errors == [], [e.message for e in errors[:5]]
    model = data["model"]
    elements = [*model.get("people", []), *model.get("softwareSystems", [])]
    elements += [c for s in model.get("softwareSystems", []) for c in s.get("containers", [])]
    ids = [e["id"] for e in elements] + [n["id"] for n in model.get("deploymentNodes", [])]
    assert len(ids) == len(set(ids))
    rels = [r for e in elements for r in e.get("relationships", [])]
    assert rels
    for rel in rels:
        assert rel["sourceId"] in ids and rel["destinationId"] in ids
    rel_ids = {r["id"] for r in rels}
    for view in data["views"]["systemLandscapeViews"]:
        assert {e["id"] for e in view["elements"]} <= set(ids)
        assert {r["id"] for r in view["relationships"]} <= rel_ids
    assert (
        (exported["structurizr"] / "workspace.dsl")
        .read_text(encoding="utf-8")
        .startswith("workspace ")
    )


# --- determinism --------------------------------------------------------------------------------


def _tree(path: Path) -> dict[str, bytes]:
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {
        p.relative_to(path).as_posix(): p.read_bytes()
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


def test_every_export_is_deterministic_and_free_of_paths(
    hostile: Path, hostile_exports: dict[str, Path], tmp_path: Path
) -> None:
    again = export_all(hostile, tmp_path / "again")
    for fmt, path in hostile_exports.items():
        first, second = _tree(path), _tree(again[fmt])
        assert first == second, fmt
        for name, raw in first.items():
            data = raw
            if name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(raw)) as z:
                    data = b"".join(z.read(i) for i in z.infolist())
                    assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            assert str(hostile).encode() not in data, (fmt, name)


# --- CSV and XLSX: round trips -----------------------------------------------------------------


def test_xlsx_reimports_byte_identically(exported: dict[str, Path], tmp_path: Path) -> None:
    """export → import (every sheet) → export: the same workbook; importing it again changes
    nothing and writes nothing."""
    root = make_project(tmp_path / "p")
    workbook = exported["xlsx"]
    code, _, err = run(root, ["import", "xlsx", str(workbook), "--out", "models/all.yaml"])
    assert code == 0, err
    model_file = root / "models" / "all.yaml"
    first = model_file.read_bytes()
    assert first.startswith(b"# yaml-language-server: $schema=../schemas/eaf-model.schema.json\n")
    assert export_project(load(root), "xlsx", out=tmp_path / "again.xlsx").written
    assert (tmp_path / "again.xlsx").read_bytes() == workbook.read_bytes()
    stamp = model_file.stat().st_mtime_ns
    code, _, err = run(
        root, ["import", "xlsx", str(tmp_path / "again.xlsx"), "--out", "models/all.yaml"]
    )
    assert code == 0, err
    assert "up to date" in err
    assert model_file.read_bytes() == first and model_file.stat().st_mtime_ns == stamp


def test_csv_reimports_byte_identically(
    shipped: Path, shipped_exports: dict[str, Path], tmp_path: Path
) -> None:
    """The procedures, their dated changes and their scopes: out as CSV, back in as the model's
    services, out again as the same CSV files."""
    root = shipped_copy(tmp_path / "p")
    import shutil

    shutil.rmtree(root / "models" / "services")
    folder = shipped_exports["csv"]
    code, _, err = run(
        root, ["import", "csv", str(folder / "service.csv"), "--out", "models/services/all.yaml"]
    )
    assert code == 0, err
    again = tmp_path / "again"
    assert not export_project(load(root), "csv", out=again).failed
    for name in ("service.csv", "service.changes.csv", "service.offered_by.csv"):
        assert (again / name).read_bytes() == (folder / name).read_bytes(), name


def test_spreadsheet_cells_are_never_formulas(
    hostile_exports: dict[str, Path], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    text = (hostile_exports["csv"] / "organization.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    cells = [c for row in rows for c in row]
    assert "'=SUM(A1:A9) #1 | {x} [y] %% `z`" in cells
    assert "'+Xã Hai; @ba -bốn" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    book = load_workbook(hostile_exports["xlsx"])
    sheet = book["organization"]
    found = [
        c for row in sheet.iter_rows() for c in row if c.value == "=SUM(A1:A9) #1 | {x} [y] %% `z`"
    ]
    assert found and all(c.data_type == "s" and c.quotePrefix for c in found)
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


# --- imports: bad rows --------------------------------------------------------------------------

HEADER = [
    "Mã",
    "Tên",
    "Phân loại",
    "Đơn vị chủ quản",
    "Cấp độ an toàn thông tin",
    "Nơi vận hành",
    "Người sử dụng",
    "Nền tảng sử dụng",
    "lifecycle.active",
    "Nhãn",
]
#: (row, column, code, cell text): 20 planted errors, each reported once at its cell.
PLANTED = [
    (12, 4, "EAF301", "so-tttx"),  # unknown owner (did you mean so-tttt?)
    (30, 4, "EAF302", "cong-dvc-binh-duong"),  # owner names a system
    (47, 3, "EAF206", "portl"),  # not a category
    (61, 5, "EAF209", "7"),  # security level over 5
    (75, 5, "EAF205", "ba"),  # not a number
    (88, 9, "EAF210", "2022-13-01"),  # no 13th month
    (102, 9, "EAF210", "31/02/2022"),  # no 31 February
    (120, 1, "EAF213", "HT-Sai"),  # upper case in an id
    (133, 2, "EAF203", ""),  # no name
    (150, 7, "EAF301", "nguoi-danx"),  # unknown user group
    (171, 6, "EAF206", "cloudx"),  # not a hosting
    (199, 2, "EAF207", "x" * 250),  # name too long
    (214, 8, "EAF302", "he-thong-bao-cao-tinh"),  # 'uses' names a system, not a platform
    (233, 5, "EAF205", "3.5"),  # not a whole number
    (260, 10, "EAF213", "Bad Tag"),  # not a tag
    (287, 8, "EAF301", "lgsp-binh-duongg"),  # unknown platform
    (305, 7, "EAF302", "so-tttt"),  # users names an organisation
    (340, 3, "EAF206", "sectorl"),  # not a category
    (402, 9, "EAF210", "2022-02-30"),  # no 30 February
    (477, 1, "EAF213", "ht_"),  # id ends with a separator
]


def inventory() -> list[list[str]]:
    """500 systems, 20 of them with one planted error each."""
    rows = []
    for number in range(2, 502):
        rows.append(
            [
                f"ht-{number:03d}",
                f"Hệ thống số {number}",
                "sectoral" if number % 2 else "Khác",
                "so-tttt",
                str(1 + number % 5),
                "provincial-dc",
                "nguoi-dan; doanh-nghiep",
                "lgsp-binh-duong",
                f"20{10 + number % 13}-0{1 + number % 9}-1{number % 10}",
                "kiem-ke",
            ]
        )
    for row, col, _, text in PLANTED:
        rows[row - 2][col - 1] = text
    return rows


def _csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([HEADER, *rows])
    return buffer.getvalue().encode("utf-8")


def _xlsx_bytes(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Hệ thống"
    sheet.append(HEADER)
    for row in rows:
        sheet.append([int(c) if c.isdigit() and i == 4 else c for i, c in enumerate(row)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_500_rows_with_20_planted_errors_report_all_20_and_write_nothing(
    shipped: Path, fmt: str, tmp_path: Path
) -> None:
    root = shipped_copy(tmp_path / "p")
    data = _csv_bytes(inventory()) if fmt == "csv" else _xlsx_bytes(inventory())
    (root / f"kiem-ke.{fmt}").write_bytes(data)
    args = ["import", fmt, f"kiem-ke.{fmt}", "--kind", "system", "--out", "models/kiem-ke.yaml"]
    code, out, _ = run(root, [*args, "--format", "json"])
    assert code == 1
    report = json.loads(out)
    found = sorted(
        (d["line"], d["column"], d["code"])
        for d in report["diagnostics"]
        if d["severity"] == "error"
    )
    assert found == sorted((r, c, code) for r, c, code, _ in PLANTED)
    assert all(d["file"] == f"kiem-ke.{fmt}" for d in report["diagnostics"])
    assert not (root / "models" / "kiem-ke.yaml").exists()
    code, _, err = run(root, args)
    assert "kiem-ke." + fmt + ":12:4: error[EAF301]" in err and "did you mean 'so-tttt'?" in err
    assert "nothing was written" in err


def test_partial_writes_the_good_rows(shipped: Path, tmp_path: Path) -> None:
    root = shipped_copy(tmp_path / "p")
    (root / "kiem-ke.csv").write_bytes(_csv_bytes(inventory()))
    code, _, err = run(
        root,
        [
            "import",
            "csv",
            "kiem-ke.csv",
            "--kind",
            "system",
            "--out",
            "models/kiem-ke.yaml",
            "--partial",
        ],
    )
    assert code == 1
    assert "480 elements written" in err and "20 rows left out" in err
    written = yaml.safe_load((root / "models" / "kiem-ke.yaml").read_text(encoding="utf-8"))
    assert len(written["systems"]) == 480
    code, _, err = run(root, ["validate"])
    assert code == 0, err


# --- imports: headers, files and the output --------------------------------------------------

ORGS = """\
organizations:
  - {id: tinh, name: Tỉnh, level: province, type: tỉnh}
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", {"models/orgs.yaml": ORGS})


def test_headers_by_label_in_either_language_and_by_map(small: Path) -> None:
    (small / "units.csv").write_text(
        "Id;Tên;Cấp;Loại;Parent unit;Ghi chú nội bộ;properties.ma\n"
        "xa-a;Xã A;cấp xã;xã;tinh;bỏ qua;007\n",
        encoding="utf-8",
    )
    (small / "map.toml").write_text('"Ghi chú nội bộ" = ""\n', encoding="utf-8")
    code, _, err = run(
        small,
        ["import", "csv", "units.csv", "--kind", "organization", "--out", "models/units.yaml"],
    )
    assert code == 1
    assert "units.csv:1:6: error[EAF601] cell F1: header 'Ghi chú nội bộ' names no field" in err
    code, _, err = run(
        small,
        [
            "import",
            "csv",
            "units.csv",
            "--kind",
            "organization",
            "--out",
            "models/units.yaml",
            "--map",
            "map.toml",
        ],
    )
    assert code == 0, err
    text = (small / "models" / "units.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["organizations"] == [
        {
            "id": "xa-a",
            "name": "Xã A",
            "level": "commune",
            "type": "xã",
            "parent": "tinh",
            "properties": {"ma": "007"},
        }
    ]
    assert 'ma: "007"' in text


def test_an_unknown_header_suggests_the_field(small: Path) -> None:
    (small / "units.csv").write_text("id,name,levl,type\nxa-a,Xã A,commune,xã\n", encoding="utf-8")
    code, _, err = run(
        small, ["import", "csv", "units.csv", "--kind", "organization", "--out", "models/u.yaml"]
    )
    assert code == 1
    assert (
        "units.csv:1:3: error[EAF601] cell C1: header 'levl' names no field of organization "
        "(did you mean 'level'?)"
    ) in err
    assert "units.csv:1:1: error[EAF603] no column for the required field 'level'" in err


def test_partial_leaves_out_the_rows_that_name_a_row_left_out(small: Path) -> None:
    (small / "units.csv").write_text(
        "id,name,level,type,parent\n"
        "h-a,Huyện A,district,huyện,tinh\n"
        "h-b,Huyện B,distrct,huyện,tinh\n"
        "x-b,Xã B,commune,xã,h-b\n",
        encoding="utf-8",
    )
    args = ["import", "csv", "units.csv", "--kind", "organization", "--out", "models/u.yaml"]
    code, _, err = run(small, [*args, "--partial"])
    assert code == 1
    assert "units.csv:3:3: error[EAF206]" in err
    assert "units.csv:4:5: error[EAF301]" in err  # its parent was left out
    written = yaml.safe_load((small / "models" / "u.yaml").read_text(encoding="utf-8"))
    assert [o["id"] for o in written["organizations"]] == ["h-a"]


def test_an_existing_output_is_replaced_only_with_force(small: Path) -> None:
    (small / "units.csv").write_text("id,name,level,type\nxa-a,Xã A,commune,xã\n", encoding="utf-8")
    target = small / "models" / "units.yaml"
    target.write_text("organizations: []\n# mine\n", encoding="utf-8")
    args = ["import", "csv", "units.csv", "--kind", "organization", "--out", "models/units.yaml"]
    code, _, err = run(small, args)
    assert code == 1 and "error[EAF609]" in err
    assert target.read_text(encoding="utf-8") == "organizations: []\n# mine\n"
    code, _, err = run(small, [*args, "--force"])
    assert code == 0, err
    assert "xa-a" in target.read_text(encoding="utf-8")
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".")]


def test_a_csv_that_is_not_utf8_is_located(small: Path) -> None:
    (small / "units.csv").write_bytes("id,name,level,type\nxa-a,Xã A,commune,xã\n".encode("cp1252"))
    code, _, err = run(
        small, ["import", "csv", "units.csv", "--kind", "organization", "--out", "models/u.yaml"]
    )
    assert code == 1
    assert "units.csv:2:7: error[EAF114]" in err and "CSV UTF-8" in err


def test_xlsx_formulas_and_broken_workbooks_are_errors(small: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "organization"
    sheet.append(["id", "name", "level", "type"])
    sheet.append(["xa-a", '=CONCAT("X","ã")', "commune", "xã"])
    book.save(small / "units.xlsx")
    code, _, err = run(small, ["import", "xlsx", "units.xlsx", "--out", "models/u.yaml"])
    assert code == 1
    assert "units.xlsx:2:2: error[EAF606] sheet 'organization', cell B2: holds a formula" in err
    (small / "bad.xlsx").write_bytes(b"not a zip")
    code, _, err = run(small, ["import", "xlsx", "bad.xlsx", "--out", "models/u.yaml"])
    assert code == 1 and "bad.xlsx:1:1: error[EAF610]" in err


def test_an_xlsx_entity_bomb_is_refused_and_a_code_typed_as_a_number_is_warned(
    small: Path,
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "organization"
    sheet.append(["id", "name", "level", "type", "statistics_code", "parent"])
    sheet.append(["xa-a", "Xã A", "commune", "xã", 1234, "tinh"])
    buffer = io.BytesIO()
    book.save(buffer)
    (small / "units.xlsx").write_bytes(buffer.getvalue())
    code, _, err = run(small, ["import", "xlsx", "units.xlsx", "--out", "models/u.yaml"])
    assert code == 0, err
    assert (
        "units.xlsx:2:5: warning[EAF605] sheet 'organization', cell E2 ('statistics_code')" in err
    )
    assert 'statistics_code: "1234"' in (small / "models" / "u.yaml").read_text(encoding="utf-8")
    bomb = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{f"&{chr(97 + i)};" * 10}">' for i in range(8)
    )
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
                data = (bomb + "]>").encode() + body
            target.writestr(name, data)
    (small / "bomb.xlsx").write_bytes(out.getvalue())
    code, _, err = run(small, ["import", "xlsx", "bomb.xlsx", "--out", "models/b.yaml"])
    assert code == 1 and "bomb.xlsx:1:1: error[EAF610]" in err
    assert not (small / "models" / "b.yaml").exists()


def test_an_xml_entity_bomb_is_refused(small: Path) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {chr(98 + i)} "&{chr(97 + i)};&{chr(97 + i)};&{chr(97 + i)};&{chr(97 + i)};">'
            for i in range(8)
        )
        + ']><model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" identifier="m"><name>&i;</name></model>'
    )
    (small / "bomb.xml").write_text(bomb, encoding="utf-8")
    code, _, err = run(small, ["import", "archimate", "bomb.xml", "--out", "models/u.yaml"])
    assert code == 1
    assert "Traceback" not in err
    assert not (small / "models" / "u.yaml").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["import", "csv", "units.csv", "--kind", "sytem", "--out", "models/u.yaml"],
            "did you mean 'system'?",
        ),
        (["import", "csv", "units.csv", "--out", "models/u.yaml"], "Pass --kind"),
        (
            ["import", "csv", "units.csv", "--kind", "organization", "--out", "models/u.yml"],
            "ends in .yaml",
        ),
        (["export", "csv", "--out", "models/x"], "inside the model folder"),
        (["export", "mermaid", "--view", "tong-th"], "did you mean 'tong-the'?"),
    ],
)
def test_usage_errors_exit_2(small: Path, args: list[str], message: str) -> None:
    (small / "units.csv").write_text("id,name,level,type\n", encoding="utf-8")
    code, _, err = run(small, args)
    assert code == 2, err
    assert message in err


def test_import_and_export_are_in_the_cli_help() -> None:
    code, out, _ = (
        CliRunner().invoke(cli, ["--help"]).exit_code,
        CliRunner().invoke(cli, ["--help"]).stdout,
        "",
    )
    assert code == 0 and " export " in out and " import " in out
