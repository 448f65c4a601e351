"""The site's pages as Markdown, generated from the model, its graph, the gap analysis and the
diagrams. Pure: no mkdocs, no disk. Every model text goes through eaf.site.safe."""

from __future__ import annotations

import html
import json
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from eaf.analysis.analyse import Analysis
from eaf.analysis.results import UnitRow
from eaf.graph import element_json
from eaf.model import Element, Model, lifecycle_state
from eaf.site import safe
from eaf.spec import KIND_OF_SECTION
from eaf.views import KIND_LABELS

KIND_ORDER = list(KIND_OF_SECTION.values())
KIND_PLURAL = {
    "organization": "Tổ chức",
    "actor": "Người sử dụng",
    "channel": "Kênh giao tiếp",
    "system": "Hệ thống thông tin",
    "data": "Cơ sở dữ liệu",
    "platform": "Nền tảng",
    "infrastructure": "Hạ tầng kỹ thuật",
    "service": "Thủ tục hành chính",
    "interconnection": "Kết nối, liên thông",
    "work_package": "Nhiệm vụ, dự án",
    "plateau": "Các mốc",
    "kpi": "Chỉ tiêu",
    "rule": "Quy tắc tuân thủ",
    "layer": "Các lớp",
    "category": "Thành phần",
    "reference_model": "Mô hình tham chiếu",
    "view": "Sơ đồ",
}
STATUS_VI = {
    "confirmed": "đã xác nhận",
    "derived": "suy ra",
    "assumed": "giả định",
    "uncertain": "chưa chắc chắn",
}
KPI_STATUS_VI = {
    "met": "đạt",
    "on-track": "đúng tiến độ",
    "at-risk": "có nguy cơ",
    "missed": "không đạt",
}
EDGE_VI = {
    "owns": "chủ quản",
    "parent": "cấp trên / cấp dưới",
    "part-of": "thành phần",
    "interconnection": "kết nối",
    "via": "định tuyến qua",
    "hosts": "vận hành trên",
    "uses": "sử dụng",
    "holds": "lưu trữ",
    "serves": "phục vụ",
    "deployed-to": "triển khai tại",
    "offered-by": "cung cấp tại",
    "portal": "cổng cung cấp",
    "delivers": "thực hiện",
    "extends": "kế thừa",
}


_LANG: ContextVar[str] = ContextVar("eaf_site_lang", default="vi")

#: English for the generated text (the site is Vietnamese first).
EN: dict[str, str] = {
    "Tổ chức": "Organisations",
    "Người sử dụng": "Users",
    "Kênh giao tiếp": "Access channels",
    "Hệ thống thông tin": "Information systems",
    "Cơ sở dữ liệu": "Data",
    "Nền tảng": "Platforms",
    "Hạ tầng kỹ thuật": "Infrastructure",
    "Thủ tục hành chính": "Administrative procedures",
    "Kết nối, liên thông": "Interconnections",
    "Nhiệm vụ, dự án": "Work packages",
    "Các mốc": "Plateaus",
    "Chỉ tiêu": "KPIs",
    "Quy tắc tuân thủ": "Conformance rules",
    "Các lớp": "Layers",
    "Thành phần": "Components",
    "Mô hình tham chiếu": "Reference models",
    "Sơ đồ": "Diagrams",
    "đã xác nhận": "confirmed",
    "suy ra": "derived",
    "giả định": "assumed",
    "chưa chắc chắn": "uncertain",
    "đạt": "met",
    "đúng tiến độ": "on track",
    "có nguy cơ": "at risk",
    "không đạt": "missed",
    "chủ quản": "owner",
    "cấp trên / cấp dưới": "parent / child",
    "thành phần": "part",
    "kết nối": "interconnection",
    "định tuyến qua": "routed through",
    "vận hành trên": "hosted on",
    "sử dụng": "uses",
    "lưu trữ": "holds",
    "phục vụ": "serves",
    "triển khai tại": "deployed to",
    "cung cấp tại": "offered at",
    "cổng cung cấp": "portal",
    "thực hiện": "delivers",
    "kế thừa": "extends",
    "# Tham chiếu": "# Reference",
    "Mã lỗi và cảnh báo": "Diagnostic codes",
    "Ngôn ngữ bộ chọn": "Selector language",
    "Lược đồ mô hình": "Model schema",
    "Dòng lệnh": "Command line",
    "# Thành phần theo lớp": "# Components by layer",
    "Chưa có thành phần.": "No components yet.",
    "# Thành phần theo đơn vị chủ quản": "# Components by owning unit",
    "# Dòng lệnh": "# Command line",
    "Sinh từ trợ giúp của chính lệnh `eaf` (tiếng Anh).": "Generated from the `eaf` command's own help.",
    "# Mã lỗi và cảnh báo": "# Diagnostic codes",
    "Mỗi phát hiện của eaf có một mã ổn định.": "Every finding of eaf has a stable code.",
    "| Mã | Tên | Mức | Ý nghĩa | Gợi ý |": "| Code | Name | Severity | Meaning | Hint |",
    "# Ngôn ngữ bộ chọn (selector)": "# Selector language",
    "# Lược đồ mô hình": "# Model schema",
    "Các phần của một tệp mô hình và trường của từng loại thành phần, sinh từ JSON Schema `schemas/eaf-model.schema.json`.": "The sections of a model file and the fields of each kind of element, generated from the JSON Schema `schemas/eaf-model.schema.json`.",
    "## Tệp mô hình": "## Model file",
    "| Phần | Mô tả |": "| Section | Description |",
    "Giá trị: ": "Values: ",
    "| Trường | Bắt buộc | Mô tả |": "| Field | Required | Description |",
    "có": "yes",
    "không": "no",
    "# Kiến trúc Chính quyền điện tử": "# E-government architecture",
    "Trang này được tạo tự động từ mô hình kiến trúc. Sơ đồ tổng thể dưới đây dẫn tới trang của từng thành phần; mục **Phân tích** so sánh hiện trạng với mục tiêu.": "This site is generated from the architecture model. The overall diagram below links to each component's page; **Analysis** compares the current state with the targets.",
    "## Chỉ tiêu chính": "## Headline KPIs",
    "| Chỉ tiêu | Giá trị | Mục tiêu | Hạn | Trạng thái |": "| KPI | Value | Target | Deadline | Status |",
    "Tính tại ngày {at}. Xem [phân tích khoảng cách](phan-tich/index.md).": "Computed at {at}. See the [gap analysis](phan-tich/index.md).",
    "# Thành phần kiến trúc": "# Architecture components",
    "| Loại | Số lượng |": "| Kind | Count |",
    "{n} thành phần.": "{n} components.",
    "| Tên | Mã | Chủ quản / cấp trên | Nguồn |": "| Name | Id | Owner / parent | Source |",
    "## Thông tin": "## Fields",
    "| Trường | Giá trị |": "| Field | Value |",
    "## Vòng đời": "## Lifecycle",
    "## Thay đổi theo thời gian": "## Dated changes",
    "| Ngày | Thay đổi |": "| Date | Change |",
    "## Quan hệ": "## Relations",
    "| Quan hệ | Hướng | Thành phần |": "| Relation | Direction | Component |",
    "## Nguồn": "## Source",
    "Chưa ghi nguồn.": "No source recorded.",
    "Trạng thái vòng đời": "Lifecycle state",
    "# Sơ đồ": "# Diagrams",
    "# Thủ tục hành chính": "# Administrative procedures",
    '<input class="eaf-filter" type="search" placeholder="Lọc thủ tục…" aria-label="Lọc">': '<input class="eaf-filter" type="search" placeholder="Filter procedures…" aria-label="Filter">',
    "<thead><tr><th>Thủ tục</th><th>Lĩnh vực</th><th>Cấp</th><th>Mức độ</th><th>Đủ điều kiện</th><th>DVC quốc gia</th></tr></thead>": "<thead><tr><th>Procedure</th><th>Field</th><th>Level</th><th>Online level</th><th>Eligible</th><th>National portal</th></tr></thead>",
    "# Mức độ bao phủ theo đơn vị": "# Coverage per unit",
    "Tính tại ngày {at}. Mỗi ô là một xã, phường, thị trấn; màu càng đậm càng đạt nhiều tiêu chí. Chọn một ô để xem đơn vị.": "Computed at {at}. Each cell is a commune-level unit; the darker, the more criteria it meets. Select a cell to open the unit.",
    "| Tiêu chí | Đạt |": "| Criterion | Met |",
    "thêm mới": "added",
    "loại bỏ": "removed",
    "thay đổi": "changed",
    "giữ nguyên": "kept",
    "# Phân tích khoảng cách": "# Gap analysis",
    "Từ mốc `{f}` ({fd}) đến `{to}` ({td}); chỉ tiêu, bao phủ và tuân thủ tính tại ngày {at}.": "From `{f}` ({fd}) to `{to}` ({td}); KPIs, coverage and conformance computed at {at}.",
    "Khoảng cách giữa hai mốc": "Gaps between the plateaus",
    "Tuân thủ Khung kiến trúc": "Conformance to the framework",
    "phát hiện": "findings",
    "Độ đầy đủ của dữ liệu": "Completeness of the data",
    "Bao phủ theo đơn vị": "Coverage per unit",
    "# Khoảng cách giữa hai mốc": "# Gaps between the plateaus",
    "| Lớp | Thành phần | Thay đổi | Chi tiết | Nhiệm vụ |": "| Layer | Component | Change | Detail | Work packages |",
    "**chưa có**": "**none**",
    "Nhiệm vụ không tạo ra thay đổi": "Work packages that deliver no change",
    "# Chỉ tiêu": "# KPIs",
    "| Chỉ tiêu | Giá trị | Mục tiêu | Hạn | Trạng thái | Số liệu báo cáo |": "| KPI | Value | Target | Deadline | Status | Reported |",
    "# Tuân thủ Khung kiến trúc": "# Conformance to the framework",
    "Không có vi phạm.": "No violations.",
    "Lỗi": "Error",
    "Cảnh báo": "Warning",
    "# Độ đầy đủ của dữ liệu mô hình": "# Completeness of the model's data",
    "Điểm chung": "Overall score",
    "| Loại | Đầy đủ |": "| Kind | Complete |",
    "| Thành phần | Còn thiếu |": "| Component | Missing |",
}


def t(vi: str) -> str:
    """Generated text in the site's language."""
    return EN.get(vi, vi) if _LANG.get() == "en" else vi


def _nm(element: Element) -> str:
    """An element's name in the site's language (the Vietnamese name when it has no other)."""
    if _LANG.get() == "en" and element.spec.name_en:
        return element.spec.name_en
    return element.spec.name


def fold(value: str) -> str:
    """Vietnamese without diacritics (Thủ Dầu Một → Thu Dau Mot), for search."""
    value = value.replace("Đ", "D").replace("đ", "d")
    return "".join(
        c for c in unicodedata.normalize("NFD", value) if unicodedata.category(c) != "Mn"
    )


@dataclass(slots=True)
class SiteInput:
    model: Model
    graph: nx.MultiDiGraph
    analysis: Analysis | None
    svgs: Mapping[str, bytes] = field(default_factory=dict)
    """Diagram stem → SVG bytes rendered with '@@ROOT@@' link placeholders."""
    schema: Mapping[str, Any] | None = None
    """The model-file JSON Schema, for the reference page."""
    cli_help: Mapping[str, str] = field(default_factory=dict)
    """Command → its --help text, for the command-line reference."""
    lang: str = "vi"
    """vi or en: the language of the generated text."""


def page_link(from_page: str, element_id: str) -> str:
    return f"{_root(from_page)}elements/{element_id}.md"


def _root(page: str) -> str:
    return "../" * page.count("/")


def _elink(page: str, model: Model, element_id: str) -> str:
    element = model.elements.get(element_id)
    name = _nm(element) if element else element_id
    return f"[{safe.text(name)}]({page_link(page, element_id)})"


def _diagram(page: str, inp: SiteInput, stem: str) -> str:
    data = inp.svgs.get(stem)
    if data is None:
        return ""
    return f'\n<div class="eaf-diagram">\n{safe.svg(data, _root(page))}\n</div>\n'


def build_pages(inp: SiteInput) -> dict[str, str]:
    token = _LANG.set(inp.lang)
    try:
        return _build_pages(inp)
    finally:
        _LANG.reset(token)


def _build_pages(inp: SiteInput) -> dict[str, str]:
    pages: dict[str, str] = {}
    model = inp.model
    pages["index.md"] = _home(inp)
    pages["kien-truc/index.md"] = _kinds_index(model)
    for kind in KIND_ORDER:  # every kind has its page, so the site's nav never breaks
        pages[f"kien-truc/{kind}.md"] = _kind_page(model, kind, model.of_kind(kind))
    for element in model:
        path = f"elements/{element.id}.md"
        pages[path] = _element_page(inp, element, path)
    pages["kien-truc/lop.md"] = _by_layer(model)
    pages["kien-truc/don-vi.md"] = _by_owner(model)
    pages["so-do/index.md"] = _views_index(inp)
    for stem in sorted(s for s in inp.svgs if not s.startswith("context/")):
        pages[f"so-do/{stem}.md"] = _view_page(inp, stem)
    pages["thu-tuc.md"] = _procedures(model)
    if inp.analysis is not None:
        pages["bao-phu.md"] = _coverage(inp)
        pages["phan-tich/index.md"] = _analysis_index(inp.analysis)
        pages["phan-tich/khoang-cach.md"] = _gaps(model, inp.analysis)
        pages["phan-tich/chi-tieu.md"] = _kpis(model, inp.analysis)
        pages["phan-tich/tuan-thu.md"] = _conformance(inp.analysis)
        pages["phan-tich/day-du.md"] = _completeness(model, inp.analysis)
    pages["tham-chieu/index.md"] = (
        t("# Tham chiếu")
        + "\n\n"
        + f"- [{t('Mã lỗi và cảnh báo')}](ma-loi.md)\n- [{t('Ngôn ngữ bộ chọn')}](bo-chon.md)\n"
        + f"- [{t('Lược đồ mô hình')}](luoc-do.md)\n"
        + (f"- [{t('Dòng lệnh')}](dong-lenh.md)\n" if inp.cli_help else "")
    )
    pages["tham-chieu/ma-loi.md"] = _codes_page()
    pages["tham-chieu/bo-chon.md"] = _selectors_page()
    if inp.schema is not None:
        pages["tham-chieu/luoc-do.md"] = _schema_page(inp.schema)
    if inp.cli_help:
        pages["tham-chieu/dong-lenh.md"] = _cli_page(inp.cli_help)
    out = {path: _with_title(text) for path, text in sorted(pages.items())}
    out["assets/eaf-search.js"] = _search_index(model)
    return out


def _search_index(model: Model) -> str:
    """Names of every element, with and without diacritics, for the search that works from a
    folder (file://), where the theme's search cannot run."""
    rows = [
        {"t": _nm(e), "f": fold(e.spec.name).lower(), "u": f"elements/{e.id}.html"} for e in model
    ]
    return "window.EAF_INDEX = " + json.dumps(rows, ensure_ascii=False, sort_keys=True) + ";\n"


def _by_layer(model: Model) -> str:
    from eaf.model import DEFAULT_LAYER

    page = "kien-truc/lop.md"
    groups: dict[str, list[Element]] = defaultdict(list)
    for e in model:
        layer = e.spec.__dict__.get("layer") or DEFAULT_LAYER.get(e.kind)
        if layer:
            groups[str(layer)].append(e)
    layers = sorted(model.of_kind("layer"), key=lambda e: (e.spec.__dict__.get("order", 0), e.id))
    out = [t("# Thành phần theo lớp"), ""]
    for layer in layers:
        members = sorted(groups.get(layer.id, []), key=lambda e: fold(e.spec.name).lower())
        out += [f"## {safe.text(_nm(layer))}", ""]
        out += [f"- {_elink(page, model, e.id)}" for e in members] or [t("Chưa có thành phần.")]
        out.append("")
    return "\n".join(out) + "\n"


def _by_owner(model: Model) -> str:
    page = "kien-truc/don-vi.md"
    owned: dict[str, list[Element]] = defaultdict(list)
    for e in model:
        owner = e.spec.owner
        if owner:
            owned[owner].append(e)
    out = [t("# Thành phần theo đơn vị chủ quản"), ""]
    for owner in sorted(
        owned, key=lambda o: fold(model.elements[o].spec.name).lower() if o in model.elements else o
    ):
        out += [
            f"## {safe.text(_nm(model.elements[owner])) if owner in model.elements else safe.text(owner)}",
            "",
        ]
        out += [
            f"- {_elink(page, model, e.id)}"
            for e in sorted(owned[owner], key=lambda e: fold(e.spec.name).lower())
        ]
        out.append("")
    return "\n".join(out) + "\n"


def _cli_page(helps: Mapping[str, str]) -> str:
    out = [t("# Dòng lệnh"), "", t("Sinh từ trợ giúp của chính lệnh `eaf` (tiếng Anh)."), ""]
    for command, text in sorted(helps.items()):
        out += [f"## `{command}`", "", "```text", text.rstrip(), "```", ""]
    return "\n".join(out) + "\n"


def _codes_page() -> str:
    from eaf.codes import CATALOGUE

    out = [t("# Mã lỗi và cảnh báo"), "", t("Mỗi phát hiện của eaf có một mã ổn định."), ""]
    out += [t("| Mã | Tên | Mức | Ý nghĩa | Gợi ý |"), "|---|---|---|---|---|"]
    for c in CATALOGUE:
        out.append(
            f"| `{c.id}` | `{c.slug}` | {c.severity} | {safe.text(c.summary)} | {safe.text(c.hint)} |"
        )
    return "\n".join(out) + "\n"


def _selectors_page() -> str:
    """The selector reference, from the selector module's own documentation."""
    import eaf.select

    doc = eaf.select.__doc__ or ""
    doc = doc.replace("``", "`")
    lines = doc.splitlines()
    out = [t("# Ngôn ngữ bộ chọn (selector)"), ""]
    for i, line in enumerate(lines):
        if set(line.strip()) == {"-"} and i > 0 and lines[i - 1].strip():
            out[-1] = f"## {lines[i - 1].strip()}"
            continue
        out.append(line.replace(":class:", ""))
    return "\n".join(out) + "\n"


def _schema_page(schema: Mapping[str, Any]) -> str:
    """Every shape of a model file and its fields, from the JSON Schema."""
    out = [
        t("# Lược đồ mô hình"),
        "",
        t(
            "Các phần của một tệp mô hình và trường của từng loại thành phần, sinh từ JSON Schema `schemas/eaf-model.schema.json`."
        ),
        "",
    ]
    out += [t("## Tệp mô hình"), "", t("| Phần | Mô tả |"), "|---|---|"]
    for name, prop in schema.get("properties", {}).items():
        out.append(f"| `{name}` | {safe.text(prop.get('description', ''))} |")
    for name, definition in sorted(schema.get("$defs", {}).items()):
        props = definition.get("properties")
        out += ["", f"## {name}", "", safe.text(definition.get("description", "")), ""]
        if not props:
            values = definition.get("enum")
            if values:
                out.append(t("Giá trị: ") + ", ".join(f"`{safe.attr(v)}`" for v in values))
            continue
        required = set(definition.get("required", []))
        out += [t("| Trường | Bắt buộc | Mô tả |"), "|---|---|---|"]
        for field_name, prop in props.items():
            mark = t("có") if field_name in required else ""
            out.append(f"| `{field_name}` | {mark} | {safe.text(prop.get('description', ''))} |")
    return "\n".join(out) + "\n"


def _with_title(page: str) -> str:
    """Front matter with the page's title HTML-escaped: mkdocs themes print titles unescaped
    (in <title>, the nav, search results), so model text there must already be escaped."""
    first = page.split("\n", 1)[0]
    if not first.startswith("# "):
        return page
    raw = html.unescape(first[2:])
    return (
        f"---\ntitle: {json.dumps(html.escape(raw, quote=True), ensure_ascii=False)}\n---\n\n{page}"
    )


def _home(inp: SiteInput) -> str:
    out = [t("# Kiến trúc Chính quyền điện tử"), ""]
    out.append(
        t(
            "Trang này được tạo tự động từ mô hình kiến trúc. Sơ đồ tổng thể dưới đây dẫn tới "
            "trang của từng thành phần; mục **Phân tích** so sánh hiện trạng với mục tiêu."
        )
    )
    out.append(_diagram("index.md", inp, "tong-the"))
    if inp.analysis is not None:
        out += [
            t("## Chỉ tiêu chính"),
            "",
            t("| Chỉ tiêu | Giá trị | Mục tiêu | Hạn | Trạng thái |"),
            "|---|---|---|---|---|",
        ]
        for k in inp.analysis.kpis:
            if k.target is None:
                continue
            status = t(KPI_STATUS_VI.get(k.status or "", "—"))
            value = "—" if k.value is None else f"{k.value:g}"
            out.append(
                f"| {_elink('index.md', inp.model, k.id)} | {value} | {k.target:g} | "
                f"{k.deadline or '—'} | {status} |"
            )
        out.append("")
        out.append(
            t("Tính tại ngày {at}. Xem [phân tích khoảng cách](phan-tich/index.md).").format(
                at=inp.analysis.at
            )
        )
    return "\n".join(out) + "\n"


def _kinds_index(model: Model) -> str:
    out = [t("# Thành phần kiến trúc"), "", t("| Loại | Số lượng |"), "|---|---|"]
    for kind in KIND_ORDER:
        count = len(model.of_kind(kind))
        if count:
            out.append(f"| [{t(KIND_PLURAL[kind])}]({kind}.md) | {count} |")
    return "\n".join(out) + "\n"


def _source_badge(element: Element) -> str:
    source = element.spec.source
    if source is None:
        return "—"
    return t(STATUS_VI.get(str(source.status), str(source.status)))


def _kind_page(model: Model, kind: str, elements: list[Element]) -> str:
    page = f"kien-truc/{kind}.md"
    out = [f"# {t(KIND_PLURAL[kind])}", "", t("{n} thành phần.").format(n=len(elements)), ""]
    out += [t("| Tên | Mã | Chủ quản / cấp trên | Nguồn |"), "|---|---|---|---|"]
    for e in sorted(elements, key=lambda e: (fold(e.spec.name).lower(), e.id)):
        values = e.spec.__dict__
        owner = values.get("owner") or values.get("parent")
        owner_cell = _elink(page, model, owner) if owner else "—"
        out.append(
            f"| {_elink(page, model, e.id)} | `{e.id}` | {owner_cell} | {_source_badge(e)} |"
        )
    return "\n".join(out) + "\n"


def _value(page: str, model: Model, value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_value(page, model, v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{safe.text(k)}: {_value(page, model, v)}" for k, v in value.items())
    if isinstance(value, str) and value in model.elements:
        return _elink(page, model, value)
    if isinstance(value, bool):
        return t("có") if value else t("không")
    return safe.text(value)


SKIP_FIELDS = {"id", "name", "description", "source", "lifecycle", "changes", "links"}


def _element_page(inp: SiteInput, element: Element, page: str) -> str:
    model, graph = inp.model, inp.graph
    spec = element.spec
    kind = KIND_LABELS[_LANG.get()].get(element.kind, element.kind)
    out = [f"# {safe.text(_nm(element))}", ""]
    out.append(f'<p class="eaf-kind">{safe.text(kind)} · <code>{safe.attr(element.id)}</code></p>')
    # The name in the other language, under the heading.
    other = spec.name if _nm(element) != spec.name else spec.name_en
    if other:
        out.append(f"*{safe.text(other)}*")
    # Search finds names typed without diacritics.
    out.append(f'<p class="eaf-fold">{safe.text(fold(spec.name))}</p>')
    out.append("")
    if spec.description:
        out += ["", safe.description(spec.description), ""]
    out.append(_diagram(page, inp, f"context/{element.id}"))
    data = element_json(element)
    rows = [(k, v) for k, v in data.items() if k not in SKIP_FIELDS and v not in ([], {}, None)]
    if rows:
        out += [t("## Thông tin"), "", t("| Trường | Giá trị |"), "|---|---|"]
        out += [f"| `{safe.attr(k)}` | {_value(page, model, v)} |" for k, v in rows]
        out.append("")
    lifecycle = spec.lifecycle
    if lifecycle is not None:
        phases = [f"{p}: {d}" for p, d in lifecycle.phases() if d]
        out += [t("## Vòng đời"), "", safe.text(", ".join(phases)), ""]
    if spec.changes:
        out += [t("## Thay đổi theo thời gian"), "", t("| Ngày | Thay đổi |"), "|---|---|"]
        for change in spec.changes:
            sets = "; ".join(
                f"{safe.text(k)} → {_value(page, model, v)}" for k, v in change.set.items()
            )
            out.append(f"| {change.date} | {sets} |")
        out.append("")
    relations = []
    for _, target, data_ in graph.out_edges(element.id, data=True):
        relations.append((t(EDGE_VI.get(data_["type"], data_["type"])), "→", target))
    for source, _, data_ in graph.in_edges(element.id, data=True):
        relations.append((t(EDGE_VI.get(data_["type"], data_["type"])), "←", source))
    if relations:
        out += [t("## Quan hệ"), "", t("| Quan hệ | Hướng | Thành phần |"), "|---|---|---|"]
        for label, arrow, other in sorted(set(relations))[:300]:
            out.append(f"| {label} | {arrow} | {_elink(page, model, other)} |")
        out.append("")
    source = spec.source
    out += [t("## Nguồn"), ""]
    if source is None:
        out.append(t("Chưa ghi nguồn."))
    else:
        status = t(STATUS_VI.get(str(source.status), str(source.status)))
        css = "eaf-assumed" if str(source.status) in ("assumed", "uncertain") else "eaf-confirmed"
        out.append(
            f'<p><span class="{css}">{safe.text(status)}</span> — {safe.text(source.document)}</p>'
        )
        if source.note:
            out.append(f"<p>{safe.text(source.note)}</p>")
    for link in spec.links:
        out.append(
            f'<p><a href="{safe.attr(link.url)}" rel="noopener noreferrer">{safe.text(link.title)}</a></p>'
        )
    state = lifecycle_state(element)
    if state != "active":
        out.append(f'<p class="eaf-state">{t("Trạng thái vòng đời")}: {state}</p>')
    return "\n".join(out) + "\n"


def _views_index(inp: SiteInput) -> str:
    out = [t("# Sơ đồ"), ""]
    for stem in sorted(s for s in inp.svgs if not s.startswith("context/")):
        element = inp.model.elements.get(stem)
        title = _nm(element) if element else stem
        out.append(f"- [{safe.text(title)}]({stem}.md)")
    return "\n".join(out) + "\n"


def _view_page(inp: SiteInput, stem: str) -> str:
    element = inp.model.elements.get(stem)
    title = _nm(element) if element else stem
    page = f"so-do/{stem}.md"
    return f"# {safe.text(title)}\n{_diagram(page, inp, stem)}\n"


def _procedures(model: Model) -> str:
    out = [t("# Thủ tục hành chính"), ""]
    out.append(
        t('<input class="eaf-filter" type="search" placeholder="Lọc thủ tục…" aria-label="Lọc">')
    )
    out += [
        "",
        '<table class="eaf-sortable">',
        t(
            "<thead><tr><th>Thủ tục</th><th>Lĩnh vực</th><th>Cấp</th><th>Mức độ</th><th>Đủ điều kiện</th><th>DVC quốc gia</th></tr></thead>"
        ),
        "<tbody>",
    ]
    for e in sorted(model.of_kind("service"), key=lambda e: (fold(e.spec.name).lower(), e.id)):
        v: Any = e.spec
        link = f"elements/{e.id}.html"
        out.append(
            f'<tr><td><a href="{safe.attr(link)}">{safe.text(_nm(e))}</a>'
            f'<span class="eaf-fold">{safe.text(fold(v.name))}</span></td>'
            f"<td>{safe.text(v.field)}</td><td>{safe.text(', '.join(v.handling_levels))}</td>"
            f"<td>{v.online_level or '—'}</td><td>{v.eligible_level or '—'}</td>"
            f"<td>{t('có') if v.npsp_integrated else t('không')}</td></tr>"
        )
    out += ["</tbody>", "</table>"]
    return "\n".join(out) + "\n"


def _coverage(inp: SiteInput) -> str:
    analysis = inp.analysis
    assert analysis is not None
    matrix = analysis.coverage
    model = inp.model
    out = [t("# Mức độ bao phủ theo đơn vị"), ""]
    out.append(
        t(
            "Tính tại ngày {at}. Mỗi ô là một xã, phường, thị trấn; màu càng đậm càng đạt "
            "nhiều tiêu chí. Chọn một ô để xem đơn vị."
        ).format(at=analysis.at)
    )
    out += ["", t("| Tiêu chí | Đạt |"), "|---|---|"]
    for c in matrix.criteria:
        out.append(f"| {_elink('bao-phu.md', model, c.id)} | {c.covered}/{c.total} |")
    by_parent: dict[str, list[UnitRow]] = defaultdict(list)
    for unit in matrix.units:
        if unit.level == "commune":
            by_parent[unit.parent].append(unit)
    for parent in sorted(
        by_parent, key=lambda p: _nm(model.elements[p]) if p in model.elements else p
    ):
        parent_name = _nm(model.elements[parent]) if parent in model.elements else parent
        out += ["", f"## {safe.text(parent_name)}", "", '<div class="eaf-grid">']
        for unit in sorted(by_parent[parent], key=lambda u: _nm(model.elements[u.id])):
            uid = unit.id
            applicable = [v for v in unit.cells.values() if v is not None]
            met = sum(1 for v in applicable if v)
            share = round(100 * met / len(applicable)) if applicable else 0
            band = min(4, share // 25)
            name = _nm(model.elements[uid])
            out.append(
                f'<a class="eaf-cell eaf-band-{band}" href="elements/{safe.attr(uid)}.html" '
                f'title="{safe.attr(name)}: {met}/{len(applicable)}">{safe.text(name)}'
                f'<span class="eaf-score">{met}/{len(applicable)}</span></a>'
            )
        out.append("</div>")
    return "\n".join(out) + "\n"


def _analysis_index(a: Analysis) -> str:
    counts = ", ".join(
        f"{a.gaps.count(s)} {v}"
        for s, v in (
            ("added", t("thêm mới")),
            ("removed", t("loại bỏ")),
            ("changed", t("thay đổi")),
            ("kept", t("giữ nguyên")),
        )
    )
    return (
        t("# Phân tích khoảng cách")
        + "\n\n"
        + t(
            "Từ mốc `{f}` ({fd}) đến `{to}` ({td}); chỉ tiêu, bao phủ và tuân thủ tính tại "
            "ngày {at}."
        ).format(
            f=a.from_plateau[0],
            fd=a.from_plateau[1],
            to=a.to_plateau[0],
            td=a.to_plateau[1],
            at=a.at,
        )
        + "\n\n"
        + f"- [{t('Khoảng cách giữa hai mốc')}](khoang-cach.md): {counts}\n"
        + f"- [{t('Chỉ tiêu')}](chi-tieu.md)\n"
        + f"- [{t('Tuân thủ Khung kiến trúc')}](tuan-thu.md): {len(a.conformance)} {t('phát hiện')}\n"
        + f"- [{t('Độ đầy đủ của dữ liệu')}](day-du.md): {a.completeness.score:g}%\n"
        + f"- [{t('Bao phủ theo đơn vị')}](../bao-phu.md)\n"
    )


def _gaps(model: Model, a: Analysis) -> str:
    page = "phan-tich/khoang-cach.md"
    status_vi = {"added": t("thêm mới"), "removed": t("loại bỏ"), "changed": t("thay đổi")}
    out = [
        t("# Khoảng cách giữa hai mốc"),
        "",
        t("| Lớp | Thành phần | Thay đổi | Chi tiết | Nhiệm vụ |"),
        "|---|---|---|---|---|",
    ]
    for i in a.gaps.items:
        if i.status == "kept":
            continue
        detail = "; ".join(
            f"{safe.text(c.field)}: {safe.text(c.before)} → {safe.text(c.after)}" for c in i.changes
        )
        wps = ", ".join(_elink(page, model, w) for w in i.work_packages) or t("**chưa có**")
        out.append(
            f"| {safe.text(i.layer)} | {_elink(page, model, i.id)} | {status_vi[i.status]} | {detail} | {wps} |"
        )
    idle = ", ".join(_elink(page, model, w) for w in a.gaps.idle_work_packages) or "—"
    out += ["", f"**{t('Nhiệm vụ không tạo ra thay đổi')}:** {idle}"]
    return "\n".join(out) + "\n"


def _kpis(model: Model, a: Analysis) -> str:
    page = "phan-tich/chi-tieu.md"
    out = [
        t("# Chỉ tiêu"),
        "",
        t("| Chỉ tiêu | Giá trị | Mục tiêu | Hạn | Trạng thái | Số liệu báo cáo |"),
        "|---|---|---|---|---|---|",
    ]
    for k in a.kpis:
        value = (
            "—"
            if k.value is None
            else f"{k.value:g}" + (f" ({k.numerator}/{k.denominator})" if k.denominator else "")
        )
        reported = f"{k.reported:g} ({k.reported_date})" if k.reported is not None else "—"
        target = "—" if k.target is None else f"{k.target:g}"
        out.append(
            f"| {_elink(page, model, k.id)} | {value} | {target} | {k.deadline or '—'} | {KPI_STATUS_VI.get(k.status or '', '—')} | {reported} |"
        )
    return "\n".join(out) + "\n"


def _conformance(a: Analysis) -> str:
    out = [t("# Tuân thủ Khung kiến trúc"), ""]
    if not a.conformance:
        out.append(t("Không có vi phạm."))
    for d in sorted(a.conformance, key=lambda d: d.sort_key()):
        level = t("Lỗi") if d.severity == "error" else t("Cảnh báo")
        out.append(
            f"- **{level}** `{d.code}` {safe.text(d.message)} — {safe.text(d.hint or '')} (`{safe.attr(str(d.location))}`)"
        )
    return "\n".join(out) + "\n"


def _completeness(model: Model, a: Analysis) -> str:
    page = "phan-tich/day-du.md"
    c = a.completeness
    out = [
        t("# Độ đầy đủ của dữ liệu mô hình"),
        "",
        f"{t('Điểm chung')}: **{c.score:g}%**.",
        "",
        t("| Loại | Đầy đủ |"),
        "|---|---|",
    ]
    for kind, pair in c.by_kind.items():
        out.append(
            f"| {t(KIND_PLURAL.get(kind, kind))} | {100 * pair.filled / pair.expected:.0f}% ({pair.filled}/{pair.expected}) |"
        )
    out += ["", t("| Thành phần | Còn thiếu |"), "|---|---|"]
    for m in c.missing:
        out.append(f"| {_elink(page, model, m.id)} | {safe.text(', '.join(m.fields))} |")
    return "\n".join(out) + "\n"
