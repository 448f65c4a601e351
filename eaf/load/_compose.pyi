"""Stub of the compiled fast path (eaf/load/_compose.c)."""

from typing import Any

def compose(raw: bytes, max_depth: int, /) -> Any:
    """The values the composer builds from these bytes (UTF-8, NFC, no control character but
    the line break, ending with one), or None when the compiled reader gives up."""
