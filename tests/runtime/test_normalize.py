"""The spec rewrites the runtime relies on (generator/normalize.py, generator/build_model.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.model.build import build_model
from generator.spec.normalize import CONTENT_TYPE_MARK, normalize

JSON_FILTER = {
    "content": {"application/json": {"schema": {"type": "object", "properties": {"a": {"type": "integer"}}}}}
}


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "security": [{"bearer": []}],
        "paths": {
            "/things": {
                "get": {
                    "operationId": "list_things",
                    "parameters": [
                        {"name": "filter", "in": "query", **JSON_FILTER},
                        {"$ref": "#/components/parameters/Sort"},
                        {"name": "size", "in": "query", "schema": {"type": "integer", "format": "int8", "maximum": 50}},
                    ],
                    "responses": {"200": {"description": "ok"}},
                },
                "post": {"operationId": "open_thing", "security": [{}], "responses": {"201": {"description": "ok"}}},
            }
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "parameters": {
                "Sort": {"name": "sort", "in": "query", "content": {"text/plain": {"schema": {"type": "string"}}}}
            },
        },
    }


def test_top_level_security_is_copied_to_operations_that_declare_none() -> None:
    normalized = normalize(document())
    vendor = build_model("t", Path("t.yaml"), "t.yaml", normalized)
    listing, opening = vendor.operations
    assert listing.requires_credentials and listing.security_schemes == ("bearer",)
    assert not opening.requires_credentials  # `security: [{}]` states anonymous access


def test_content_parameters_become_schema_parameters_marked_with_their_media_type() -> None:
    original = document()
    normalized = normalize(original)
    parameters = normalized["paths"]["/things"]["get"]["parameters"]
    assert parameters[0]["schema"]["properties"] == {"a": {"type": "integer"}}
    assert parameters[0][CONTENT_TYPE_MARK] == "application/json" and "content" not in parameters[0]
    assert normalized["components"]["parameters"]["Sort"][CONTENT_TYPE_MARK] == "text/plain"
    assert "content" in original["paths"]["/things"]["get"]["parameters"][0]  # the input is not modified
    vendor = build_model("t", Path("t.yaml"), "t.yaml", normalized)
    listing = vendor.operations[0]
    assert [(p.name, p.content_type) for p in listing.parameters] == [
        ("filter", "application/json"),
        ("sort", "text/plain"),
        ("size", None),
    ]


def test_a_sized_integer_format_adds_no_limit_to_the_documented_ones() -> None:
    # `format: int8` with `maximum: 50`: the docs state the maximum, the -128 the format implies
    # is not theirs (only documented limits are checked and documented).
    vendor = build_model("t", Path("t.yaml"), "t.yaml", normalize(document()))
    size = vendor.operations[0].parameter_named("size", "query")
    assert size is not None and size.constraints is not None
    assert size.constraints.as_kwargs() == (("maximum", 50),)


def test_a_parameter_named_like_an_argument_the_runtime_adds_is_refused(tmp_path: Path) -> None:
    from generator.emit.client import generate_client

    spec = document()
    spec["paths"]["/things"]["get"]["parameters"].append(
        {"name": "request_options", "in": "query", "schema": {"type": "integer"}}
    )
    normalized = normalize(spec)
    vendor = build_model("t", Path("t.yaml"), "t.yaml", normalized)
    templates = Path(__file__).resolve().parents[2] / "templates" / "client"
    problems = generate_client(vendor, normalized, tmp_path, templates)
    assert [p.rule for p in problems] == ["generator/reserved-argument"]
    assert "'request_options'" in problems[0].message and not (tmp_path / "t_client").exists()
