"""`eaf diff` end to end on a real git repository whose commits are known by construction: a
system added, an interconnection removed, a procedure's online level and a system's owner
changed, a rule broken, another fixed, a coverage cell changed; the project in a sub-folder of
the repository; revisions read without touching the work tree or the index."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from eaf.analysis.diff_document import DiffDocument
from eaf.cli import cli

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "diff"
SCHEMA = json.loads((REPO / "schemas" / "eaf-diff.schema.json").read_text(encoding="utf-8"))

S = '{document: "Kế hoạch mẫu", status: assumed}'
V1 = f"""\
organizations:
  - {{id: tinh, name: Tỉnh Mẫu, level: province, type: tỉnh, source: {S}}}
  - {{id: so-tttt, name: Sở Thông tin và Truyền thông, level: department, type: sở, parent: tinh, source: {S}}}
  - {{id: huyen, name: Huyện Một, level: district, type: huyện, parent: tinh, source: {S}}}
  - {{id: xa-1, name: Xã Một, level: commune, type: xã, parent: huyen, source: {S}}}
  - {{id: xa-2, name: Xã Hai, level: commune, type: xã, parent: huyen, source: {S}}}
channels:
  - id: mot-cua
    name: Bộ phận một cửa
    type: counter
    deployment:
      - select: kind:organization,level:commune
        except: [xa-2]
    source: {S}
systems:
  - {{id: cong-dvc, name: Cổng dịch vụ công tỉnh, category: public-service-portal, level: province, owner: tinh, security_level: 2, source: {S}}}
  - {{id: cong-qg, name: Cổng Dịch vụ công quốc gia, category: public-service-portal, level: national, source: {S}}}
platforms:
  - {{id: lgsp, name: LGSP tỉnh, category: lgsp, level: province, owner: so-tttt, source: {S}}}
services:
  - id: khai-sinh
    name: Đăng ký khai sinh
    field: Hộ tịch
    handling_levels: [commune]
    online_level: 2
    portal: cong-dvc
    offered_by:
      - select: kind:organization,level:commune
    source: {S}
interconnections:
  - {{id: ic-dvc-qg, name: Đồng bộ hồ sơ lên Cổng quốc gia, from: cong-dvc, to: cong-qg, via: [lgsp], source: {S}}}
rules:
  - {{id: r-cap-do, name: Hệ thống cấp tỉnh được phân loại cấp độ, type: field, applies_to: "kind:system,level:province", require: "security_level>=1", legal_basis: NĐ 85/2016/NĐ-CP, source: {S}}}
  - {{id: r-mot-cua, name: Xã có bộ phận một cửa, type: coverage, severity: warning, applies_to: "kind:organization,level:commune", target: "kind:channel,type:counter", legal_basis: NĐ 61/2018/NĐ-CP, source: {S}}}
kpis:
  - {{id: k-dvc, name: Tỷ lệ DVC trực tuyến toàn trình, type: ratio, population: "kind:service", condition: "online_level>=4", target: 100, deadline: "2025-12-31", source: {S}}}
plateaus:
  - {{id: hien-trang, name: Hiện trạng, kind: baseline, date: "2024-01-01", source: {S}}}
  - {{id: muc-tieu, name: Mục tiêu 2025, kind: target, date: "2025-12-31", source: {S}}}
"""
IOC = (
    f"  - {{id: ioc, name: Trung tâm giám sát điều hành thông minh, category: ioc, "
    f"level: province, owner: so-tttt, source: {S}}}\n"
)
V2 = (
    V1.replace("        except: [xa-2]\n", "")  # xa-2 gets the counter: a cell and a fix
    .replace("owner: tinh, security_level: 2", "owner: so-tttt, security_level: 2")
    .replace("    online_level: 2\n", "    online_level: 4\n")  # the KPI is met
    .replace(V1[V1.index("interconnections:") : V1.index("rules:")], "")
    .replace("platforms:\n", IOC + "platforms:\n")  # no security level: breaks r-cap-do
)
BROKEN = V1.replace("owner: so-tttt, source", "owner: so-ttt, source")
#: An edit left uncommitted in the work tree.
EDITED = V2.replace("name: LGSP tỉnh,", "name: Nền tảng LGSP tỉnh,")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Kiến trúc sư",
    "GIT_AUTHOR_EMAIL": "kts@example.org",
    "GIT_AUTHOR_DATE": "2025-01-01T00:00:00+07:00",
    "GIT_COMMITTER_NAME": "Kiến trúc sư",
    "GIT_COMMITTER_EMAIL": "kts@example.org",
    "GIT_COMMITTER_DATE": "2025-01-01T00:00:00+07:00",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


@pytest.fixture(autouse=True)
def _no_outer_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """A suite run from a git hook inherits GIT_DIR, GIT_INDEX_FILE...: eaf's git calls would
    read that repository instead of the test's."""
    for name in list(os.environ):
        if name.startswith("GIT_"):
            monkeypatch.delenv(name)


def git(cwd: Path, *args: str) -> str:
    outer = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env = {**outer, **GIT_ENV}
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository whose project lives in tinh/. HEAD~3: the first model, in a folder its own
    settings name; HEAD~2: a broken model; HEAD~1: the first model in models/; HEAD: the
    change. The work tree holds one more edit, uncommitted."""
    top = tmp_path_factory.mktemp("repo")
    project = top / "tinh"
    git(top, "init", "-q", "-b", "main")
    write(top / "README.md", "# Kiến trúc\n")
    write(project / "eaf.toml", 'models = "kien-truc"\n')
    write(project / "kien-truc" / "model.yaml", V1)
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "first model")
    git(top, "rm", "-q", "-r", "tinh/kien-truc")
    write(project / "eaf.toml", "")
    write(project / "models" / "model.yaml", BROKEN)
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "broken")
    for text, message in ((V1, "fixed"), (V2, "the change")):
        write(project / "models" / "model.yaml", text)
        git(top, "commit", "-q", "-a", "-m", message)
    write(project / "models" / "model.yaml", EDITED)
    return project


def diff(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(cli, ["diff", *args])
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stdout, result.stderr


def golden(name: str, produced: str) -> str:
    path = GOLDEN / name
    if os.environ.get("EAF_UPDATE_GOLDEN"):
        write(path, produced)
    return path.read_text(encoding="utf-8")


def snapshot(top: Path) -> tuple[str, str, list[str]]:
    """The index's bytes, `git status` and every file: what a diff must leave as it was."""
    index = hashlib.sha256((top / ".git" / "index").read_bytes()).hexdigest()
    files = sorted(
        str(p.relative_to(top)) for p in top.rglob("*") if ".git" not in p.relative_to(top).parts
    )
    return index, git(top, "status", "--porcelain", "--untracked-files=all"), files


def test_markdown_between_two_revisions_golden(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pull-request comment, byte for byte (set EAF_UPDATE_GOLDEN=1 to refresh)."""
    code, out, _ = diff(repo, monkeypatch, "HEAD~1", "HEAD", "--format", "md")
    assert code == 0
    assert out == golden("diff.md", out)


def test_json_golden_and_valid_against_its_schema(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = diff(repo, monkeypatch, "HEAD~1", "HEAD", "--format", "json")
    assert code == 0
    assert out == golden("diff.json", out)
    doc = json.loads(out)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    assert doc["$schema"] == SCHEMA["$id"] and doc["version"] == 1
    assert doc["base"]["revision"] == git(repo, "rev-parse", "HEAD~1").strip()


def test_text_names_each_change(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = diff(repo, monkeypatch, "HEAD~1", "HEAD")
    assert code == 0
    for line in (
        "  + Hệ thống ioc: Trung tâm giám sát điều hành thông minh",
        "      Đơn vị chủ quản: tinh → so-tttt",
        "      Mức độ trực tuyến: 2 → 4",
        "      Phạm vi triển khai: [{select: 'kind:organization,level:commune', except: [xa-2]}]"
        " → [{select: 'kind:organization,level:commune'}]",
        "  + so-tttt —chủ quản→ cong-dvc",
        "  − tinh —chủ quản→ cong-dvc",
        "  − ic-dvc-qg: Đồng bộ hồ sơ lên Cổng quốc gia: cong-dvc → cong-qg (qua lgsp)",
        "  ~ k-dvc: Tỷ lệ DVC trực tuyến toàn trình: 0 (không đạt) → 100 (đạt)",
        "  ~ xa-2 (Xã Hai) × r-mot-cua: không → có",
    ):
        assert line in out.splitlines(), line
    assert (
        "+ mới: lỗi r-cap-do (Hệ thống cấp tỉnh được phân loại cấp độ): ioc: "
        "không thỏa mãn điều kiện 'security_level>=1'"
    ) in out
    assert (
        "− đã khắc phục: cảnh báo r-mot-cua (Xã có bộ phận một cửa): xa-2: "
        "chưa có thành phần nào thuộc 'kind:channel,type:counter' triển khai tới"
    ) in out


def test_english(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, out, _ = diff(repo, monkeypatch, "HEAD~1", "HEAD", "--lang", "en", "--format", "md")
    assert out.startswith("## Architecture change: `HEAD~1` (`")
    assert "| `khai-sinh` Đăng ký khai sinh | Online level | `2` | `4` |" in out
    assert "| `k-dvc` | Tỷ lệ DVC trực tuyến toàn trình | 0 (missed) | 100 (met) |" in out
    assert "| `xa-2` | no element of 'kind:channel,type:counter' reaches it |" in out


def test_working_tree_is_the_default_head(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = diff(repo, monkeypatch, "HEAD", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["head"] == {
        "source": "working-tree",
        "label": "working tree",
        "revision": None,
        "plateau": "muc-tieu",
        "at": "2025-12-31",
    }
    [changed] = doc["elements"]["changed"]
    assert changed["changes"] == [
        {"field": "name", "before": "LGSP tỉnh", "after": "Nền tảng LGSP tỉnh"}
    ]
    assert sum(doc["counts"].values()) == 1
    _, text, _ = diff(repo, monkeypatch, "HEAD~1")
    assert text.startswith("Thay đổi kiến trúc: HEAD~1 (")
    assert text.splitlines()[0].endswith(" → thư mục làm việc")
    assert "  + Hệ thống ioc: Trung tâm giám sát điều hành thông minh" in text
    assert "      Tên: LGSP tỉnh → Nền tảng LGSP tỉnh" in text


def test_the_work_tree_and_index_are_untouched(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    top = repo.parent
    before = snapshot(top)
    assert before[1] == " M tinh/models/model.yaml\n"
    for args in (["HEAD~3", "HEAD~1"], ["HEAD~1", "HEAD"], ["HEAD~1"], ["HEAD~2"]):
        diff(repo, monkeypatch, *args)
    assert snapshot(top) == before


def test_settings_are_read_at_the_revision(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """HEAD~3 keeps the same model in another folder, named by its own eaf.toml: moving files
    is no change to the architecture."""
    code, out, _ = diff(repo, monkeypatch, "HEAD~3", "HEAD~1", "--exit-code")
    assert code == 0
    assert out.splitlines()[1] == "Không có thay đổi nào về kiến trúc."


def test_exit_code_flag_reports_differences(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert diff(repo, monkeypatch, "HEAD~1", "HEAD")[0] == 0
    assert diff(repo, monkeypatch, "HEAD~1", "HEAD", "--exit-code")[0] == 1


def test_a_side_that_does_not_load_is_named_and_exits_1(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = diff(repo, monkeypatch, "HEAD~2", "HEAD")
    sha = git(repo, "rev-parse", "--short=7", "HEAD~2").strip()
    assert code == 1 and out == ""
    assert f"base 'HEAD~2' ({sha}) does not load:" in err
    assert "models/model.yaml:19:73: error[EAF301] unknown element 'so-ttt'" in err
    assert "diff stopped: fix the errors above" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-branch"], "unknown revision 'no-such-branch'"),
        (["HEAD~1", "HEAD~99"], "unknown revision 'HEAD~99'"),
        (["--", "-x"], "'-x' is not a git revision"),
    ],
)
def test_bad_revision_is_a_usage_error(
    repo: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    code, out, err = diff(repo, monkeypatch, *args)
    assert code == 2 and out == ""
    assert message in err and "diff [OPTIONS] BASE [HEAD]" in err


def test_outside_a_repository_or_without_git_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "eaf.toml", "")
    write(tmp_path / "models" / "model.yaml", V1)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, _, err = diff(tmp_path, monkeypatch, "HEAD~1")
    assert code == 2 and "the project is not in a git work tree" in err
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    code, _, err = diff(tmp_path, monkeypatch, "HEAD~1")
    assert code == 2 and "git is not installed" in err


def test_revision_files_follow_the_rules_of_discovery(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hidden folders are skipped, .yml files warned about, links not followed."""
    git(tmp_path, "init", "-q")
    write(tmp_path / "eaf.toml", "")
    write(tmp_path / "models" / "model.yaml", V1)
    write(tmp_path / "models" / ".nhap" / "nhap.yaml", "broken: [")
    write(tmp_path / "models" / "ghi-chu.yml", "x: 1\n")
    (tmp_path / "models" / "lien-ket.yaml").symlink_to("model.yaml")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "links")
    code, _, err = diff(tmp_path, monkeypatch, "HEAD", "HEAD")
    assert code == 1
    assert (
        "models/lien-ket.yaml: error[EAF119] 'models/lien-ket.yaml' is a symbolic link: it is "
        "not followed when reading a git revision"
    ) in err
    assert "models/ghi-chu.yml: warning[EAF120] 'ghi-chu.yml' is not read" in err
    assert "nhap" not in err
    assert "1 error, 1 warning (16 elements in 1 file)" in err


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> Path:
    here = tmp_path_factory.mktemp("folders")
    for name, text in (("cu", V1), ("moi", V2)):
        write(here / name / "eaf.toml", "")
        write(here / name / "models" / "model.yaml", text)
    return here


def test_two_folders_give_what_the_two_revisions_give(
    repo: Path, folders: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, revisions, _ = diff(repo, monkeypatch, "HEAD~1", "HEAD", "--format", "json")
    code, out, _ = diff(folders, monkeypatch, "cu", "moi", "--format", "json")
    doc, expected = json.loads(out), json.loads(revisions)
    assert code == 0
    assert doc["base"] == {**expected["base"], "source": "folder", "label": "cu", "revision": None}
    assert doc["head"] == {**expected["head"], "source": "folder", "label": "moi", "revision": None}
    assert {**doc, "base": None, "head": None} == {**expected, "base": None, "head": None}


def test_a_folder_without_a_project_is_a_usage_error(
    folders: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folders / "trong").mkdir(exist_ok=True)
    code, _, err = diff(folders, monkeypatch, "trong", "moi")
    assert code == 2 and "the folder 'trong' holds no project" in err


# One line: a name with a line break is refused (EAF219) before any output is made.
HOSTILE = "<script>alert(1)</script> | *đậm* [liên kết](http://x.example) `mã` hàng hai"


def test_markdown_escapes_model_text(folders: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hostile name or value can neither break a table nor inject HTML."""
    text = V2.replace(
        "name: Trung tâm giám sát điều hành thông minh", f"name: {json.dumps(HOSTILE)}"
    )
    text = text.replace("field: Hộ tịch", "field: 'a|b`c<img src=x>'")
    write(folders / "hostile" / "eaf.toml", "")
    write(folders / "hostile" / "models" / "model.yaml", text)
    code, out, _ = diff(folders, monkeypatch, "cu", "hostile", "--format", "md")
    assert code == 0
    assert "<script" not in out
    [added] = [line for line in out.splitlines() if line.startswith("| Hệ thống | `ioc`")]
    assert added == (
        r"| Hệ thống | `ioc` | &lt;script&gt;alert(1)&lt;/script&gt; \| \*đậm\* "
        r"\[liên kết\](http://x.example) \`mã\` hàng hai |"
    )
    # In a code span HTML is shown as text; the pipe is escaped for the table.
    [field] = [line for line in out.splitlines() if "| Lĩnh vực |" in line]
    assert (
        field == r"| `khai-sinh` Đăng ký khai sinh | Lĩnh vực | `Hộ tịch` | ``a\|b`c<img src=x>`` |"
    )
    tables = [[]]
    for line in out.splitlines():
        if line.startswith("|"):
            tables[-1].append(len(line.replace("\\|", "").split("|")))
        elif tables[-1]:
            tables.append([])
    assert len(tables) > 5
    for cells in tables:  # every row has as many cells as its header
        assert len(set(cells)) <= 1, cells


def test_without_plateaus_the_analysis_is_not_compared(
    folders: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(folders / "khong-moc" / "eaf.toml", "")
    write(folders / "khong-moc" / "models" / "model.yaml", V2[: V2.index("plateaus:")])
    code, out, _ = diff(folders, monkeypatch, "cu", "khong-moc", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["analysed"] is False
    assert doc["head"]["plateau"] is None and doc["kpis"] == [] and doc["coverage"] == []
    assert [e["id"] for e in doc["elements"]["removed"]] == ["hien-trang", "muc-tieu"]
    _, text, _ = diff(folders, monkeypatch, "cu", "khong-moc")
    assert "Chỉ tiêu, quy tắc và bao phủ không được so sánh: một bên không có mốc" in text


# --- the formats on documents built by hand -----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (True, "true"),
        (None, "null"),
        (100.0, "100"),
        (2.5, "2.5"),
        ("2024-01-01", "'2024-01-01'"),
        ("Hộ tịch", "Hộ tịch"),
        ("dòng một\ndòng hai", '"dòng một\\ndòng hai"'),
        (["a", "b"], "[a, b]"),
        (
            {"select": "kind:x", "except": ["y"], "since": None},
            "{select: 'kind:x', except: [y], since: null}",
        ),
        ([{"select": "kind:x", "except": []}], "[{select: 'kind:x'}]"),
    ],
)
def test_values_are_written_as_in_yaml(value: object, written: str) -> None:
    from eaf.analysis.values import yaml_value

    assert yaml_value(value) == written


def _document(counted: dict[str, int] | None = None, **parts: object) -> DiffDocument:
    side = {
        "source": "revision",
        "label": "main",
        "revision": "a" * 40,
        "plateau": None,
        "at": None,
    }
    counts = dict.fromkeys(
        [
            "elements_added",
            "elements_removed",
            "elements_changed",
            "relations_added",
            "relations_removed",
            "interconnections_added",
            "interconnections_removed",
            "kpis_changed",
            "findings_new",
            "findings_fixed",
            "coverage_changed",
        ],
        0,
    )
    counts.update(counted or {})
    empty = {"added": [], "removed": []}
    doc = {
        "base": side,
        "head": {**side, "label": "HEAD", "revision": "b" * 40},
        "analysed": False,
        "counts": counts,
        "elements": {**empty, "changed": []},
        "relations": empty,
        "interconnections": empty,
        "kpis": [],
        "conformance": {"new": [], "fixed": []},
        "coverage": [],
        **parts,
    }
    return DiffDocument.model_validate(doc)


def test_long_tables_are_folded_and_cut_to_fit_a_comment() -> None:
    from eaf.analysis.diff_report import MAX_ROWS, to_markdown

    many = [
        {"source": "he-thong", "type": "deployed-to", "target": f"xa-{i:03}"} for i in range(80)
    ]
    doc = _document({"relations_added": 80}, relations={"added": many, "removed": []})
    out = to_markdown(doc)
    assert out.startswith("## Thay đổi kiến trúc: `main` (`aaaaaaa`) → `HEAD` (`bbbbbbb`)\n")
    assert "<details><summary>Xem 80 dòng</summary>" in out
    rows = [line for line in out.splitlines() if line.startswith("| + |")]
    assert (
        len(rows) == MAX_ROWS
        and rows[-1] == f"| + | `he-thong` | triển khai tới | `xa-{MAX_ROWS - 1:03}` |"
    )
    assert f"… và {80 - MAX_ROWS} dòng nữa" in out


def test_long_lists_show_the_items_that_differ() -> None:
    from eaf.analysis.diff_report import to_text

    before = [f"thu-tuc-{i:02}" for i in range(12)]
    after = [*before[1:], "thu-tuc-moi"]
    change = {"field": "delivers", "before": before, "after": after}
    element = {"id": "wp", "kind": "work_package", "name": "Nhiệm vụ", "changes": [change]}
    elements = {"added": [], "removed": [], "changed": [element]}
    out = to_text(_document({"elements_changed": 1}, elements=elements))
    assert "      Thành phần thực hiện: − [thu-tuc-00] → + [thu-tuc-moi]" in out.splitlines()


def test_no_difference_says_so() -> None:
    from eaf.analysis.diff_report import to_markdown, to_text

    doc = _document()
    assert (
        to_text(doc, "en")
        == "Architecture change: main (aaaaaaa) → HEAD (bbbbbbb)\nNo change to the architecture.\n"
    )
    assert to_markdown(doc).endswith("\n\nKhông có thay đổi nào về kiến trúc.\n")
