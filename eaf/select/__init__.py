"""The selector language: which elements of the model a rule, view or scope is about.

A selector is a short text such as ``kind:system,!tag:legacy``. eaf reads it, reports every
mistake in it at the character where it is, and finds the elements of the model it matches.

Union and intersection
----------------------

A selector is a **union** of groups separated by whitespace; a group is an **intersection** of
atoms separated by commas. Spaces around a comma are allowed, so ``a, b`` is the same as ``a,b``.

- ``kind:system kind:platform``: every system and every platform.
- ``kind:organization,level:commune``: organisations that are at commune level.
- ``kind:system,tag:lgsp kind:platform``: LGSP systems, plus all platforms.

An atom prefixed with ``!`` is negated: it matches every node the atom does not match. Negation
binds to one atom only, so ``kind:system,!tag:legacy`` is "systems that are not tagged legacy".

Atoms
-----

``METHOD:VALUE`` matches when the value of METHOD equals VALUE. METHOD is one of the built-ins

- ``kind``: the element kind, e.g. ``kind:system``;
- ``id``: the element id, e.g. ``id:lgsp-binh-duong``;
- ``tag``: one of the element's tags, e.g. ``tag:pilot``;
- ``file``: the model file the element is written in (folders separated by ``/``), e.g.
  ``file:models/so-*``;

or any field name of an element: ``level:commune``, ``owner:so-tttt``, ``layer:integration``,
``type:xã``, ``category:portal``. Values are compared as text: numbers as the model writes them
(``online_level:3``), booleans as ``true``/``false``. When the field holds a list, the atom
matches when any item matches. A built-in name wins over a field of the same name.

VALUE may use shell-style globs, matched case-sensitively: ``*`` (any text, ``/`` included),
``?`` (one character), ``[abc]`` / ``[!abc]`` (one character of / not of a set). Write ``[*]``
to match a literal ``*``. Examples: ``id:lgsp-*``, ``file:models/systems/*.yaml``.

``FIELD OP VALUE`` compares, with OP one of ``=``, ``!=``, ``<``, ``<=``, ``>``, ``>=``:
``online_level>=3``, ``security_level<3``, ``level!=commune``, ``since>=2024-01-01``. The
comparison is numeric when both sides are numbers (``3``, ``-2.5``, ``1e3``), otherwise it
compares the texts, which orders ISO dates correctly. Globs are not expanded in comparisons. A
list-valued field matches when any item satisfies the comparison, except ``!=``, which matches
when the field has values and none of them is equal (``tag!=legacy`` is "has tags, none of them
legacy").

A field that is missing never matches, whatever the operator: ``level!=commune`` does not match
an element without a level (use ``!level:commune`` for that). A field is missing when it is
absent, null, an empty list, or a mapping (mappings are not comparable).

A bare id is short for ``id:``: ``lgsp-binh-duong`` is ``id:lgsp-binh-duong``. Ids are lower-case
ASCII slugs (``[a-z0-9]+`` joined by single ``-``, ``_`` or ``.``); a bare word cannot be a glob,
write ``id:lgsp-*``.

Quoting
-------

A value may contain any character except whitespace, ``,`` and ``"``. To include whitespace or
commas, put the whole value in double quotes: ``name:"Thủ Dầu Một"``, ``type:"cơ quan ngang bộ"``.
Quotes are also needed for a value that starts with one of ``: = < > !``, or that ends in ``+``
or ``+`` followed by digits (which would read as a graph operator): ``name:"C++"``. A quoted value
cannot contain ``"``. Globs still apply inside quotes. Values are Unicode NFC-normalised, as are
the model's texts, so composed and decomposed Vietnamese letters match alike.

Graph operators
---------------

As in dbt, ``+`` before an atom adds everything upstream of its nodes (ancestors, following
edges backwards) and ``+`` after it adds everything downstream (descendants). A number limits
the hops: ``1+lgsp`` is lgsp plus its direct predecessors, ``lgsp+2`` adds descendants up to two
edges away, ``1+lgsp+1`` goes one hop both ways. Every edge is followed, whatever its type;
cycles are fine. Hop counts are whole numbers from 1 to 1,000,000. Negation applies to the
expanded set and is written first: ``!+x`` is everything that is neither x nor upstream of it.
Operators read left to right, so ``2+3`` is id ``3`` and its ancestors two hops up; write
``id:2+3`` for id ``2`` and three hops down.

Errors
------

eaf reports every problem in a selector, each at the character where it starts: an empty
selector, a comma with no atom before or after it, ``!`` or ``+`` without an atom, a hop count
that is not a whole number from 1 to 1,000,000, an operator that is not one of the above
(``==``, ``=>``, ``:>=``...), a missing field name or value, an id or field name that is not
well formed, and a quote that is unterminated or does not enclose the whole value. It then
reports names that are neither built-ins nor known fields, suggesting the closest known name.
"""

from eaf.select.grammar import (
    COMPARISON_OPS,
    MAX_HOPS,
    Atom,
    Group,
    Selector,
    SelectorProblem,
    parse_selector,
)
from eaf.select.index import SelectorIndex, evaluate, select
from eaf.select.methods import BUILTIN_METHODS, METHODS, Method, method_for, validate_methods

__all__ = [
    "BUILTIN_METHODS",
    "COMPARISON_OPS",
    "MAX_HOPS",
    "METHODS",
    "Atom",
    "Group",
    "Method",
    "Selector",
    "SelectorIndex",
    "SelectorProblem",
    "evaluate",
    "method_for",
    "parse_selector",
    "select",
    "validate_methods",
]
