"""The site's pages as Markdown, generated from the model, its graph, the gap analysis and the
diagrams. Pure: no mkdocs, no disk. Every model text goes through eaf.site.safe."""

from __future__ import annotations

import html
import json
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from eaf.analysis.report import Analysis
from eaf.graph import element_json
from eaf.model import Element, Model
from eaf.site import safe
from eaf.spec import KIND_OF_SECTION
from eaf.views import KIND_LABELS, lifecycle_state

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


def page_link(from_page: str, element_id: str) -> str:
    return f"{_root(from_page)}elements/{element_id}.md"


def _root(page: str) -> str:
    return "../" * page.count("/")


def _elink(page: str, model: Model, element_id: str) -> str:
    element = model.elements.get(element_id)
    name = element.spec.name if element else element_id
    return f"[{safe.text(name)}]({page_link(page, element_id)})"


def _diagram(page: str, inp: SiteInput, stem: str) -> str:
    data = inp.svgs.get(stem)
    if data is None:
        return ""
    return f'\n<div class="eaf-diagram">\n{safe.svg(data, _root(page))}\n</div>\n'


def build_pages(inp: SiteInput) -> dict[str, str]:
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
        "# Tham chiếu\n\n- [Mã lỗi và cảnh báo](ma-loi.md)\n- [Ngôn ngữ bộ chọn](bo-chon.md)\n"
        "- [Lược đồ mô hình](luoc-do.md)\n"
        + ("- [Dòng lệnh](dong-lenh.md)\n" if inp.cli_help else "")
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
        {"t": e.spec.name, "f": fold(e.spec.name).lower(), "u": f"elements/{e.id}.html"}
        for e in model
    ]
    return "window.EAF_INDEX = " + json.dumps(rows, ensure_ascii=False, sort_keys=True) + ";\n"


def _by_layer(model: Model) -> str:
    from eaf.views import DEFAULT_LAYER

    page = "kien-truc/lop.md"
    groups: dict[str, list[Element]] = defaultdict(list)
    for e in model:
        layer = e.spec.__dict__.get("layer") or DEFAULT_LAYER.get(e.kind)
        if layer:
            groups[str(layer)].append(e)
    layers = sorted(model.of_kind("layer"), key=lambda e: (e.spec.__dict__.get("order", 0), e.id))
    out = ["# Thành phần theo lớp", ""]
    for layer in layers:
        members = sorted(groups.get(layer.id, []), key=lambda e: fold(e.spec.name).lower())
        out += [f"## {safe.text(layer.spec.name)}", ""]
        out += [f"- {_elink(page, model, e.id)}" for e in members] or ["Chưa có thành phần."]
        out.append("")
    return "\n".join(out) + "\n"


def _by_owner(model: Model) -> str:
    page = "kien-truc/don-vi.md"
    owned: dict[str, list[Element]] = defaultdict(list)
    for e in model:
        owner = e.spec.owner
        if owner:
            owned[owner].append(e)
    out = ["# Thành phần theo đơn vị chủ quản", ""]
    for owner in sorted(
        owned, key=lambda o: fold(model.elements[o].spec.name).lower() if o in model.elements else o
    ):
        out += [
            f"## {safe.text(model.elements[owner].spec.name) if owner in model.elements else safe.text(owner)}",
            "",
        ]
        out += [
            f"- {_elink(page, model, e.id)}"
            for e in sorted(owned[owner], key=lambda e: fold(e.spec.name).lower())
        ]
        out.append("")
    return "\n".join(out) + "\n"


def _cli_page(helps: Mapping[str, str]) -> str:
    out = ["# Dòng lệnh", "", "Sinh từ trợ giúp của chính lệnh `eaf` (tiếng Anh).", ""]
    for command, text in sorted(helps.items()):
        out += [f"## `{command}`", "", "```text", text.rstrip(), "```", ""]
    return "\n".join(out) + "\n"


def _codes_page() -> str:
    from eaf.codes import CATALOGUE

    out = ["# Mã lỗi và cảnh báo", "", "Mỗi phát hiện của eaf có một mã ổn định.", ""]
    out += ["| Mã | Tên | Mức | Ý nghĩa | Gợi ý |", "|---|---|---|---|---|"]
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
    out = ["# Ngôn ngữ bộ chọn (selector)", ""]
    for i, line in enumerate(lines):
        if set(line.strip()) == {"-"} and i > 0 and lines[i - 1].strip():
            out[-1] = f"## {lines[i - 1].strip()}"
            continue
        out.append(line.replace(":class:", ""))
    return "\n".join(out) + "\n"


def _schema_page(schema: Mapping[str, Any]) -> str:
    """Every shape of a model file and its fields, from the JSON Schema."""
    out = [
        "# Lược đồ mô hình",
        "",
        "Các phần của một tệp mô hình và trường của từng loại thành phần, sinh từ JSON Schema `schemas/eaf-model.schema.json`.",
        "",
    ]
    out += ["## Tệp mô hình", "", "| Phần | Mô tả |", "|---|---|"]
    for name, prop in schema.get("properties", {}).items():
        out.append(f"| `{name}` | {safe.text(prop.get('description', ''))} |")
    for name, definition in sorted(schema.get("$defs", {}).items()):
        props = definition.get("properties")
        out += ["", f"## {name}", "", safe.text(definition.get("description", "")), ""]
        if not props:
            values = definition.get("enum")
            if values:
                out.append("Giá trị: " + ", ".join(f"`{safe.attr(v)}`" for v in values))
            continue
        required = set(definition.get("required", []))
        out += ["| Trường | Bắt buộc | Mô tả |", "|---|---|---|"]
        for field_name, prop in props.items():
            mark = "có" if field_name in required else ""
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
    out = ["# Kiến trúc Chính quyền điện tử", ""]
    out.append(
        "Trang này được tạo tự động từ mô hình kiến trúc. Sơ đồ tổng thể dưới đây dẫn tới trang "
        "của từng thành phần; mục **Phân tích** so sánh hiện trạng với mục tiêu."
    )
    out.append(_diagram("index.md", inp, "tong-the"))
    if inp.analysis is not None:
        out += [
            "## Chỉ tiêu chính",
            "",
            "| Chỉ tiêu | Giá trị | Mục tiêu | Hạn | Trạng thái |",
            "|---|---|---|---|---|",
        ]
        for k in inp.analysis.kpis:
            if k.target is None:
                continue
            status = KPI_STATUS_VI.get(k.status or "", "—")
            value = "—" if k.value is None else f"{k.value:g}"
            out.append(
                f"| {_elink('index.md', inp.model, k.id)} | {value} | {k.target:g} | "
                f"{k.deadline or '—'} | {status} |"
            )
        out.append("")
        out.append(
            f"Tính tại ngày {inp.analysis.at}. Xem [phân tích khoảng cách](phan-tich/index.md)."
        )
    return "\n".join(out) + "\n"


def _kinds_index(model: Model) -> str:
    out = ["# Thành phần kiến trúc", "", "| Loại | Số lượng |", "|---|---|"]
    for kind in KIND_ORDER:
        count = len(model.of_kind(kind))
        if count:
            out.append(f"| [{KIND_PLURAL[kind]}]({kind}.md) | {count} |")
    return "\n".join(out) + "\n"


def _source_badge(element: Element) -> str:
    source = element.spec.source
    if source is None:
        return "—"
    return STATUS_VI.get(str(source.status), str(source.status))


def _kind_page(model: Model, kind: str, elements: list[Element]) -> str:
    page = f"kien-truc/{kind}.md"
    out = [f"# {KIND_PLURAL[kind]}", "", f"{len(elements)} thành phần.", ""]
    out += ["| Tên | Mã | Chủ quản / cấp trên | Nguồn |", "|---|---|---|---|"]
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
        return "có" if value else "không"
    return safe.text(value)


SKIP_FIELDS = {"id", "name", "description", "source", "lifecycle", "changes", "links"}


def _element_page(inp: SiteInput, element: Element, page: str) -> str:
    model, graph = inp.model, inp.graph
    spec = element.spec
    kind = KIND_LABELS["vi"].get(element.kind, element.kind)
    out = [f"# {safe.text(spec.name)}", ""]
    out.append(f'<p class="eaf-kind">{safe.text(kind)} · <code>{safe.attr(element.id)}</code></p>')
    if spec.name_en:
        out.append(f"*{safe.text(spec.name_en)}*")
    # Search finds names typed without diacritics.
    out.append(f'<p class="eaf-fold">{safe.text(fold(spec.name))}</p>')
    out.append("")
    if spec.description:
        out += ["", safe.description(spec.description), ""]
    out.append(_diagram(page, inp, f"context/{element.id}"))
    data = element_json(element)
    rows = [(k, v) for k, v in data.items() if k not in SKIP_FIELDS and v not in ([], {}, None)]
    if rows:
        out += ["## Thông tin", "", "| Trường | Giá trị |", "|---|---|"]
        out += [f"| `{safe.attr(k)}` | {_value(page, model, v)} |" for k, v in rows]
        out.append("")
    lifecycle = spec.lifecycle
    if lifecycle is not None:
        phases = [f"{p}: {d}" for p, d in lifecycle.phases() if d]
        out += ["## Vòng đời", "", safe.text(", ".join(phases)), ""]
    if spec.changes:
        out += ["## Thay đổi theo thời gian", "", "| Ngày | Thay đổi |", "|---|---|"]
        for change in spec.changes:
            sets = "; ".join(
                f"{safe.text(k)} → {_value(page, model, v)}" for k, v in change.set.items()
            )
            out.append(f"| {change.date} | {sets} |")
        out.append("")
    relations = []
    for _, target, data_ in graph.out_edges(element.id, data=True):
        relations.append((EDGE_VI.get(data_["type"], data_["type"]), "→", target))
    for source, _, data_ in graph.in_edges(element.id, data=True):
        relations.append((EDGE_VI.get(data_["type"], data_["type"]), "←", source))
    if relations:
        out += ["## Quan hệ", "", "| Quan hệ | Hướng | Thành phần |", "|---|---|---|"]
        for label, arrow, other in sorted(set(relations))[:300]:
            out.append(f"| {label} | {arrow} | {_elink(page, model, other)} |")
        out.append("")
    source = spec.source
    out += ["## Nguồn", ""]
    if source is None:
        out.append("Chưa ghi nguồn.")
    else:
        status = STATUS_VI.get(str(source.status), str(source.status))
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
        out.append(f'<p class="eaf-state">Trạng thái vòng đời: {state}</p>')
    return "\n".join(out) + "\n"


def _views_index(inp: SiteInput) -> str:
    out = ["# Sơ đồ", ""]
    for stem in sorted(s for s in inp.svgs if not s.startswith("context/")):
        element = inp.model.elements.get(stem)
        title = element.spec.name if element else stem
        out.append(f"- [{safe.text(title)}]({stem}.md)")
    return "\n".join(out) + "\n"


def _view_page(inp: SiteInput, stem: str) -> str:
    element = inp.model.elements.get(stem)
    title = element.spec.name if element else stem
    page = f"so-do/{stem}.md"
    return f"# {safe.text(title)}\n{_diagram(page, inp, stem)}\n"


def _procedures(model: Model) -> str:
    out = ["# Thủ tục hành chính", ""]
    out.append(
        '<input class="eaf-filter" type="search" placeholder="Lọc thủ tục…" aria-label="Lọc">'
    )
    out += [
        "",
        '<table class="eaf-sortable">',
        "<thead><tr><th>Thủ tục</th><th>Lĩnh vực</th><th>Cấp</th><th>Mức độ</th><th>Đủ điều kiện</th><th>DVC quốc gia</th></tr></thead>",
        "<tbody>",
    ]
    for e in sorted(model.of_kind("service"), key=lambda e: (fold(e.spec.name).lower(), e.id)):
        v: Any = e.spec
        link = f"elements/{e.id}.html"
        out.append(
            f'<tr><td><a href="{safe.attr(link)}">{safe.text(v.name)}</a>'
            f'<span class="eaf-fold">{safe.text(fold(v.name))}</span></td>'
            f"<td>{safe.text(v.field)}</td><td>{safe.text(', '.join(v.handling_levels))}</td>"
            f"<td>{v.online_level or '—'}</td><td>{v.eligible_level or '—'}</td>"
            f"<td>{'có' if v.npsp_integrated else 'không'}</td></tr>"
        )
    out += ["</tbody>", "</table>"]
    return "\n".join(out) + "\n"


def _coverage(inp: SiteInput) -> str:
    analysis = inp.analysis
    assert analysis is not None
    matrix = analysis.coverage
    model = inp.model
    out = ["# Mức độ bao phủ theo đơn vị", ""]
    out.append(
        f"Tính tại ngày {matrix.date}. Mỗi ô là một xã, phường, thị trấn; màu càng đậm càng đạt "
        "nhiều tiêu chí. Chọn một ô để xem đơn vị."
    )
    out += ["", "| Tiêu chí | Đạt |", "|---|---|"]
    for c in matrix.criteria:
        out.append(f"| {_elink('bao-phu.md', model, c.id)} | {len(c.covered)}/{len(c.units)} |")
    by_parent: dict[str, list[str]] = defaultdict(list)
    for uid, _name, level, parent in matrix.units:
        if level == "commune":
            by_parent[parent].append(uid)
    for parent in sorted(
        by_parent, key=lambda p: model.elements[p].spec.name if p in model.elements else p
    ):
        parent_name = model.elements[parent].spec.name if parent in model.elements else parent
        out += ["", f"## {safe.text(parent_name)}", "", '<div class="eaf-grid">']
        for uid in sorted(by_parent[parent], key=lambda u: model.elements[u].spec.name):
            applicable = [c for c in matrix.criteria if matrix.cell(uid, c) is not None]
            met = sum(1 for c in applicable if matrix.cell(uid, c))
            share = round(100 * met / len(applicable)) if applicable else 0
            band = min(4, share // 25)
            name = model.elements[uid].spec.name
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
            ("added", "thêm mới"),
            ("removed", "loại bỏ"),
            ("changed", "thay đổi"),
            ("kept", "giữ nguyên"),
        )
    )
    return (
        "# Phân tích khoảng cách\n\n"
        f"Từ mốc `{a.from_plateau[0]}` ({a.from_plateau[1]}) đến `{a.to_plateau[0]}` ({a.to_plateau[1]}); "
        f"chỉ tiêu, bao phủ và tuân thủ tính tại ngày {a.at}.\n\n"
        f"- [Khoảng cách giữa hai mốc](khoang-cach.md): {counts}\n"
        f"- [Chỉ tiêu](chi-tieu.md)\n- [Tuân thủ Khung kiến trúc](tuan-thu.md): {len(a.conformance)} phát hiện\n"
        f"- [Độ đầy đủ của dữ liệu](day-du.md): {a.completeness.score:g}%\n"
        "- [Bao phủ theo đơn vị](../bao-phu.md)\n"
    )


def _gaps(model: Model, a: Analysis) -> str:
    page = "phan-tich/khoang-cach.md"
    status_vi = {"added": "thêm mới", "removed": "loại bỏ", "changed": "thay đổi"}
    out = [
        "# Khoảng cách giữa hai mốc",
        "",
        "| Lớp | Thành phần | Thay đổi | Chi tiết | Nhiệm vụ |",
        "|---|---|---|---|---|",
    ]
    for i in a.gaps.items:
        if i.status == "kept":
            continue
        detail = "; ".join(
            f"{safe.text(c.field)}: {safe.text(c.before)} → {safe.text(c.after)}" for c in i.changes
        )
        wps = ", ".join(_elink(page, model, w) for w in i.work_packages) or "**chưa có**"
        out.append(
            f"| {safe.text(i.layer)} | {_elink(page, model, i.id)} | {status_vi[i.status]} | {detail} | {wps} |"
        )
    idle = ", ".join(_elink(page, model, w) for w in a.gaps.idle_work_packages) or "—"
    out += ["", f"**Nhiệm vụ không tạo ra thay đổi:** {idle}"]
    return "\n".join(out) + "\n"


def _kpis(model: Model, a: Analysis) -> str:
    page = "phan-tich/chi-tieu.md"
    out = [
        "# Chỉ tiêu",
        "",
        "| Chỉ tiêu | Giá trị | Mục tiêu | Hạn | Trạng thái | Số liệu báo cáo |",
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
    out = ["# Tuân thủ Khung kiến trúc", ""]
    if not a.conformance:
        out.append("Không có vi phạm.")
    for d in sorted(a.conformance, key=lambda d: d.sort_key()):
        level = "Lỗi" if d.severity == "error" else "Cảnh báo"
        out.append(
            f"- **{level}** `{d.code}` {safe.text(d.message)} — {safe.text(d.hint or '')} (`{safe.attr(str(d.location))}`)"
        )
    return "\n".join(out) + "\n"


def _completeness(model: Model, a: Analysis) -> str:
    page = "phan-tich/day-du.md"
    c = a.completeness
    out = [
        "# Độ đầy đủ của dữ liệu mô hình",
        "",
        f"Điểm chung: **{c.score:g}%**.",
        "",
        "| Loại | Đầy đủ |",
        "|---|---|",
    ]
    for kind, (filled, expected) in c.by_kind.items():
        out.append(
            f"| {KIND_PLURAL.get(kind, kind)} | {100 * filled / expected:.0f}% ({filled}/{expected}) |"
        )
    out += ["", "| Thành phần | Còn thiếu |", "|---|---|"]
    for m in c.missing:
        out.append(f"| {_elink(page, model, m.id)} | {safe.text(', '.join(m.fields))} |")
    return "\n".join(out) + "\n"
