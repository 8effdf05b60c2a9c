"""The two model flavors a body is read into, each as a user would use it.

attrs: a response is read by the generated endpoint function itself (so the check covers
its dispatch, list handling and model choice), a request body by the model the function
takes; written back with ``to_dict()``.  pydantic: the model of the schema's component,
``model_validate_json`` on the JSON text, written back with ``model_dump_json()`` and
``model_dump(mode="json")`` as they come, no arguments: their defaults (JSON keys, what was
absent stays absent) must give the exact payload (issue 12: they used to add ``null`` keys).
"""

from __future__ import annotations

import enum
import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.spec.toolkit import get_pointer
from tests.conformance import client
from tests.conformance.discovery import Target

COMPONENT_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class Flavor:
    name: str
    parse: Callable[[Target, Any], Any]
    dump: Callable[[Any], Any]
    """The parsed value as JSON data (``json.loads`` of what would be sent)."""


def attrs_parse(target: Target, payload: Any) -> Any:
    if target.kind == "request":
        return client.body_model(target.operation).from_dict(payload)
    return client.parse_response(target.vendor, target.operation, str(target.status), payload)


def attrs_dump(parsed: Any) -> Any:
    # json.dumps/loads: the output must be JSON (a datetime or UUID left in it is a failure).
    return json.loads(json.dumps(_attrs_data(parsed)))


def _attrs_data(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list):
        return [_attrs_data(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


def pydantic_model(target: Target) -> Any:
    """The pydantic class of the target's schema, which the conventions make a component ``$ref``."""
    schema = get_pointer(target.vendor.doc, target.schema_pointer)
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if not isinstance(ref, str) or not ref.startswith(COMPONENT_PREFIX):
        raise LookupError(f"{target.id}: the body schema is not a $ref to a named component (specs/CONVENTIONS.md)")
    module = importlib.import_module(f"{target.vendor.package}.pydantic_models")
    name = ref.removeprefix(COMPONENT_PREFIX)
    model = getattr(module, name, None)
    if model is None:
        raise LookupError(f"{module.__name__} has no model {name!r} for {ref}")
    return model


def pydantic_parse(target: Target, payload: Any) -> Any:
    return pydantic_model(target).model_validate_json(json.dumps(payload))


def pydantic_dump(parsed: Any) -> Any:
    written = json.loads(parsed.model_dump_json())
    as_data = parsed.model_dump(mode="json")
    if as_data != written:
        raise ValueError(f"model_dump(mode='json') gives {as_data!r}, model_dump_json() {written!r}")
    return written


ATTRS = Flavor("attrs", attrs_parse, attrs_dump)
PYDANTIC = Flavor("pydantic", pydantic_parse, pydantic_dump)
FLAVORS = (ATTRS, PYDANTIC)
