"""`eaf init DIR`: a new province project from the templates inside the package, that
validates, checks, renders and builds its site (real `dot`, real mkdocs-material) at once;
never over a file the user has; and the package ships what it needs (theme and templates)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from markers import needs_chromium, needs_dot
from reviewing import Reader, chromium, search

from eaf.cli import cli
from eaf.config import load_config
from eaf.fsio import write_new
from eaf.pipeline import load_project
from eaf.scaffold import default_name, scaffold
from eaf.schema import render_schemas

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "tinh-mau"
PAGES = ("gioi-thieu.md", "chinh-sua-mo-hinh.md")


def run(root: Path, *args: str) -> Result:
    """`eaf ARGS` with ``root`` as the current directory."""
    old = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(old)


def write(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


# --- the files -----------------------------------------------------------------------------


def test_the_starter_files() -> None:
    files = scaffold("Tỉnh Mẫu")
    assert files == scaffold("Tỉnh Mẫu")  # deterministic
    for rel in ("eaf.toml", "mkdocs.yml", "mkdocs.en.yml", ".gitignore", "README.md"):
        assert rel in files, rel
    assert b"build/" in files[".gitignore"] and b".venv/" in files[".gitignore"]
    for name, text in render_schemas().items():  # the same schemas `eaf schema` writes
        assert files[f"schemas/{name}"] == text.encode("utf-8")
    models = [rel for rel in files if rel.startswith("models/")]
    assert len(models) >= 5
    for rel in models:
        first = files[rel].decode("utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, rel
        target = os.path.normpath(os.path.join(os.path.dirname(rel), match.group(1)))
        assert target == "schemas/eaf-model.schema.json", rel
    config = yaml.safe_load(files["mkdocs.yml"])
    assert config["site_name"] == "Kiến trúc Chính quyền điện tử tỉnh Mẫu"
    assert config["plugins"][-1] == "eaf" and config["theme"]["language"] == "vi"
    # The plugin brings the theme layer: nothing copied from this repository.
    assert not {"custom_dir", "extra_css", "extra_javascript"} & {*config, *config["theme"]}


def test_the_starter_model(tmp_path: Path) -> None:
    """What issue 9 asks for, every fact marked as an assumption of the template."""
    project = load_project(load_config(write(tmp_path, scaffold("Tỉnh Mẫu"))))
    assert project.model is not None and not project.diagnostics.has_errors(strict=True)
    kinds: dict[str, list[Any]] = {}
    for element in project.model:
        kinds.setdefault(element.kind, []).append(element.spec)
        if element.kind != "view":
            assert element.spec.source is not None, element.id
            assert element.spec.source.status == "assumed", element.id
    levels = sorted(str(o.level) for o in kinds["organization"])
    assert levels == ["commune", "commune", "department", "district", "province"]
    assert any(s.category == "public-service-portal" for s in kinds["system"])
    assert [str(p.category) for p in kinds["platform"]] == ["lgsp"]
    (link,) = kinds["interconnection"]
    assert link.via == ["lgsp-tinh"]
    assert len(kinds["service"]) == len(kinds["kpi"]) == len(kinds["rule"]) == 1
    assert sorted(str(p.kind) for p in kinds["plateau"]) == ["baseline", "target"]
    names = {e.id: e.spec.name for e in project.model}
    assert names["ubnd-tinh"] == "Ủy ban nhân dân tỉnh Mẫu"
    assert names["so-khcn"] == "Sở Khoa học và Công nghệ tỉnh Mẫu"


def test_the_starter_kpi_counts_full_online_services(tmp_path: Path) -> None:
    """Toàn trình (Decree 42/2022) is `online_full: true`, not an online level: the starter
    KPI counts it as the docs say, and the procedure becomes toàn trình on its dated change."""
    from eaf.analysis.kpis import compute_kpis

    project = load_project(load_config(write(tmp_path, scaffold("Tỉnh Mẫu"))))
    model = project.model
    assert model is not None
    (kpi,) = model.of_kind("kpi")
    assert kpi.value("by") == "kind:service,online_full:true"
    values = {
        p.id: [k.value for k in compute_kpis(model, p.date) if k.id == kpi.id]
        for p in model.plateaus()
    }
    assert values == {"hien-trang": [0.0], "muc-tieu": [100.0]}


def test_a_name_with_quotes_and_colons_stays_text(tmp_path: Path) -> None:
    name = 'Tỉnh "Hà Nam": thử \\ nghiệm'
    project = load_project(load_config(write(tmp_path, scaffold(name))))
    assert not project.diagnostics.has_errors(), project.diagnostics.sorted()
    assert project.model is not None
    assert (
        project.model.elements["ubnd-tinh"].spec.name
        == 'Ủy ban nhân dân tỉnh "Hà Nam": thử \\ nghiệm'
    )
    site = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    assert site["site_name"].endswith('tỉnh "Hà Nam": thử \\ nghiệm')


@pytest.mark.parametrize(
    ("folder", "name"),
    [
        ("tinh-ha-nam", "Tỉnh Ha Nam"),
        ("Tỉnh Hà Nam", "Tỉnh Hà Nam"),
        ("lao_cai", "Tỉnh Lao Cai"),
        ("tinh", "Tỉnh Mới"),
    ],
)
def test_the_default_name_comes_from_the_folder(folder: str, name: str) -> None:
    assert default_name(folder) == name


def test_write_new_never_replaces_a_file(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b.txt"
    assert write_new(path, b"first") is True
    assert write_new(path, b"second") is False
    assert path.read_bytes() == b"first"
    assert sorted(p.name for p in path.parent.iterdir()) == ["b.txt"]  # no temporary left


# --- the command: where it writes and where it refuses --------------------------------------


def test_init_writes_a_new_folder(tmp_path: Path) -> None:
    result = run(tmp_path, "init", "tinh-ha-nam")
    assert result.exit_code == 0, result.output
    root = tmp_path / "tinh-ha-nam"
    written = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    assert written == sorted(scaffold("Tỉnh Ha Nam"))
    assert "Tỉnh Ha Nam" in result.stdout and "--name" in result.stdout
    assert "eaf validate --strict" in result.stdout


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "models").mkdir(parents=True)
    (root / "notes.txt").write_text("ghi chú của tôi", encoding="utf-8")
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    result = run(tmp_path, "init", "p", "--name", "Tỉnh Mẫu")
    assert result.exit_code == 1
    assert "not empty: models/, notes.txt" in result.stderr
    assert "nothing was written" in result.stderr and "--force" in result.stderr
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_force_writes_only_what_is_missing(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "models").mkdir(parents=True)
    mine = {
        "mkdocs.yml": "site_name: của tôi\n",
        "models/organizations.yaml": "organizations: []\n",
    }
    for rel, text in mine.items():
        (root / rel).write_text(text, encoding="utf-8")
    result = run(tmp_path, "init", "p", "--name", "Tỉnh Mẫu", "--force")
    assert result.exit_code == 0, result.output
    for rel, text in mine.items():
        assert (root / rel).read_text(encoding="utf-8") == text, rel
    assert "kept 2 existing files, not overwritten: mkdocs.yml, models/organizations.yaml" in (
        result.stdout
    )
    assert (root / "eaf.toml").is_file() and (root / "models" / "services.yaml").is_file()


def test_a_fresh_git_repository_counts_as_empty(tmp_path: Path) -> None:
    (tmp_path / "p" / ".git").mkdir(parents=True)
    assert run(tmp_path, "init", "p").exit_code == 0


@pytest.mark.parametrize(
    ("name", "problem"),
    [("Tỉnh\nMẫu", "control character"), ("   ", "empty"), ("<b>Tỉnh</b>", "'<' or '>'")],
)
def test_a_name_that_cannot_be_used_is_a_usage_error(
    tmp_path: Path, name: str, problem: str
) -> None:
    result = run(tmp_path, "init", "p", "--name", name)
    assert result.exit_code == 2 and problem in result.stderr
    assert not (tmp_path / "p").exists()


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    (tmp_path / "p").write_text("x", encoding="utf-8")
    result = run(tmp_path, "init", "p")
    assert result.exit_code == 1 and "not a folder" in result.stderr
    assert "Traceback" not in result.output


# --- end to end: the new project works at once ----------------------------------------------


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Result]]]:
    """`eaf init` then every command a newcomer runs first, each with real tools."""
    base = tmp_path_factory.mktemp("init")
    assert run(base, "init", "tinh-thu", "--name", "Tỉnh Thử Nghiệm").exit_code == 0
    root = base / "tinh-thu"
    commands = {
        "validate": ("validate", "--strict"),
        "check": ("check",),
        "render": ("render",),
        "site": ("site", "build"),
        "site-en": ("site", "build", "--lang", "en"),
    }
    yield root, {key: run(root, *args) for key, args in commands.items()}


@needs_dot
@pytest.mark.parametrize("command", ["validate", "check", "render", "site", "site-en"])
def test_every_first_command_succeeds(
    province: tuple[Path, dict[str, Result]], command: str
) -> None:
    result = province[1][command]
    assert result.exit_code == 0, result.output
    if command in ("validate", "check"):  # clean, not only passing: no warning either
        assert "0 errors, 0 warnings" in result.output, result.output


@needs_dot
def test_the_site_has_the_theme_layer_and_the_province(
    province: tuple[Path, dict[str, Result]],
) -> None:
    site = province[0] / "build" / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Kiến trúc Chính quyền điện tử tỉnh Thử Nghiệm" in home
    assert '<html lang="vi"' in home and "<svg" in home
    for asset in ("assets/eaf.css", "assets/eaf.js", "assets/vendor/iframe-worker.js"):
        assert (site / asset).is_file(), asset
        assert f'"{asset}"' in home, asset  # linked once by the plugin
        assert home.count(f'"{asset}"') == 1, asset
    assert "Xã Bình Thành" in (site / "elements" / "x-binh-thanh.html").read_text(encoding="utf-8")
    english = (province[0] / "build" / "site-en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in english and "E-government architecture" in english


@needs_dot
@needs_chromium
def test_the_site_looks_and_searches_like_the_shipped_one(
    province: tuple[Path, dict[str, Result]],
) -> None:
    """From a folder (file://): eaf's CSS is applied, the theme's search finds a commune
    typed without diacritics first, and the coverage, KPI and procedures pages show no
    reference as text, overflow nothing and log no error; with no file of this repository
    in the project."""
    site = province[0] / "build" / "site"
    with chromium() as browser:
        reader = Reader(browser)
        page = reader.open((site / "index.html").as_uri())
        overflow = page.locator(".eaf-diagram").first.evaluate("e => getComputedStyle(e).overflowX")
        assert overflow == "auto"  # eaf.css is loaded
        assert reader.problems() == []  # (tests/test_site_diagrams.py shoots this page)
        titles = search(page, "Binh Thanh")
        assert titles[0] == "Xã Bình Thành", titles
        reader.shoot("starter-search")
        for name, path in (
            ("coverage", "bao-phu.html"),
            ("kpis", "phan-tich/chi-tieu.html"),
            ("procedures", "thu-tuc.html"),
        ):
            reader.open((site / path).as_uri())
            reader.shoot(f"starter-{name}")
            assert reader.problems() == [], name


def _broken(root: Path) -> Path:
    write(root, scaffold("Tỉnh Mẫu"))
    orgs = root / "models" / "organizations.yaml"
    orgs.write_text(
        orgs.read_text(encoding="utf-8").replace("parent: h-thanh-binh", "parent: h-thanh-bin"),
        encoding="utf-8",
    )
    return root


def test_site_build_on_a_broken_model_prints_its_diagnostics(tmp_path: Path) -> None:
    result = run(_broken(tmp_path), "site", "build")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    errors = [line for line in lines if "error[EAF301]" in line]
    assert len(errors) == 2
    assert re.match(
        r"models/organizations\.yaml:\d+:\d+: error\[EAF301\] unknown element", errors[0]
    )
    assert "did you mean 'h-thanh-binh'?" in errors[0]
    assert any(line.startswith("  hint: ") for line in lines)
    assert "2 errors, 0 warnings" in result.stderr and "site build stopped" in result.stderr
    assert "BuildError" not in result.output and "Traceback" not in result.output
    assert not (tmp_path / "build" / "site").exists()


@needs_dot
def test_site_build_names_the_warning_that_failed_it(tmp_path: Path) -> None:
    root = write(tmp_path, scaffold("Tỉnh Mẫu"))
    with (root / "site" / "gioi-thieu.md").open("a", encoding="utf-8") as page:
        page.write("\n[Chi tiết](khong-co.md)\n")
    result = run(root, "site", "build")
    assert result.exit_code == 1
    assert "gioi-thieu.md" in result.stderr and "'khong-co.md'" in result.stderr
    assert "strict mode" in result.stderr


def test_site_build_without_mkdocs_yml_says_how_to_start(tmp_path: Path) -> None:
    (tmp_path / "eaf.toml").write_text("", encoding="utf-8")
    result = run(tmp_path, "site", "build")
    assert result.exit_code == 1 and "no mkdocs.yml" in result.stderr
    assert "eaf init" in result.stderr


# --- the theme layer and the package --------------------------------------------------------


def test_the_plugin_adds_its_theme_layer_once_after_a_custom_dir() -> None:
    from eaf.site.theme import THEME_DIR, add_extras, add_theme

    config = SimpleNamespace(
        theme=SimpleNamespace(dirs=["/p/overrides", "/material"], custom_dir="/p/overrides"),
        extra_css=["assets/eaf.css", "my.css"],
        extra_javascript=["assets/eaf.js"],
    )
    for _ in range(2):  # mkdocs serve runs on_config again on each rebuild
        add_theme(config.theme.dirs, bool(config.theme.custom_dir))
        add_extras(config.extra_css, config.extra_javascript)
    assert config.theme.dirs == ["/p/overrides", str(THEME_DIR), "/material"]
    assert config.extra_css == ["assets/eaf.css", "my.css", "assets/eaf-diagram.css"]
    # The diagrams' viewer after the Panzoom library it drives.
    assert config.extra_javascript == [
        "assets/eaf.js",
        "assets/panzoom.min.js",
        "assets/eaf-diagram.js",
    ]
    assert (THEME_DIR / "main.html").is_file() and (THEME_DIR / "assets" / "eaf.css").is_file()


def test_a_wheel_ships_the_theme_and_the_templates(tmp_path: Path) -> None:
    """A non-editable install has every file of eaf/site/theme and eaf/templates, and the
    catalogue of eaf's texts."""
    source = tmp_path / "src"
    source.mkdir()
    shutil.copytree(REPO / "eaf", source / "eaf", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 and "No matching distribution" in done.stderr:
        pytest.skip("pip cannot fetch the build backend (setuptools) here")
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("eaf-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    wanted = {
        p.relative_to(source).as_posix()
        for folder in ("eaf/site/theme", "eaf/templates")
        for p in (source / folder).rglob("*")
        if p.is_file()
    } | {"eaf/i18n.toml"}
    assert wanted and wanted <= shipped, sorted(wanted - shipped)


def test_the_example_is_laid_out_as_init_lays_it_out() -> None:
    """examples/tinh-mau keeps its own model and README; the rest is what `eaf init` writes
    (to refresh it: `eaf init /tmp/x --name 'Tỉnh Mẫu'` and copy these files)."""
    files = scaffold("Tỉnh Mẫu")
    for rel in (".gitignore", "mkdocs.yml", "mkdocs.en.yml", *(f"site/{p}" for p in PAGES)):
        assert (EXAMPLE / rel).read_bytes() == files[rel], rel
    assert (EXAMPLE / "eaf.toml").is_file() and list((EXAMPLE / "models").glob("*.yaml"))
