"""What the pydantic models (``pydantic_models.py``) build on, so a payload goes back out as it came.

Only the pydantic models import this module (the package's ``__init__``, the attrs models and
the rest of ``_runtime`` never do): a user of the attrs client needs no pydantic at all.

- ``WireDateTime``: the type of every ``format: date-time`` field.  pydantic's own datetime
  writes ``+00:00`` as ``Z``, pads a fraction to six digits and cuts nanoseconds, so a
  payload read and written again would differ from what the server sent.  This one parses
  and writes with ``_datetime`` (the attrs models' functions): the value is a ``datetime``
  (a ``ParsedDateTime`` that remembers its text when its spelling is not the canonical one)
  and is written back as the exact text it was read from.
- ``WireModel``, the base of every model: parses JSON keys only, so an undocumented key is
  kept as it came whatever it is called, and dumps the exact payload by default.
- ``RootModel``: pydantic's, with the same dump defaults (list and union schemas).

Dumping: ``model_dump()`` and ``model_dump_json()`` write JSON keys and leave out every field
the payload (or the constructor call) did not set, so ``model_dump(mode="json")`` of a parsed
model is the payload itself: no ``null`` for a key the server never sent.  Pass
``exclude_unset=False`` (every field, defaults included) or ``by_alias=False`` (Python
names) to ask otherwise for one call.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Self, TypeAlias, TypeVar

import pydantic
from pydantic import AfterValidator, AwareDatetime, ConfigDict, Field, PlainSerializer, WrapValidator
from pydantic_core import core_schema
from typing_extensions import override

from ._datetime import format_datetime, parse_datetime
from ._gc import gc_paused

T = TypeVar("T")
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")
"""RFC 3339 section 5.6 ``date-time``, which the schema promises.  ``parse_datetime`` alone
also reads what ``fromisoformat`` reads (a space separator, a week date, no offset): the attrs
models take that from a server, the pydantic models validate against the schema."""


def _read_datetime(value: Any, validate: core_schema.ValidatorFunctionWrapHandler) -> datetime.datetime:
    if isinstance(value, str):
        if not _RFC3339.fullmatch(value):
            raise ValueError("expected an RFC 3339 date-time such as 2006-01-02T15:04:05Z")
        return parse_datetime(value)
    if isinstance(value, datetime.datetime):
        validate(value)  # pydantic's own check (an offset is required) ...
        return value  # ... but the value itself is kept: a ParsedDateTime keeps its text
    # Not pydantic's fallback, which would read a number as a Unix time.
    raise ValueError("expected an RFC 3339 date-time string")


WireDateTime: TypeAlias = Annotated[
    AwareDatetime,
    WrapValidator(_read_datetime),
    PlainSerializer(format_datetime, return_type=str, when_used="json-unless-none"),
]
"""An aware ``datetime`` written back to JSON as the exact text it was read from; one made in
Python is written in RFC 3339 with ``Z`` for UTC (``_datetime.format_datetime``)."""


def _gc_paused(parse: Callable[..., T], *args: Any, **options: Any) -> T:
    """``parse(*args, **options)`` with the cyclic GC paused, as the client's request loop
    does: the models are acyclic, and the collections their many allocations trigger (each
    walking everything alive) cost more than the parsing itself (2/3 of
    ``model_validate_json`` on the bench page).  Resumed only by whoever paused it."""
    with gc_paused():
        return parse(*args, **options)


def _exact_dump(options: dict[str, Any]) -> dict[str, Any]:
    # JSON keys come from the config (serialize_by_alias); fields never set stay out.
    options.setdefault("exclude_unset", True)
    return options


_ALIASED_NAMES: set[str] = set()
"""Python names of the fields (of every model in this package) whose JSON key differs."""


class _ExtraKey(str):
    """An undocumented key spelled like a field's Python name, as kept in ``model_extra``.

    It is a ``str`` (equal, same hash); only its type records where it came from, which
    ``WireModel.model_post_init`` needs to tell it apart from the field itself.
    """

    __slots__ = ()


def _mark_extra_key(key: str) -> str:
    # Runs only for undocumented keys, so a payload without any costs nothing here.
    return _ExtraKey(key) if key in _ALIASED_NAMES else key


class WireModel(pydantic.BaseModel):
    """Base of every generated pydantic model: JSON keys on the wire, Python names in code.

    Parsing (``model_validate``, ``model_validate_json``, a ``RootModel`` or ``TypeAdapter``
    holding these models) matches JSON keys only: an undocumented key that happens to be
    spelled like a field's Python name (``to_user_id`` beside a missing ``toUserId``) stays
    an extra, and the payload round-trips.  ``by_name=True`` asks otherwise for one call.
    The constructor takes Python names (``Orchestration(to_user_id=...)`` must never drop
    the argument) as well as JSON keys.

    pydantic counts every extra key in ``model_fields_set``, so that extra would also mark
    the field of the same name as set, and the dump (which leaves unset fields out) would
    write the field (``toUserId: null``).  ``model_post_init`` takes such a key out again; it
    can tell the two apart because pydantic records a model's fields before its extras, and
    ``_mark_extra_key`` gives the extras a type of their own.
    """

    model_config: ClassVar[ConfigDict] = ConfigDict(
        validate_by_alias=True, validate_by_name=False, serialize_by_alias=True
    )
    __pydantic_extra__: dict[Annotated[str, AfterValidator(_mark_extra_key)], Any] = Field(init=False)

    def __init__(self, /, **data: Any) -> None:
        __tracebackhide__ = True
        self.__pydantic_validator__.validate_python(data, self_instance=self, by_name=True)

    # Tells pydantic this is still its own __init__: otherwise it would call it for every
    # nested model it parses (slow, and by name again).
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        _ALIASED_NAMES.update(
            name for name, field in cls.__pydantic_fields__.items() if field.alias not in (None, name)
        )

    def model_post_init(self, context: Any, /) -> None:
        # An empty extra dict (nearly every payload) returns at once: parsing pays one call.
        if self.__pydantic_extra__:
            fields = type(self).__pydantic_fields__
            fields_set = self.__pydantic_fields_set__
            # An _ExtraKey is in the set only when the field itself was not (the set keeps
            # the first of two equal names, and fields come first).
            fields_set.difference_update([key for key in fields_set if type(key) is _ExtraKey and key in fields])

    # **options rather than pydantic's own keyword list, which grows from one minor version
    # to the next (the package supports every pydantic 2 from 2.11 on).
    @classmethod
    @override
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> Self:
        """pydantic's, with the cyclic GC paused while it runs (``_gc_paused``)."""
        return _gc_paused(super().model_validate_json, json_data, **options)

    @classmethod
    @override
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """pydantic's, with the cyclic GC paused while it runs (``_gc_paused``)."""
        return _gc_paused(super().model_validate, obj, **options)

    @override
    def model_dump(self, **options: Any) -> dict[str, Any]:
        """The model as Python data, by default exactly the payload it was read from (see the module)."""
        return super().model_dump(**_exact_dump(options))

    @override
    def model_dump_json(self, **options: Any) -> str:
        """The model as JSON text, by default exactly the payload it was read from (see the module)."""
        return super().model_dump_json(**_exact_dump(options))


RootType = TypeVar("RootType")


class RootModel(pydantic.RootModel[RootType]):
    """pydantic's ``RootModel`` (a list or a union schema) with ``WireModel``'s dump defaults:
    the models inside are written as they were read, whatever holds them."""

    @classmethod
    @override
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> Self:
        """pydantic's, with the cyclic GC paused while it runs (``_gc_paused``)."""
        return _gc_paused(super().model_validate_json, json_data, **options)

    @classmethod
    @override
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """pydantic's, with the cyclic GC paused while it runs (``_gc_paused``)."""
        return _gc_paused(super().model_validate, obj, **options)

    @override
    def model_dump(self, **options: Any) -> Any:
        """The root as Python data, by default exactly the payload it was read from (see the module)."""
        return super().model_dump(**_exact_dump(options))

    @override
    def model_dump_json(self, **options: Any) -> str:
        """The root as JSON text, by default exactly the payload it was read from (see the module)."""
        return super().model_dump_json(**_exact_dump(options))
