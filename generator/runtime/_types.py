"""Shared value types: ``UNSET`` (an argument or field the caller did not give) and
``WireUUID`` (the ``uuid.UUID`` the models read ``format: uuid`` values into)."""

import builtins
import re
from typing import Any, Literal
from uuid import UUID, SafeUUID


class Unset:
    """The type of ``UNSET``: "not given", which is never sent (unlike ``None``, sent as null)."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Unset = Unset()


class WireUUID(UUID):
    """A ``uuid.UUID`` read from a payload in its canonical text (lower-case hex, hyphenated).

    It is a ``UUID`` in every respect (``isinstance``, ``==`` and ``hash`` against any UUID,
    ``.hex``, ``.bytes``, ``.version`` ...), but keeps the text it was read from: reading one
    costs a regular-expression match instead of ``UUID()``'s parse (half the decoding time of
    a page of ids), its 128-bit value is computed only when asked for, and ``str()`` (what
    ``to_dict`` sends) gives back that text without formatting it again. Made by
    ``parse_uuid``; other spellings ``UUID()`` accepts are read into a plain ``UUID``.
    """

    __slots__ = ("_text", "_value")
    _text: str
    _value: builtins.int
    is_safe = SafeUUID.unknown  # type: ignore[misc]  # a slot of UUID (Final in typeshed), a constant here

    def __init__(self, text: str) -> None:
        if _CANONICAL_UUID(text) is None:
            raise ValueError(f"not a canonical UUID: {text!r}")
        object.__setattr__(self, "_text", text)

    @property  # type: ignore[misc]  # a slot of UUID (Final in typeshed), computed here on first use
    def int(self) -> builtins.int:
        try:
            return self._value
        except AttributeError:
            value = builtins.int(self._text.replace("-", ""), 16)
            object.__setattr__(self, "_value", value)
            return value

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"UUID({self._text!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (UUID, (self._text,))


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").fullmatch
_new = object.__new__
_set = object.__setattr__


def parse_uuid(text: str) -> UUID:
    """A ``format: uuid`` value as the models hold it: a ``WireUUID`` for the canonical text,
    ``UUID(text)`` for any other spelling it accepts (upper case, braces, ``urn:uuid:``);
    ValueError (TypeError for a non-string) otherwise, as ``UUID()`` raises."""
    if _CANONICAL_UUID(text) is None:
        return UUID(text)
    value = _new(WireUUID)
    _set(value, "_text", text)
    return value
