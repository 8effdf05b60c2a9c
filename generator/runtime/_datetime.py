"""Date-times that go back out exactly as they came in.

A payload's ``"2026-04-20T12:30:01.397730Z"`` parsed by ``datetime.fromisoformat`` and
written with ``isoformat()`` comes back as ``...+00:00``; a Go server's nanoseconds lose
three digits.  ``parse_datetime`` parses with plain ``datetime.fromisoformat`` and returns
that datetime when ``format_datetime`` would write it back as the very same text (the
canonical spellings: ``YYYY-MM-DDTHH:MM:SS``, no or six fraction digits that are not all
zero, then ``Z``, a non-zero ``+HH:MM``/``-HH:MM`` offset, or nothing); otherwise it returns
a ``ParsedDateTime``, a ``datetime`` (compares, hashes and computes like one) that remembers
its source text, which ``format_datetime`` writes back.  A datetime built by the caller (or
computed from a parsed one) is written as ISO 8601 with ``Z`` for UTC.

Both model flavours read and write date-times here: the attrs models call these functions,
the pydantic models through ``_pydantic.WireDateTime`` (which also holds the text to RFC 3339).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, SupportsIndex

_ZERO_OFFSETS = ("+00:00", "-00:00")
"""Written back as ``Z``."""
_fromisoformat = datetime.datetime.fromisoformat
_state: Callable[[datetime.datetime], tuple[Any, tuple[Any, ...]]] = datetime.datetime.__reduce__  # type: ignore[assignment]
"""A datetime's pickled state, ``(bytes, tzinfo)``: rebuilds it as a subclass three times
faster than parsing the text again (``fromisoformat`` never sets ``fold``, which it omits)."""


class ParsedDateTime(datetime.datetime):
    """A datetime read from a payload; ``source_text`` is the exact text it was read from."""

    __slots__ = ("source_text",)
    source_text: str

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # datetime's own reduction keeps no instance attributes: a copy or a pickle (pydantic's
        # model_copy(deep=True) among them) would lose the text.
        reduced = super().__reduce_ex__(protocol)  # (the class, its pickled state)
        assert isinstance(reduced, tuple)
        return (_restore, (reduced[1], getattr(self, "source_text", None)))


def _restore(arguments: tuple[Any, ...], source_text: str | None) -> ParsedDateTime:
    value = ParsedDateTime(*arguments)
    if source_text is not None:  # unset on one made by datetime arithmetic
        value.source_text = source_text
    return value


def parse_datetime(text: object) -> datetime.datetime:
    """An RFC 3339 date-time (any fraction length, ``Z``/``z``/offset) that keeps its text."""
    if not isinstance(text, str):
        raise TypeError(f"expected an RFC 3339 date-time string, got {type(text).__name__}")
    try:
        value = _fromisoformat(text)
    except ValueError:
        return _remembering(text)  # lower-case 't' / 'z', or not a date-time at all
    if _canonical(text, value):
        return value
    kept = ParsedDateTime(*_state(value)[1])
    kept.source_text = text
    return kept


def _canonical(text: str, value: datetime.datetime) -> bool:
    """Whether ``format_datetime(value)`` is ``text`` (``value`` parsed from it): the fixed
    positions of the separators and the length say which canonical spelling it can be, and
    ``fromisoformat`` has checked the digits in between already."""
    if text[4:17:3] != "--T::":  # YYYY-MM-DDTHH:MM:SS (not a week date, another separator ...)
        return False
    length = len(text)
    if length == 20:  # ...SSZ
        return text[19] == "Z"
    if length == 27:  # ...SS.ffffffZ
        return text[26] == "Z" and text[19] == "." and value.microsecond != 0
    if length == 25:  # ...SS+HH:MM
        return text[22] == ":" and text[19] in "+-" and text[19:] not in _ZERO_OFFSETS
    if length == 32:  # ...SS.ffffff+HH:MM
        return (
            text[29] == ":"
            and text[26] in "+-"
            and text[19] == "."
            and value.microsecond != 0
            and text[26:] not in _ZERO_OFFSETS
        )
    if length == 19:  # naive
        return value.tzinfo is None
    return length == 26 and text[19] == "." and value.microsecond != 0 and value.tzinfo is None  # naive, .ffffff


def _remembering(text: str) -> ParsedDateTime:
    try:
        value = ParsedDateTime.fromisoformat(text)
    except ValueError:
        # RFC 3339 allows lower-case 't' and 'z'; fromisoformat does not.
        try:
            value = ParsedDateTime.fromisoformat(text.upper())
        except ValueError:
            raise ValueError(f"not an RFC 3339 date-time: {text!r}") from None
    value.source_text = text
    return value


def format_datetime(value: datetime.datetime) -> str:
    """The source text of a parsed value, else ISO 8601 with ``Z`` for UTC."""
    if type(value) is ParsedDateTime:
        text = getattr(value, "source_text", None)  # unset on one made by datetime arithmetic
        if text is not None:
            return str(text)
    if isinstance(value, str):  # tolerated: a caller passing the wire text directly
        return value
    formatted = value.isoformat()
    # isoformat() ends so only for a zero offset (one with seconds ends in "+00:00:SS").
    if formatted.endswith("+00:00"):
        return formatted[:-6] + "Z"
    return formatted
