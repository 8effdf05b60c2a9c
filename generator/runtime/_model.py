"""Models as typed views over the decoded JSON.

A model instance holds the JSON object it was read from (``_d``), a cache of the fields read
so far (``_c``) and where it sits (``_p`` parent view, ``_k`` key path, ``_x`` context).  Reading a field
goes through its descriptor (``Plain`` or ``Converted``), which checks or converts the JSON
value on first read and caches converted ones.  So reading a response costs ``json.loads`` plus
one small object per JSON object read; untouched fields cost nothing; undocumented keys,
enum values the spec does not list, date-time spellings and key order round-trip by
construction (``to_dict()`` of an untouched model equals its input).

A value that departs from the schema never fails the call that received it: reading that
field raises ``ResponseValidationError`` naming the operation and the value's JSON pointer
(``FieldError`` outside a response, and while ``validate`` runs), and the value itself stays
in ``to_dict()``.  ``validate`` reads every field of a tree (what ``strict=True`` and
``from_dict`` do up front).  Setting a field writes its JSON form into ``_d`` (and the value
into the cache), so ``to_dict()`` always says what the model holds.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar, Generic, NoReturn, TypeVar, overload

from . import _drift
from ._enums import UNKNOWN_NAME
from ._parsing import FieldError, at, expect_object
from ._types import UNSET

G = TypeVar("G")
S = TypeVar("S")
M = TypeVar("M", bound="Model")
_MISS: Any = object()
_RECOVERABLE = (TypeError, ValueError, AttributeError, KeyError)
_new = object.__new__
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
                kind, model, key, _drift.excerpt(raw), location, ctx.operation, _pointer(path), found.reason
            )
            ctx.drift.record(drift)
    if ctx is None or ctx.strict or ctx.invalid is None:
        found.path = path
        raise found
    raise ctx.invalid(_pointer(path), found.reason) from found


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
    if parent is not None:
        key = str(obj._k[0])
        model = type(parent).__name__
        location = f"{type(parent)._location_}/properties/{_escape(key)}"
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
            value = cache.get(self.key, _MISS)
            if value is not _MISS:
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
        elif self.links and type(raw) is list and gc.isenabled():
            # A page's items: one view per item made in a burst, during which the cyclic
            # GC would walk everything alive again and again (as the request loop, ``_parse``).
            gc.disable()
            try:
                value = self.decode(raw)
                link(value, obj, (self.key,))
            except _RECOVERABLE as exc:
                self.depart(obj, raw, exc)
            finally:
                gc.enable()
        else:
            try:
                value = self.decode(raw)
            except _RECOVERABLE as exc:
                self.depart(obj, raw, exc)
            if self.links:
                link(value, obj, (self.key,))
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
                    pointer = _pointer([*obj._path(), self.key])
                    ctx.drift.record(
                        _drift.Drift(
                            _drift.UNKNOWN_ENUM_VALUE,
                            self.model,
                            self.key,
                            shown,
                            self.location,
                            ctx.operation,
                            pointer,
                        )
                    )


class Model:
    """The base of every generated model (see module doc)."""

    __slots__ = ("__weakref__", "_c", "_d", "_k", "_p", "_x")
    _d: Any
    """The JSON object (any JSON value for a departing array item: ``_item_view``)."""
    _c: dict[str, Any] | None
    _p: Model | None
    """The model this one was read from (None: a root)."""
    _k: tuple[str | int, ...]
    """Where in ``_p`` (or in the response, for a root): a key, or a key and an index."""
    _x: Context | None
    """The response's context (None: not read from a response)."""
    _fields_: ClassVar[tuple[Field[Any, Any], ...]] = ()
    _known_: ClassVar[frozenset[str]] = frozenset()
    _extras_: ClassVar[Any] = None
    """How undocumented keys' values are read (None: as JSON gave them)."""
    _location_: ClassVar[str] = ""
    """Where the schema is: ``specs/<slug>.yaml#<pointer>``."""
    _reports_extras_: ClassVar[bool] = False
    """Whether an undocumented key is drift (the schema lists properties and no ``additionalProperties``)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields = tuple(value for value in vars(cls).values() if isinstance(value, Field))
        cls._fields_ = fields
        cls._known_ = frozenset(field.key for field in fields)
        for field in fields:
            field.location = f"{cls._location_}/properties/{_escape(field.key)}"

    @classmethod
    def _view(cls: type[M], data: object) -> M:
        """A view over ``data`` (a JSON object), nothing read yet."""
        view = _new(cls)
        view._d = data if type(data) is dict else expect_object(data, cls.__name__)
        view._c = view._p = view._x = None
        view._k = ()
        return view

    @classmethod
    def _item_view(cls: type[M], data: object) -> M:
        """A view over an item of an array: one that is not an object is kept as it is (the
        other items stay usable), and reading any field of it raises (``not_an_object``)."""
        view = _new(cls)
        view._d = data if type(data) is dict or not isinstance(data, Mapping) else dict(data)
        view._c = view._p = view._x = None
        view._k = ()
        return view

    @classmethod
    def from_dict(cls: type[M], src_dict: Mapping[str, Any]) -> M:
        """A model over a copy of ``src_dict``, every value checked now: a ``FieldError`` with its
        JSON pointer for the first that does not match the spec.  (An operation's response is
        read in place, and checked field by field as it is read: see the module doc.)"""
        view = cls._view(_copy_json(src_dict) if isinstance(src_dict, dict) else src_dict)
        validate(view)
        return view

    def to_dict(self) -> dict[str, Any]:
        """The JSON object: what was read (key order, undocumented keys, spellings kept) with
        what was set since."""
        data: dict[str, Any] = self._d
        if type(data) is not dict:
            return data  # the JSON of a departing array item, as it came
        out = dict(data)
        cache = self._c
        if cache:
            for field in self._fields_:
                if field.key in cache and isinstance(field, Converted) and field.links:
                    value = cache[field.key]
                    if field.key in out or value:
                        out[field.key] = _encode_tree(value)
        return out

    def _path(self) -> list[str | int]:
        path: list[str | int] = []
        node: Model | None = self
        while node is not None:
            path[:0] = node._k
            node = node._p
        return path

    def _context(self) -> Context | None:
        return self._x

    @property
    def additional_properties(self) -> dict[str, Any]:
        """The undocumented keys and their values (a new dict; set them with ``model[key] = value``)."""
        if type(self._d) is not dict:
            return not_an_object(self)
        known = self._known_
        extras = {key: value for key, value in self._d.items() if key not in known}
        decode = self._extras_
        if decode is not None and extras:
            decoded = {}
            for key, value in extras.items():
                try:
                    decoded[key] = decode(value)
                except _RECOVERABLE as exc:
                    found = at(exc, key)
                    location = f"{self._location_}/additionalProperties"
                    departure(self, [*self._path(), *found.path], value, found, type(self).__name__, key, location)
                link(decoded[key], self, (key,))
            extras = decoded
        return extras

    @property
    def additional_keys(self) -> list[str]:
        if type(self._d) is not dict:
            return not_an_object(self)
        return [key for key in self._d if key not in self._known_]

    def __getitem__(self, key: str) -> Any:
        if key in self._known_:
            raise KeyError(key)
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._d[key] = value.to_dict() if isinstance(value, Model) else value

    def __delitem__(self, key: str) -> None:
        if key in self._known_:
            raise KeyError(key)
        del self._d[key]

    def __contains__(self, key: str) -> bool:
        return type(self._d) is dict and key in self._d and key not in self._known_

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Model)
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.to_dict()!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self)._view, (self.to_dict(),))

    def __copy__(self) -> Model:
        return type(self)._view(self.to_dict())

    def __deepcopy__(self, memo: dict[int, Any]) -> Model:
        import copy

        return type(self)._view(copy.deepcopy(self.to_dict(), memo))


def link(value: Any, parent: Model, keys: tuple[str | int, ...]) -> None:
    """Tell the models inside ``value`` (read from ``parent`` at ``keys``) where they are."""
    if isinstance(value, Model):
        if value._p is None:
            ctx = parent._x
            value._p, value._k, value._x = parent, keys, ctx
            if (
                ctx is not None
                and ctx.drift is not None
                and type(value._d) is dict
                and not value._known_.issuperset(value._d)
            ):
                undocumented(value, ctx)
    elif type(value) is list:
        # The common case inlined (an array of models: a page's items).
        ctx = parent._x
        drift = ctx is not None and ctx.drift is not None
        for index, item in enumerate(value):
            if isinstance(item, Model) and item._p is None:
                item._p, item._k, item._x = parent, (*keys, index), ctx
                if drift and type(item._d) is dict and not item._known_.issuperset(item._d):
                    undocumented(item, ctx)  # type: ignore[arg-type]
            else:
                link(item, parent, (*keys, index))
    elif type(value) is dict:
        for key, item in value.items():
            link(item, parent, (*keys, key))


def bind(value: Any, ctx: Context) -> None:
    """Make ``value`` (an operation's parsed result) the root of a response read in ``ctx``."""
    if isinstance(value, Model):
        value._x = ctx
        if ctx.drift is not None and type(value._d) is dict and not value._known_.issuperset(value._d):
            undocumented(value, ctx)
    elif type(value) is list:
        for index, item in enumerate(value):
            if isinstance(item, Model):
                item._k, item._x = (index,), ctx
                if ctx.drift is not None and type(item._d) is dict and not item._known_.issuperset(item._d):
                    undocumented(item, ctx)


def undocumented(view: Model, ctx: Context) -> None:
    recorder = ctx.drift
    if recorder is None or not view._reports_extras_:
        return
    model = type(view).__name__
    for key in view._d:
        if key not in view._known_ and not recorder.seen(_drift.UNDOCUMENTED, model, key):
            recorder.record(
                _drift.Drift(
                    _drift.UNDOCUMENTED,
                    model,
                    key,
                    _drift.excerpt(view._d[key]),
                    view._location_ + "/properties",
                    ctx.operation,
                    _pointer([*view._path(), key]),
                )
            )


def validate(value: Any) -> None:
    """Read every field of every model in ``value`` (a ``FieldError`` for the first that departs)."""
    if isinstance(value, Model):
        if type(value._d) is not dict:
            not_an_object(value)
        for field in value._fields_:
            read = field.__get__(value)
            if isinstance(field, Converted) and field.links:
                validate(read)
        if value._extras_ is not None and type(value._d) is dict and not value._known_.issuperset(value._d):
            validate(list(value.additional_properties.values()))
    elif type(value) is list:
        for item in value:
            validate(item)
    elif type(value) is dict:
        for item in value.values():
            validate(item)


def iter_models(value: Any) -> Iterator[Model]:
    if isinstance(value, Model):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from iter_models(item)


def _copy_json(value: Any) -> Any:
    if type(value) is dict:
        return {key: _copy_json(item) for key, item in value.items()}
    if type(value) is list:
        return [_copy_json(item) for item in value]
    return value


def _encode_tree(value: Any) -> Any:
    if isinstance(value, Model):
        return value.to_dict()
    if type(value) is list:
        return [_encode_tree(item) for item in value]
    if type(value) is dict:
        return {key: _encode_tree(item) for key, item in value.items()}
    return value


def _escape(key: str | int) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _pointer(path: list[str | int]) -> str:
    return "".join("/" + _escape(key) for key in path)


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return f"{_JSON_NAMES.get(type(value), type(value).__name__)} ({_drift.excerpt(value)})"
