"""One element's facts on both sides, and how they compare.

A fact is one thing a schema states: type, format, nullable, enum members, default,
bounds, item limit, required, deprecated, or a constraint no page states (pattern, const,
length limits...).  Comparing a page field with a spec schema sorts every fact into:
the page states it and the spec contradicts it; the page states it and the spec lacks it;
the spec states it and the page does not (it then needs an attribution).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.docs.page import PageField
from generator.spec.formats import INTEGER_FORMAT_BOUNDS
from generator.spec.toolkit import resolve

SPEC_ONLY_KEYWORDS = (
    "pattern",
    "const",
    "minLength",
    "maxLength",
    "minItems",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "uniqueItems",
)
"""Constraints the pages never state: in a spec they always come from another source."""


@dataclass
class SpecFacts:
    types: frozenset[str] = frozenset()
    nullable: bool = False
    format: str | None = None
    items_type: str | None = None
    items_format: str | None = None
    enum: tuple[str, ...] = ()
    default: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    max_items: int | None = None
    required: bool = False
    deprecated: bool = False
    composed: bool = False
    """No ``type`` but allOf/anyOf/oneOf: the type is the branches', not compared."""
    others: list[str] = field(default_factory=list)


def spec_facts(doc: Any, schema: dict[str, Any], required: bool, deprecated: bool = False) -> SpecFacts:
    raw = schema.get("type")
    types = (
        {raw} if isinstance(raw, str) else {t for t in raw if isinstance(t, str)} if isinstance(raw, list) else set()
    )
    if not types and ("properties" in schema or "additionalProperties" in schema):
        types = {"object"}
    facts = SpecFacts(
        types=frozenset(types - {"null"}),
        composed=not types and any(k in schema for k in ("allOf", "anyOf", "oneOf")),
        nullable="null" in types,
        format=_text(schema.get("format")),
        default=_text(schema.get("default")) if "default" in schema else None,
        minimum=_int(schema.get("minimum")),
        maximum=_int(schema.get("maximum")),
        max_items=_int(schema.get("maxItems")),
        required=required,
        deprecated=deprecated or schema.get("deprecated") is True,
        others=[f"{k} {schema[k]!r}" for k in SPEC_ONLY_KEYWORDS if k in schema],
    )
    enum_holder = schema
    if "array" in types or "items" in schema:
        items = resolve(doc, schema.get("items"))
        item_types = items.get("type")
        facts.items_type = item_types if isinstance(item_types, str) else None
        facts.items_format = _text(items.get("format"))
        enum_holder = items
    members = enum_holder.get("enum")
    facts.enum = tuple(_text(m) or "null" for m in members) if isinstance(members, list) else ()
    return facts


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass
class Comparison:
    contradicts: list[str] = field(default_factory=list)
    lacks: list[str] = field(default_factory=list)
    unstated: list[str] = field(default_factory=list)


def compare(page: PageField | None, spec: SpecFacts, type_stated: bool, items: bool = True) -> Comparison:
    """``page`` is None when the page shows the element without describing it (a sample key,
    a path placeholder); ``type_stated`` says whether its JSON type is still shown (a sample)."""
    out = Comparison()
    if not spec.composed:
        _pair(out, "type", page.type if page else None, _one(spec.types), type_stated and page is None)
    if "array" in spec.types or (page and page.type == "array"):
        _pair(
            out,
            "items type",
            page.items_type if page else None,
            spec.items_type,
            not items or (type_stated and page is None),
        )
        _pair(out, "items format", page.items_format if page else None, spec.items_format, not items)
    _pair(out, "format", page.format if page else None, spec.format, False)
    if page and page.nullable and not spec.nullable:
        out.lacks.append("nullable")
    elif spec.nullable and not (page and page.nullable):
        out.unstated.append("nullable")
    page_enum = page.enum if page else ()
    out.lacks += [f"enum member {m!r}" for m in page_enum if m not in spec.enum]
    out.unstated += [
        f"enum member {m!r}" for m in spec.enum if m not in page_enum and (items or "array" not in spec.types)
    ]
    _pair(out, "default", page.default if page else None, spec.default, False)
    # Bounds that are exactly the spec format's range belong to the format fact, reported there.
    low, high = INTEGER_FORMAT_BOUNDS.get(spec.format or "", (None, None))
    _pair(out, "minimum", page.minimum if page else None, None if spec.minimum == low else spec.minimum, False)
    _pair(out, "maximum", page.maximum if page else None, None if spec.maximum == high else spec.maximum, False)
    _pair(out, "maxItems", page.max_items if page else None, spec.max_items, False)
    page_required = page.required if page else None
    if page_required is True and not spec.required:
        out.lacks.append("required")
    elif page_required is False and spec.required:
        out.contradicts.append("required (the page says optional)")
    elif page_required is None and spec.required:
        out.unstated.append("required")
    if page and page.deprecated and not spec.deprecated:
        out.lacks.append("deprecated")
    elif spec.deprecated and not (page and page.deprecated):
        out.unstated.append("deprecated")
    out.unstated += spec.others
    return out


def _one(types: frozenset[str]) -> str | None:
    return next(iter(types)) if len(types) == 1 else None


def _pair(out: Comparison, name: str, page: object, spec: object, shown_elsewhere: bool) -> None:
    if page is not None and spec is not None and page != spec:
        out.contradicts.append(f"{name} (page {page}, spec {spec})")
    elif page is not None and spec is None:
        out.lacks.append(f"{name} {page}")
    elif page is None and spec is not None and not shown_elsewhere:
        out.unstated.append(f"{name} {spec}")


def fact_name(entry: str) -> str:
    """``"type (page object, spec array)"`` -> ``"type"``: the key ``page-differs`` lists."""
    for name in ("items type", "items format", "enum member"):
        if entry.startswith(name):
            return name
    return entry.split(" ", 1)[0]
