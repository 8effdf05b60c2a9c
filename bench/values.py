"""Schema-driven JSON values: vary a docs sample, or make one from scratch.

Both the decode payloads (section 4) and the synthetic specs' samples (section 3) need
values that satisfy a spec's schemas (formats, enums, bounds, discriminated unions) but
are not all the same string: a decoder that caches, interns or short-cuts on repeated
values would otherwise look faster than it is.  Date-times are deliberately written in
several RFC 3339 spellings (``Z``, ``+02:00``, with and without fractions) because the
runtime must round-trip them exactly.
"""

from __future__ import annotations

import random
import string
from typing import Any

from generator.spec.toolkit import resolve

JSON = Any
Schema = dict[str, Any]

_BIG = 2**64 + 12345
"""An amount beyond 64 bits: the Formance spec says amounts can exceed them."""


def date_time(rng: random.Random) -> str:
    year, month, day = rng.randint(2019, 2027), rng.randint(1, 12), rng.randint(1, 28)
    hms = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    fraction = rng.choice(["", f".{rng.randint(0, 999):03d}", f".{rng.randint(0, 999_999):06d}"])
    zone = rng.choice(["Z", "Z", "+00:00", "+02:00", "-05:30"])
    return f"{year:04d}-{month:02d}-{day:02d}T{hms}{fraction}{zone}"


def uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def token(rng: random.Random, length: int = 12) -> str:
    return "".join(rng.choices(string.ascii_letters + string.digits + ":-_", k=length))


def _alternatives(schema: Schema) -> list[Any]:
    found = schema.get("oneOf") or schema.get("anyOf") or []
    return list(found) if isinstance(found, list) else []


def _types(schema: Schema) -> list[str]:
    declared = schema.get("type")
    if isinstance(declared, list):
        return [t for t in declared if isinstance(t, str)]
    return [declared] if isinstance(declared, str) else []


def _branch(doc: JSON, schema: Schema, value: JSON) -> Schema | None:
    """The oneOf/anyOf branch whose ``const`` properties ``value`` carries."""
    branches = [resolve(doc, b) for b in _alternatives(schema)]
    for branch in branches:
        consts = {
            k: p["const"] for k, p in branch.get("properties", {}).items() if isinstance(p, dict) and "const" in p
        }
        if isinstance(value, dict) and consts and all(value.get(k) == c for k, c in consts.items()):
            return branch
    return None


def _integer(schema: Schema, rng: random.Random) -> int:
    low = schema.get("minimum", 0)
    high = schema.get("maximum", 10**9)
    if schema.get("format") == "bigint" and rng.random() < 0.02:
        return _BIG + rng.randint(0, 10**6)
    return rng.randint(int(low), int(max(low, high)))


def _string(schema: Schema, value: str | None, rng: random.Random) -> str:
    fmt = schema.get("format")
    if fmt == "date-time":
        return date_time(rng)
    if fmt == "uuid":
        return uuid(rng)
    if "pattern" in schema and value is not None:
        return value  # keep what the sample shows: we do not generate from regexes
    length = len(value) if value else 10
    return token(rng, max(4, min(length + rng.randint(-2, 6), 40)))


def vary(doc: JSON, schema: Any, value: JSON, rng: random.Random, switch: float = 0.5) -> JSON:
    """``value`` with the same shape but new values, still valid against ``schema``.

    Discriminated unions switch branch with probability ``switch`` so both branches are
    decoded; free-form objects and values without a schema are kept as they are.
    """
    node = resolve(doc, schema)
    if value is None or "const" in node:
        return value
    if "oneOf" in node or "anyOf" in node:
        branch = _branch(doc, node, value)
        options = [resolve(doc, b) for b in _alternatives(node)]
        if branch is not None and len(options) > 1 and rng.random() < switch:
            return make(doc, rng.choice([o for o in options if o is not branch]), rng)
        return vary(doc, branch, value, rng, switch) if branch is not None else value
    if isinstance(node.get("enum"), list):
        members = [m for m in node["enum"] if m is not None]
        return rng.choice(members) if members else value
    if isinstance(value, dict):
        props = node.get("properties", {})
        extra = node.get("additionalProperties")
        out = {}
        for key, item in value.items():
            sub = props.get(key, extra if isinstance(extra, dict) else None)
            out[key] = vary(doc, sub, item, rng, switch) if sub is not None else item
        return out
    if isinstance(value, list):
        return [vary(doc, node.get("items", {}), item, rng, switch) for item in value]
    if isinstance(value, bool):
        return rng.random() < 0.5
    if isinstance(value, int):
        return _integer(node, rng) if "integer" in _types(node) or not _types(node) else value
    if isinstance(value, float):
        return round(rng.uniform(0, 10**6), 4)
    if isinstance(value, str):
        return _string(node, value, rng)
    return value


def make(doc: JSON, schema: Any, rng: random.Random, depth: int = 0) -> JSON:
    """A value for ``schema`` with every declared property (bounded depth for recursion)."""
    node = resolve(doc, schema)
    if "const" in node:
        return node["const"]
    if isinstance(node.get("enum"), list):
        return rng.choice([m for m in node["enum"] if m is not None])
    if "oneOf" in node or "anyOf" in node:
        return make(doc, rng.choice(_alternatives(node)), rng, depth + 1)
    types = [t for t in _types(node) if t != "null"] or (["object"] if "properties" in node else ["string"])
    kind = types[0]
    if kind == "object":
        if depth > 6:
            return {}
        props = node.get("properties", {})
        out = {key: make(doc, sub, rng, depth + 1) for key, sub in props.items()}
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and not props:
            out = {token(rng, 6): make(doc, extra, rng, depth + 1) for _ in range(2)}
        return out
    if kind == "array":
        return [] if depth > 6 else [make(doc, node.get("items", {}), rng, depth + 1) for _ in range(2)]
    if kind == "integer":
        return _integer(node, rng)
    if kind == "number":
        return round(rng.uniform(0, 10**6), 4)
    if kind == "boolean":
        return rng.random() < 0.5
    return _string(node, None, rng)
