"""OpenAPI 3.0 -> 3.1 conversion (generator/spec/convert.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from generator.spec.convert import to_openapi_31

# The vendors' published descriptions: ../shared/reference/ beside the checkout (CI lays it
# there); OC_REFERENCE_DIR points elsewhere (a git worktree, say).
REFERENCE = Path(os.environ.get("OC_REFERENCE_DIR") or Path(__file__).resolve().parents[3] / "shared" / "reference")


def _doc(schemas: dict[str, Any], version: str = "3.0.3") -> dict[str, Any]:
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/things": {
                "get": {
                    "parameters": [{"name": "n", "in": "query", "schema": {"type": "integer", "nullable": True}}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"},
                                    "example": {"a": None},
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {"schemas": schemas},
    }


def _convert(doc: dict[str, Any]) -> dict[str, Any]:
    conversion, problems = to_openapi_31(doc, "vendor.yaml")
    assert problems == [] and conversion is not None
    return conversion.document


def _admits(schema: dict[str, Any], value: Any) -> bool:
    return Draft202012Validator(schema).is_valid(value)


def test_nullable_keeps_meaning_for_every_form() -> None:
    schemas = {
        "S": {"type": "string", "nullable": True},
        "E": {"type": "string", "enum": ["a", "b"], "nullable": True},
        "U": {"enum": ["a"], "nullable": True},
        "R": {"$ref": "#/components/schemas/S2", "nullable": True, "description": "kept"},
        "A": {"allOf": [{"$ref": "#/components/schemas/S2"}], "nullable": True},
        "O": {"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": True},
        "N": {"type": "string", "nullable": False},
        "S2": {"type": "string"},
    }
    out = _convert(_doc(schemas))["components"]["schemas"]
    assert out["S"] == {"type": ["string", "null"]}
    assert out["E"] == {"type": ["string", "null"], "enum": ["a", "b", None]}
    assert out["U"] == {"enum": ["a", None]}
    assert out["R"] == {"anyOf": [{"$ref": "#/components/schemas/S2"}, {"type": "null"}], "description": "kept"}
    assert out["A"] == {"anyOf": [{"$ref": "#/components/schemas/S2"}, {"type": "null"}]}
    assert out["O"]["oneOf"][-1] == {"type": "null"}
    assert out["N"] == {"type": "string"}
    for name in ("S", "E", "U", "O"):
        assert _admits(out[name], None), name
    assert not _admits(out["E"], "c")


def test_nested_schemas_parameters_and_media_types_are_converted() -> None:
    schemas = {
        "Thing": {
            "type": "object",
            "properties": {
                "a": {"type": "array", "items": {"type": "integer", "nullable": True, "example": 3}},
                "b": {
                    "type": "object",
                    "additionalProperties": {"type": "number", "minimum": 0, "exclusiveMinimum": True},
                },
            },
            "example": {"a": [1]},
        }
    }
    out = _convert(_doc(schemas))
    thing = out["components"]["schemas"]["Thing"]
    assert thing["properties"]["a"]["items"] == {"type": ["integer", "null"], "examples": [3]}
    assert thing["properties"]["b"]["additionalProperties"] == {"type": "number", "exclusiveMinimum": 0}
    assert thing["examples"] == [{"a": [1]}] and "example" not in thing
    parameter = out["paths"]["/things"]["get"]["parameters"][0]
    assert parameter["schema"] == {"type": ["integer", "null"]}
    media = out["paths"]["/things"]["get"]["responses"]["200"]["content"]["application/json"]
    assert media["example"] == {"a": None}, "a media type's example is valid 3.1 and stays"
    validate(out)


def test_exclusive_flags_without_a_bound_and_false_are_dropped() -> None:
    out = _convert(_doc({"X": {"type": "number", "exclusiveMaximum": False, "exclusiveMinimum": True}}))
    assert out["components"]["schemas"]["X"] == {"type": "number"}


def test_literal_data_is_never_rewritten() -> None:
    doc = _doc({"X": {"type": "object", "default": {"nullable": True}, "x-vendor": {"nullable": True}}})
    out = _convert(doc)
    assert out["components"]["schemas"]["X"]["default"] == {"nullable": True}
    assert out["components"]["schemas"]["X"]["x-vendor"] == {"nullable": True}


def test_input_is_not_modified_and_changes_are_located() -> None:
    doc = _doc({"S": {"type": "string", "nullable": True}})
    before = yaml.safe_dump(doc)
    conversion, _ = to_openapi_31(doc, "vendor.yaml")
    assert yaml.safe_dump(doc) == before
    assert conversion is not None
    pointers = {c.pointer for c in conversion.changes}
    assert {
        "/openapi",
        "/components/schemas/S/nullable",
        "/paths/~1things/get/parameters/0/schema/nullable",
    } <= pointers


def test_31_documents_pass_unchanged() -> None:
    doc = _doc({"S": {"type": ["string", "null"]}}, version="3.1.0")
    conversion, problems = to_openapi_31(doc, "v.yaml")
    assert problems == [] and conversion is not None
    assert conversion.document == doc and conversion.changes == ()


@pytest.mark.parametrize(
    ("doc", "rule", "pointer"),
    [
        ({"swagger": "2.0", "info": {}}, "import/version", "/swagger"),
        ({"openapi": "4.0.0"}, "import/version", "/openapi"),
        ({"info": {}}, "import/version", "/openapi"),
        (["not", "a", "mapping"], "import/not-openapi", ""),
    ],
)
def test_not_convertible_is_a_located_problem(doc: Any, rule: str, pointer: str) -> None:
    conversion, problems = to_openapi_31(doc, "vendor.yaml")
    assert conversion is None
    assert [(p.rule, p.pointer, p.file) for p in problems] == [(rule, pointer, "vendor.yaml")]
    assert problems[0].fix


def test_formance_reference_converts_to_a_valid_31_document() -> None:
    source = REFERENCE / "formance-orchestration-v2.yaml"
    if not source.is_file():
        pytest.skip(f"{source} is absent (the vendors' published descriptions live in ../shared/reference/)")
    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    out = _convert(doc)
    validate(out)  # openapi-spec-validator picks the 3.1 validator from `openapi:`
    text = yaml.safe_dump(out)
    assert "nullable" not in text
