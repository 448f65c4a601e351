"""Governance: the decisions that shape an architecture (an approval of its version, a
regulation on how a system is run, a steering committee's plan)."""

from __future__ import annotations

from pydantic import Field

from eaf.spec.types import AnyRef, ElementSpec, IsoDate, OrgRef, ShortText, new_list


class Decision(ElementSpec):
    """A decision of an authority about the architecture, e.g. 'QĐ 3004/QĐ-UBND: Kiến trúc
    Chính quyền điện tử tỉnh Bình Dương phiên bản 1.0'. Its lifecycle is the period it is in
    force (active: the day it takes effect); a decision that replaces it is its successor."""

    number: ShortText | None = None
    """The number of the instrument, e.g. '3004/QĐ-UBND'."""
    issued: IsoDate | None = None
    """The day it was signed, when known (it may take effect later: see `lifecycle`)."""
    issued_by: OrgRef | None = None
    """The organisation that issued it, e.g. the province People's Committee."""
    governs: list[AnyRef] = Field(default_factory=new_list)
    """The elements it governs: systems it regulates, units it organises, plans it approves."""


__all__ = ["Decision"]
