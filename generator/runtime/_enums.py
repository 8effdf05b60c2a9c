"""Enums that survive a value the spec does not list yet.

``Status("new_state")`` on an open enum returns a pseudo-member instead of raising: it is
an instance of the enum and of ``str`` (or ``int``), equals its raw value, serializes
back unchanged (``.value``), and says ``is_known is False``.  Known members are the usual
singletons and compare exactly as before.  Pydantic's enum validation calls the same
``_missing_`` hook, so the pydantic models are open too.
"""

from __future__ import annotations

from enum import Enum, IntEnum, StrEnum
from typing import Any

UNKNOWN_NAME = "<unknown>"


def unknown_member(enum_class: type[Enum], value: object) -> Any:
    """A pseudo-member of ``enum_class`` for ``value``, or None (the value is refused)."""
    member: Any
    if issubclass(enum_class, str) and isinstance(value, str):
        member = str.__new__(enum_class, value)
    elif issubclass(enum_class, int) and isinstance(value, int) and not isinstance(value, bool):
        member = int.__new__(enum_class, value)
    else:
        return None
    member._name_ = UNKNOWN_NAME
    member._value_ = value
    return member


def is_known(member: Enum) -> bool:
    """Whether ``member`` is one of the values the spec lists."""
    return type(member)._value2member_map_.get(member._value_) is member


class _OpenEnum(Enum):
    """What makes an enum open (see module doc): the base of ``OpenStrEnum`` and ``OpenIntEnum``,
    without members of its own, so that each keeps its data type's behaviour."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        return unknown_member(cls, value)

    @property
    def is_known(self) -> bool:
        return is_known(self)

    def __repr__(self) -> str:
        return super().__repr__() if is_known(self) else f"{type(self).__name__}({self._value_!r})"

    def __str__(self) -> str:
        return str(self._value_)


class OpenStrEnum(_OpenEnum, StrEnum):
    """A string enum that also accepts values the spec does not list (see module doc)."""


class OpenIntEnum(_OpenEnum, IntEnum):
    """An integer enum that also accepts values the spec does not list (see module doc)."""
