"""Stage 2c: openapi-python-client's parse plus our ``VendorModel``, as one ``ClientModel``.

openapi-python-client is our parser: it names every class, module and Python identifier
(so the packages keep its names) and types every property.  What it drops (security,
documented limits, pagination, discriminators, ``content:`` parameters) comes from our
model, matched here once by the keys both share (an operation's Python name, a parameter's
wire name and location, a union's branch classes), so templates never join anything.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.properties import (
    AnyProperty,
    EnumProperty,
    ModelProperty,
)
from openapi_python_client.parser.properties.boolean import BooleanProperty
from openapi_python_client.parser.properties.const import ConstProperty
from openapi_python_client.parser.properties.date import DateProperty
from openapi_python_client.parser.properties.datetime import DateTimeProperty
from openapi_python_client.parser.properties.float import FloatProperty
from openapi_python_client.parser.properties.int import IntProperty
from openapi_python_client.parser.properties.list_property import ListProperty
from openapi_python_client.parser.properties.none import NoneProperty
from openapi_python_client.parser.properties.string import StringProperty
from openapi_python_client.parser.properties.union import UnionProperty
from openapi_python_client.parser.properties.uuid import UuidProperty

from generator import names
from generator.model.client_model import (
    Argument,
    Body,
    ClientModel,
    EndpointModule,
    EnumClass,
    Field,
    ModelClass,
    ResponseCase,
)
from generator.model.shape import Shape, union_of
from generator.model.vendor import Discriminator, Operation, VendorModel, union_key
from generator.spec.toolkit import escape_token as escape_pointer

PLAIN = {StringProperty: "str", IntProperty: "int", FloatProperty: "float", BooleanProperty: "bool"}
LOCATIONS = ("path", "query", "header", "cookie")


class Unsupported(Exception):
    """Something the tool parsed that our templates do not render (reported as a problem)."""


def text(value: Any) -> str:
    """The raw text of one of the tool's wrapped strings (``UntrustedString``, ``PythonCode``)."""
    for method in ("get_untrusted_value", "as_unembedded_code"):
        raw = getattr(value, method, None)
        if raw is not None:
            return str(raw())
    return "" if value is None else str(value)


class Adapter:
    def __init__(self, vendor: VendorModel, data: GeneratorData) -> None:
        self.vendor = vendor
        self.data = data
        self.discriminators = {d.key: d for d in vendor.discriminators}
        self.modules = {text(m.class_info.name): text(m.class_info.module_name) for m in [*data.models, *data.enums]}

    def client_model(self) -> ClientModel:
        operations = {op.function_name: op for op in self.vendor.operations}
        endpoints = tuple(
            self.endpoint(endpoint, operations[text(endpoint.name)], text(tag))
            for tag, collection in self.data.endpoint_collections_by_tag.items()
            for endpoint in collection.endpoints
        )
        return ClientModel(
            vendor=self.vendor,
            description=f"A client library for accessing {text(self.data.title)}",
            models=self.located(tuple(self.model(m) for m in self.data.models)),
            enums=tuple(self.enum(e) for e in self.data.enums),
            endpoints=endpoints,
        )

    # --- shapes -------------------------------------------------------------------------

    def shape(self, prop: Any) -> Shape:
        kind = type(prop)
        if kind in PLAIN:
            return Shape("plain", PLAIN[kind], PLAIN[kind])
        if kind is AnyProperty:
            return Shape("any", "_Any", "Any")
        if kind is NoneProperty:
            return Shape("none", "None", "None")
        if kind is UuidProperty:
            return Shape("uuid", "_UUID", "UUID")
        if kind is DateTimeProperty:
            return Shape("datetime", "datetime.datetime", "datetime.datetime")
        if kind is DateProperty:
            return Shape("date", "datetime.date", "datetime.date")
        if kind is ConstProperty:
            literal = text(prop.get_type_string(no_optional=True))
            return Shape("const", "_" + literal, literal, const_literal=text(prop.value.python_code))
        if kind is EnumProperty:
            name = text(prop.class_info.name)
            return Shape("enum", name, name, class_name=name, enum_json_type=prop.value_type.__name__)
        if kind is ModelProperty:
            name = text(prop.class_info.name)
            return Shape("model", name, name, class_name=name)
        if kind is ListProperty:
            item = self.shape(prop.inner_property)
            return Shape("list", f"list[{item.annotation}]", f"list[{item.doc}]", item=item)
        if kind is UnionProperty:
            union = union_of([self.shape(p) for p in prop.inner_properties])
            return self.with_discriminator(union)
        raise Unsupported(f"{text(getattr(prop, 'name', '?'))}: a {kind.__name__} is not supported")

    def with_discriminator(self, union: Shape) -> Shape:
        classes = [b.class_name for b in union.branches if b.kind == "model"]
        found: Discriminator | None = self.discriminators.get(union_key(classes)) if classes else None
        if union.kind != "union" or found is None:
            return union
        return Shape(union.kind, union.annotation, union.doc, branches=union.branches, discriminator=found)

    def imports(
        self, shapes: Sequence[Shape | None], extra: tuple[str, ...] = (), defined_here: str = ""
    ) -> tuple[tuple[str, str], ...]:
        """(module, class) of every model the shapes name, but the one the module itself defines
        (a recursive model refers to its own class, which must not be imported over itself)."""
        found: set[str] = set(extra)
        pending = [s for s in shapes if s is not None]
        while pending:
            shape = pending.pop()
            if shape.class_name:
                found.add(shape.class_name)
            pending += [*shape.branches, *([shape.item] if shape.item else [])]
        return tuple(sorted((self.modules[c], c) for c in found if c in self.modules and c != defined_here))

    # --- models ---------------------------------------------------------------------------

    def located(self, models: tuple[ModelClass, ...]) -> tuple[ModelClass, ...]:
        """The models with the spec location of their schema: a component's own pointer, an
        inline schema's below the property of the model that holds it."""
        pointers: dict[str, str] = {}
        for m in self.data.models:
            name = text(m.class_info.name)
            for root in (text(r) for r in m.roots):
                prefix = "/components/schemas/"
                if root.startswith(prefix) and names.class_name(root[len(prefix) :]) == name:
                    pointers[name] = root
        for _ in range(len(models)):
            for model in models:
                if model.class_name not in pointers:
                    continue
                for f in model.fields:
                    where = pointers[model.class_name] + "/properties/" + escape_pointer(f.name)
                    shape: Shape | None = f.shape
                    while shape is not None and shape.kind == "list":
                        where, shape = where + "/items", shape.item
                    if shape is not None and shape.kind == "model":
                        pointers.setdefault(shape.class_name, where)
        spec = f"specs/{self.vendor.slug}.yaml#"
        return tuple(replace(m, location=spec + pointers.get(m.class_name, "")) for m in models)

    def model(self, model: Any) -> ModelClass:
        fields = tuple(self.field(p) for p in [*model.required_properties, *model.optional_properties])
        extras_prop = model.additional_properties
        extras: Shape | None = None
        if extras_prop is True:
            extras = Shape("any", "_Any", "Any")
        elif extras_prop:
            extras = self.shape(extras_prop)
        name = text(model.class_info.name)
        return ModelClass(
            class_name=name,
            module_name=text(model.class_info.module_name),
            title=text(getattr(model, "title", None)),  # the stock template reads one; models have none
            description=text(model.description),
            example=text(model.example) if model.example else "",
            fields=fields,
            extras=extras,
            imports=self.imports([*(f.shape for f in fields), extras], defined_here=name),
        )

    def field(self, prop: Any) -> Field:
        shape = self.shape(prop)
        python_name = names.member_safe(text(prop.python_name))
        doc_type = shape.doc if prop.required else f"{shape.doc} | Unset"
        return Field(
            name=text(prop.name),
            python_name=python_name,
            required=bool(prop.required),
            shape=shape,
            docstring=f"{python_name} ({doc_type}): {text(prop.description)}{described_extras(prop)}",
        )

    def enum(self, enum: Any) -> EnumClass:
        is_int = enum.value_type is int
        return EnumClass(
            class_name=text(enum.class_info.name),
            module_name=text(enum.class_info.module_name),
            base="OpenIntEnum" if is_int else "OpenStrEnum",
            members=tuple((text(key), str(value) if is_int else py_str(value)) for key, value in enum.values.items()),
        )

    # --- endpoints ------------------------------------------------------------------------

    def endpoint(self, endpoint: Any, op: Operation, tag: str) -> EndpointModule:
        arguments = tuple(
            self.argument(prop, op, location)
            for location in LOCATIONS
            for prop in getattr(endpoint, f"{location}_parameters")
        )
        body = self.body(endpoint, op)
        success, errors = self.responses(endpoint)
        types = list(dict.fromkeys(case.shape.annotation if case.shape else "None" for case in success))
        docs = list(dict.fromkeys(case.shape.doc if case.shape else "None" for case in success))
        any_type = "_Any" in types
        paging = op.pagination
        item_type = paging.item_type if paging and paging.item_type else "_Any"
        shapes = [a.shape for a in arguments] + [c.shape for c in success + errors] + [body.shape if body else None]
        return EndpointModule(
            operation=op,
            module_name=text(endpoint.name),
            tag=tag,
            url=text(endpoint.path),
            summary=text(endpoint.summary),
            description=text(endpoint.description),
            arguments=arguments,
            body=body,
            success=success,
            errors=tuple(c for c in errors if c.source == "json"),
            return_type="_Any" if any_type else " | ".join(types) if types else "None",
            return_doc="Any" if any_type else " | ".join(docs) if docs else "None",
            client_type="_AuthenticatedClient" if op.requires_credentials else "_AuthenticatedClient | _Client",
            item_type=item_type,
            pager_skip=paging.size_argument if paging and paging.location == "query" else None,
            imports=self.imports(shapes, (item_type,)),
        )

    def argument(self, prop: Any, op: Operation, location: str) -> Argument:
        name = text(prop.name)
        ours = op.parameter_named(name, location)
        description = ours.description if ours else text(prop.description)
        if prop.default and not prop.required:
            description += f" Server default: {text(prop.default.python_code)} (sent only when given)."
        python_name = text(prop.python_name)
        return Argument(
            name=name,
            python_name=python_name,
            location=location,
            required=bool(prop.required),
            shape=self.shape(prop),
            doc=description,
            label=ours.label if ours else python_name,
            constraints=ours.constraints if ours else None,
            content_type=ours.content_type if ours else None,
        )

    def body(self, endpoint: Any, op: Operation) -> Body | None:
        if not endpoint.bodies:
            return None
        if len(endpoint.bodies) > 1 or endpoint.bodies[0].body_type != "json":
            raise Unsupported(f"{op.operation_id}: only one application/json request body is supported")
        prop = endpoint.bodies[0].prop
        shape = self.shape(prop)
        checked = tuple(
            (p.label, p.python_name, p.constraints)
            for p in op.checked_body_properties
            if shape.kind == "model" and p.constraints
        )
        doc_type = shape.doc if prop.required else f"{shape.doc} | Unset"
        return Body(
            shape=shape,
            required=bool(prop.required),
            content_type=text(endpoint.bodies[0].content_type),
            doc=f"body ({doc_type}): {text(prop.description)}{described_extras(prop)}",
            checked=checked,
        )

    def responses(self, endpoint: Any) -> tuple[tuple[ResponseCase, ...], tuple[ResponseCase, ...]]:
        success: list[ResponseCase] = []
        errors: list[ResponseCase] = []
        for response in sorted(endpoint.responses.patterns, key=lambda r: r.status_code.range):
            low, high = response.status_code.range
            if 200 <= low and high <= 299:
                success.append(self.response_case(response, low, high))
            elif low >= 400:
                errors.append(self.response_case(response, low, high))
        default = endpoint.responses.default
        if default is not None:
            (errors if success else success).append(self.response_case(default, None, None))
        return tuple(success), tuple(errors)

    def response_case(self, response: Any, low: int | None, high: int | None) -> ResponseCase:
        attribute = str(response.source["attribute"])
        if attribute == "None":
            return ResponseCase(low, high, "none", None)
        if attribute == "response.json()":
            return ResponseCase(low, high, "json", self.shape(response.prop))
        if attribute == "response.text":
            return ResponseCase(low, high, "text", Shape("plain", "str", "str"))
        if attribute == "response.content":
            return ResponseCase(low, high, "content", Shape("plain", "bytes", "bytes"))
        raise Unsupported(f"a response read from {attribute} is not supported")


def described_extras(prop: Any) -> str:
    """What the tool's docstrings add after a description: the default and the example."""
    extra = ""
    if prop.default:
        extra += f" Default: {text(prop.default.python_code)}."
    if prop.example:
        extra += f" Example: {text(prop.example)}."
    return extra


def py_str(value: object) -> str:
    """Text as a Python string literal (as generator.emit.render.py_str)."""
    return json.dumps(str(value))


def adapt(vendor: VendorModel, data: GeneratorData) -> ClientModel:
    return Adapter(vendor, data).client_model()
