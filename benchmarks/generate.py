"""Synthetic model generator: a realistic e-government model of about N elements.

    python benchmarks/generate.py --elements N --out DIR [--seed 1] [--files K] [--force]

Writes ``OUT/models/*/*.yaml`` (K files, default about N/500, each well under the 5 MB file limit)
and an empty ``OUT/eaf.toml``, so ``eaf validate`` run inside OUT reads the generated model.

The model has Vietnamese names with diacritics; provinces, each with its departments (sở),
districts and communes (``parent``, ``level``, ``type``, quoted ``statistics_code``); national
bodies and platforms; per province an LGSP, a document axis, a data centre, channels, systems
(owner, layer, security level, users, channels, platforms used, deployment scopes with selectors
and a few ``except`` entries), data sets, administrative procedures offered through scopes,
interconnections between systems routed through the LGSP (about two per system) and work
packages; a framework (reference models, layers, categories, rules, plateaus, KPIs, views).

Every reference is valid and every id is a unique lower-case slug, so the model validates with
no finding. YAML is written as text (no emitter): every free text is double-quoted and escaped.
The output depends only on the arguments: the same arguments write byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import shutil
import sys
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ELEMENTS_PER_FILE = 500
MAX_FILE_BYTES = 2 * 1024 * 1024  # well under eaf's 5 MB limit per file
STAMP = "generated.json"
SECTION_ORDER = (
    "organizations",
    "actors",
    "channels",
    "platforms",
    "infrastructure",
    "systems",
    "data",
    "services",
    "interconnections",
    "work_packages",
    "reference_models",
    "layers",
    "categories",
    "rules",
    "plateaus",
    "kpis",
    "views",
)


def _nfc(items: Iterable[str]) -> list[str]:
    return [unicodedata.normalize("NFC", s) for s in items]


# (name, type): provinces first, then the five centrally-governed cities.
PROVINCES: list[tuple[str, str]] = [
    (n, "tỉnh")
    for n in _nfc(
        """Bình Dương|An Giang
|Bà Rịa – Vũng Tàu|Bắc Giang|Bắc Kạn|Bạc Liêu|Bắc Ninh|Bến Tre|Bình Định|Bình Phước|Bình Thuận
|Cà Mau|Cao Bằng|Đắk Lắk|Đắk Nông|Điện Biên|Đồng Nai|Đồng Tháp|Gia Lai|Hà Giang|Hà Nam|Hà Tĩnh
|Hải Dương|Hậu Giang|Hòa Bình|Hưng Yên|Khánh Hòa|Kiên Giang|Kon Tum|Lai Châu|Lâm Đồng|Lạng Sơn
|Lào Cai|Long An|Nam Định|Nghệ An|Ninh Bình|Ninh Thuận|Phú Thọ|Phú Yên|Quảng Bình|Quảng Nam
|Quảng Ngãi|Quảng Ninh|Quảng Trị|Sóc Trăng|Sơn La|Tây Ninh|Thái Bình|Thái Nguyên|Thanh Hóa
|Thừa Thiên Huế|Tiền Giang|Trà Vinh|Tuyên Quang|Vĩnh Long|Vĩnh Phúc|Yên Bái""".replace(
            "\n", ""
        ).split("|")
    )
] + [
    (n, "thành phố trực thuộc trung ương")
    for n in _nfc(["Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"])
]

# (id prefix, name, type) of the provincial agencies.
DEPARTMENTS: list[tuple[str, str, str]] = [
    (a, unicodedata.normalize("NFC", n), unicodedata.normalize("NFC", t))
    for a, n, t in [
        ("vp-ubnd", "Văn phòng Ủy ban nhân dân", "cơ quan chuyên môn"),
        ("so-nv", "Sở Nội vụ", "sở"),
        ("so-tp", "Sở Tư pháp", "sở"),
        ("so-khdt", "Sở Kế hoạch và Đầu tư", "sở"),
        ("so-tc", "Sở Tài chính", "sở"),
        ("so-ct", "Sở Công Thương", "sở"),
        ("so-nnptnt", "Sở Nông nghiệp và Phát triển nông thôn", "sở"),
        ("so-gtvt", "Sở Giao thông vận tải", "sở"),
        ("so-xd", "Sở Xây dựng", "sở"),
        ("so-tnmt", "Sở Tài nguyên và Môi trường", "sở"),
        ("so-tttt", "Sở Thông tin và Truyền thông", "sở"),
        ("so-ldtbxh", "Sở Lao động – Thương binh và Xã hội", "sở"),
        ("so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch", "sở"),
        ("so-khcn", "Sở Khoa học và Công nghệ", "sở"),
        ("so-gddt", "Sở Giáo dục và Đào tạo", "sở"),
        ("so-yt", "Sở Y tế", "sở"),
        ("thanh-tra", "Thanh tra", "cơ quan chuyên môn"),
        ("ttphvhcc", "Trung tâm Phục vụ hành chính công", "trung tâm"),
    ]
]
TTTT = 10  # index of Sở Thông tin và Truyền thông in DEPARTMENTS
DISTRICTS_PER_PROVINCE = 9

PLACES = _nfc(
    """Tân Định|Phú Lợi|Hòa Phú|Chánh Nghĩa|Định Hòa|Bình Chuẩn|An Thạnh|Lái Thiêu|Mỹ Phước
|Thới Hòa|Hưng Định|Vĩnh Phú|Tân Uyên|Dầu Tiếng|Phú Giáo|Bàu Bàng|Thuận An|Dĩ An|Bến Cát
|Hiệp Thành|Phú Cường|Phú Hòa|Phú Mỹ|Tương Bình Hiệp|Chánh Mỹ|Tân An|Hiệp An|Định An|An Phú
|Bình Nhâm|Bình Hòa|Thuận Giao|An Sơn|Tân Đông Hiệp|Đông Hòa|Tân Bình|Bình An|Bình Thắng
|Hội Nghĩa|Khánh Bình|Thạnh Phước|Tân Phước Khánh|Uyên Hưng|Phước Hòa|Vĩnh Hòa|An Bình
|Tân Long|Lai Uyên|Cây Trường|Trừ Văn Thố|Long Nguyên|Minh Hòa|Minh Tân|Định Thành|Thanh An
|Long Hòa|Phước Sang|Tân Hiệp|An Linh|Tam Lập|Hòa Lợi|Tân Định Lộc|Xuân Trường|Cẩm Phả
|Quang Trung|Trần Hưng Đạo|Lê Lợi|Hồng Hà|Yên Thế|Đồng Xoài|Bảo Lộc|Đức Trọng|Nghĩa Đô
|Ngọc Khánh|Điện Bàn|Hội An|Sa Pa|Mường Lay|Đức Phổ|Kỳ Anh|Ba Đồn|Quế Sơn|Thăng Bình|Ô Môn
|Cái Răng|Vị Thanh|Long Mỹ|Châu Đốc|Tịnh Biên|Hà Tiên|Rạch Giá|Năm Căn|Ngọc Hiển""".replace(
        "\n", ""
    ).split("|")
)

# (name, category, id prefix, owning department index)
SECTORAL_SYSTEMS: list[tuple[str, str, str, int]] = [
    (unicodedata.normalize("NFC", n), c, p, d)
    for n, c, p, d in [
        ("Hệ thống quản lý văn bản", "document-management", "qlvb", 0),
        ("Cơ sở dữ liệu đất đai", "sectoral", "dat-dai", 9),
        ("Phần mềm quản lý hộ tịch", "sectoral", "ho-tich", 2),
        ("Hệ thống thông tin quản lý giáo dục", "sectoral", "giao-duc", 14),
        ("Phần mềm quản lý hồ sơ sức khỏe", "sectoral", "suc-khoe", 15),
        ("Hệ thống quan trắc môi trường", "sectoral", "moi-truong", 9),
        ("Phần mềm quản lý cán bộ, công chức", "sectoral", "can-bo", 1),
        ("Hệ thống quản lý phương tiện giao thông", "sectoral", "giao-thong", 7),
        ("Phần mềm quản lý ngân sách", "sectoral", "ngan-sach", 4),
        ("Hệ thống cấp phép xây dựng", "sectoral", "cap-phep", 8),
        ("Hệ thống đăng ký doanh nghiệp", "sectoral", "doanh-nghiep", 3),
        ("Hệ thống báo cáo kinh tế – xã hội", "reporting", "bao-cao", 3),
        ("Hệ thống hội nghị truyền hình", "video-conference", "hntt", 10),
        ("Hệ thống giám sát an toàn thông tin", "security", "soc", 10),
        ("Phần mềm quản lý thi đua, khen thưởng", "sectoral", "thi-dua", 1),
        ("Hệ thống thông tin an sinh xã hội", "sectoral", "an-sinh", 11),
        ("Phần mềm quản lý di tích, lễ hội", "sectoral", "di-tich", 12),
        ("Hệ thống quản lý khoa học và công nghệ", "sectoral", "khcn", 13),
        ("Hệ thống theo dõi thanh tra, khiếu nại", "sectoral", "thanh-tra", 16),
        ("Phần mềm quản lý nông nghiệp", "sectoral", "nong-nghiep", 6),
        ("Hệ thống xúc tiến thương mại", "sectoral", "thuong-mai", 5),
        ("Hệ thống thư điện tử công vụ", "email", "thu-dien-tu", 10),
    ]
]

# The shared systems of every province: (id prefix, name, category, layer, owner, framework
# category); the owner is an index in DEPARTMENTS.
CORE_SYSTEMS: list[tuple[str, str, str, str, int, str | None]] = [
    (a, unicodedata.normalize("NFC", n), c, la, o, fc)
    for a, n, c, la, o, fc in [
        ("cong-dvc", "Cổng dịch vụ công", "public-service-portal", "services", 10, "tp-cong-dvc"),
        ("tthc", "Hệ thống thông tin giải quyết TTHC", "tthc-system", "applications", 0, "tp-tthc"),
        ("qlvb", "Hệ thống quản lý văn bản và điều hành", "document-management", "applications",
         0, "tp-qlvb"),
        ("cong-ttdt", "Cổng thông tin điện tử", "portal", "services", 0, None),
        ("ioc", "Trung tâm giám sát, điều hành thông minh", "ioc", "applications", 10, None),
        ("bao-cao", "Hệ thống thông tin báo cáo", "reporting", "applications", 0, None),
    ]
]  # fmt: skip

# (name, field, handling level)
PROCEDURES: list[tuple[str, str, str]] = [
    (unicodedata.normalize("NFC", n), unicodedata.normalize("NFC", f), h)
    for n, f, h in [
        ("Đăng ký khai sinh", "Hộ tịch", "commune"),
        ("Đăng ký khai tử", "Hộ tịch", "commune"),
        ("Đăng ký kết hôn", "Hộ tịch", "commune"),
        ("Cấp bản sao trích lục hộ tịch", "Hộ tịch", "commune"),
        ("Chứng thực bản sao từ bản chính", "Chứng thực", "commune"),
        ("Xác nhận tình trạng hôn nhân", "Hộ tịch", "commune"),
        ("Đăng ký thường trú", "Đăng ký, quản lý cư trú", "commune"),
        ("Trợ cấp xã hội hằng tháng", "Bảo trợ xã hội", "commune"),
        ("Hỗ trợ chi phí mai táng", "Bảo trợ xã hội", "commune"),
        ("Đăng ký hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh", "district"),
        ("Cấp giấy phép xây dựng nhà ở riêng lẻ", "Xây dựng", "district"),
        ("Cấp giấy chứng nhận quyền sử dụng đất lần đầu", "Đất đai", "district"),
        ("Chuyển mục đích sử dụng đất", "Đất đai", "district"),
        ("Đăng ký biến động đất đai", "Đất đai", "district"),
        ("Cấp giấy phép kinh doanh bán lẻ rượu", "Lưu thông hàng hóa trong nước", "district"),
        ("Công nhận trường mầm non đạt chuẩn quốc gia", "Giáo dục và Đào tạo", "district"),
        ("Đăng ký thành lập doanh nghiệp", "Thành lập và hoạt động doanh nghiệp", "province"),
        ("Cấp giấy phép lái xe", "Đường bộ", "province"),
        ("Cấp giấy phép hành nghề khám bệnh, chữa bệnh", "Khám bệnh, chữa bệnh", "province"),
        ("Cấp giấy phép môi trường", "Môi trường", "province"),
        ("Cấp giấy phép lao động cho người nước ngoài", "Việc làm", "province"),
        ("Cấp phiếu lý lịch tư pháp", "Lý lịch tư pháp", "province"),
        ("Thẩm định thiết kế cơ sở", "Hoạt động xây dựng", "province"),
        ("Cấp giấy phép hoạt động báo chí", "Báo chí", "province"),
        ("Cấp giấy chứng nhận đầu tư", "Đầu tư tại Việt Nam", "province"),
        ("Cấp giấy phép tổ chức lễ hội", "Văn hóa cơ sở", "province"),
    ]
]
# The department that handles each provincial procedure above (by index in DEPARTMENTS).
PROCEDURE_DEPARTMENT = {16: 3, 17: 7, 18: 15, 19: 9, 20: 11, 21: 2, 22: 8, 23: 10, 24: 3, 25: 12}

EXCHANGED = _nfc(
    [
        "hồ sơ thủ tục hành chính",
        "trạng thái xử lý hồ sơ",
        "kết quả giải quyết",
        "văn bản điện tử",
        "số liệu thống kê",
        "thông tin doanh nghiệp",
        "dữ liệu dân cư",
        "dữ liệu đất đai",
        "chứng từ thanh toán",
        "báo cáo định kỳ",
    ]
)
DATA_TOPICS = _nfc(
    [
        "đất đai",
        "hộ tịch",
        "cán bộ, công chức",
        "doanh nghiệp",
        "giáo dục",
        "y tế",
        "giao thông",
        "môi trường",
        "an sinh xã hội",
        "văn hóa",
        "quy hoạch",
        "tài chính công",
    ]
)
LEGAL = _nfc(
    [
        "Nghị định 47/2020/NĐ-CP",
        "Nghị định 45/2020/NĐ-CP",
        "Nghị định 61/2018/NĐ-CP",
        "Nghị định 09/2019/NĐ-CP",
        "Nghị định 107/2021/NĐ-CP",
        "QĐ 2323/QĐ-BTTTT",
    ]
)
SOURCES = _nfc(
    [
        "Kiến trúc Chính quyền điện tử tỉnh phiên bản 2.0",
        "Báo cáo chuyển đổi số năm 2022",
        "Kế hoạch ứng dụng CNTT giai đoạn 2021–2025",
        "Khảo sát hiện trạng hệ thống thông tin (2022)",
    ]
)
STATISTICS_SOURCE = unicodedata.normalize(
    "NFC", "Danh mục đơn vị hành chính (Tổng cục Thống kê), ngày 01/10/2022"
)
ACTORS = ["nguoi-dan", "doanh-nghiep", "can-bo-cong-chuc", "lanh-dao"]
PROTOCOLS = ["REST/JSON", "SOAP/XML", "edXML", "SFTP"]
LGSP_SOURCE = unicodedata.normalize("NFC", "Bộ TT&TT: LGSP của 63/63 tỉnh kết nối NGSP")
ORG_CHART = "kind:organization,level:province kind:organization,level:department"
UNSURE = unicodedata.normalize(
    "NFC", 'Chưa có văn bản xác nhận; theo khảo sát "hiện trạng" năm 2022.'
)

_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]')
_NAMED = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def q(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (NFC, every non-printable character escaped)."""
    text = unicodedata.normalize("NFC", text)
    if _NEEDS_ESCAPE.search(text):
        text = _NEEDS_ESCAPE.sub(_escape, text)
    return f'"{text}"'


def flow(items: Sequence[str]) -> str:
    """A flow sequence of already-rendered scalars."""
    return "[" + ", ".join(items) + "]"


def qflow(items: Sequence[str]) -> str:
    return flow([q(i) for i in items])


_SLUGS: dict[str, str] = {}


def slug(text: str) -> str:
    """An ASCII id fragment from Vietnamese text: 'Thủ Dầu Một' -> 'thu-dau-mot'."""
    known = _SLUGS.get(text)
    if known is None:
        plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
        known = _SLUGS[text] = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return known


def items(texts: Sequence[str]) -> str:
    """A block sequence of quoted texts, as the value of an element's field."""
    return "".join(f"\n      - {q(t)}" for t in texts)


def date(year: int, month: int, day: int) -> str:
    return f'"{year:04d}-{month:02d}-{day:02d}"'


Field = tuple[str, str]


def block(fields: Sequence[Field]) -> str:
    """One element of a section list. A value starting with a newline is a nested block."""
    out = []
    for i, (key, value) in enumerate(fields):
        lead = "  - " if i == 0 else "    "
        sep = ":" if value.startswith("\n") else ": "
        out.append(f"{lead}{key}{sep}{value}\n")
    return "".join(out)


@dataclass(slots=True)
class Scope:
    select: str
    except_: list[str] = field(default_factory=list)
    since: str | None = None
    source: str | None = None


def scopes(items: Sequence[Scope]) -> str:
    lines = []
    for s in items:
        lines.append(f"\n      - select: {q(s.select)}")
        if s.except_:
            lines.append(f"\n        except: {flow(s.except_)}")
        if s.since:
            lines.append(f"\n        since: {s.since}")
        if s.source:
            lines.append(f"\n        source: {s.source}")
    return "".join(lines)


@dataclass(slots=True)
class Province:
    index: int
    name: str
    kind: str
    word: str
    slug: str
    org: str
    departments: list[str] = field(default_factory=list)
    department_names: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    communes: list[str] = field(default_factory=list)
    communes_of: dict[str, list[str]] = field(default_factory=dict)
    channels: list[str] = field(default_factory=list)
    systems: list[str] = field(default_factory=list)
    deliverables: list[str] = field(default_factory=list)
    data_of: dict[str, list[str]] = field(default_factory=dict)

    @property
    def lgsp(self) -> str:
        return f"lgsp-{self.slug}"

    @property
    def portal(self) -> str:
        return f"cong-dvc-{self.slug}"

    @property
    def dc(self) -> str:
        return f"ttdl-{self.slug}"

    @property
    def counter(self) -> str:
        return f"mot-cua-{self.slug}"


@dataclass(frozen=True, slots=True)
class Plan:
    """How many elements of each kind a model of about ``n`` elements gets."""

    provinces: int
    communes_per_province: int
    systems: int
    data: int
    services: int
    work_packages: int

    @staticmethod
    def for_size(n: int) -> Plan:
        orgs = 0.15 * n
        provinces = max(1, round(orgs / 130))
        per = 1 + len(DEPARTMENTS) + DISTRICTS_PER_PROVINCE
        communes = max(DISTRICTS_PER_PROVINCE, round(orgs / provinces) - per)
        systems = max(8 * provinces, round(0.14 * n))
        data = max(provinces, round(0.07 * n))
        work_packages = max(provinces, round(0.03 * n))
        fixed = 48 + provinces * (4 + 2 + 2)  # framework, national, channels/platforms/infra
        links = 2 * systems
        taken = provinces * (per + communes) + systems + data + work_packages + links + fixed
        services = max(5 * provinces, n - taken)
        return Plan(provinces, communes, systems, data, services, work_packages)


def share(total: int, parts: int, i: int) -> int:
    return total // parts + (1 if i < total % parts else 0)


class Generator:
    #: Provinces with districts (until 2025), or two levels: province and commune (from
    #: 2025-07-01, `national.py`), where no scope names a district.
    two_level = False

    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.plan = Plan.for_size(n)
        self.sections: dict[str, list[str]] = {s: [] for s in SECTION_ORDER}
        self.provinces: list[Province] = []
        self.counter = 0

    def number(self) -> int:
        self.counter += 1
        return self.counter

    def add(self, section: str, fields: Sequence[Field]) -> None:
        self.sections[section].append(block(fields))

    # -- small random helpers -------------------------------------------------------------

    def day(self, first: int = 2012, last: int = 2023) -> tuple[int, int, int]:
        r = self.rng
        return r.randint(first, last), r.randint(1, 12), r.randint(1, 28)

    def lifecycle(self) -> str | None:
        r = self.rng
        roll = r.random()
        if roll < 0.35:
            return None
        y, m, d = self.day(2012, 2022)
        if roll < 0.75:
            return f"{{active: {date(y, m, d)}}}"
        if roll < 0.9:
            plan, phase_in, active = date(y, m, d), date(y + 1, m, d), date(y + 2, m, d)
            return f"{{plan: {plan}, phase_in: {phase_in}, active: {active}}}"
        return f"{{active: {date(y, m, d)}, phase_out: {date(y + r.randint(2, 6), m, d)}}}"

    def source(self, p: float = 0.4) -> str | None:
        r = self.rng
        if r.random() >= p:
            return None
        status = r.choice(["confirmed", "confirmed", "assumed", "derived", "uncertain"])
        text = f"{{document: {q(r.choice(SOURCES))}, status: {status}"
        if status != "confirmed":
            text += f", note: {q(UNSURE)}"
        return text + "}"

    def one_stop(self, kind: str) -> str:
        return f"{{kind: {kind}, since: {date(*self.day(2016, 2021))}}}"

    def without_districts(self, items: list[Scope]) -> list[Scope]:
        """The scopes, less those selecting districts in a two-level model."""
        if not self.two_level:
            return items
        return [s for s in items if "level:district" not in s.select]

    def counter_units(self, p: Province) -> str:
        """Where a province's one-stop counter is offered below the departments."""
        return f"kind:organization,level:commune,tag:{p.slug}"

    def optional(self, fields: list[Field], key: str, value: str | None) -> None:
        if value is not None:
            fields.append((key, value))

    # -- the model ------------------------------------------------------------------------

    def build(self) -> None:
        self.framework()
        self.national()
        for i in range(self.plan.provinces):
            self.province(i)
        for i, p in enumerate(self.provinces):
            self.systems(p, share(self.plan.systems, len(self.provinces), i))
            self.data(p, share(self.plan.data, len(self.provinces), i))
            self.services(p, share(self.plan.services, len(self.provinces), i))
        for p in self.provinces:
            self.interconnections(p)
        for i, p in enumerate(self.provinces):
            self.work_packages(p, share(self.plan.work_packages, len(self.provinces), i))
        self.kpis_and_views()

    def framework(self) -> None:
        for key, name, abbr in [
            ("brm", "Mô hình tham chiếu nghiệp vụ", "BRM"),
            ("drm", "Mô hình tham chiếu dữ liệu", "DRM"),
            ("arm", "Mô hình tham chiếu ứng dụng", "ARM"),
            ("trm", "Mô hình tham chiếu kỹ thuật – công nghệ", "TRM"),
            ("srm", "Mô hình tham chiếu an toàn thông tin", "SRM"),
        ]:
            self.add(
                "reference_models",
                [
                    ("id", key),
                    ("name", q(name)),
                    ("abbreviation", abbr),
                    ("source", f"{{document: {q('QĐ 2323/QĐ-BTTTT')}, status: confirmed}}"),
                ],
            )
        layers = [
            ("users", "Người sử dụng", "brm"),
            ("channels", "Kênh giao tiếp", "brm"),
            ("services", "Cổng thông tin và dịch vụ công", "brm"),
            ("applications", "Ứng dụng và cơ sở dữ liệu", "arm"),
            ("data", "Dữ liệu", "drm"),
            ("integration", "Nền tảng tích hợp, chia sẻ dữ liệu", "trm"),
            ("infrastructure", "Hạ tầng kỹ thuật", "trm"),
        ]
        for order, (key, name, ref) in enumerate(layers, start=1):
            self.add(
                "layers",
                [
                    ("id", key),
                    ("name", q(name)),
                    ("order", str(order * 10)),
                    ("reference_model", ref),
                ],
            )
        self.add(
            "layers",
            [
                ("id", "security"),
                ("name", q("An toàn thông tin")),
                ("order", "100"),
                ("reference_model", "srm"),
                ("side", "true"),
            ],
        )
        for key, name, layer in [
            ("tp-cong-dvc", "Cổng dịch vụ công cấp tỉnh", "services"),
            ("tp-tthc", "Hệ thống thông tin giải quyết thủ tục hành chính", "applications"),
            ("tp-qlvb", "Quản lý văn bản và điều hành", "applications"),
            ("tp-ung-dung-chuyen-nganh", "Ứng dụng chuyên ngành", "applications"),
            ("tp-csdl", "Cơ sở dữ liệu dùng chung và chuyên ngành", "data"),
            ("tp-lgsp", "Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh", "integration"),
            ("tp-ha-tang", "Trung tâm dữ liệu và mạng truyền số liệu", "infrastructure"),
            ("tp-attt", "Giám sát an toàn thông tin", "security"),
        ]:
            self.add("categories", [("id", key), ("name", q(name)), ("layer", layer)])
        self.add(
            "rules",
            [
                ("id", "r01-cap-do-attt"),
                ("name", q("Hệ thống thông tin được xác định cấp độ an toàn")),
                ("type", "field"),
                ("applies_to", q("kind:system")),
                ("require", q("security_level>=1")),
                ("legal_basis", q("Nghị định 85/2016/NĐ-CP")),
                ("severity", "warning"),
            ],
        )
        self.add(
            "rules",
            [
                ("id", "r02-trao-doi-qua-lgsp"),
                ("name", q("Trao đổi dữ liệu giữa các hệ thống qua LGSP")),
                ("type", "route"),
                ("applies_to", q("kind:system")),
                ("target", q("kind:system")),
                ("via", q("kind:platform,category:lgsp")),
                ("legal_basis", q("Nghị định 47/2020/NĐ-CP")),
            ],
        )
        for key, name, kind, starts, when in [
            ("hien-trang-2022", "Hiện trạng cuối năm 2022", "baseline", None, (2022, 12, 31)),
            (
                "giai-doan-2023-2025",
                "Cuối giai đoạn 2023–2025",
                "transition",
                (2023, 1, 1),
                (2025, 12, 31),
            ),
            ("muc-tieu-2030", "Mục tiêu năm 2030", "target", (2026, 1, 1), (2030, 12, 31)),
        ]:
            fields = [("id", key), ("name", q(name)), ("kind", kind), ("date", date(*when))]
            if starts:
                fields.append(("starts", date(*starts)))
            self.add("plateaus", fields)

    def national(self) -> None:
        self.add(
            "organizations",
            [
                ("id", "bo-tttt"),
                ("name", q("Bộ Thông tin và Truyền thông")),
                ("level", "national"),
                ("type", q("bộ")),
            ],
        )
        self.add(
            "organizations",
            [
                ("id", "vpcp"),
                ("name", q("Văn phòng Chính phủ")),
                ("level", "national"),
                ("type", q("cơ quan ngang bộ")),
            ],
        )
        for key, name, cat in [
            ("nguoi-dan", "Người dân", "citizen"),
            ("doanh-nghiep", "Doanh nghiệp", "business"),
            ("can-bo-cong-chuc", "Cán bộ, công chức", "official"),
            ("lanh-dao", "Lãnh đạo các cấp", "leader"),
        ]:
            self.add("actors", [("id", key), ("name", q(name)), ("category", cat)])
        for key, name, cat, owner in [
            ("ngsp", "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP)", "ngsp", "bo-tttt"),
            ("vdxp", "Trục liên thông văn bản quốc gia", "document-axis", "vpcp"),
            (
                "thanh-toan-dvcqg",
                "Nền tảng thanh toán trực tuyến (Payment Platform)",
                "payment",
                "vpcp",
            ),
            ("xac-thuc-dvcqg", "Hệ thống xác thực, định danh điện tử", "sso", "vpcp"),
        ]:
            self.add(
                "platforms",
                [
                    ("id", key),
                    ("name", q(name)),
                    ("category", cat),
                    ("level", "national"),
                    ("layer", "integration"),
                    ("owner", owner),
                    ("security_level", "4"),
                    ("hosting", "national-dc"),
                ],
            )
        self.add(
            "systems",
            [
                ("id", "cong-dvcqg"),
                ("name", q("Cổng Dịch vụ công quốc gia")),
                ("category", "public-service-portal"),
                ("layer", "services"),
                ("level", "national"),
                ("owner", "vpcp"),
                ("security_level", "4"),
                ("hosting", "national-dc"),
                ("users", flow(["nguoi-dan", "doanh-nghiep"])),
                ("uses", flow(["ngsp", "thanh-toan-dvcqg", "xac-thuc-dvcqg"])),
                ("lifecycle", f"{{active: {date(2019, 12, 9)}}}"),
                (
                    "links",
                    f"[{{title: {q('Cổng Dịch vụ công quốc gia')}, url: {q('https://dichvucong.gov.vn')}}}]",
                ),
            ],
        )

    def province(self, i: int) -> None:
        r = self.rng
        base, kind = PROVINCES[i % len(PROVINCES)]
        round_ = i // len(PROVINCES)
        name = base if round_ == 0 else f"{base} {round_ + 1}"
        ps = slug(name)
        word = "tỉnh" if kind == "tỉnh" else "thành phố"
        p = Province(i, name, kind, word, ps, f"ubnd-{ps}")
        self.provinces.append(p)
        self.add(
            "organizations",
            [
                ("id", p.org),
                ("name", q(f"Ủy ban nhân dân {word} {name}")),
                ("name_en", q(f"People's Committee of {ps.replace('-', ' ').title()}")),
                ("level", "province"),
                ("type", q(kind)),
                ("statistics_code", q(f"{10 + i:02d}")),  # unique: EAF312
                ("tags", flow([ps])),
                ("source", f"{{document: {q(STATISTICS_SOURCE)}, status: confirmed}}"),
            ],
        )
        for prefix, dname, dtype in DEPARTMENTS:
            did = f"{prefix}-{ps}"
            full = f"{dname} {word} {name}"
            p.departments.append(did)
            p.department_names.append(full)
            fields = [
                ("id", did),
                ("name", q(full)),
                ("level", "department"),
                ("type", q(dtype)),
                ("parent", p.org),
                ("tags", flow([ps])),
            ]
            if r.random() < 0.5:
                fields.append(
                    ("one_stop", f"{{kind: modern, since: {date(*self.day(2016, 2021))}}}")
                )
            self.add("organizations", fields)
        communes_total = self.plan.communes_per_province
        for d in range(DISTRICTS_PER_PROVINCE):
            place = r.choice(PLACES)
            number = self.number()
            if d == 0:
                dkind, prefix = "thành phố", "tp"
            else:
                dkind, prefix = r.choice(
                    [("huyện", "h"), ("huyện", "h"), ("thị xã", "tx"), ("thành phố", "tp")]
                )
            did = f"{prefix}-{slug(place)}-{number}"
            p.districts.append(did)
            fields = [
                ("id", did),
                ("name", q(f"{dkind.capitalize()} {place} {number}")),
                ("level", "district"),
                ("type", q(dkind)),
                ("parent", p.org),
                ("statistics_code", q(f"{1000 + i * 9 + d:04d}")),  # unique: EAF312
                ("tags", flow([ps])),
                ("one_stop", self.one_stop(r.choice(["modern", "centre", "basic"]))),
            ]
            self.optional(fields, "source", self.source(0.5))
            self.add("organizations", fields)
            members = p.communes_of[did] = []
            urban = dkind != "huyện"
            for c in range(share(communes_total, DISTRICTS_PER_PROVINCE, d)):
                cplace = r.choice(PLACES)
                cnumber = self.number()
                if urban and r.random() < 0.7:
                    ckind, cprefix = "phường", "p"
                elif not urban and c == 0:
                    ckind, cprefix = "thị trấn", "tt"
                else:
                    ckind, cprefix = "xã", "x"
                cid = f"{cprefix}-{slug(cplace)}-{cnumber}"
                members.append(cid)
                p.communes.append(cid)
                fields = [
                    ("id", cid),
                    ("name", q(f"{ckind.capitalize()} {cplace} {cnumber}")),
                    ("level", "commune"),
                    ("type", q(ckind)),
                    ("parent", did),
                    ("statistics_code", q(f"{10000 + cnumber % 90000:05d}")),
                    ("tags", flow([ps])),
                    ("source", f"{{document: {q(STATISTICS_SOURCE)}, status: confirmed}}"),
                ]
                if r.random() < 0.3:
                    fields.append(("one_stop", "{kind: basic}"))
                self.add("organizations", fields)
        self.province_shared(p)

    def province_shared(self, p: Province) -> None:
        """Channels, platforms and infrastructure of one province."""
        r = self.rng
        tttt = p.departments[TTTT]
        communes_sel = f"kind:organization,level:commune,tag:{p.slug}"
        for cid, cname, ctype, extra in [
            (f"web-{p.slug}", f"Cổng dịch vụ công trực tuyến {p.name}", "web", None),
            (f"app-{p.slug}", f"Ứng dụng di động dịch vụ công {p.name}", "mobile", None),
            (f"hotline-{p.slug}", f"Tổng đài 1022 {p.name}", "hotline", None),
            (
                p.counter,
                f"Bộ phận một cửa các cấp {p.name}",
                "counter",
                scopes(
                    self.without_districts(
                        [
                            Scope(f"kind:organization,level:department,tag:{p.slug}"),
                            Scope(f"kind:organization,level:district,tag:{p.slug}"),
                            Scope(self.counter_units(p), since=date(2018, 7, 1)),
                        ]
                    )
                ),
            ),
        ]:
            p.channels.append(cid)
            fields = [
                ("id", cid),
                ("name", q(cname)),
                ("type", ctype),
                ("owner", p.departments[-1]),
            ]
            self.optional(fields, "deployment", extra)
            self.add("channels", fields)
        self.add(
            "infrastructure",
            [
                ("id", p.dc),
                ("name", q(f"Trung tâm dữ liệu tỉnh {p.name}")),
                ("category", "data-centre"),
                ("level", "province"),
                ("layer", "infrastructure"),
                ("owner", tttt),
                ("security_level", "3"),
                ("lifecycle", f"{{active: {date(*self.day(2014, 2019))}}}"),
            ],
        )
        self.add(
            "infrastructure",
            [
                ("id", f"mang-tsl-{p.slug}"),
                ("name", q(f"Mạng truyền số liệu chuyên dùng {p.name}")),
                ("category", "network"),
                ("level", "province"),
                ("layer", "infrastructure"),
                ("owner", tttt),
                (
                    "deployment",
                    scopes(
                        self.without_districts(
                            [
                                Scope(f"kind:organization,level:department,tag:{p.slug}"),
                                Scope(f"kind:organization,level:district,tag:{p.slug}"),
                                Scope(communes_sel, except_=r.sample(p.communes, 2)),
                            ]
                        )
                    ),
                ),
            ],
        )
        self.add(
            "platforms",
            [
                ("id", p.lgsp),
                ("name", q(f"Nền tảng tích hợp, chia sẻ dữ liệu tỉnh {p.name} (LGSP)")),
                ("description", q("Kết nối các hệ thống của tỉnh với nhau và với NDXP.")),
                ("category", "lgsp"),
                ("level", "province"),
                ("layer", "integration"),
                ("owner", tttt),
                ("security_level", "3"),
                ("hosted_on", flow([p.dc])),
                (
                    "deployment",
                    scopes(
                        self.without_districts(
                            [
                                Scope(f"kind:organization,level:department,tag:{p.slug}"),
                                Scope(f"kind:organization,level:district,tag:{p.slug}"),
                            ]
                        )
                    ),
                ),
                ("lifecycle", f"{{active: {date(*self.day(2019, 2020))}}}"),
                ("source", f"{{document: {q(LGSP_SOURCE)}, status: derived}}"),
            ],
        )
        self.add(
            "platforms",
            [
                ("id", f"truc-vb-{p.slug}"),
                ("name", q(f"Trục liên thông văn bản tỉnh {p.name}")),
                ("category", "document-axis"),
                ("level", "province"),
                ("layer", "integration"),
                ("owner", tttt),
                ("hosted_on", flow([p.dc])),
                ("deployment", scopes([Scope(f"kind:organization,tag:{p.slug}")])),
            ],
        )
        p.deliverables.extend([p.lgsp, f"truc-vb-{p.slug}", p.dc])

    def systems(self, p: Province, count: int) -> None:
        r = self.rng
        sel = f"tag:{p.slug}"
        for prefix, base, cat, layer, owner, category in CORE_SYSTEMS:
            sid, name = f"{prefix}-{p.slug}", f"{base} {p.word} {p.name}"
            fields = [
                ("id", sid),
                ("name", q(name)),
                ("description", q(f"{name}: hệ thống dùng chung của tỉnh, triển khai đến 4 cấp.")),
                ("category", cat),
                ("layer", layer),
            ]
            if category:
                fields.append(("categories", flow([category])))
            fields += [
                ("level", "province"),
                ("owner", p.departments[owner]),
                ("security_level", "3"),
                ("hosting", "provincial-dc"),
                ("hosted_on", flow([p.dc])),
                ("users", flow(["nguoi-dan", "doanh-nghiep", "can-bo-cong-chuc"])),
                ("channels", flow(p.channels[:2] if cat != "tthc-system" else [p.counter])),
                ("uses", flow([p.lgsp, "xac-thuc-dvcqg"])),
                (
                    "deployment",
                    scopes(
                        self.without_districts(
                            [
                                Scope(f"kind:organization,level:department,{sel}"),
                                Scope(f"kind:organization,level:district,{sel}"),
                                Scope(f"kind:organization,level:commune,{sel}"),
                            ]
                        )
                    ),
                ),
            ]
            self.optional(fields, "lifecycle", self.lifecycle())
            self.optional(fields, "source", self.source(0.6))
            self.add("systems", fields)
            p.systems.append(sid)
        p.deliverables.extend(p.systems)
        for _ in range(max(0, count - len(CORE_SYSTEMS))):
            sname, cat, prefix, dept = r.choice(SECTORAL_SYSTEMS)
            number = self.number()
            sid = f"ht-{prefix}-{number}"
            name = f"{sname} {number}"
            fields = [("id", sid), ("name", q(name))]
            if r.random() < 0.6:
                desc = f"{sname} do {p.department_names[dept]} quản lý, kết nối qua LGSP của tỉnh."
                if r.random() < 0.1:
                    desc += '\nTheo "Kế hoạch chuyển đổi số" (bản 2.0) \\ phụ lục 3.'
                fields.append(("description", q(desc)))
            fields += [
                ("category", cat),
                ("layer", "applications"),
            ]
            if cat == "sectoral" and r.random() < 0.5:
                fields.append(("categories", flow(["tp-ung-dung-chuyen-nganh"])))
            fields += [
                ("level", "department"),
                ("owner", p.departments[dept]),
                ("security_level", str(r.choice([1, 2, 2, 3, 3, 4]))),
                ("hosting", r.choice(["provincial-dc", "provincial-dc", "cloud", "vendor"])),
                ("users", flow(r.sample(ACTORS, r.randint(1, 2)))),
            ]
            if r.random() < 0.5:
                fields.append(("channels", flow(r.sample(p.channels, r.randint(1, 2)))))
            fields.append(
                ("uses", flow([p.lgsp] if r.random() < 0.7 else [p.lgsp, "xac-thuc-dvcqg"]))
            )
            roll = r.random()
            if roll < 0.25 and self.two_level:
                # Some of the province's communes, each named: `id:a id:b ...`.
                chosen = sorted(r.sample(p.communes, min(len(p.communes), r.randint(2, 12))))
                since = date(*self.day(2018, 2023))
                scope = Scope(" ".join(f"id:{c}" for c in chosen), since=since)
                fields.append(("deployment", scopes([scope])))
            elif roll < 0.25:
                district = r.choice(p.districts)
                members = p.communes_of[district]
                scope = Scope(
                    f"kind:organization,parent:{district}",
                    except_=[r.choice(members)] if r.random() < 0.3 and len(members) > 1 else [],
                    since=date(*self.day(2018, 2023)),
                )
                fields.append(("deployment", scopes([scope])))
            elif roll < 0.4:
                scope = Scope(
                    f"kind:organization,level:commune,{sel}",
                    except_=r.sample(p.communes, 2) if r.random() < 0.3 else [],
                    source=self.source(0.5),
                )
                fields.append(("deployment", scopes([scope])))
            elif roll < 0.5:
                level = "department" if self.two_level else "district"
                fields.append(
                    ("deployment", scopes([Scope(f"kind:organization,level:{level},{sel}")]))
                )
            self.optional(fields, "lifecycle", self.lifecycle())
            self.optional(fields, "source", self.source(0.3))
            if r.random() < 0.05:
                url = f"https://{prefix}.{p.slug}.gov.vn"
                fields.append(("links", f"[{{title: {q(name)}, url: {q(url)}}}]"))
            self.add("systems", fields)
            p.systems.append(sid)
            if r.random() < 0.2:
                p.deliverables.append(sid)

    def data(self, p: Province, count: int) -> None:
        r = self.rng
        for _ in range(count):
            number = self.number()
            topic = r.choice(DATA_TOPICS)
            holder = r.choice(p.systems)
            did = f"csdl-{slug(topic)}-{number}"
            fields = [
                ("id", did),
                ("name", q(f"Cơ sở dữ liệu {topic} {number}")),
                ("scope", r.choice(["provincial", "provincial", "sectoral", "local"])),
                ("layer", "data"),
                ("system", holder),
                ("owner", r.choice(p.departments)),
                ("personal_data", r.choice(["true", "false"])),
            ]
            if r.random() < 0.1:
                fields.append(("master", "true"))
            if r.random() < 0.5:
                fields.append(("security_level", str(r.randint(1, 4))))
            self.optional(fields, "source", self.source(0.2))
            self.add("data", fields)
            p.data_of.setdefault(holder, []).append(did)

    def services(self, p: Province, count: int) -> None:
        r = self.rng
        for _ in range(count):
            pi = r.randrange(len(PROCEDURES))
            pname, pfield, level = PROCEDURES[pi]
            if self.two_level and level == "district":
                level = "commune"  # district procedures went to the communes in 2025
            number = self.number()
            eligible = r.choice([2, 3, 4, 4])
            online = r.choice([None, *range(1, eligible + 1)])
            fields = [
                ("id", f"tthc-{number}"),
                ("name", q(f"{pname} {number}")),
                ("procedure_code", f'"{r.randint(1, 2)}.{r.randint(0, 12999):06d}"'),
                ("field", q(pfield)),
                ("handling_levels", flow([level])),
            ]
            if online is not None:
                fields.append(("online_level", str(online)))
                if online == 4:
                    fields.append(("online_full", r.choice(["true", "false"])))
            fields += [
                ("eligible_level", str(eligible)),
                ("portal", p.portal),
                ("npsp_integrated", r.choice(["true", "true", "false"])),
                ("published", r.choice(["true", "true", "true", "false"])),
            ]
            if level == "province":
                unit = p.departments[PROCEDURE_DEPARTMENT[pi]]
                scope = Scope(f"kind:organization,id:{unit}")
            elif level == "district":
                scope = Scope(f"kind:organization,level:district,tag:{p.slug}")
            else:
                scope = Scope(
                    f"kind:organization,level:commune,tag:{p.slug}",
                    except_=[r.choice(p.communes)] if r.random() < 0.03 else [],
                    since=date(*self.day(2019, 2023)) if r.random() < 0.2 else None,
                )
            fields.append(("offered_by", scopes([scope])))
            if r.random() < 0.1:
                portal = f"Cổng dịch vụ công {p.word} {p.name}"
                desc = f"{pname}: nộp hồ sơ tại bộ phận một cửa hoặc trực tuyến trên {portal}."
                fields.insert(2, ("description", q(desc)))
            self.optional(fields, "source", self.source(0.15))
            self.add("services", fields)
            if r.random() < 0.05:
                p.deliverables.append(f"tthc-{number}")

    def interconnections(self, p: Province) -> None:
        r = self.rng
        others = [o for o in self.provinces if o is not p]
        first = True
        for frm in p.systems:
            for _ in range(2):
                if first:  # the provincial portal to the national one
                    frm_, to, via = p.portal, "cong-dvcqg", [p.lgsp, "ngsp"]
                    first = False
                elif others and r.random() < 0.05:
                    o = r.choice(others)
                    frm_, to, via = frm, r.choice(o.systems), [p.lgsp, "ngsp", o.lgsp]
                else:
                    frm_, to, via = frm, r.choice(p.systems), [p.lgsp]
                    while to == frm_:
                        to = r.choice(p.systems)
                number = self.number()
                fields = [
                    ("id", f"ket-noi-{number}"),
                    ("name", q(f"Trao đổi dữ liệu {number}")),
                    ("from", frm_),
                    ("to", to),
                    ("via", flow(via)),
                    ("data", qflow(r.sample(EXCHANGED, r.randint(1, 2)))),
                ]
                held = p.data_of.get(frm_)
                if held and r.random() < 0.5:
                    fields.append(("data_refs", flow([r.choice(held)])))
                fields += [
                    ("protocol", q(r.choice(PROTOCOLS))),
                    ("direction", r.choice(["one-way", "two-way"])),
                    ("legal_basis", q(r.choice(LEGAL))),
                ]
                self.optional(fields, "lifecycle", self.lifecycle())
                self.add("interconnections", fields)

    def work_packages(self, p: Province, count: int) -> None:
        r = self.rng
        for _ in range(count):
            number = self.number()
            delivers = r.sample(p.deliverables, min(len(p.deliverables), r.randint(1, 3)))
            y, m, d = self.day(2021, 2027)
            end = y + r.randint(0, 3)
            if end < 2024:
                status = r.choice(["done", "done", "cancelled"])
            elif y <= 2024:
                status = r.choice(["in-progress", "in-progress", "planned"])
            else:
                status = "planned"
            fields = [
                ("id", f"nhiem-vu-{number}"),
                ("name", q(f"Nhiệm vụ {number}: triển khai, nâng cấp hệ thống tỉnh {p.name}")),
                ("delivers", flow(delivers)),
                ("period", f"{{start: {date(y, m, d)}, end: {date(end, 12, 31)}}}"),
                ("phase", "giai-doan-2023-2025" if end <= 2025 else "muc-tieu-2030"),
                ("status", status),
                ("owner", r.choice(p.departments)),
            ]
            if r.random() < 0.6:
                fields.append(("budget_vnd", str(r.randint(1, 500) * 100_000_000)))
            self.optional(fields, "source", self.source(0.3))
            self.add("work_packages", fields)

    def kpis_and_views(self) -> None:
        first = self.provinces[0]
        reported = (
            f"\n      - {{date: {date(2022, 12, 31)}, value: 68.5, note: "
            f"{q('Tỷ lệ hồ sơ trực tuyến toàn trình')}, source: "
            f"{{document: {q('Báo cáo chuyển đổi số năm 2022')}, status: confirmed}}}}"
        )
        kpis: list[list[Field]] = [
            [
                ("id", "kpi-xa-dvc-muc-3-4"),
                ("name", q("Xã, phường, thị trấn cung cấp dịch vụ công trực tuyến mức độ 3, 4")),
                ("type", "coverage"),
                ("units", q("kind:organization,level:commune")),
                ("by", q("kind:service,online_level>=3")),
                ("target", "100"),
                ("unit", q("%")),
                ("deadline", date(2025, 12, 31)),
            ],
            [
                ("id", "kpi-tthc-tich-hop-dvcqg"),
                ("name", q("Thủ tục tích hợp, công khai trên Cổng Dịch vụ công quốc gia")),
                ("type", "ratio"),
                ("population", q("kind:service")),
                ("condition", q("npsp_integrated:true")),
                ("target", "80"),
                ("unit", q("%")),
                ("deadline", date(2025, 12, 31)),
            ],
            [
                ("id", "kpi-dvc-toan-trinh"),
                ("name", q("Dịch vụ công trực tuyến toàn trình trên số thủ tục đủ điều kiện")),
                ("type", "ratio"),
                ("population", q("kind:service,eligible_level>=4")),
                ("condition", q("online_level>=4")),
                ("target", "100"),
                ("unit", q("%")),
                ("deadline", date(2025, 12, 31)),
            ],
            [
                ("id", "kpi-he-thong-cap-do-3"),
                ("name", q("Hệ thống thông tin cấp độ 3 trở lên")),
                ("type", "count"),
                ("select", q("kind:system,security_level>=3")),
            ],
            [
                ("id", "kpi-ho-so-truc-tuyen"),
                ("name", q("Tỷ lệ hồ sơ giải quyết trực tuyến")),
                ("type", "reported"),
                ("target", "80"),
                ("unit", q("%")),
                ("reported", reported),
            ],
        ]
        for fields in kpis:
            self.add("kpis", fields)
        views: list[list[Field]] = [
            [
                ("id", "tong-the"),
                ("name", q("Sơ đồ tổng thể Kiến trúc Chính quyền điện tử")),
                ("include", items(["kind:actor kind:channel kind:platform kind:infrastructure"])),
                ("direction", "TB"),
                ("group_by", "layer"),
            ],
            [
                ("id", "tich-hop"),
                ("name", q("Tích hợp qua LGSP và kết nối quốc gia")),
                ("include", items(["kind:platform", f"1+{first.lgsp}+1"])),
                ("direction", "LR"),
                ("group_by", "layer"),
            ],
            [
                ("id", "to-chuc"),
                ("name", q("Sơ đồ tổ chức")),
                ("include", items([ORG_CHART])),
                ("group_by", "parent"),
                ("max_nodes", "300"),
            ],
            [
                ("id", "mot-cua"),
                ("name", q("Mạng lưới một cửa")),
                ("extends", "tong-the"),
                ("include", items(["kind:channel,type:counter kind:system,category:tthc-system"])),
                ("exclude", items(["kind:platform"])),
                ("styles", '\n      - {select: "kind:channel", fill: "#e8f0fe", shape: box}'),
            ],
            [
                ("id", "lo-trinh"),
                ("name", q("Lộ trình triển khai")),
                ("include", items(["kind:plateau", "kind:work_package,status:in-progress"])),
                ("direction", "LR"),
                ("group_by", "plateau"),
            ],
        ]
        for fields in views:
            self.add("views", fields)

    # -- output ---------------------------------------------------------------------------

    def chunks(self, files: int) -> list[list[tuple[str, list[str]]]]:
        """The element blocks in section order, cut into ``files`` runs of about equal bytes."""
        stream = [(s, b) for s in SECTION_ORDER for b in self.sections[s]]
        total = sum(len(b) for _, b in stream)
        files = max(1, min(files, len(stream)))
        out: list[list[tuple[str, list[str]]]] = []
        current: list[tuple[str, list[str]]] = []
        size = 0
        for index, (section, text) in enumerate(stream):
            if not current or current[-1][0] != section:
                current.append((section, []))
            current[-1][1].append(text)
            size += len(text)
            left = len(stream) - index - 1
            wanted = files - len(out) - 1  # files still to start after this one
            if wanted > 0 and (size >= total * (len(out) + 1) / files or left == wanted):
                out.append(current)
                current = []
        if current:
            out.append(current)
        return out


def _digest_source() -> str:
    return hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).hexdigest()


def models_digest(models: Path) -> str:
    """A digest of every model file's path and bytes (to tell a pristine generated model)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(models.rglob("*.yaml")):
        digest.update(path.relative_to(models).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def parameters(elements: int, seed: int, files: int | None) -> dict[str, object]:
    """What the output depends on (the stamp written next to the model)."""
    return {"elements": elements, "seed": seed, "files": files, "generator": _digest_source()}


def is_current(out: Path, elements: int, seed: int, files: int | None) -> bool:
    """Whether ``out`` holds exactly what these arguments would write."""
    try:
        stamp = json.loads((out / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(stamp, dict) or stamp.get("parameters") != parameters(elements, seed, files):
        return False
    return stamp.get("models_digest") == models_digest(out / "models")


def generate(
    elements: int, out: Path, seed: int = 1, files: int | None = None, *, force: bool = False
) -> dict[str, Any]:
    """Write the model; returns the stamp (counts, files, bytes)."""
    gen = Generator(elements, seed)
    return write(gen, out, seed, files, force=force, parameters_=parameters(elements, seed, files))


def write(
    gen: Generator,
    out: Path,
    seed: int,
    files: int | None,
    *,
    force: bool = False,
    header: str = "benchmarks/generate.py",
    parameters_: dict[str, object] | None = None,
) -> dict[str, Any]:
    """Build a generator's model and write it under ``out`` (K files of about equal bytes);
    returns the stamp, also written to ``out/generated.json``."""
    start = time.perf_counter()
    models = out / "models"
    if models.exists() and not (out / STAMP).exists() and not force:
        raise SystemExit(f"{models} exists and was not written by generate.py (use --force)")
    gen.build()
    total_bytes = sum(len(b.encode()) for blocks in gen.sections.values() for b in blocks)
    wanted = files if files is not None else max(1, round(gen.n / ELEMENTS_PER_FILE))
    needed = max(wanted, math.ceil(total_bytes / MAX_FILE_BYTES))
    if needed != wanted:
        print(f"note: {needed} files instead of {wanted}, to keep each under 2 MB", file=sys.stderr)
    if models.exists():
        shutil.rmtree(models)
    models.mkdir(parents=True)
    (out / "eaf.toml").write_text("", encoding="utf-8")
    chunks = gen.chunks(needed)
    width = max(4, len(str(len(chunks))))
    count = 0
    for index, chunk in enumerate(chunks):
        first = chunk[0][0].replace("_", "-")
        parts = [
            f"# Synthetic model written by {header} (seed {seed}): "
            f"file {index + 1} of {len(chunks)}.\n"
        ]
        for section, blocks in chunk:
            parts.append(f"{section}:\n")
            parts.extend(blocks)
            count += len(blocks)
        path = models / first / f"{first}-{index:0{width}d}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes("".join(parts).encode())
    stamp: dict[str, Any] = {
        "parameters": parameters_,
        "element_count": count,
        "file_count": len(chunks),
        "bytes": sum(p.stat().st_size for p in models.rglob("*.yaml")),
        "models_digest": models_digest(models),
        "seconds": round(time.perf_counter() - start, 3),
    }
    (out / STAMP).write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")
    return stamp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elements", type=int, required=True, help="about how many elements")
    parser.add_argument("--out", type=Path, required=True, help="root to write models/ into")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--files", type=int, default=None, help="files (default: N/500)")
    parser.add_argument("--force", action="store_true", help="replace a models/ not written here")
    args = parser.parse_args()
    if args.elements < 1 or (args.files is not None and args.files < 1):
        parser.error("--elements and --files must be positive")
    stamp = generate(args.elements, args.out, args.seed, args.files, force=args.force)
    print(
        f"wrote {stamp['element_count']} elements in {stamp['file_count']} file(s) "
        f"({stamp['bytes'] / 1e6:.1f} MB) under {args.out / 'models'} in {stamp['seconds']} s"
    )


if __name__ == "__main__":
    main()
