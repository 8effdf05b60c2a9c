"""Deliberately wrong model output, to prove the round-trip and agreement checks catch it.

A payload mutation can only show what a schema-breaking input does.  Whether the
comparisons themselves are strict is shown here on real parsed samples: the written-back
JSON gets exactly the defects the issue names (a timestamp re-spelled, an integer as a
float, a null dropped, a null added for an absent field, a changed value), and the
pydantic reading gets one field changed; each must be reported at that very pointer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from generator.spec.toolkit import get_pointer, join_pointer, pointer_tokens
from tests.conformance.discovery import Sample
from tests.conformance.jsoncompare import with_value, without
from tests.conformance.mutations import sites

_DATE_TIME_END = re.compile(r"\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$")
ABSENT_KEY = "conformance-absent-field"


@dataclass(frozen=True)
class Tamper:
    name: str
    pointer: str
    apply: Callable[[Any], Any]


def round_trip_tampers(payload: Any) -> list[Tamper]:
    """One tamper of each kind, at the first place in the payload where it applies."""
    found: dict[str, Tamper] = {}
    for pointer, value, parent_is_object in _leaves(payload):
        if isinstance(value, str) and _DATE_TIME_END.search(value):
            respelled = value[:-1] + "+00:00" if value.endswith("Z") else value[:-6] + "Z"
            found.setdefault("timestamp-respelled", _setter("timestamp-respelled", pointer, respelled))
        elif isinstance(value, int) and not isinstance(value, bool):
            found.setdefault("integer-as-float", _setter("integer-as-float", pointer, float(value)))
        elif value is None and parent_is_object:
            found.setdefault("null-dropped", _deleter(pointer))
        elif isinstance(value, str):
            found.setdefault("value-changed", _setter("value-changed", pointer, value + "~"))
    first_object = next((p for p, v in _nodes(payload) if isinstance(v, dict)), None)
    if first_object is not None:
        found["absent-as-null"] = _setter("absent-as-null", join_pointer(first_object, ABSENT_KEY), None)
    return sorted(found.values(), key=lambda t: t.name)


def agree_change(sample: Sample) -> tuple[str, Any] | None:
    """(pointer, payload with one plain field changed) for the agreement sabotage, if it has such a field."""
    payload = sample.corrected()
    for site in sites(sample.target.vendor, sample.target.schema_pointer, payload):
        plain = not ({"enum", "const", "format", "pattern"} & set(site.schema))
        if site.pointer and plain and isinstance(site.value, str):
            return site.pointer, with_value(payload, site.pointer, site.value + "~")
    return None


def _setter(name: str, pointer: str, new: Any) -> Tamper:
    return Tamper(name, pointer, lambda data: with_value(data, pointer, new))


def _deleter(pointer: str) -> Tamper:
    return Tamper("null-dropped", pointer, lambda data: without(data, pointer))


def _nodes(value: Any, at: str = "") -> Iterator[tuple[str, Any]]:
    yield at, value
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _nodes(sub, join_pointer(at, key))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _nodes(sub, join_pointer(at, i))


def _leaves(value: Any) -> Iterator[tuple[str, Any, bool]]:
    """(pointer, scalar, whether its parent is an object) for every scalar below the root."""
    for pointer, node in _nodes(value):
        if pointer and not isinstance(node, (dict, list)):
            parent = get_pointer(value, join_pointer("", *pointer_tokens(pointer)[:-1]))
            yield pointer, node, isinstance(parent, dict)
