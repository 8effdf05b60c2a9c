"""The spec toolkit (generator/spec/toolkit.py): pointers, $ref resolution, operations, key tables."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.spec import toolkit
from generator.spec.toolkit import (
    HTTP_METHODS,
    component_name,
    deref,
    escape_token,
    get_pointer,
    is_literal,
    iter_operations,
    iter_structural,
    join_pointer,
    pointer_tokens,
    ref_pointer,
    resolve,
    subschemas,
    unescape_token,
)

# --- pointers ------------------------------------------------------------------------------


@given(st.lists(st.text(max_size=8), max_size=5))
def test_join_and_split_round_trip(tokens: list[str]) -> None:
    pointer = join_pointer("", *tokens)
    assert pointer_tokens(pointer) == tokens
    assert pointer_tokens("#" + pointer) == tokens


def test_escaping_order_keeps_tilde_one_literal() -> None:
    # "~1" written literally is escaped to "~01", which must not come back as "/".
    assert escape_token("a/b~1") == "a~1b~01"
    assert unescape_token("a~1b~01") == "a/b~1"
    assert pointer_tokens("/paths/~1things~1{id}/get") == ["paths", "/things/{id}", "get"]


def test_pointer_tokens_refuses_text_that_is_not_a_pointer() -> None:
    assert pointer_tokens("") == pointer_tokens("#") == []
    with pytest.raises(ValueError, match="not a JSON pointer"):
        pointer_tokens("components/schemas")  # once read as ["schemas"]: silently another node


def test_get_pointer_walks_mappings_and_lists() -> None:
    doc = {"a": [{"b/c": 1}, {"~": 2}], "": {"x": 3}}
    assert get_pointer(doc, "") is doc
    assert get_pointer(doc, "/a/0/b~1c") == 1
    assert get_pointer(doc, "/a/1/~0") == 2
    assert get_pointer(doc, "//x") == 3  # the empty key is a key like any other
    for missing, said in (("/a/2", "/a has no '2'"), ("/b", "the root has no 'b'"), ("/a/x", "/a has no 'x'")):
        with pytest.raises(LookupError, match=said):
            get_pointer(doc, missing)
    with pytest.raises(LookupError, match="not a JSON pointer"):
        get_pointer(doc, "a")


# --- $ref ----------------------------------------------------------------------------------


def test_ref_pointer_is_for_local_pointer_fragments_only() -> None:
    assert ref_pointer("#") == ""
    assert ref_pointer("#/components/schemas/A") == "/components/schemas/A"
    assert ref_pointer("#/paths/~1things%7Bid%7D") == "/paths/~1things{id}"  # a URI fragment: percent-decoded
    for not_local in ("#anchor", "other.yaml#/A", "https://example.test/a.json", "", 3, None):
        assert ref_pointer(not_local) is None


DOC: dict[str, Any] = {
    "components": {
        "schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"$ref": "#/components/schemas/C"},
            "C": {"type": "string"},
            "Loop1": {"$ref": "#/components/schemas/Loop2"},
            "Loop2": {"$ref": "#/components/schemas/Loop1"},
            "Dangling": {"$ref": "#/components/schemas/Missing"},
            "Anchor": {"$ref": "#thing"},
            "With space": {"type": "integer"},
            "Encoded": {"$ref": "#/components/schemas/With%20space"},
            "List": {"$ref": "#/components/schemas/C/type"},
        }
    }
}


def test_deref_follows_chains_to_the_real_location() -> None:
    assert deref(DOC, {"$ref": "#/components/schemas/A"}, "/x") == ({"type": "string"}, "/components/schemas/C")
    assert deref(DOC, {"type": "object"}, "/x") == ({"type": "object"}, "/x")
    assert deref(DOC, {"$ref": "#/components/schemas/Encoded"}, "") == (
        {"type": "integer"},
        "/components/schemas/With space",
    )


@pytest.mark.parametrize("name", ["Loop1", "Dangling", "Anchor"])
def test_deref_stops_at_a_ref_it_cannot_follow(name: str) -> None:
    node, _at = deref(DOC, DOC["components"]["schemas"][name], f"/components/schemas/{name}")
    assert "$ref" in node
    assert resolve(DOC, DOC["components"]["schemas"][name]) == {}


def test_resolve_gives_objects_only() -> None:
    assert resolve(DOC, {"$ref": "#/components/schemas/A"}) == {"type": "string"}
    assert resolve(DOC, {"$ref": "#/components/schemas/List"}) == {}  # a string, not an object
    assert resolve(DOC, None) == {}


def test_component_name() -> None:
    assert component_name("#/components/schemas/Thing") == "Thing"
    assert component_name("#/components/schemas/a~1b") == "a/b"
    assert component_name("#/components/schemas/With%20space") == "With space"
    assert component_name("#/components/responses/Err", "responses") == "Err"
    for other in ("#/components/schemas/A/properties/x", "#/components/responses/Err", "x.yaml#/components/schemas/A"):
        assert component_name(other) is None


# --- operations ----------------------------------------------------------------------------


def test_iter_operations_in_document_and_method_order() -> None:
    doc = {
        "paths": {
            "/b": {"post": {"operationId": "make_b"}, "get": {}, "parameters": [], "summary": "not an operation"},
            "/a/{id}": {"delete": {"operationId": "drop_a"}, "query": {"x": 1}},
            "/bad": ["not a path item"],
            "/worse": {"get": "not an operation"},
        }
    }
    ops = list(iter_operations(doc))
    assert [(op.path, op.method) for op in ops] == [("/b", "get"), ("/b", "post"), ("/a/{id}", "delete")]
    get_b, post_b, delete_a = ops
    assert get_b.display == get_b.endpoint == "GET /b"  # no operationId
    assert post_b.display == "make_b" and post_b.endpoint == "POST /b"
    assert delete_a.pointer == "/paths/~1a~1{id}/delete"
    assert delete_a.item_pointer == "/paths/~1a~1{id}"
    assert get_pointer(doc, delete_a.pointer) is delete_a.operation
    assert get_pointer(doc, delete_a.item_pointer) is delete_a.path_item
    malformed: list[Any] = [{}, {"paths": []}, [], None]
    for document in malformed:
        assert list(iter_operations(document)) == []


def test_http_methods_are_the_path_item_operation_keys() -> None:
    assert HTTP_METHODS == ("get", "put", "post", "delete", "options", "head", "patch", "trace")


# --- which keys hold what --------------------------------------------------------------------


def test_key_tables_agree_with_each_other() -> None:
    schema_keys = toolkit.SCHEMA_KEYS | toolkit.SCHEMA_LIST_KEYS | toolkit.SCHEMA_MAP_KEYS
    assert toolkit.IN_PLACE_KEYS <= schema_keys
    assert toolkit.SCHEMA_MAP_KEYS <= toolkit.NAME_MAP_KEYS
    assert not (toolkit.LITERAL_KEYS & schema_keys)
    assert {
        "paths",
        "webhooks",
        "responses",
        "examples",
        "securitySchemes",
        "dependentSchemas",
    } <= toolkit.NAME_MAP_KEYS


def test_examples_is_data_as_a_list_and_a_name_map_as_a_mapping() -> None:
    assert is_literal("examples", [{"$ref": "#/x"}])  # JSON Schema's sample values
    assert not is_literal("examples", {"docs": {"$ref": "#/components/examples/Docs"}})  # Example Objects
    assert is_literal("example", {"a": 1}) and is_literal("x-anything", {}) and is_literal("value", {})
    assert not is_literal("properties", {})


def _structural_pointers(doc: Any) -> list[str]:
    return [at for at, _ in iter_structural(doc)]


def test_iter_structural_skips_data_but_not_names_spelled_like_keywords() -> None:
    doc = {
        "paths": {"/a": {"get": {"responses": {"default": {"$ref": "#/r"}}}}},
        "webhooks": {"example": {"post": {"x-note": {"$ref": "#/ext"}}}},
        "components": {
            "schemas": {
                "S": {
                    "properties": {"enum": {"type": "string"}, "value": {"$ref": "#/v"}},
                    "examples": [{"properties": {"a": {}}}],
                    "default": {"properties": {}},
                },
            },
            "examples": {"E": {"value": {"$ref": "#/in-a-sample"}}, "F": {"$ref": "#/components/examples/E"}},
        },
    }
    assert _structural_pointers(doc) == [
        "",
        "/paths/~1a",
        "/paths/~1a/get",
        "/paths/~1a/get/responses/default",
        "/webhooks/example",
        "/webhooks/example/post",
        "/components",
        "/components/schemas/S",
        "/components/schemas/S/properties/enum",
        "/components/schemas/S/properties/value",
        "/components/examples/E",
        "/components/examples/F",
    ]


def test_iter_structural_is_not_recursive() -> None:
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(5000):  # deeper than Python's recursion limit
        node["not"] = {}
        node = node["not"]
    assert len(_structural_pointers(deep)) == 5001


def test_subschemas_lists_each_direct_subschema() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"type": "string"}},
        "allOf": [{"$ref": "#/A"}],
        "items": {"type": "integer"},
        "enum": [{"type": "not a schema"}],
        "schema": {"type": "an OpenAPI field, not a keyword"},
    }
    assert [(key, at) for key, at, _ in subschemas(schema, "/S")] == [
        ("properties", "/S/properties/a"),
        ("allOf", "/S/allOf/0"),
        ("items", "/S/items"),
    ]
