"""Check 4: the attrs and the pydantic reading of one payload agree, field by field.

Both flavors can write the payload back exactly and still disagree on what it means (one
keeps a string where the other has a datetime, picks another union branch, reads an
enum differently).  So the parsed objects themselves are compared, walking the payload:
each JSON key is looked up the way each flavor names it (attrs: ``names.python_identifier``,
the generator's own rule; pydantic: the field alias), undocumented keys in each flavor's
extras, and the typed leaves compared as values of the same kind.
"""

from __future__ import annotations

import datetime
import enum
import uuid
from typing import Any

from pydantic import BaseModel, RootModel

from generator import names
from generator.spec.toolkit import join_pointer
from tests.conformance.jsoncompare import Difference, json_type

_MISSING = object()


def disagreements(
    payload: Any, attrs_value: Any, pydantic_value: Any, known_classes: frozenset[str]
) -> list[Difference]:
    """Where the two parsed values differ; ``known_classes`` are component names both flavors use for classes."""
    return _walk(payload, attrs_value, _unwrap(pydantic_value), "", known_classes)


def _walk(payload: Any, a: Any, p: Any, at: str, known: frozenset[str]) -> list[Difference]:
    if a is _MISSING or p is _MISSING:
        side = "attrs" if a is _MISSING else "pydantic"
        return [Difference(at, f"{side} has no value for this key")]
    a_class, p_class = type(a).__name__, type(p).__name__
    if a_class in known and p_class in known and a_class != p_class:
        return [Difference(at, f"attrs reads it as {a_class}, pydantic as {p_class}")]
    if isinstance(payload, dict) and _is_container(a) and _is_container(p):
        found: list[Difference] = []
        for key, sub in payload.items():
            found += _walk(sub, _attrs_child(a, key), _unwrap(_pydantic_child(p, key)), join_pointer(at, key), known)
        return found
    if isinstance(payload, list) and isinstance(a, list) and isinstance(p, list):
        if len(a) != len(p):
            return [Difference(at, f"attrs has {len(a)} items, pydantic {len(p)}")]
        return [d for i, sub in enumerate(payload) for d in _walk(sub, a[i], _unwrap(p[i]), join_pointer(at, i), known)]
    a_leaf, p_leaf = _leaf(a), _leaf(p)
    if a_leaf != p_leaf:
        return [Difference(at, f"attrs has {a_leaf!r}, pydantic has {p_leaf!r}")]
    return []


def _is_container(value: Any) -> bool:
    return isinstance(value, (dict, BaseModel)) or hasattr(value, "additional_properties")


def _attrs_child(model: Any, key: str) -> Any:
    if isinstance(model, dict):
        return model.get(key, _MISSING)
    extras = model.additional_properties
    if key in extras:
        return extras[key]
    value = getattr(model, names.python_identifier(key), _MISSING)
    # Unset (the attrs "not given" marker) for a key the payload has is a dropped field.
    return _MISSING if type(value).__name__ == "Unset" else value


def _pydantic_child(model: Any, key: str) -> Any:
    if isinstance(model, dict):
        return model.get(key, _MISSING)
    extras = model.model_extra or {}
    if key in extras:
        return extras[key]
    for name, info in type(model).model_fields.items():
        if (info.alias or name) == key:
            # The instance dict, not getattr: reading a deprecated field would warn.
            return vars(model).get(name, _MISSING)
    return _MISSING


def _unwrap(value: Any) -> Any:
    while isinstance(value, RootModel):
        value = value.root
    return value


def _leaf(value: Any) -> tuple[str, Any]:
    """A comparable (kind, value): enums by value, date-times as instant plus offset."""
    if isinstance(value, enum.Enum):
        return ("enum", value.value)
    if isinstance(value, datetime.datetime):
        # Equal instants with different offsets are different readings of the text.
        return ("date-time", (value.replace(tzinfo=None), value.utcoffset()))
    if isinstance(value, uuid.UUID):
        return ("uuid", value)
    if isinstance(value, (dict, list)) or hasattr(value, "additional_properties"):
        return ("container", type(value).__name__)
    return (json_type(value), value)
