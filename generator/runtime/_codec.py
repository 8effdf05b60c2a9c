"""Decoding helpers the models call for lists, unions and dates (the rest is inline code).

A list item or union branch is decoded by a callable (``Model.from_dict``, ``parse_uuid``,
``list_of(...)``), so one loop here reports a bad item by its index instead of a loop
written out in every model.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from ._parsing import expect_list, raise_at, unknown_tag

Decoder = Callable[[Any], Any]
_RECOVERABLE = (TypeError, ValueError, AttributeError, KeyError)


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


def list_of(decode: Decoder) -> Decoder:
    """A decoder of arrays whose items ``decode`` reads (a list item that is itself a list)."""
    return lambda data: decode_list(data, decode)


def decode_union(
    data: object, branches: tuple[tuple[type, Decoder, str], ...], open_: bool, nullable: bool = False
) -> Any:
    """The first branch (JSON type, decoder, type name) that reads ``data``; None if ``nullable``.

    Branches whose JSON type does not match are skipped.  When the union is ``open_`` (one
    branch takes JSON as it is) a value no branch reads is kept as it is; otherwise the last
    branch is not guarded, so its error says what was wrong.
    """
    if data is None and nullable:
        return None
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
