"""Hypothesis strategies for the payloads a schema allows, undocumented fields included.

hypothesis-jsonschema 0.23.1 cannot generate objects with the pinned Hypothesis (it calls
``cu.many(...).more()``, a private API Hypothesis 6.170 no longer has), so this is a small
equivalent for the JSON Schema subset specs/CONVENTIONS.md allows.  A keyword it does not
know is an error, never silently ignored: a new vendor's schema then fails loudly here
instead of being under-tested.  It also generates what the suite most needs to be
exercised: date-times in every RFC 3339 spelling (``Z``/``z``/offsets, 0-9 fraction
digits, ``T``/``t``), integers beyond 64 bits where no bound is set, nulls where the type
allows them, and extra keys on every object that does not forbid them.
"""

from __future__ import annotations

import datetime
import string
from typing import Any

from hypothesis import strategies as st

from generator import names
from generator.spec.toolkit import deref, join_pointer

MAX_REF_DEPTH = 12
"""Guard against recursive schemas: deeper than this, a branch generates nothing."""
ANNOTATIONS = frozenset(
    {"description", "title", "examples", "example", "deprecated", "default", "discriminator", "readOnly", "writeOnly"}
    | {"format", "customTypePath", "$comment"}
)
HANDLED = frozenset(
    {"type", "$ref", "properties", "required", "additionalProperties", "items", "minItems", "maxItems"}
    | {"enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength"}
    | {"pattern", "oneOf", "anyOf"}
)
EXTRA_KEYS = st.text(alphabet=string.ascii_letters + string.digits + "_-.$ ", min_size=1, max_size=12)

JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
"""Values of undocumented fields: any JSON."""


class UnsupportedSchema(Exception):
    pass


def payloads(doc: dict[str, Any], schema_pointer: str) -> st.SearchStrategy[Any]:
    return _schema(doc, {"$ref": "#" + schema_pointer}, schema_pointer, 0)


def _schema(doc: dict[str, Any], node: Any, at: str, depth: int) -> st.SearchStrategy[Any]:
    if node is True or node == {}:
        return JSON_VALUES
    if not isinstance(node, dict):
        raise UnsupportedSchema(f"{at}: a schema must be an object or true, got {node!r}")
    if "$ref" in node:
        if depth >= MAX_REF_DEPTH:
            return st.nothing()
        target, target_at = deref(doc, node, at)
        if target is node:
            raise UnsupportedSchema(f"{at}: cannot resolve {node['$ref']!r}")
        return _schema(doc, target, target_at, depth + 1)
    unknown = set(node) - HANDLED - ANNOTATIONS - {k for k in node if k.startswith("x-")}
    if unknown:
        raise UnsupportedSchema(f"{at}: keyword(s) {sorted(unknown)} not handled by tests/conformance/payloads.py")
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    for combinator in ("oneOf", "anyOf"):
        if combinator in node:
            # Branch choice only; the schema check on every payload catches a payload
            # that matches several oneOf branches (our specs pin each branch with a const).
            options = [_schema(doc, b, join_pointer(at, combinator, i), depth) for i, b in enumerate(node[combinator])]
            return st.one_of(options)
    types = node.get("type")
    type_list = types if isinstance(types, list) else [types] if isinstance(types, str) else []
    if not type_list:
        raise UnsupportedSchema(f"{at}: no type (write `type`, as the conventions require)")
    return st.one_of([_typed(doc, node, t, at, depth) for t in type_list])


def _typed(doc: dict[str, Any], node: dict[str, Any], kind: str, at: str, depth: int) -> st.SearchStrategy[Any]:
    match kind:
        case "null":
            return st.none()
        case "boolean":
            return st.booleans()
        case "integer":
            return _integers(node)
        case "number":
            return st.floats(node.get("minimum"), node.get("maximum"), allow_nan=False, allow_infinity=False)
        case "string":
            return _strings(node)
        case "array":
            items = _schema(doc, node.get("items", True), join_pointer(at, "items"), depth)
            return st.lists(items, min_size=node.get("minItems", 0), max_size=min(node.get("maxItems", 3), 3))
        case "object":
            return _objects(doc, node, at, depth)
    raise UnsupportedSchema(f"{at}: type {kind!r}")


def _integers(node: dict[str, Any]) -> st.SearchStrategy[int]:
    low = node.get("minimum")
    high = node.get("maximum")
    if "exclusiveMinimum" in node:
        low = node["exclusiveMinimum"] + 1
    if "exclusiveMaximum" in node:
        high = node["exclusiveMaximum"] - 1
    plain = st.integers(low, high)
    # Arbitrary-size amounts (Formance) must stay ints: make sure huge ones are drawn.
    huge = st.integers(max(low or 0, 2**64), (high if high is not None else 2**200))
    return plain | huge if high is None or high >= 2**64 else plain


def _strings(node: dict[str, Any]) -> st.SearchStrategy[str]:
    fmt = node.get("format")
    if fmt == "date-time":
        return rfc3339_date_times()
    if fmt == "uuid":
        return st.uuids().map(str)
    if "pattern" in node:
        return st.from_regex(node["pattern"], fullmatch=True)
    return st.text(min_size=node.get("minLength", 0), max_size=node.get("maxLength", 12))


def _objects(doc: dict[str, Any], node: dict[str, Any], at: str, depth: int) -> st.SearchStrategy[dict[str, Any]]:
    properties = node.get("properties") or {}
    required = [k for k in node.get("required") or [] if k in properties]
    optional = [k for k in properties if k not in required]
    values = {k: _schema(doc, s, join_pointer(at, "properties", k), depth) for k, s in properties.items()}
    additional = node.get("additionalProperties", True)
    if additional is False:
        extra: st.SearchStrategy[dict[str, Any]] = st.just({})
    else:
        # Keys spelled like a declared field's Python name are left out here: the
        # extra-key-like-python-name cases check exactly that, once per sample.
        taken = set(properties) | {names.python_identifier(k) for k in properties}
        extra_values = (
            JSON_VALUES
            if additional is True
            else _schema(doc, additional, join_pointer(at, "additionalProperties"), depth)
        )
        extra = st.dictionaries(EXTRA_KEYS.filter(lambda k: k not in taken), extra_values, max_size=2)

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        out = {k: draw(values[k]) for k in required}
        for key in optional:
            if draw(st.booleans()):
                out[key] = draw(values[key])
        for key, value in draw(extra).items():
            out.setdefault(key, value)
        return out

    return build()


@st.composite
def rfc3339_date_times(draw: st.DrawFn) -> str:
    """RFC 3339 ``date-time`` text in the spellings servers really send (Go writes up to 9 fraction digits)."""
    moment = draw(st.datetimes(datetime.datetime(1970, 1, 1), datetime.datetime(2100, 1, 1)))
    digits = draw(st.sampled_from([0, 0, 1, 2, 3, 6, 9]))
    nanos = f"{moment.microsecond:06d}{draw(st.integers(0, 999)):03d}"
    fraction = f".{nanos[:digits]}" if digits else ""
    minutes = draw(st.integers(-(23 * 60 + 59), 23 * 60 + 59))
    numeric = f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    offset = draw(st.sampled_from(["Z", "Z", "z", "+00:00", "-00:00", numeric]))
    separator = draw(st.sampled_from("TTTt"))
    return f"{moment:%Y-%m-%d}{separator}{moment:%H:%M:%S}{fraction}{offset}"
