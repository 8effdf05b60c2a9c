"""The shape of one value: what Python type it has and how it is decoded from / encoded to JSON.

One small tree per field, parameter, body and response (``kind`` plus the parts a kind
needs), computed by ``generator.model.adapt`` from openapi-python-client's parse.  The
client templates render decode and encode expressions from it with a handful of macros
(``templates/client/codec.py.jinja``), so they never ask the tool which template a
property once had.

Type annotations come in two spellings: ``annotation`` for generated code, where every
name that is not a model or enum class is imported under a private alias (``_UUID``,
``_Any``: a schema called ``UUID`` or ``Any`` then cannot shadow it), and ``doc`` for
docstrings and READMEs, which people read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from generator.model.vendor import Discriminator

CONVERTERS = {
    "uuid": "_parse_uuid",
    "datetime": "_datetime.parse_datetime",
    "date": "_codec.parse_date",
}
"""Decoder functions of the kinds that are one call (models and enums use their class)."""

JSON_TYPES = {
    "uuid": "str",
    "datetime": "str",
    "date": "str",
    "model": "dict",
    "list": "list",
}
"""The JSON type a union branch of this kind is recognised by before it is tried."""

PLAIN_JSON_TYPES = {"str": ("str",), "int": ("int",), "float": ("float", "int"), "bool": ("bool",)}
"""The Python types ``json.loads`` gives for a plain value of this annotation."""

INSTANCE_TYPES = {"uuid": "_UUID", "datetime": "datetime.datetime", "date": "datetime.date", "list": "list"}
"""The Python type a union branch of this kind is recognised by when it is encoded."""


@dataclass(frozen=True)
class Shape:
    kind: str
    """any, none, plain (str/int/float/bool), const, uuid, datetime, date, enum, model, list, union."""
    annotation: str
    doc: str
    class_name: str = ""
    """The model or enum class (kinds ``model`` and ``enum``)."""
    enum_json_type: str = ""
    """``str`` or ``int`` for an enum (what its JSON value is checked against inside a union)."""
    item: Shape | None = None
    branches: tuple[Shape, ...] = ()
    discriminator: Discriminator | None = None
    const_literal: str = ""
    """The const value as Python source (kind ``const``)."""

    @property
    def nullable(self) -> bool:
        return self.kind == "union" and any(b.kind == "none" for b in self.branches)

    @property
    def converts(self) -> bool:
        """True when decoding does more than take the JSON value as it is."""
        if self.kind == "list":
            return self.item is not None and self.item.converts
        if self.kind == "union":
            return bool(self.discriminator) or any(b.converts for b in self.branches)
        return self.kind in ("const", "uuid", "datetime", "date", "enum", "model")

    @property
    def encodes(self) -> bool:
        """True when encoding does more than hand the Python value over as it is."""
        if self.kind == "list":
            return self.item is not None and self.item.encodes
        if self.kind == "union":
            return any(b.encodes for b in self.branches)
        return self.kind in ("uuid", "datetime", "date", "enum", "model")

    @property
    def decoder(self) -> str:
        """A callable decoding one JSON value (for list items and union branches)."""
        if self.kind in ("const", "union"):
            return f"lambda _value: {self.decode('_value')}"
        if self.kind in CONVERTERS:
            return CONVERTERS[self.kind]
        if self.kind == "model":
            return f"{self.class_name}.from_dict"
        if self.kind == "enum":
            return self.class_name
        if self.kind == "list" and self.item is not None:
            return f"_codec.list_of({self.item.decoder})" if self.item.converts else "_codec.as_is"
        return "_codec.as_is"

    @property
    def json_type(self) -> str:
        """What a JSON value must be for this branch of a union to be tried."""
        if self.kind == "enum":
            return self.enum_json_type
        return JSON_TYPES.get(self.kind, "object")

    @property
    def instance_type(self) -> str:
        """The Python type an encoder recognises this branch of a union by."""
        if self.kind in ("model", "enum"):
            return self.class_name
        return INSTANCE_TYPES.get(self.kind, "object")

    @property
    def union_candidates(self) -> tuple[Shape, ...]:
        """The branches tried in order when decoding a union without a discriminator."""
        return tuple(b for b in self.branches if b.converts)

    @property
    def union_is_open(self) -> bool:
        """True when a branch takes JSON as it is: a value no candidate parses is kept."""
        return any(not b.converts and b.kind != "none" for b in self.branches) or not self.union_candidates

    @property
    def is_plain(self) -> bool:
        """Kept as JSON gave it (checked on read, never converted): plain, any, and unions of them with null."""
        if self.kind == "union":
            return not self.discriminator and all(b.kind in ("plain", "any", "none") for b in self.branches)
        return self.kind in ("plain", "any")

    @property
    def plain_types(self) -> tuple[str, ...]:
        """The Python types a plain value may have (empty: any JSON value)."""
        branches = self.branches if self.kind == "union" else (self,)
        if any(b.kind == "any" for b in branches):
            return ()
        found: list[str] = []
        for branch in branches:
            for name in PLAIN_JSON_TYPES.get(branch.annotation, ()):
                if name not in found:
                    found.append(name)
        return tuple(found)

    @property
    def links(self) -> bool:
        """True when a decoded value holds models (they are told where they sit)."""
        if self.kind == "model":
            return True
        if self.kind == "list":
            return self.item is not None and self.item.links
        return self.kind == "union" and any(b.links for b in self.branches)

    @property
    def lazy_decoder(self) -> str:
        """A callable decoding one JSON value into views: models are read field by field later.

        Unions (but a nullable single branch) choose their branch by reading it in full, as
        ``decode`` does."""
        if self.kind == "model":
            return f"{self.class_name}._view"
        if self.kind == "list" and self.item is not None:
            if self.item.is_plain:
                types = "".join(f"{t}, " for t in self.item.plain_types)
                return f"_codec.checked_list(({types}), {self.item.nullable})" if types else "_codec.as_list"
            return f"_codec.list_of({self.item.item_decoder})"
        if self.kind == "union":
            real = [b for b in self.branches if b.kind != "none"]
            if len(real) == 1 and not self.discriminator:
                return real[0].lazy_decoder
        return self.decoder

    @property
    def item_decoder(self) -> str:
        """``lazy_decoder`` for an array item: an item that is not an object stays in the array."""
        return f"{self.class_name}._item_view" if self.kind == "model" else self.lazy_decoder

    def descriptor(self, key: str, required: bool) -> str:
        """The field descriptor (``generator/runtime/_model.py``) of a model property of this shape."""
        flags = ""
        if required:
            flags += ", required=True"
        if self.nullable:
            flags += ", nullable=True"
        if self.encodes:
            flags += f", encode=lambda _v: {self.encode('_v')}"
        if self.is_plain:
            types = "".join(f"{t}, " for t in self.plain_types)
            return f"_Plain({_py_str(key)}, ({types}){flags})"
        if self.links:
            flags += ", links=True"
        if self.kind == "enum" or (self.kind == "list" and self.item is not None and self.item.kind == "enum"):
            flags += ", enum=True"
        if self.reads_empty and not required:
            flags += ", empty=True"
        decoder = self.lazy_decoder
        if decoder not in CONVERTERS.values():
            # Model and enum classes are imported below the class (models refer to each
            # other): looked up when the field is first read.
            decoder = f"lambda _v: {self.decode_lazy('_v')}"
        return f"_Converted({_py_str(key)}, {decoder}{flags})"

    @property
    def reads_empty(self) -> bool:
        """An optional array reads as ``[]`` when absent (specs/CONVENTIONS.md, "Absent arrays")."""
        return self.kind == "list"

    def decode_lazy(self, source: str) -> str:
        """Like ``decode``, into views (what an operation's response is read into)."""
        if self.kind == "list" and self.item is not None:
            if self.item.is_plain:
                types = "".join(f"{t}, " for t in self.item.plain_types)
                if not types:
                    return f"_codec.as_list({source})"
                return f"_codec.check_list({source}, ({types}), {self.item.nullable})"
            return f"_codec.decode_list({source}, {self.item.item_decoder})"
        if not self.converts:
            return source
        if self.kind == "model" or self.lazy_decoder != self.decoder:
            return f"{self.lazy_decoder}({source})"
        return self.decode(source)

    def decode(self, source: str, name: str = "") -> str:
        """A Python expression decoding the JSON value ``source`` (evaluated once).

        ``name`` is the JSON key, for the message of a ``const`` mismatch."""
        if not self.converts:
            return source
        if self.kind == "const":
            return f"_codec.const({source}, {self.const_literal}, {_py_str(name)})"
        if self.kind == "list" and self.item is not None:
            return f"_codec.decode_list({source}, {self.item.decoder})"
        if self.kind != "union":
            return f"{self.decoder}({source})"
        nullable = ", True" if self.nullable else ""
        if self.discriminator is not None:
            table = {tag: f"{class_name}.from_dict" for tag, class_name in self.discriminator.mapping}
            entries = ", ".join(f"{_py_str(tag)}: {decoder}" for tag, decoder in table.items())
            d = self.discriminator
            return f"_codec.decode_tagged({source}, {_py_str(d.property_name)}, {{{entries}}}, {_py_str(d.schema)}{nullable})"
        branches = "".join(f"({b.json_type}, {b.decoder}, {_py_str(b.doc)}), " for b in self.union_candidates)
        return f"_codec.decode_union({source}, ({branches}), {self.union_is_open}{nullable})"

    def encode(self, source: str, depth: int = 0) -> str:
        """A Python expression encoding the value of ``source`` into JSON."""
        if not self.encodes:
            return source
        if self.kind == "uuid":
            return f"str({source})"
        if self.kind == "datetime":
            return f"_datetime.format_datetime({source})"
        if self.kind == "date":
            return f"{source}.isoformat()"
        if self.kind == "enum":
            return f"{source}.value"
        if self.kind == "model":
            return f"{source}.to_dict()"
        if self.kind == "list" and self.item is not None:
            item = f"_item{depth}"
            return f"[{self.item.encode(item, depth + 1)} for {item} in {source}]"
        parts = [
            f"{b.encode(source, depth)} if isinstance({source}, {b.instance_type}) else "
            for b in self.branches
            if b.encodes
        ]
        return "(" + "".join(parts) + f"{source})"


def union_of(branches: list[Shape]) -> Shape:
    """Branches flattened and deduplicated by annotation, ``None`` last (as the tool orders them)."""
    flat: list[Shape] = []
    for branch in branches:
        for inner in branch.branches if branch.kind == "union" else (branch,):
            if inner.annotation not in {f.annotation for f in flat}:
                flat.append(inner)
    if len(flat) == 1:
        return flat[0]
    ordered = [b for b in flat if b.kind != "none"] + [b for b in flat if b.kind == "none"]
    return Shape(
        kind="union",
        annotation=" | ".join(b.annotation for b in ordered),
        doc=" | ".join(b.doc for b in ordered),
        branches=tuple(ordered),
    )


def _py_str(value: str) -> str:
    return json.dumps(value)
