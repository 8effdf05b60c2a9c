"""Models as typed views over the decoded JSON.

A model instance holds the JSON object it was read from (``_d``), a cache of the fields read
so far (``_c``) and where it sits (``_k`` its JSON pointer's keys from the response's root,
``_p`` the class of the model that holds it, ``_x`` the response's context).  A view never
refers to its parent, so a page is freed by reference counting once the caller drops it (no
cycle left for the cyclic GC: a pager's memory stays flat).  Reading a field
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

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, TypeVar

from . import _drift
from ._fields import RECOVERABLE, Context, Converted, Field, Plain, departure, not_an_object
from ._fields import escape as _escape
from ._fields import pointer as _pointer
from ._gc import gc_paused
from ._parsing import at, expect_object

__all__ = ["Context", "Converted", "Field", "Model", "Plain", "bind", "link", "validate"]

M = TypeVar("M", bound="Model")
_new = object.__new__


class Model:
    """The base of every generated model (see module doc)."""

    __slots__ = ("__weakref__", "_c", "_d", "_k", "_p", "_x")
    _d: Any
    """The JSON object (any JSON value for a departing array item: ``_item_view``)."""
    _c: dict[str, Any] | None
    _p: type[Model] | None
    """The class of the model this one was read from (None: a root, or not linked yet)."""
    _k: tuple[str | int, ...]
    """The keys of its JSON pointer from the root it was read from."""
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
        with gc_paused():
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
        return list(self._k)

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
                except RECOVERABLE as exc:
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

    __hash__: ClassVar[None] = None  # type: ignore[assignment]

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
            value._p, value._k, value._x = type(parent), parent._k + keys, ctx
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
        holder, base = type(parent), parent._k + keys
        for index, item in enumerate(value):
            if isinstance(item, Model) and item._p is None:
                item._p, item._k, item._x = holder, (*base, index), ctx
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
    """Read every field of every model in ``value`` (a ``FieldError`` for the first that departs),
    with the cyclic GC paused (``_gc``): a strict read makes every view of the tree in one burst."""
    with gc_paused():
        _validate(value)


def _validate(value: Any) -> None:
    if isinstance(value, Model):
        if type(value._d) is not dict:
            not_an_object(value)
        for field in value._fields_:
            read = field.__get__(value)
            if isinstance(field, Converted) and field.links:
                _validate(read)
        if value._extras_ is not None and type(value._d) is dict and not value._known_.issuperset(value._d):
            _validate(list(value.additional_properties.values()))
    elif type(value) is list:
        for item in value:
            _validate(item)
    elif type(value) is dict:
        for item in value.values():
            _validate(item)


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
