"""YAML 1.2 core-schema typing of plain scalars, strict: `yes`/`no` stay text (with a
warning: YAML 1.1 tools read them as booleans), a leading-zero number stays text (an error: tools
disagree on its value), infinities and NaN are errors. Quoted and block scalars are text."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from eaf import codes

_INT = re.compile(r"[-+]?[0-9]+")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = re.compile(r"\.(nan|NaN|NAN)")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_YAML11_BOOLS = frozenset(
    "y Y yes Yes YES n N no No NO on On ON off Off OFF".split()  # noqa: SIM905 - reads better
)

#: What a plain scalar's typing found: the code, the message and a hint (None: the code's own).
Problem = tuple[codes.Code, str, str | None]


def nfc(s: str) -> str:
    return s if unicodedata.is_normalized("NFC", s) else unicodedata.normalize("NFC", s)


def plain_scalar(value: str) -> tuple[Any, Problem | None]:
    """A plain scalar's value and, when there is one, what is wrong with it."""
    if value in _NULLS:
        return None, None
    if value in _TRUE:
        return True, None
    if value in _FALSE:
        return False, None
    first = value[0]
    if first.isdigit() or first in "+-.":
        if _INT.fullmatch(value):
            if _LEADING_ZERO.fullmatch(value):
                message = f"number '{value}' has a leading zero; YAML tools disagree on its value"
                return value, (codes.LEADING_ZERO, message, None)
            return int(value), None
        if _OCT.fullmatch(value):
            return int(value[2:], 8), None
        if _HEX.fullmatch(value):
            return int(value[2:], 16), None
        if _FLOAT.fullmatch(value):
            number = float(value)
            if math.isinf(number):
                return number, (codes.NON_FINITE, f"'{value}' is too large a number", None)
            return number, None
        if _INF.fullmatch(value) or _NAN.fullmatch(value):
            return math.nan, (codes.NON_FINITE, f"'{value}' is not a finite number", None)
    elif value in _YAML11_BOOLS:
        message = f"'{value}' is read as text here, but as a boolean by YAML 1.1 tools"
        hint = f'Quote it ("{value}") if you mean text, or write true/false.'
        return nfc(value), (codes.YAML11_BOOLEAN, message, hint)
    return nfc(value), None
