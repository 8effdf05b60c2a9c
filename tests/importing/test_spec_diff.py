"""The spec-level diff (generator/spec/diff.py): one readable line per change, sorted."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.spec.diff import diff_specs, summary

MINIMAL = Path(__file__).resolve().parents[1] / "validation" / "good" / "minimal.yaml"
Spec = dict[str, Any]


def _spec() -> Spec:
    spec: Spec = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    return spec


def _get(spec: Spec) -> dict[str, Any]:
    operation: dict[str, Any] = spec["paths"]["/things"]["get"]
    return operation


def _thing(spec: Spec) -> dict[str, Any]:
    schema: dict[str, Any] = spec["components"]["schemas"]["Thing"]
    return schema


def _add_operation(spec: Spec) -> None:
    spec["paths"]["/things"]["post"] = {"operationId": "create_thing", "responses": {"201": {"description": "ok"}}}


def _limit_bounds(spec: Spec) -> None:
    _get(spec)["parameters"][0]["schema"]["maximum"] = 50


def _require_cursor(spec: Spec) -> None:
    _get(spec)["parameters"][1]["required"] = True


def _drop_400(spec: Spec) -> None:
    del _get(spec)["responses"]["400"]


def _enum_and_required(spec: Spec) -> None:
    _thing(spec)["properties"]["kind"] = {"type": "string", "enum": ["a", "b"]}
    _thing(spec)["required"] = ["id"]


def _nested_property(spec: Spec) -> None:
    _thing(spec)["properties"]["meta"]["properties"] = {"source": {"type": "string"}}


def _new_schema_and_scheme(spec: Spec) -> None:
    spec["components"]["schemas"]["Other"] = {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}
    spec["components"]["securitySchemes"]["basic"] = {"type": "http", "scheme": "basic"}


def _response_schema(spec: Spec) -> None:
    _get(spec)["responses"]["200"]["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/Thing"}


CASES: list[tuple[Callable[[Spec], None], list[str]]] = [
    (_add_operation, ["`POST /things`: operation added (create_thing)"]),
    (
        _limit_bounds,
        [
            "`GET /things`: query parameter `limit`: optional, integer [minimum=1, maximum=100] default 20"
            " -> optional, integer [minimum=1, maximum=50] default 20"
        ],
    ),
    (_require_cursor, ["`GET /things`: query parameter `cursor`: optional, string -> required, string"]),
    (_drop_400, ["`GET /things`: response 400 removed"]),
    (
        _enum_and_required,
        [
            "schema `Thing`: property `kind` added (optional, string, one of 'a', 'b')",
            "schema `Thing`: property `id` is now required",
        ],
    ),
    (_nested_property, ["schema `Thing`: property `meta.source` added (optional, string)"]),
    (
        _new_schema_and_scheme,
        ["schema `Other`: added (array of Thing)", "security scheme `basic`: added"],
    ),
    (_response_schema, ["`GET /things`: response 200: application/json ThingPage -> application/json Thing"]),
]


@pytest.mark.parametrize(("edit", "expected"), CASES, ids=[c[0].__name__ for c in CASES])
def test_each_change_is_one_line(edit: Callable[[Spec], None], expected: list[str]) -> None:
    before = _spec()
    after = copy.deepcopy(before)
    edit(after)
    assert diff_specs(before, after) == expected


def test_same_spec_no_lines_and_removal_is_the_mirror() -> None:
    spec = _spec()
    assert diff_specs(spec, copy.deepcopy(spec)) == []
    after = copy.deepcopy(spec)
    _add_operation(after)
    assert diff_specs(after, spec) == ["`POST /things`: operation removed"]


def test_enum_values_are_listed_one_by_one() -> None:
    before = {"type": "string", "enum": ["a", "b"]}
    after = {"type": "string", "enum": ["b", "c"]}
    spec_before = {"components": {"schemas": {"E": before}}}
    spec_after = {"components": {"schemas": {"E": after}}}
    assert diff_specs(spec_before, spec_after) == [
        "schema `E`: enum value 'a' removed",
        "schema `E`: enum value 'c' added",
    ]
    assert summary({"oneOf": [{"type": "string", "format": "uuid"}, {"type": "null"}]}) == "oneOf[string (uuid), null]"
