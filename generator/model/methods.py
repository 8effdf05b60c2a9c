"""Stage 2d: the client object's resource methods (``client.<resource>.<method>(...)``).

Each method calls its operation's module functions (one code path) with the same arguments,
friendlier at the edge: an enum argument also takes its values as strings (typed as a
``Literal`` of them, so a type checker still catches a typo), and a JSON request body also
takes a mapping of the wire form (decoded into the body model by its own ``from_dict``
before the request is built).  The conversion expressions are computed here; the
templates only place them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from generator.model.client_model import Argument, Body, ClientModel, EndpointModule, EnumClass
from generator.model.params import params_name
from generator.model.shape import Shape


@dataclass(frozen=True)
class MethodArgument:
    python_name: str
    annotation: str
    """For generated code (private aliases: ``_Literal``, ``_Unset``, ``_Mapping``)."""
    doc_type: str
    """For the README: what a caller may pass."""
    required: bool
    positional: bool
    convert: str | None
    """An expression giving the value the operation function takes, or None when it is as given."""
    doc: str
    skip_in_pager: bool = False
    wire_name: str = ""
    location: str = "body"
    kind: str = ""
    """The value's shape kind (uuid, datetime ... : how an example value is written)."""


@dataclass(frozen=True)
class ResourceMethod:
    name: str
    endpoint: EndpointModule
    arguments: tuple[MethodArgument, ...]
    """Path arguments (positional) first, then ``body``, then the keyword-only ones."""

    @property
    def paginated(self) -> bool:
        return self.endpoint.operation.pagination is not None

    @property
    def list_arguments(self) -> tuple[MethodArgument, ...]:
        """What the auto-paginating method takes (the page-size argument becomes ``page_size``)."""
        return tuple(a for a in self.arguments if not a.skip_in_pager)

    def example(self, pager: bool = False) -> str:
        """The required arguments of the operation's first ``x-request-examples`` call as Python
        source (``"..."`` where it gives none), for the README."""
        call = self.endpoint.operation.example_call
        parts: list[str] = []
        for a in self.list_arguments if pager else self.arguments:
            if not a.required:
                continue
            if a.location == "body":
                value: object = call.get("body", ...)
            else:
                given = call.get(a.location)
                value = given.get(a.wire_name, ...) if isinstance(given, dict) else ...
            parts.append(f"{a.python_name}={_source(value, a.kind)}")
        return ", ".join(parts)

    @property
    def example_needs(self) -> tuple[str, ...]:
        """Imports the example needs (``uuid``, ``datetime``)."""
        kinds = {a.kind for a in self.arguments if a.required}
        return tuple(
            sorted(
                {"uuid": "from uuid import UUID", "datetime": "import datetime"}[k]
                for k in kinds & {"uuid", "datetime"}
            )
        )


@dataclass(frozen=True)
class Resource:
    name: str
    class_name: str
    methods: tuple[ResourceMethod, ...]

    @property
    def imports(self) -> tuple[tuple[str, str], ...]:
        """(module, class) of the models and enums its methods name."""
        return tuple(sorted({i for m in self.methods for i in m.endpoint.imports}))

    @property
    def dict_imports(self) -> tuple[str, ...]:
        """The ``TypedDict``s (module ``params``) its methods' bodies take."""
        found = {a.annotation.split(" | ")[1] for m in self.methods for a in m.arguments if a.location == "body"}
        return tuple(sorted(name for name in found if not name.startswith("_")))


def resources(client: ClientModel, dicts: frozenset[str] = frozenset()) -> tuple[Resource, ...]:
    """``dicts``: the model classes with a ``TypedDict`` of their JSON form (generator/model/params.py)."""
    enums = {e.class_name: e for e in client.enums}
    found: list[Resource] = []
    for name, operations in client.vendor.resources:
        ids = {op.function_name for op in operations}
        endpoints = [e for e in client.endpoints if e.operation.function_name in ids]
        methods = tuple(ResourceMethod(e.operation.method_name, e, _arguments(e, enums, dicts)) for e in endpoints)
        resource = Resource(name, "".join(w.capitalize() for w in name.split("_")), methods)
        taken = _CLIENT_MODULE_NAMES | {client.vendor.naming.class_name, client.vendor.naming.async_class_name}
        taken |= {cls for _, cls in resource.imports} | set(resource.dict_imports)
        classes = {f"{p}{resource.class_name}{s}" for p in ("", "Async") for s in ("", "WithRawResponse")}
        if classes & taken:  # ``auth_`` -> ``Auth``, the runtime's: ``AuthResource``
            resource = dataclasses.replace(resource, class_name=f"{resource.class_name}Resource")
        found.append(resource)
    return tuple(found)


_CLIENT_MODULE_NAMES = frozenset({"Auth", "ClientOptions", "MissingCredentialsError", "AuthenticatedClient", "Unpack"})
"""What templates/client/vendor_client.py.jinja imports beside the resource classes."""


def _arguments(
    endpoint: EndpointModule, enums: dict[str, EnumClass], dicts: frozenset[str]
) -> tuple[MethodArgument, ...]:
    found = [_argument(a, enums, True, endpoint.pager_skip) for a in endpoint.path_arguments]
    if endpoint.body is not None:
        found.append(_body(endpoint.body, dicts))
    found += [_argument(a, enums, False, endpoint.pager_skip) for a in endpoint.keyword_arguments]
    return tuple(found)


def _argument(a: Argument, enums: dict[str, EnumClass], positional: bool, skip: str | None) -> MethodArgument:
    annotation, doc_type, convert = a.shape.annotation, a.shape.doc, None
    shape = a.shape
    if shape.kind == "enum" and shape.class_name in enums:
        literal = _literal(enums[shape.class_name])
        annotation = f"_Literal[{literal}] | {shape.annotation}"
        doc_type = f"{_doc_literal(enums[shape.class_name])} | {shape.doc}"
        x, cls = a.python_name, shape.class_name
        convert = f"{x} if isinstance({x}, ({cls}, _Unset)) else {cls}({x})"
    elif _enum_list(shape, enums):
        assert shape.item is not None
        item = shape.item
        literal = _literal(enums[item.class_name])
        annotation = f"list[_Literal[{literal}] | {item.annotation}]"
        doc_type = f"list[{_doc_literal(enums[item.class_name])} | {item.doc}]"
        x, cls = a.python_name, item.class_name
        convert = f"{x} if isinstance({x}, _Unset) else [{cls}(_v) for _v in {x}]"
    if not a.required:
        annotation, doc_type = f"{annotation} | _Unset", f"{doc_type} | Unset"
    return MethodArgument(
        a.python_name,
        annotation,
        doc_type,
        a.required,
        positional,
        convert,
        a.doc,
        a.python_name == skip,
        a.name,
        a.location,
        a.shape.kind,
    )


def _body(body: Body, dicts: frozenset[str]) -> MethodArgument:
    annotation, doc_type, convert = body.shape.annotation, body.shape.doc, None
    if body.shape.kind == "model":
        cls = body.shape.class_name
        typed = params_name(cls) if cls in dicts else "_Mapping[str, _Any]"
        annotation = f"{cls} | {typed}"
        doc_type = f"{cls} | {params_name(cls) if cls in dicts else 'dict'}"
        convert = f"body if isinstance(body, ({cls}, _Unset)) else {cls}.from_dict(body)"
    if not body.required:
        annotation, doc_type = f"{annotation} | _Unset", f"{doc_type} | Unset"
    doc = body.doc.split(": ", 1)[1] if ": " in body.doc else body.doc
    return MethodArgument("body", annotation, doc_type, body.required, False, convert, doc)


def _enum_list(shape: Shape, enums: dict[str, EnumClass]) -> bool:
    return (
        shape.kind == "list" and shape.item is not None and shape.item.kind == "enum" and shape.item.class_name in enums
    )


def _literal(enum: EnumClass) -> str:
    return ", ".join(value for _, value in enum.members)


def _doc_literal(enum: EnumClass) -> str:
    return " | ".join(value for _, value in enum.members)


def _source(value: object, kind: str) -> str:
    if value is ...:
        return "..."
    if kind == "uuid":
        return f"UUID({str(value)!r})"
    if kind == "datetime":
        return f"datetime.datetime.fromisoformat({str(value)!r})"
    return repr(value)
