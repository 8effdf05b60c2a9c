"""Decoding helpers the models call for lists, unions and dates (the rest is inline code).

A list item or union branch is decoded by a callable (``Model.from_dict``, ``parse_uuid``,
``list_of(...)``), so one loop here reports a bad item by its index instead of a loop
written out in every model.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from ._parsing import FieldError, expect_list, raise_at, unknown_tag

Decoder = Callable[[Any], Any]
_RECOVERABLE = (TypeError, ValueError, AttributeError, KeyError)
_JSON_NAMES = {str: "string", int: "integer", float: "number", bool: "boolean", list: "array", dict: "object"}


def as_is(value: Any) -> Any:
    """The decoder of a value kept as JSON gave it."""
    return value


def decode_list(data: object, decode: Decoder) -> list[Any]:
    """Each item of the JSON array ``data`` decoded; a bad item is reported at its index."""
    items = expect_list(data)
    decoded: list[Any] = []
    try:
        for item in items:
            decoded.append(decode(item))
    except _RECOVERABLE as exc:
        raise_at(exc, len(decoded))
    return decoded


def as_list(data: object) -> list[Any]:
    """An array of any values, as JSON gave it."""
    return expect_list(data)


def check_list(data: object, types: tuple[type, ...], nullable: bool = False) -> list[Any]:
    """The JSON array ``data`` of plain values, each item checked against its JSON types."""
    items = expect_list(data)
    for index, item in enumerate(items):
        if type(item) not in types and not (item is None and nullable):
            name = " or ".join(_JSON_NAMES.get(t, t.__name__) for t in types)
            got = "null" if item is None else f"{_JSON_NAMES.get(type(item), type(item).__name__)} ({item!r:.40})"
            raise FieldError(f"expected {name}, got {got}", [index])
    return items


def check_plain(value: Any, types: tuple[type, ...], nullable: bool = False) -> Any:
    """``value`` when it has one of the JSON ``types`` (or is null and ``nullable``)."""
    if type(value) in types or (value is None and nullable):
        return value
    name = " or ".join(_JSON_NAMES.get(t, t.__name__) for t in types)
    got = "null" if value is None else f"{_JSON_NAMES.get(type(value), type(value).__name__)} ({value!r:.40})"
    raise FieldError(f"expected {name}, got {got}")


def checked_list(types: tuple[type, ...], nullable: bool = False) -> Decoder:
    """A decoder of arrays of plain values (``check_list``), e.g. for the items of a list."""
    return lambda data: check_list(data, types, nullable)


def list_of(decode: Decoder) -> Decoder:
    """A decoder of arrays whose items ``decode`` reads (a list item that is itself a list)."""
    return lambda data: decode_list(data, decode)


def decode_union(
    data: object, branches: tuple[tuple[type, Decoder, str], ...], open_: bool, nullable: bool = False
) -> Any:
    """The first branch (JSON type, decoder, type name) that reads ``data``; None if ``nullable``.

    An object several object branches could read goes to the one declaring most of its keys
    (``_best_object_branch``), as pydantic's smart union picks.

    Branches whose JSON type does not match are skipped.  When the union is ``open_`` (one
    branch takes JSON as it is) a value no branch reads is kept as it is; otherwise the last
    branch is not guarded, so its error says what was wrong.
    """
    if data is None and nullable:
        return None
    if isinstance(data, dict) and sum(1 for b in branches if b[0] is dict) > 1:
        return _best_object_branch(data, branches, open_)
    last = len(branches) - 1
    for index, (json_type, decode, type_name) in enumerate(branches):
        if open_ or index < last:
            if isinstance(data, json_type):
                try:
                    return decode(data)
                except _RECOVERABLE:
                    pass
            continue
        if not isinstance(data, json_type):
            raise TypeError(f"expected {type_name}, got {type(data).__name__}")
        return decode(data)
    return data


def _best_object_branch(data: dict[str, Any], branches: tuple[tuple[type, Decoder, str], ...], open_: bool) -> Any:
    """Of the object branches that read ``data``, the one that declares most of its keys.

    An untagged union of open objects (none requires a key the others lack) is read by every
    branch; the first one would take any object. Like pydantic's smart union, the branch with
    the most declared fields present wins, the earliest on a tie, so both model flavours pick
    the same branch. When none reads it, the last object branch's error says why (or, for an
    ``open_`` union, the value is kept as it is).
    """
    best: Any = None
    best_score = -1
    error: Exception | None = None
    for json_type, decode, _type_name in branches:
        if json_type is not dict:
            continue
        try:
            value = decode(data)
        except _RECOVERABLE as exc:
            error = exc
            continue
        extra = getattr(value, "additional_properties", None)
        score = sum(1 for key in data if key not in extra) if isinstance(extra, dict) else 0
        if score > best_score:
            best, best_score = value, score
    if best_score >= 0:
        return best
    if open_ or error is None:
        return data
    raise error


def decode_tagged(
    data: object, property_name: str, decoders: Mapping[str, Decoder], union: str, nullable: bool = False
) -> Any:
    """The branch of a discriminated union its tag names; an unknown tag names itself."""
    if data is None and nullable:
        return None
    tag = data.get(property_name) if isinstance(data, dict) else None
    decode = decoders.get(tag) if isinstance(tag, str) else None
    if decode is None:
        raise unknown_tag(data, property_name, tuple(decoders), union)
    return decode(data)


def const(value: Any, expected: Any, name: str) -> Any:
    """``value`` when it is the schema's ``const``; a ValueError naming the field otherwise."""
    if value != expected:
        raise ValueError(f"{name} must match const {expected!r}, got '{value}'")
    return value


def parse_date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)
