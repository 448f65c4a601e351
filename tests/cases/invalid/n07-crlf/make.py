"""A CRLF file and its LF copy: every diagnostic at the same line and column in both."""

from __future__ import annotations

from pathlib import Path

TEXT = (
    "organizations:\n"
    "  - id: {id}\n"
    "    name: A\n"
    "    level: provinse\n"
    "    type: tỉnh\n"
    "  - id: {id}-2\n"
    "    name: 'B'\n"
    "    level: province\n"
    "    type: tỉnh\n"
    "    owner: nobody\n"
    "    properties: {{k: 1, k: 2}}\n"
)


def make(case: Path) -> None:
    lf = TEXT.format(id="lf")
    (case / "models" / "a-crlf.yaml").write_bytes(
        TEXT.format(id="crlf").replace("\n", "\r\n").encode()
    )
    (case / "models" / "b-lf.yaml").write_bytes(lf.encode())
