"""Stage 2c: what the client templates render, per module, with nothing left to look up.

``generator.model.adapt`` fills these from openapi-python-client's parse (its names, its
types) and our ``VendorModel`` (what that parse drops).  Every value here is final: Python
names, type annotations, decode/encode shapes, responses sorted by status, the return and
client types, the pager arguments, the documented limits.  Templates only format them.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.shape import Shape
from generator.model.vendor import Constraints, Operation, VendorModel


class _Optional:
    """A value that may be left out (``required`` False): its types admit ``Unset`` then."""

    shape: Shape
    required: bool

    @property
    def annotation(self) -> str:
        """The type annotation."""
        return self._or_unset(self.shape.annotation, "_Unset")

    @property
    def doc_type(self) -> str:
        """The type a docstring names."""
        return self._or_unset(self.shape.doc, "Unset")

    def _or_unset(self, type_text: str, unset: str) -> str:
        return type_text if self.required else f"{type_text} | {unset}"


@dataclass(frozen=True)
class Field(_Optional):
    """A property of a model."""

    name: str
    """The JSON key."""
    python_name: str
    required: bool
    shape: Shape
    docstring: str
    """``name (type): description`` for the class docstring."""

    @property
    def read_annotation(self) -> str:
        """What reading the attribute gives: ``Unset`` only for an optional field that may be
        absent (an optional array reads as ``[]``: specs/CONVENTIONS.md, "Absent arrays")."""
        if self.required or self.shape.reads_empty:
            return self.shape.annotation
        return self.annotation

    @property
    def descriptor(self) -> str:
        return self.shape.descriptor(self.name, self.required)


@dataclass(frozen=True)
class ModelClass:
    class_name: str
    module_name: str
    title: str
    description: str
    example: str
    fields: tuple[Field, ...]
    """Required fields first, then optional ones (the order attrs needs), each in spec order."""
    extras: Shape | None
    """The shape of undocumented keys' values when they are kept (``additional_properties``)."""
    imports: tuple[tuple[str, str], ...]
    """(module, class) of the models and enums this one refers to."""
    location: str = ""
    """Where the schema is written: ``specs/<slug>.yaml#<JSON pointer>`` (drift reports name it)."""

    @property
    def optional_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.required)


@dataclass(frozen=True)
class EnumClass:
    class_name: str
    module_name: str
    base: str
    """``OpenStrEnum`` or ``OpenIntEnum``."""
    members: tuple[tuple[str, str], ...]
    """(member name, value as Python source), in spec order."""


@dataclass(frozen=True)
class Argument(_Optional):
    """A parameter of an operation, as a Python argument."""

    name: str
    """The wire name."""
    python_name: str
    location: str
    """path, query, header or cookie."""
    required: bool
    shape: Shape
    doc: str
    """The docstring line after ``python_name (type): ``."""
    label: str
    """How a limit error names it."""
    constraints: Constraints | None
    content_type: str | None


@dataclass(frozen=True)
class Body(_Optional):
    shape: Shape
    required: bool
    content_type: str
    doc: str
    checked: tuple[tuple[str, str, Constraints], ...]
    """(label, attribute, limits) of the body model's properties with documented limits."""


@dataclass(frozen=True)
class ResponseCase:
    """One documented response: the statuses it covers and how its body is parsed."""

    low: int | None
    high: int | None
    """The status range (``None`` for ``default``)."""
    source: str
    """How the body is read: json, text, content, or none (not read)."""
    shape: Shape | None
    """What the body is parsed into (None when it is not read)."""

    @property
    def condition(self) -> str:
        if self.low == self.high:
            return f"response.status_code == {self.low}"
        return f"{self.low} <= response.status_code <= {self.high}"


@dataclass(frozen=True)
class EndpointModule:
    """An operation module: ``api/<tag>/<module_name>.py``."""

    operation: Operation
    module_name: str
    tag: str
    url: str
    """The path with ``{python_name}`` placeholders (``str.format``ed with the quoted values)."""
    summary: str
    description: str
    arguments: tuple[Argument, ...]
    """Path arguments first (positional), then the keyword-only ones, in the tool's order."""
    body: Body | None
    success: tuple[ResponseCase, ...]
    """2xx responses (``default`` when there is none): the first is the fallback of the others."""
    errors: tuple[ResponseCase, ...]
    """4xx/5xx/default responses with a JSON error model (``.parsed`` of the typed error)."""
    return_type: str
    return_doc: str
    client_type: str
    item_type: str
    """What the pagers yield: a model class, or ``_Any``."""
    pager_skip: str | None
    """The argument the pagers replace by ``page_size`` (a query page-size argument)."""
    imports: tuple[tuple[str, str], ...]

    @property
    def path_arguments(self) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if a.location == "path")

    @property
    def keyword_arguments(self) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if a.location != "path")

    def located(self, location: str) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if a.location == location)

    @property
    def checked(self) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if a.constraints)

    @property
    def pager_arguments(self) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if a.python_name != self.pager_skip)

    @property
    def uses_datetime(self) -> bool:
        shapes = [a.shape for a in self.arguments]
        return any("datetime." in s.annotation for s in shapes)


@dataclass(frozen=True)
class ClientModel:
    vendor: VendorModel
    description: str
    """The package docstring."""
    models: tuple[ModelClass, ...]
    enums: tuple[EnumClass, ...]
    endpoints: tuple[EndpointModule, ...]

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.tag for e in self.endpoints))

    @property
    def model_exports(self) -> tuple[tuple[str, str], ...]:
        """(module, class) of every model and enum, by module."""
        classes = [(m.module_name, m.class_name) for m in self.models]
        return tuple(sorted(classes + [(e.module_name, e.class_name) for e in self.enums]))
