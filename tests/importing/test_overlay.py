"""Overlay 1.0 corrections (generator/spec/overlay.py)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from generator.spec.overlay import apply_overlay, overlay_problems


def _doc() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Vendor", "version": "2"},
        "tags": [{"name": "a"}],
        "paths": {
            "/v2/things/{id}": {
                "get": {"operationId": "getThing", "responses": {"200": {"description": "ok"}}},
                "delete": {"operationId": "deleteThing", "responses": {"204": {"description": "gone"}}},
            }
        },
        "components": {
            "schemas": {"Thing": {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}}}}
        },
    }


def _overlay(*actions: dict[str, Any]) -> dict[str, Any]:
    return {"overlay": "1.0.0", "info": {"title": "our corrections", "version": "1"}, "actions": list(actions)}


def test_update_merges_objects_recursively_and_keeps_the_rest() -> None:
    doc = _doc()
    out, problems = apply_overlay(
        doc,
        _overlay(
            {"target": "$.info", "update": {"x-oc-docs": "https://example.com", "title": "Vendor API"}},
            {"target": "$.components.schemas.Thing.properties.id", "update": {"description": "an id"}},
        ),
        "o.yaml",
    )
    assert problems == []
    assert out["info"] == {"title": "Vendor API", "version": "2", "x-oc-docs": "https://example.com"}
    assert out["components"]["schemas"]["Thing"]["properties"]["id"] == {
        "type": "string",
        "format": "uuid",
        "description": "an id",
    }
    assert doc == _doc(), "the vendor's document is never modified"


def test_filter_targets_select_by_value() -> None:
    out, problems = apply_overlay(
        _doc(),
        _overlay({"target": "$.paths.*[?@.operationId == 'getThing']", "update": {"x-oc-python-name": "get"}}),
        "o.yaml",
    )
    assert problems == []
    assert out["paths"]["/v2/things/{id}"]["get"]["x-oc-python-name"] == "get"
    assert "x-oc-python-name" not in out["paths"]["/v2/things/{id}"]["delete"]


def test_update_of_an_array_appends() -> None:
    out, problems = apply_overlay(
        _doc(),
        _overlay({"target": "$.tags", "update": {"name": "b"}}, {"target": "$.tags", "update": [{"name": "c"}]}),
        "o.yaml",
    )
    assert problems == []
    assert out["tags"] == [{"name": "a"}, {"name": "b"}, {"name": "c"}]


def test_remove_deletes_every_selected_node_whatever_the_order() -> None:
    doc = _doc()
    doc["tags"] = [{"name": n} for n in "abcd"]
    out, problems = apply_overlay(
        doc,
        _overlay(
            {"target": "$.components.schemas.Thing.properties.id.format", "remove": True},
            {"target": "$.tags[?@.name != 'c']", "remove": True},
        ),
        "o.yaml",
    )
    assert problems == []
    assert out["components"]["schemas"]["Thing"]["properties"]["id"] == {"type": "string"}
    assert out["tags"] == [{"name": "c"}]


def test_actions_apply_in_order() -> None:
    out, problems = apply_overlay(
        _doc(),
        _overlay(
            {"target": "$.paths['/v2/things/{id}']", "remove": True}, {"target": "$.paths", "update": {"/v3": {}}}
        ),
        "o.yaml",
    )
    assert problems == []
    assert out["paths"] == {"/v3": {}}


def test_a_target_that_selects_nothing_is_a_stale_correction() -> None:
    _out, problems = apply_overlay(
        _doc(), _overlay({"target": "$.paths.*[?@.operationId == 'listThings']", "update": {"x": 1}}), "o.yaml"
    )
    assert [(p.rule, p.pointer, p.file) for p in problems] == [("overlay", "/actions/0/target", "o.yaml")]
    assert "no longer applies" in problems[0].message


def test_updating_a_scalar_is_refused_with_the_fix() -> None:
    _out, problems = apply_overlay(_doc(), _overlay({"target": "$.info.title", "update": "New"}), "o.yaml")
    assert len(problems) == 1 and "update its parent" in problems[0].message


@pytest.mark.parametrize(
    ("overlay", "pointer"),
    [
        (
            {"overlay": "2.0.0", "info": {"title": "t", "version": "1"}, "actions": [{"target": "$", "update": {}}]},
            "/overlay",
        ),
        ({"overlay": "1.0.0", "actions": [{"target": "$", "update": {}}]}, "/info"),
        ({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": []}, "/actions"),
        ({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": [{"target": "info"}]}, "/actions/0"),
        ({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": [{"target": "$.a"}]}, "/actions/0"),
        (
            {
                "overlay": "1.0.0",
                "info": {"title": "t", "version": "1"},
                "actions": [{"target": "$[?", "remove": True}],
            },
            "/actions/0/target",
        ),
    ],
)
def test_malformed_overlays_are_located(overlay: dict[str, Any], pointer: str) -> None:
    problems = overlay_problems(overlay, "o.yaml")
    assert pointer in [p.pointer for p in problems]
    doc = _doc()
    out, again = apply_overlay(copy.deepcopy(doc), overlay, "o.yaml")
    assert again and out == doc, "nothing is applied from an overlay with a shape problem"
