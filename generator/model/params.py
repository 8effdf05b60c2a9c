"""Stage 2d: the ``TypedDict`` of each request body model (``<slug>_client/params.py``).

A resource method takes a JSON body as its model or as a dict of its JSON form: the
``TypedDict`` says which keys (the JSON names), which are required, and what each holds in
JSON terms (a date-time or UUID is a string, an enum one of its values, a nested model its own
``TypedDict``), so a type checker catches a wrong key or value; the method decodes the dict
with the model's ``from_dict`` (generator/model/methods.py).  Only models reachable from a
request body get one.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.client_model import ClientModel, EnumClass, ModelClass
from generator.model.shape import Shape

SUFFIX = "Dict"
FORWARD = "\x00"
"""Marks a reference to a TypedDict defined further down (``_whole`` turns the annotation into a string)."""


@dataclass(frozen=True)
class ParamsDict:
    class_name: str
    model: str
    """The model class it mirrors."""
    fields: tuple[tuple[str, str, bool], ...]
    """(JSON key, annotation, required)."""
    mapping: str | None = None
    """A model with no properties, only undocumented keys (a free-form map): the value type of
    ``Mapping[str, <value>]``, which it is instead of a ``TypedDict``."""


def params_name(model_class: str) -> str:
    return model_class + SUFFIX


def body_params(client: ClientModel) -> tuple[ParamsDict, ...]:
    """The TypedDicts of every model reachable from a JSON request body, each after the ones it names."""
    models = {m.class_name: m for m in client.models}
    enums = {e.class_name: e for e in client.enums}
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in order or name in visiting or name not in models:
            return
        visiting.add(name)
        for field in models[name].fields:
            for referenced in _models_in(field.shape):
                visit(referenced)
        visiting.discard(name)
        order.append(name)

    for endpoint in client.endpoints:
        if endpoint.body is not None and endpoint.body.shape.kind == "model":
            visit(endpoint.body.shape.class_name)
    defined: set[str] = set()
    found: list[ParamsDict] = []
    for name in order:
        found.append(_params(models[name], models, enums, defined))
        defined.add(name)
    return tuple(found)


def _params(
    model: ModelClass, models: dict[str, ModelClass], enums: dict[str, EnumClass], defined: set[str]
) -> ParamsDict:
    if not model.fields and model.extras is not None:
        value = _whole(wire_annotation(model.extras, models, enums, defined))
        return ParamsDict(params_name(model.class_name), model.class_name, (), value)
    fields = tuple((f.name, _whole(wire_annotation(f.shape, models, enums, defined)), f.required) for f in model.fields)
    return ParamsDict(params_name(model.class_name), model.class_name, fields)


def _whole(annotation: str) -> str:
    """The whole annotation as one string when a forward reference is in it (``"A" | None``
    fails at run time)."""
    return repr(annotation.replace(FORWARD, "")) if FORWARD in annotation else annotation


def _models_in(shape: Shape) -> list[str]:
    if shape.kind == "model":
        return [shape.class_name]
    if shape.kind == "list" and shape.item is not None:
        return _models_in(shape.item)
    if shape.kind == "union":
        return [name for branch in shape.branches for name in _models_in(branch)]
    return []


def wire_annotation(shape: Shape, models: dict[str, ModelClass], enums: dict[str, EnumClass], defined: set[str]) -> str:
    """The JSON form of a value, as a type (a model not defined yet is marked ``FORWARD``)."""
    kind = shape.kind
    if kind in ("plain", "none", "const"):
        return shape.annotation
    if kind in ("uuid", "datetime", "date"):
        return "str"
    if kind == "enum" and shape.class_name in enums:
        return "_Literal[" + ", ".join(value for _, value in enums[shape.class_name].members) + "]"
    if kind == "model" and shape.class_name in models:
        name = params_name(shape.class_name)
        return name if shape.class_name in defined else FORWARD + name
    if kind == "list" and shape.item is not None:
        return f"list[{wire_annotation(shape.item, models, enums, defined)}]"
    if kind == "union":
        parts = [wire_annotation(b, models, enums, defined) for b in shape.branches]
        return " | ".join(dict.fromkeys(parts))
    return "_Any"
