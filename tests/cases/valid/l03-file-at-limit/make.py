"""A valid file of exactly 5 MiB: mostly comment lines."""

from __future__ import annotations

from pathlib import Path


def make(case: Path) -> None:
    body = "organizations:\n  - id: a\n    name: A\n    level: province\n    type: tỉnh\n".encode()
    limit = 5 * 1024 * 1024
    line = b"# " + b"x" * 97 + b"\n"
    body += line * ((limit - len(body)) // len(line))
    body += b"#" * (limit - len(body) - 1) + b"\n"
    (case / "models" / "a.yaml").write_bytes(body)
