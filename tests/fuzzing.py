"""Fuzzing eaf: mutations of YAML inputs and of whole models, and the checks every outcome must
pass: no exception escapes, every diagnostic is located inside its file, the same input gives
the same diagnostics. Used by tests/test_fuzz.py (hypothesis, bounded by example count) and by
benchmarks/fuzz.py (a million loader inputs, ten thousand model mutations).
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from eaf.diagnostics import Diagnostic
from eaf.load.yaml import ParsedYaml, parse_bytes

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

#: Pieces of hostile input spliced into seeds: YAML's indicators, the line breaks libyaml and
#: YAML 1.2 disagree on, bytes that are not UTF-8, bidi controls, document markers...
TOKENS: tuple[bytes, ...] = tuple(
    t if isinstance(t, bytes) else t.encode("utf-8")
    for t in (
        "\t",
        "\n",
        "\r",
        "\r\n",
        " ",
        "  ",
        "\x85",
        "\u2028",
        "\u2029",
        "#",
        "# c",
        "- ",
        ": ",
        "? ",
        ":",
        "?",
        "-",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*a",
        "!t ",
        "!!python/object ",
        "%YAML 1.2\n",
        "%TAG ! t:\n",
        "---\n",
        "...\n",
        "--- ",
        "|",
        ">",
        "|-",
        ">+2",
        '"',
        "'",
        "\\",
        '\\"',
        "\\u00",
        "\\x",
        "\x00",
        "\x1b",
        b"\xff",
        b"\xc3",
        b"\xef\xbb\xbf",
        "\u202e",
        "\u200b",
        "\ufeff",
        "yes",
        "0777",
        ".inf",
        "1e999",
        "2025-02-30",
        "~",
        "null",
        "id: x\n",
        "name: ",
        "\n  ",
        "\n    - ",
        "[" * 70,
        "]" * 3,
        "{a: 1, a: 2}",
        "<<: *a",
        "Bộ Tài chính",
        "Bo\u0323\u0302",
        "x" * 300,
    )
)

#: Values a model mutation writes in place of a field's value.
VALUES: tuple[str, ...] = (
    '"',
    "[a, b",
    "{a: 1",
    "*a",
    "&a x",
    "!!python/object/apply:os.system [id]",
    "yes",
    "0777",
    ".nan",
    "2025-02-30",
    "-",
    "[-]",
    "[?x]",
    '"x"# c',
    "|",
    ">\n \n  x",
    '"a\\nb"',
    "\u202ex",
    "x\u2028y",
    "\t",
    "null",
    "",
    "[]",
    "{}",
    "12",
    "1.5",
    "true",
    "nope",
    "so-khong-co",
    "kind:system,,x",
    "kind:nope",
    "https://x",
    "javascript:alert(1)",
    "<script>x</script>",
    "{id: x}",
    "- a\n- b",
    "a: b: c",
    "'it''s'",
    "x" * 250,
)


def seeds() -> list[bytes]:
    """Inputs to mutate: the YAML test suite's cases, the corpus' model files, the shipped
    model's files (cut to their first 4 KB)."""
    import json

    out: list[bytes] = []
    suite = json.loads((HERE / "yaml_test_suite" / "cases.json").read_text(encoding="utf-8"))
    out += [c["yaml"].encode("utf-8") for c in suite]
    for path in sorted((HERE / "cases").glob("*/*/models/**/*.yaml")):
        out.append(path.read_bytes()[:4096])
    for path in sorted((REPO / "models").rglob("*.yaml")):
        out.append(path.read_bytes()[:4096])
    return out


def mutate(raw: bytes, rng: random.Random, others: Sequence[bytes] = ()) -> bytes:
    """One to four random edits: a token inserted or written over, bytes deleted, a slice
    repeated, a line moved, another seed spliced in, the end cut off."""
    data = bytearray(raw)
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(data))
        edit = rng.randrange(8)
        if edit <= 2:
            data[at:at] = rng.choice(TOKENS)
        elif edit == 3:
            token = rng.choice(TOKENS)
            data[at : at + len(token)] = token
        elif edit == 4:
            del data[at : at + rng.randint(1, 8)]
        elif edit == 5 and data:
            end = min(len(data), at + rng.randint(1, 40))
            data[at:at] = data[at:end] * rng.randint(1, 3)
        elif edit == 6 and others:
            other = rng.choice(others)
            start = rng.randint(0, len(other))
            data[at:at] = other[start : start + rng.randint(1, 200)]
        else:
            del data[at:]
    return bytes(data)


_BREAK = re.compile(r"\r\n|\r|\n")


def inside(text: str, line: int, col: int) -> bool:
    """A place on one of the text's lines (YAML 1.2 line breaks), at most one past its end."""
    lines = _BREAK.split(text)
    return 1 <= line <= len(lines) and 1 <= col <= len(lines[line - 1]) + 1


def unlocated(diagnostics: Sequence[Diagnostic], texts: dict[str, str]) -> list[Diagnostic]:
    """Diagnostics without a place, or placed outside their file. A finding about a whole file
    or folder (line 0) names a path; one with a line must be inside that file's text."""
    out = []
    for d in diagnostics:
        loc = d.location
        if (
            loc is None
            or not loc.path
            or (
                loc.line > 0
                and (loc.path not in texts or not inside(texts[loc.path], loc.line, loc.col))
            )
        ):
            out.append(d)
    return out


def _text_of(raw: bytes) -> str:
    """The text positions count in: the file decoded as eaf does, invalid bytes replaced."""
    return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")


def check_loader(raw: bytes, *, track: bool = False) -> list[str]:
    """Problems with how eaf's loader handled `raw` (empty: none). Exceptions propagate."""
    parsed, _ = parse_bytes(raw, "m.yaml")
    problems = [
        f"unlocated {d.code} at {d.location}: {d.message}"
        for d in unlocated(parsed.diagnostics, {"m.yaml": _text_of(raw)})
    ]
    reference, _ = parse_bytes(raw, "m.yaml", fast=False)
    if _typed(reference) != _typed(parsed):
        problems.append("the fast path (eaf.load.fast) read it otherwise than the composer")
    if track:
        again, _ = parse_bytes(raw, "m.yaml", track=True)
        if [str(d) for d in again.diagnostics] != [str(d) for d in parsed.diagnostics]:
            problems.append("tracking positions changed the diagnostics")
    return problems


def _typed(parsed: ParsedYaml) -> object:
    """A parse with every scalar's type spelt out (1, 1.0, True and '1' differ; NaN equals)."""

    def spell(value: object) -> object:
        if isinstance(value, dict):
            return [(k, spell(v)) for k, v in value.items()]
        if isinstance(value, list):
            return [spell(v) for v in value]
        return (type(value).__name__, repr(value))

    return spell(parsed.data), [repr(d) for d in parsed.diagnostics], parsed.broken


@dataclass(frozen=True, slots=True)
class Model:
    """A model in memory: its root, and each file's bytes by path relative to the root."""

    root: Path
    files: dict[str, bytes]


def load_model(root: Path) -> Model:
    files = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "models").rglob("*.yaml"))
    }
    return Model(root, files)


def mutate_model(model: Model, rng: random.Random) -> dict[str, bytes]:
    """The model with one file changed by one to three line-aware edits: a line deleted, doubled
    or moved, its indentation changed, a value replaced by a hostile one, an id renamed, a
    token spliced in, or the file cut short."""
    files = dict(model.files)
    rel = rng.choice(sorted(files))
    lines = files[rel].decode("utf-8").split("\n")
    for _ in range(rng.randint(1, 3)):
        if not lines:
            break
        i = rng.randrange(len(lines))
        edit = rng.randrange(8)
        if edit == 0:
            del lines[i]
        elif edit == 1:
            lines.insert(i, lines[i])
        elif edit == 2:
            lines.insert(rng.randrange(len(lines)), lines.pop(i))
        elif edit == 3:
            lines[i] = " " * rng.choice((0, 1, 2, 3, 5)) + lines[i].lstrip(" ")
        elif edit in (4, 5) and ": " in lines[i]:
            key = lines[i].split(": ", 1)[0]
            value = rng.choice(VALUES)
            if edit == 5 and key.strip(" -") == "id":
                value = lines[i].split(": ", 1)[1] + "-x"
            lines[i] = f"{key}: {value}"
        elif edit == 6:
            token = rng.choice(TOKENS).decode("utf-8", errors="replace")
            at = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:at] + token + lines[i][at:]
        else:
            del lines[i:]
    files[rel] = "\n".join(lines).encode("utf-8")
    return files


def check_model(model: Model, files: dict[str, bytes]) -> list[str]:
    """Problems with the whole pipeline (load, validate, resolve, graph) on these files."""
    from eaf.config import config_from
    from eaf.load.discover import SourceFile
    from eaf.pipeline.load import Sources, load_project

    config = config_from(model.root, {})
    sources = Sources([(SourceFile(rel, model.root / rel), raw) for rel, raw in files.items()], [])
    project = load_project(config, sources=sources, use_cache=False)
    diagnostics = project.diagnostics.sorted()
    texts = {rel: _text_of(raw) for rel, raw in files.items()}
    return [
        f"unlocated {d.code} at {d.location}: {d.message}" for d in unlocated(diagnostics, texts)
    ]
