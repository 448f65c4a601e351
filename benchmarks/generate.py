"""A synthetic model generator: a realistic model of about N elements, spread over many files.

    python benchmarks/generate.py --elements 10000 --out benchmarks/out/m10000

Vietnamese names with diacritics, a province → departments → districts → communes hierarchy,
systems with owners, layers, users, channels and platforms, data sets, services offered through
scopes, interconnections routed through the LGSP, work packages, views and KPIs. Every reference
is valid, so the model validates with no finding. The same arguments write the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

LAYERS = [
    ("users", "Người sử dụng"),
    ("channels", "Kênh giao tiếp"),
    ("services", "Dịch vụ cổng"),
    ("applications", "Ứng dụng"),
    ("data", "Dữ liệu"),
    ("integration", "Nền tảng tích hợp"),
    ("infrastructure", "Hạ tầng kỹ thuật"),
]
DEPARTMENTS = [
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông",
    "Sở Lao động – Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Ngoại vụ",
]
PLACES = [
    "Tân Định",
    "Phú Lợi",
    "Hòa Phú",
    "Chánh Nghĩa",
    "Định Hòa",
    "Bình Chuẩn",
    "An Thạnh",
    "Lái Thiêu",
    "Mỹ Phước",
    "Thới Hòa",
    "Hưng Định",
    "Vĩnh Phú",
    "Tân Uyên",
    "Dầu Tiếng",
]
SYSTEMS = [
    "Hệ thống quản lý văn bản",
    "Phần mềm một cửa điện tử",
    "Cổng thông tin",
    "Hệ thống báo cáo",
    "Cơ sở dữ liệu chuyên ngành",
    "Hệ thống thư điện tử công vụ",
]
FIELDS = [
    "Hộ tịch",
    "Đất đai",
    "Xây dựng",
    "Đăng ký doanh nghiệp",
    "Tư pháp",
    "Lao động",
    "Giáo dục",
    "Y tế",
    "Giao thông",
    "Văn hóa",
]
CATEGORIES = ["sectoral", "document-management", "reporting", "portal", "one-stop", "email"]


def q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def element_lines(fields: list[tuple[str, str]]) -> Iterator[str]:
    first = True
    for key, value in fields:
        yield f"  - {key}: {value}" if first else f"    {key}: {value}"
        first = False


class Generator:
    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.sections: dict[str, list[list[tuple[str, str]]]] = {}

    def add(self, section: str, fields: list[tuple[str, str]]) -> None:
        self.sections.setdefault(section, []).append(fields)

    def build(self) -> None:
        rng, n = self.rng, self.n
        for key, name in LAYERS:
            self.add(
                "layers",
                [
                    ("id", key),
                    ("name", q(name)),
                    ("order", str(len(self.sections.get("layers", [])) * 10)),
                ],
            )
        self.add(
            "organizations",
            [
                ("id", "tinh"),
                ("name", q("Ủy ban nhân dân tỉnh")),
                ("level", "province"),
                ("type", "tỉnh"),
                ("statistics_code", q("74")),
            ],
        )
        depts = []
        for i, name in enumerate(DEPARTMENTS * (1 + n // 20000)):
            dept = f"so-{i}"
            depts.append(dept)
            self.add(
                "organizations",
                [
                    ("id", dept),
                    ("name", q(f"{name} {i}")),
                    ("level", "department"),
                    ("type", "sở"),
                    ("parent", "tinh"),
                ],
            )
        districts = [f"huyen-{i}" for i in range(max(9, n // 1000))]
        for i, d in enumerate(districts):
            self.add(
                "organizations",
                [
                    ("id", d),
                    ("name", q(f"Huyện {rng.choice(PLACES)} {i}")),
                    ("level", "district"),
                    ("type", "huyện"),
                    ("parent", "tinh"),
                    ("statistics_code", q(str(700 + i % 99))),
                ],
            )
        communes = []
        for i in range(int(n * 0.15)):
            c = f"xa-{i}"
            communes.append(c)
            kind = rng.choice(["xã", "phường", "thị trấn"])
            self.add(
                "organizations",
                [
                    ("id", c),
                    ("name", q(f"{kind.capitalize()} {rng.choice(PLACES)} {i}")),
                    ("level", "commune"),
                    ("type", kind),
                    ("parent", rng.choice(districts)),
                    ("statistics_code", q(str(25000 + i % 9999))),
                    ("source", '{document: "GSO 2022-10-01", status: confirmed}'),
                ],
            )
        for key, name, cat in (
            ("nguoi-dan", "Người dân", "citizen"),
            ("doanh-nghiep", "Doanh nghiệp", "business"),
            ("can-bo", "Cán bộ, công chức", "official"),
        ):
            self.add("actors", [("id", key), ("name", q(name)), ("category", cat)])
        for key, name, typ in (
            ("web", "Cổng thông tin trên web", "web"),
            ("app", "Ứng dụng di động", "mobile"),
            ("mot-cua", "Bộ phận một cửa", "counter"),
        ):
            self.add("channels", [("id", key), ("name", q(name)), ("type", typ)])
        self.add(
            "platforms",
            [
                ("id", "lgsp"),
                ("name", q("Nền tảng tích hợp, chia sẻ dữ liệu tỉnh (LGSP)")),
                ("category", "lgsp"),
                ("level", "province"),
                ("layer", "integration"),
                ("owner", depts[9]),
            ],
        )
        self.add(
            "platforms",
            [
                ("id", "ngsp"),
                ("name", q("Nền tảng tích hợp, chia sẻ dữ liệu quốc gia")),
                ("category", "ngsp"),
                ("level", "national"),
                ("layer", "integration"),
            ],
        )
        systems = []
        for i in range(int(n * 0.15)):
            s = f"he-thong-{i}"
            systems.append(s)
            fields = [
                ("id", s),
                ("name", q(f"{rng.choice(SYSTEMS)} {i}")),
                ("category", rng.choice(CATEGORIES)),
                ("layer", "applications"),
                ("owner", rng.choice(depts)),
                ("security_level", str(rng.randint(1, 4))),
                ("users", f"[{rng.choice(['nguoi-dan', 'can-bo'])}]"),
                ("channels", "[web]"),
                ("uses", "[lgsp]"),
                (
                    "lifecycle",
                    active_date(rng),
                ),
            ]
            if rng.random() < 0.05:
                d = rng.choice(districts)
                fields.append(
                    (
                        "deployment",
                        f'[{{select: "kind:organization,parent:{d}", since: "2021-01-01"}}]',
                    )
                )
            if rng.random() < 0.3:
                fields.append(
                    (
                        "description",
                        q(
                            f"Hệ thống phục vụ công tác chuyên môn số {i} của tỉnh, "
                            "kết nối qua LGSP."
                        ),
                    )
                )
            self.add("systems", fields)
        for i in range(int(n * 0.1)):
            self.add(
                "data",
                [
                    ("id", f"csdl-{i}"),
                    ("name", q(f"Cơ sở dữ liệu {rng.choice(FIELDS).lower()} {i}")),
                    ("scope", "provincial"),
                    ("layer", "data"),
                    ("system", rng.choice(systems)),
                    ("owner", rng.choice(depts)),
                    ("personal_data", rng.choice(["true", "false"])),
                ],
            )
        for i in range(int(n * 0.2)):
            fields = [
                ("id", f"tthc-{i}"),
                ("name", q(f"Thủ tục {rng.choice(FIELDS).lower()} số {i}")),
                ("field", q(rng.choice(FIELDS))),
                ("handling_levels", f"[{rng.choice(['province', 'district', 'commune'])}]"),
                ("online_level", str(rng.randint(2, 4))),
                ("eligible_level", "4"),
                ("portal", rng.choice(systems)),
                ("npsp_integrated", rng.choice(["true", "false"])),
                ("published", "true"),
            ]
            if rng.random() < 0.05:
                fields.append(
                    (
                        "offered_by",
                        f'[{{select: "kind:organization,parent:{rng.choice(districts)}"}}]',
                    )
                )
            self.add("services", fields)
        for i in range(int(n * 0.3)):
            a, b = rng.sample(systems, 2)
            self.add(
                "interconnections",
                [
                    ("id", f"ket-noi-{i}"),
                    ("name", q(f"Trao đổi dữ liệu {i}")),
                    ("from", a),
                    ("to", b),
                    ("via", "[lgsp]"),
                    ("data", q_list(["hồ sơ", "trạng thái"])),
                    ("legal_basis", q("Nghị định 47/2020/NĐ-CP")),
                ],
            )
        for i in range(max(1, int(n * 0.1))):
            self.add(
                "work_packages",
                [
                    ("id", f"nhiem-vu-{i}"),
                    ("name", q(f"Nhiệm vụ {i}")),
                    ("delivers", f"[{rng.choice(systems)}]"),
                    ("status", rng.choice(["planned", "done"])),
                ],
            )
        self.add(
            "views",
            [("id", "tich-hop"), ("name", q("Tích hợp qua LGSP")), ("include", '["1+lgsp"]')],
        )
        self.add(
            "kpis",
            [
                ("id", "kpi-xa"),
                ("name", q("Xã có dịch vụ công mức 3, 4")),
                ("type", "coverage"),
                ("units", q("kind:organization,level:commune")),
                ("by", q("kind:service,online_level>=3")),
                ("target", "100"),
                ("deadline", q("2022-12-31")),
            ],
        )

    def write(self, out: Path, per_file: int) -> int:
        models = out / "models"
        if out.exists():
            shutil.rmtree(out)
        models.mkdir(parents=True)
        (out / "eaf.toml").write_text("", encoding="utf-8")
        count = 0
        for section, items in self.sections.items():
            for start in range(0, len(items), per_file):
                chunk = items[start : start + per_file]
                lines = [
                    f"# Synthetic model: {section} {start}-{start + len(chunk) - 1}",
                    f"{section}:",
                ]
                for fields in chunk:
                    lines.extend(element_lines(fields))
                name = f"{section}/{section}-{start // per_file:04d}.yaml"
                path = models / name
                path.parent.mkdir(exist_ok=True)
                path.write_text("\n".join(lines) + "\n", encoding="utf-8")
                count += 1
        return count


def active_date(rng: random.Random) -> str:
    return f'{{active: "{rng.randint(2015, 2022)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"}}'


def q_list(items: list[str]) -> str:
    return "[" + ", ".join(q(i) for i in items) + "]"


def generate(n: int, out: Path, seed: int = 1, per_file: int = 500) -> tuple[int, int]:
    gen = Generator(n, seed)
    gen.build()
    files = gen.write(out, per_file)
    return sum(len(v) for v in gen.sections.values()), files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elements", type=int, default=10000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-file", type=int, default=500, help="elements per file")
    args = parser.parse_args()
    elements, files = generate(args.elements, args.out, args.seed, args.per_file)
    print(f"wrote {elements} elements in {files} files under {args.out}")


if __name__ == "__main__":
    main()
