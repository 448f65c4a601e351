"""A national-scale model from Vietnam's real administrative units of 2025-07-01.

    python benchmarks/national.py --out DIR [--seed 1] [--force] [--small PROVINCES,COMMUNES]

Reads ``benchmarks/data/vn-units-2025.yaml`` (34 provinces, 3,321 commune-level units: codes,
types and names of the statistics office) and writes, as `generate.py` does (same element
shapes, same YAML text, same files of ~500 elements), a two-level model of about 100,000
elements: per province its People's Committee with its real code and 18 departments, every
commune-level unit with its real code, type and name (`Phường Ba Đình`, `Đặc khu Phú Quốc`) and
its one-stop unit (an organisation of type `bộ phận một cửa` under the commune, where the
province's one-stop counter is deployed), 150 systems, 150 data sets, about 2,050
administrative procedures (as many as a province publishes), two interconnections per system
and 60 work packages; no districts (abolished on 2025-07-01), so no scope names one.

Every reference is valid and every scope selects something: `eaf validate` reports nothing.
The output depends only on the data file, the seed and the generators' sources.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from generate import DEPARTMENTS, Field, Plan, Province, date, flow, q, slug  # noqa: E402

DATA = HERE / "data" / "vn-units-2025.yaml"
STAMP = generate.STAMP
SYSTEMS_PER_PROVINCE = 150
DATA_PER_PROVINCE = 150
WORK_PACKAGES_PER_PROVINCE = 60
TARGET = 100_000
#: `đặc khu` (special zone) is not one of eaf's organisation types yet: written as `khác`.
TYPE_OF_UNIT = {"phường": "phường", "xã": "xã", "đặc khu": "khác"}
STATISTICS_SOURCE = "Danh mục đơn vị hành chính 2025-07-01 (dvhcvn 20250701)"


def load_units(path: Path = DATA) -> list[dict[str, Any]]:
    import yaml  # PyYAML, as the benchmarks use it (the data file is plain YAML)

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    provinces: list[dict[str, Any]] = data["provinces"]
    return provinces


class National(generate.Generator):
    two_level = True

    def __init__(
        self,
        provinces: list[dict[str, Any]],
        seed: int,
        *,
        per_province: tuple[int, int, int, int] | None = None,
    ) -> None:
        """``per_province``: (systems, data sets, work packages, procedures) in each province,
        for a small model of a few provinces (tests); by default the national plan, whose
        procedures make up the ~100,000 elements."""
        super().__init__(TARGET, seed)
        self.real = provinces
        count = len(provinces)
        communes = sum(len(p["units"]) for p in provinces)
        each = per_province or (
            SYSTEMS_PER_PROVINCE,
            DATA_PER_PROVINCE,
            WORK_PACKAGES_PER_PROVINCE,
            0,
        )
        systems, data, work = each[0] * count, each[1] * count, each[2] * count
        orgs = count * (1 + len(DEPARTMENTS)) + 2 * communes
        fixed = 48 + count * 8
        services = TARGET - (orgs + systems + data + work + 2 * systems + fixed)
        if per_province is not None:
            services = each[3] * count
        self.plan = Plan(count, communes // count, systems, data, services, work)

    def counter_units(self, p: Province) -> str:
        return f'kind:organization,type:"bộ phận một cửa",tag:{p.slug}'

    def province(self, i: int) -> None:
        r = self.rng
        real = self.real[i]
        full = unicodedata.normalize("NFC", real["name"])
        city = full.startswith("Thành phố ")
        name = full.removeprefix("Thành phố ").removeprefix("Tỉnh ")
        ps = slug(name)
        kind = "thành phố trực thuộc trung ương" if city else "tỉnh"
        word = "thành phố" if city else "tỉnh"
        p = Province(i, name, kind, word, ps, f"ubnd-{ps}")
        self.provinces.append(p)
        self.add(
            "organizations",
            [
                ("id", p.org),
                ("name", q(f"Ủy ban nhân dân {full[0].lower()}{full[1:]}")),
                ("level", "province"),
                ("type", q(kind)),
                ("statistics_code", q(real["code"])),
                ("tags", flow([ps])),
                ("source", f"{{document: {q(STATISTICS_SOURCE)}, status: confirmed}}"),
            ],
        )
        for prefix, dname, dtype in DEPARTMENTS:
            did = f"{prefix}-{ps}"
            p.departments.append(did)
            p.department_names.append(f"{dname} {word} {name}")
            fields: list[Field] = [
                ("id", did),
                ("name", q(f"{dname} {word} {name}")),
                ("level", "department"),
                ("type", q(dtype)),
                ("parent", p.org),
                ("tags", flow([ps])),
            ]
            if r.random() < 0.5:
                since = date(*self.day(2016, 2021))
                fields.append(("one_stop", f"{{kind: modern, since: {since}}}"))
            self.add("organizations", fields)
        for code, utype, written in real["units"]:
            uname = unicodedata.normalize("NFC", written)
            cid = f"{slug(utype)}-{slug(uname)}-{code}"
            p.communes.append(cid)
            label = f"{utype[0].upper()}{utype[1:]} {uname}"
            self.add(
                "organizations",
                [
                    ("id", cid),
                    ("name", q(label)),
                    ("level", "commune"),
                    ("type", q(TYPE_OF_UNIT[utype])),
                    ("parent", p.org),
                    ("statistics_code", q(code)),
                    ("tags", flow([ps])),
                    ("one_stop", f"{{kind: basic, since: {date(2025, 7, 1)}}}"),
                    ("source", f"{{document: {q(STATISTICS_SOURCE)}, status: confirmed}}"),
                    ("lifecycle", f"{{active: {date(2025, 7, 1)}}}"),
                ],
            )
            self.add(
                "organizations",
                [
                    ("id", f"mot-cua-{cid}"),
                    ("name", q(f"Bộ phận Một cửa {label[0].lower()}{label[1:]}")),
                    ("level", "commune"),
                    ("type", q("bộ phận một cửa")),
                    ("parent", cid),
                    ("tags", flow([ps])),
                    ("lifecycle", f"{{active: {date(2025, 7, 1)}}}"),
                ],
            )
        self.province_shared(p)


def _digest_sources() -> str:
    digest = hashlib.blake2b(digest_size=8)
    for path in (Path(__file__), HERE / "generate.py", DATA):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def parameters(seed: int) -> dict[str, object]:
    return {"national": True, "seed": seed, "generator": _digest_sources()}


def is_current(out: Path, seed: int) -> bool:
    try:
        stamp = json.loads((out / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(stamp, dict) or stamp.get("parameters") != parameters(seed):
        return False
    return stamp.get("models_digest") == generate.models_digest(out / "models")


def generate_national(out: Path, seed: int = 1, *, force: bool = False) -> dict[str, Any]:
    gen = National(load_units(), seed)
    stamp = generate.write(gen, out, seed, None, force=force, header="benchmarks/national.py")
    stamp["parameters"] = parameters(seed)
    (out / STAMP).write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")
    return stamp


def generate_small(
    out: Path, provinces: int = 3, communes: int = 6, seed: int = 1, *, force: bool = False
) -> dict[str, Any]:
    """A few real provinces with a few of their communes each and a few systems, data sets,
    work packages and procedures each: the national model's shapes at a test's size."""
    chosen = [dict(p, units=p["units"][:communes]) for p in load_units()[:provinces]]
    gen = National(chosen, seed, per_province=(4, 4, 3, 12))
    return generate.write(gen, out, seed, None, force=force, header="benchmarks/national.py")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="root to write models/ into")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="replace a models/ not written here")
    parser.add_argument(
        "--small",
        metavar="PROVINCES,COMMUNES",
        help="only the first PROVINCES provinces with COMMUNES communes each (tests)",
    )
    args = parser.parse_args()
    start = time.perf_counter()
    if args.small:
        provinces, communes = (int(x) for x in args.small.split(","))
        stamp = generate_small(args.out, provinces, communes, args.seed, force=args.force)
    else:
        stamp = generate_national(args.out, args.seed, force=args.force)
    print(
        f"wrote {stamp['element_count']} elements in {stamp['file_count']} file(s) "
        f"({stamp['bytes'] / 1e6:.1f} MB) under {args.out / 'models'} in "
        f"{time.perf_counter() - start:.1f} s"
    )


if __name__ == "__main__":
    main()
