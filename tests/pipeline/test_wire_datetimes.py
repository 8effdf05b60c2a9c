"""``with_wire_datetimes`` types every date-time schema of a spec ``WireDateTime`` and nothing
else: it walks schemas wherever they sit (spelled like a keyword or not, since it reads the
spec toolkit's key tables) and never rewrites data that only looks like a schema."""

from __future__ import annotations

import copy
from typing import Any

from generator.emit.pydantic_models import with_wire_datetimes
from generator.spec.toolkit import get_pointer

TYPE = "pkg.pydantic_types.WireDateTime"


def date_time() -> dict[str, Any]:
    """A fresh node each time: ``deepcopy`` keeps shared nodes shared, which would hide a miss."""
    return {"type": "string", "format": "date-time"}


def lookalike() -> dict[str, Any]:
    return {"type": "string", "format": "date-time", "description": "data, not a schema"}


DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "paths": {
        "/things": {
            "get": {
                "parameters": [{"name": "since", "in": "query", "schema": date_time()}],
                "responses": {
                    "default": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "properties": {
                    # Properties named like keywords whose values are data elsewhere.
                    "default": date_time(),
                    "example": date_time(),
                    "value": {"type": ["string", "null"], "format": "date-time"},
                    "history": {"type": "array", "items": date_time()},
                    "either": {"anyOf": [date_time(), {"type": "integer"}]},
                    "count": {"type": "integer", "format": "date-time"},  # not a string: left alone
                },
                "example": {"default": lookalike()},
                "examples": [lookalike()],
                "default": lookalike(),
                "enum": [lookalike()],
                "x-vendor": lookalike(),
            },
            "Stamp": date_time(),
        },
        "examples": {"Stamp": {"value": lookalike()}},
    },
}

TYPED = [
    "/paths/~1things/get/parameters/0/schema",
    "/components/schemas/Thing/properties/default",
    "/components/schemas/Thing/properties/example",
    "/components/schemas/Thing/properties/value",
    "/components/schemas/Thing/properties/history/items",
    "/components/schemas/Thing/properties/either/anyOf/0",
    "/components/schemas/Stamp",
]


def typed_pointers(node: Any, at: str = "") -> list[str]:
    if isinstance(node, list):
        return [p for i, item in enumerate(node) for p in typed_pointers(item, f"{at}/{i}")]
    if not isinstance(node, dict):
        return []
    found = [at] if node.get("customTypePath") == TYPE else []
    for key, value in node.items():
        found += typed_pointers(value, f"{at}/{str(key).replace('~', '~0').replace('/', '~1')}")
    return found


def test_every_date_time_schema_and_nothing_else_is_typed() -> None:
    before = copy.deepcopy(DOCUMENT)
    result = with_wire_datetimes(DOCUMENT, TYPE)
    assert sorted(typed_pointers(result)) == sorted(TYPED)
    assert DOCUMENT == before  # a copy: the caller's document is not touched
    for pointer in TYPED:
        assert get_pointer(result, pointer)["customTypePath"] == TYPE
