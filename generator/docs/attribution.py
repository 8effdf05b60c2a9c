"""``x-oc-source``: where a spec element comes from when its docs page does not state it.

Written on the element (a parameter, a schema, a response, a server, a security scheme)::

    x-oc-source: vendor-description        # short form
    x-oc-source:                           # long form
      source: our-reading
      note: why, in a sentence
      page-differs: [type]                 # page-stated facts this element departs from on purpose

The attribution covers the element and everything the docs check walks into from it
(properties, items, referenced components), until a nearer ``x-oc-source`` says otherwise.
``page-differs`` lists the facts (``type``, ``format``, ``url``, ...) where the element
knowingly contradicts its page; only those contradictions are silenced, and only on the
element that says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SOURCES = ("vendor-description", "our-reading", "erratum")
"""vendor-description: the vendor's published OpenAPI document or other pages of its docs;
our-reading: the spec author's reading of the page (a consequence it implies, a sample's
values); erratum: the page is wrong here and the spec corrects it."""

KEY = "x-oc-source"


@dataclass(frozen=True)
class Attribution:
    source: str
    page_differs: frozenset[str] = frozenset()


def attribution_of(node: Any) -> Attribution | None:
    """The node's own ``x-oc-source``; None when it has none or it is malformed."""
    raw = node.get(KEY) if isinstance(node, dict) else None
    if isinstance(raw, str) and raw in SOURCES:
        return Attribution(raw)
    if isinstance(raw, dict) and raw.get("source") in SOURCES:
        differs = raw.get("page-differs")
        facts = frozenset(str(f) for f in differs) if isinstance(differs, list) else frozenset()
        return Attribution(str(raw["source"]), facts)
    return None


def attribution_problem(node: Any) -> str | None:
    """What is wrong with a present ``x-oc-source``; None when it is absent or well-formed."""
    if not isinstance(node, dict) or KEY not in node:
        return None
    if attribution_of(node) is not None:
        raw = node[KEY]
        extra = set(raw) - {"source", "note", "page-differs"} if isinstance(raw, dict) else set()
        return f"x-oc-source has unknown keys {sorted(extra)}" if extra else None
    return f"x-oc-source must be one of {', '.join(SOURCES)} or a mapping with `source:` set to one of them"
