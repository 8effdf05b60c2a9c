"""Schema-breaking mutations of a sample, and what each must make fail.

A mutation is made where the schema says something checkable: a required key, a type, an
enum, a format, a non-nullable field.  Each kind lists groups of checks of which at least
one must fail (the schema check always), and the flavors that must either reject the
payload or keep it exactly: a lax model may accept what the schema forbids (an open enum,
an unchecked string) but must not quietly change it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import jsonschema

from generator.spec.errata import FORMAT_CHECKER
from generator.spec.toolkit import deref, join_pointer
from tests.conformance.discovery import Sample, Vendor
from tests.conformance.jsoncompare import json_type, with_value, without

SITES_PER_KIND = 2
"""The first and the last eligible place in the sample: a handful, spread out."""


@dataclass(frozen=True)
class Kind:
    name: str
    must_fail: tuple[tuple[str, ...], ...]
    keep_or_reject: tuple[str, ...]


_SCHEMA = ("schema",)
_PYDANTIC = ("parse/pydantic", "round-trip/pydantic")
_ATTRS = ("parse/attrs", "round-trip/attrs")
KINDS = {
    k.name: k
    for k in (
        Kind("drop-required", (_SCHEMA, _ATTRS, _PYDANTIC), ()),
        Kind("wrong-type", (_SCHEMA, _PYDANTIC), ("attrs",)),
        Kind("bad-format", (_SCHEMA, _PYDANTIC), ("attrs",)),
        Kind("date-only", (_SCHEMA, _PYDANTIC), ("attrs",)),
        Kind("numeric-string", (_SCHEMA, _PYDANTIC), ("attrs",)),
        Kind("enum-out-of-range", (_SCHEMA,), ("attrs", "pydantic")),
        Kind("null-not-nullable", (_SCHEMA,), ("attrs", "pydantic")),
    )
}


@dataclass(frozen=True)
class Mutation:
    kind: Kind
    pointer: str
    payload: Any
    description: str


@dataclass(frozen=True)
class Site:
    pointer: str
    value: Any
    schema: dict[str, Any]


def mutations(sample: Sample) -> list[Mutation]:
    payload = sample.corrected()
    by_kind: dict[str, list[Mutation]] = {}
    for site in sites(sample.target.vendor, sample.target.schema_pointer, payload):
        for mutation in _mutate(site, payload):
            by_kind.setdefault(mutation.kind.name, []).append(mutation)
    chosen: list[Mutation] = []
    for found in by_kind.values():
        picks = [found[0], found[-1]] if len(found) > 1 else found
        chosen += picks[:SITES_PER_KIND]
    return chosen


def sites(vendor: Vendor, schema_pointer: str, payload: Any) -> Iterator[Site]:
    """Every node of ``payload`` with the (resolved) schema that governs it, in document order."""
    yield from _walk(vendor, {"$ref": "#" + schema_pointer}, schema_pointer, payload, "")


def _walk(vendor: Vendor, node: Any, at: str, value: Any, pointer: str) -> Iterator[Site]:
    schema, at = deref(vendor.doc, node, at)
    if not isinstance(schema, dict):
        return
    for combinator in ("oneOf", "anyOf"):
        for i, branch in enumerate(schema.get(combinator) or []):
            branch_at = join_pointer(at, combinator, i)
            if _validator(vendor, deref(vendor.doc, branch, branch_at)[1]).is_valid(value):
                yield from _walk(vendor, branch, branch_at, value, pointer)
                return
    yield Site(pointer, value, schema)
    if isinstance(value, dict):
        properties = schema.get("properties") or {}
        additional = schema.get("additionalProperties")
        for key, sub in value.items():
            if key in properties:
                yield from _walk(
                    vendor, properties[key], join_pointer(at, "properties", key), sub, join_pointer(pointer, key)
                )
            elif isinstance(additional, dict):
                yield from _walk(
                    vendor, additional, join_pointer(at, "additionalProperties"), sub, join_pointer(pointer, key)
                )
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, sub in enumerate(value):
            yield from _walk(vendor, schema["items"], join_pointer(at, "items"), sub, join_pointer(pointer, i))


@functools.cache
def _validator(vendor: Vendor, pointer: str) -> jsonschema.Draft202012Validator:
    schema = {**vendor.doc, "$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "#" + pointer}
    return jsonschema.Draft202012Validator(schema, format_checker=FORMAT_CHECKER)


def _types(schema: dict[str, Any]) -> set[str]:
    found = schema.get("type")
    return set(found) if isinstance(found, list) else {found} if isinstance(found, str) else set()


_WRONG_VALUES: tuple[Any, ...] = (12345, "not-of-the-documented-type", ["not", "an", "object"], {"not": "a list"}, True)


def _mutate(site: Site, payload: Any) -> Iterator[Mutation]:
    schema, value, at = site.schema, site.value, site.pointer
    types = _types(schema)
    if isinstance(value, dict):
        for key in schema.get("required") or []:
            if key in value:
                yield _make("drop-required", payload, join_pointer(at, key), _DELETE, f"remove required {key!r}")
                break
    if types and at:
        allowed = types | ({"integer"} if "number" in types else set())
        wrong = next(v for v in _WRONG_VALUES if json_type(v) not in allowed)
        yield _make("wrong-type", payload, at, wrong, f"{json_type(wrong)} where the schema allows {sorted(types)}")
        if "null" not in types:
            yield _make("null-not-nullable", payload, at, None, f"null where the schema allows {sorted(types)}")
    if "integer" in types and isinstance(value, int) and not isinstance(value, bool) and "string" not in types:
        yield _make("numeric-string", payload, at, str(value), f"the integer {value} written as a string")
    if isinstance(value, str) and isinstance(schema.get("enum"), list):
        yield _make("enum-out-of-range", payload, at, "NOT_A_DOCUMENTED_VALUE", "a value outside the enum")
    fmt = schema.get("format")
    if isinstance(value, str) and fmt in ("uuid", "date-time"):
        yield _make("bad-format", payload, at, f"not-a-{fmt}", f"a string that is not a {fmt}")
    if isinstance(value, str) and fmt == "date-time":
        yield _make("date-only", payload, at, value[:10], "a date without the time for a date-time")


_DELETE = object()


def _make(kind: str, payload: Any, pointer: str, new: Any, description: str) -> Mutation:
    if not pointer:  # the whole body (a top-level array or scalar) is replaced
        return Mutation(KINDS[kind], pointer, None if new is _DELETE else new, description)
    mutated = without(payload, pointer) if new is _DELETE else with_value(payload, pointer, new)
    return Mutation(KINDS[kind], pointer, mutated, description)
