"""The field descriptors of the models (``_model.py``): how one property reads, checks,
converts, caches and is set, and what happens to a value that departs from its schema
(``departure``: reported as drift, then raised).  ``Context`` is what the models of one
response share."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, NoReturn, TypeVar, overload

from . import _drift
from ._enums import UNKNOWN_NAME
from ._gc import gc_paused
from ._parsing import FieldError, at
from ._types import UNSET

if TYPE_CHECKING:
    from ._model import Model

G = TypeVar("G")
S = TypeVar("S")
MISS: Any = object()
RECOVERABLE = (TypeError, ValueError, AttributeError, KeyError)
_JSON_NAMES = {str: "string", int: "integer", float: "number", bool: "boolean", list: "array", dict: "object"}


class Context:
    """What the models of one response share: how a departing value is reported."""

    __slots__ = ("drift", "invalid", "operation", "strict")

    def __init__(
        self,
        operation: str,
        invalid: Callable[[str, str], Exception] | None = None,
        drift: _drift.DriftRecorder | None = None,
        strict: bool = False,
    ) -> None:
        self.operation = operation
        self.invalid = invalid
        """Builds the error a departing field raises on read (pointer, reason)."""
        self.drift = drift
        self.strict = strict
        """While True a departing field raises ``FieldError`` (``validate`` turns it into the call's error)."""


class Field(Generic[G, S]):
    """A documented property of a model: reads as ``G``, is set from ``S``."""

    __slots__ = ("encode", "key", "location", "model", "name", "nullable", "required")
    key: str
    """The JSON key."""
    required: bool
    nullable: bool
    encode: Callable[[Any], Any] | None
    """The value's JSON form (None: the value itself)."""
    name: str
    """The attribute's name on the model."""
    model: str
    """The model class's name."""
    location: str
    """Where the property is in the spec: ``specs/<slug>.yaml#<pointer>``."""

    def __init__(
        self,
        key: str,
        *,
        required: bool = False,
        nullable: bool = False,
        encode: Callable[[Any], Any] | None = None,
    ) -> None:
        self.key = key
        self.required = required
        self.nullable = nullable
        self.encode = encode
        self.name = key
        self.model = ""
        self.location = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.model = owner.__name__

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Field[G, S]: ...
    @overload
    def __get__(self, obj: Model, owner: type | None = None) -> G: ...
    def __get__(self, obj: Model | None, owner: type | None = None) -> Any:
        raise NotImplementedError  # pragma: no cover  (each kind has its own)

    def __set__(self, obj: Model, value: S) -> None:
        if value is UNSET:
            obj._d.pop(self.key, None)
            if obj._c is not None:
                obj._c.pop(self.key, None)
            return
        obj._d[self.key] = value if self.encode is None or value is None else self.encode(value)

    def absent(self, obj: Model) -> Any:
        if self.required:
            return self.depart(obj, UNSET, KeyError(self.key))
        return UNSET

    def depart(self, obj: Model, raw: Any, error: BaseException) -> NoReturn:
        """A value that does not read: reported, then raised (the call's error or a FieldError)."""
        found = at(error, self.key)
        departure(obj, [*obj._path(), *found.path], raw, found, self.model, self.key, self.location)


def departure(
    obj: Model, path: list[str | int], raw: Any, found: FieldError, model: str, key: str, location: str
) -> NoReturn:
    """Report the departing ``raw`` (at ``path``) as drift, then raise for it: the call's
    ``ResponseValidationError`` (tolerant), else a ``FieldError`` with the full path."""
    ctx = obj._context()
    if ctx is not None and ctx.drift is not None and raw is not UNSET:
        kind = _drift.NULL if _inner(raw, found.path[1:]) is None else _drift.WRONG_TYPE
        if not ctx.drift.seen(kind, model, key):
            drift = _drift.Drift(
                kind, model, key, _drift.excerpt(raw), location, ctx.operation, pointer(path), found.reason
            )
            ctx.drift.record(drift)
    if ctx is None or ctx.strict or ctx.invalid is None:
        found.path = path
        raise found
    raise ctx.invalid(pointer(path), found.reason) from found


def _inner(value: Any, path: list[str | int]) -> Any:
    """The value at ``path`` inside ``value`` (as far as it goes)."""
    for key in path:
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            break
    return value


def not_an_object(obj: Model) -> NoReturn:
    """Reading a field of a model whose JSON is not an object (a list item that departs): the
    item is the departure, reported against the field that holds it."""
    model, key, location = type(obj).__name__, "", type(obj)._location_
    parent = obj._p
    keys = [k for k in obj._k if isinstance(k, str)]
    if parent is not None and keys:
        key = keys[-1]
        model = parent.__name__
        location = f"{parent._location_}/properties/{escape(key)}"
    found = FieldError(f"expected a JSON object ({type(obj).__name__}), got {_kind(obj._d)}")
    departure(obj, obj._path(), obj._d, found, model, key, location)


class Plain(Field[G, S]):
    """A value kept as JSON gave it, checked against its JSON types on each read."""

    __slots__ = ("type_name", "types")

    def __init__(self, key: str, types: tuple[type, ...] = (), **kwargs: Any) -> None:
        super().__init__(key, **kwargs)
        self.types = frozenset(types)
        """Empty: any JSON value."""
        self.type_name = " or ".join(_JSON_NAMES.get(t, t.__name__) for t in types)

    def __get__(self, obj: Model | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        try:
            value = obj._d.get(self.key, UNSET)
        except AttributeError:
            return not_an_object(obj)
        if type(value) in self.types:
            return value
        if value is UNSET:
            return self.absent(obj)
        if not self.types or (value is None and self.nullable):
            return value
        return self.depart(obj, value, TypeError(f"expected {self.type_name}, got {_kind(value)}"))


class Converted(Field[G, S]):
    """A value converted on first read (a model, list, uuid, date-time, enum ...) and cached."""

    __slots__ = ("decode", "empty", "enum", "links")

    def __init__(
        self,
        key: str,
        decode: Callable[[Any], Any],
        *,
        links: bool = False,
        enum: bool = False,
        empty: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(key, **kwargs)
        self.decode = decode
        self.links = links
        """The value holds models: they learn their parent (for pointers and drift reports)."""
        self.enum = enum
        self.empty = empty
        """An optional array read as ``[]`` when absent (``to_dict`` still has no key)."""

    def __get__(self, obj: Model | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        cache = obj._c
        if cache is None:
            cache = obj._c = {}
        else:
            value = cache.get(self.key, MISS)
            if value is not MISS:
                return value
        try:
            raw = obj._d.get(self.key, UNSET)
        except AttributeError:
            return not_an_object(obj)
        if raw is UNSET:
            if self.empty:
                value = cache[self.key] = []
                return value
            return self.absent(obj)
        if raw is None and self.nullable:
            value = None
        elif self.links and type(raw) is list:
            # A page's items: one view per item made in a burst (``_gc``).
            with gc_paused():
                try:
                    value = self.decode(raw)
                    _model.link(value, obj, (self.key,))
                except RECOVERABLE as exc:
                    self.depart(obj, raw, exc)
        else:
            try:
                value = self.decode(raw)
            except RECOVERABLE as exc:
                self.depart(obj, raw, exc)
            if self.links:
                _model.link(value, obj, (self.key,))
            elif self.enum:
                self.unknown_members(obj, value)
        cache[self.key] = value
        return value

    def __set__(self, obj: Model, value: S) -> None:
        super().__set__(obj, value)
        if value is not UNSET:
            if obj._c is None:
                obj._c = {}
            obj._c[self.key] = value

    def unknown_members(self, obj: Model, value: Any) -> None:
        ctx = obj._context()
        if ctx is None or ctx.drift is None:
            return
        for member in value if isinstance(value, list) else (value,):
            if getattr(member, "_name_", None) == UNKNOWN_NAME:
                shown = _drift.excerpt(member._value_)
                if not ctx.drift.seen(_drift.UNKNOWN_ENUM_VALUE, self.model, self.key, shown):
                    where = pointer([*obj._path(), self.key])
                    ctx.drift.record(
                        _drift.Drift(
                            _drift.UNKNOWN_ENUM_VALUE,
                            self.model,
                            self.key,
                            shown,
                            self.location,
                            ctx.operation,
                            where,
                        )
                    )


def escape(key: str | int) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def pointer(path: list[str | int]) -> str:
    return "".join("/" + escape(key) for key in path)


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return f"{_JSON_NAMES.get(type(value), type(value).__name__)} ({_drift.excerpt(value)})"


from . import _model  # noqa: E402  (link, at call time: _model imports this module first)
