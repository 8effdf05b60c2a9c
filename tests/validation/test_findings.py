"""What validation reports and how: schema cycles, a validator's RecursionError, every finding of a
file in one run, messages and fixes that fit the case, and the one key table every walker uses.

Each spec here is ``good/minimal.yaml`` with one change, written as JSON (which is YAML) so lines
are still known.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.problems import Problem
from generator.spec.load import load_spec
from generator.validate.name_check import check_names
from generator.validate.oas import openapi_spec_findings
from generator.validate.rules import validate_file

HERE = Path(__file__).resolve().parent
MINIMAL: dict[str, Any] = yaml.safe_load((HERE / "good" / "minimal.yaml").read_text(encoding="utf-8"))
BROKEN = sorted(p for p in (HERE / "broken").rglob("*.yaml") if p.parent.name != "errata")

Edit = Callable[[dict[str, Any]], None]


def _spec(tmp_path: Path, edit: Edit) -> Path:
    doc = copy.deepcopy(MINIMAL)
    edit(doc)
    path = tmp_path / "vendor.yaml"
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def _problems(tmp_path: Path, edit: Edit) -> list[Problem]:
    return validate_file(_spec(tmp_path, edit), tmp_path)[1]


def _render(problems: list[Problem]) -> str:
    return "\n".join(p.render() for p in problems)


def _op(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["paths"]["/things"]["get"]  # type: ignore[no-any-return]


def _schemas(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["components"]["schemas"]  # type: ignore[no-any-return]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


# --- schema cycles --------------------------------------------------------------------------


def _thing_is(schema: dict[str, Any], **others: dict[str, Any]) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        _schemas(doc)["Thing"] = schema
        _schemas(doc).update(others)

    return edit


CYCLES = {
    "allOf": _thing_is({"allOf": [_ref("Base"), {"type": "object"}]}, Base={"allOf": [_ref("Thing")]}),
    "anyOf self": _thing_is({"anyOf": [_ref("Thing"), {"type": "object"}]}),
    "not": _thing_is({"not": _ref("Thing")}),
    "if/then": _thing_is({"if": {"type": "object"}, "then": _ref("Other")}, Other={"allOf": [_ref("Thing")]}),
    "nested inline": _thing_is({"allOf": [{"oneOf": [_ref("Other"), {"type": "null"}]}]}, Other=_ref("Thing")),
    "dependentSchemas": _thing_is({"dependentSchemas": {"id": _ref("Thing")}}),
}


@pytest.mark.parametrize("edit", CYCLES.values(), ids=CYCLES.keys())
def test_a_schema_that_applies_itself_in_place_is_one_located_cycle(tmp_path: Path, edit: Edit) -> None:
    # Before lint/schema-cycle these ended in openapi-spec-validator's RecursionError at 1:1.
    problems = _problems(tmp_path, edit)
    assert [p.rule for p in problems] == ["lint/schema-cycle"], _render(problems)
    (problem,) = problems
    assert problem.line is not None and problem.pointer.startswith("/components/schemas/")
    assert problem.message.startswith("schema cycle: /components/schemas/")
    assert "RecursionError" not in problem.message


def test_the_cycle_is_named_step_by_step_and_located_where_it_closes(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, CYCLES["allOf"])
    assert problem.pointer == "/components/schemas/Base/allOf/0/$ref"
    assert "/components/schemas/Thing allOf/0 -> /components/schemas/Base allOf/0 -> /components/schemas/Thing" in (
        problem.message
    )
    assert "allOf" in problem.fix


@pytest.mark.parametrize(
    "edit",
    [
        _thing_is({"type": "object", "properties": {"children": {"type": "array", "items": _ref("Thing")}}}),
        _thing_is({"allOf": [_ref("Base")]}, Base={"type": "object", "properties": {"parent": _ref("Thing")}}),
        lambda doc: _schemas(doc)["Thing"]["properties"].__setitem__(
            "meta", {"type": "object", "additionalProperties": _ref("Thing")}
        ),
    ],
    ids=["items", "property of an allOf branch", "additionalProperties"],
)
def test_recursion_into_a_part_of_the_value_is_no_cycle(tmp_path: Path, edit: Edit) -> None:
    assert _problems(tmp_path, edit) == []


def test_a_loop_of_refs_alone_stays_the_ref_cycle_rule_only(tmp_path: Path) -> None:
    problems = _problems(tmp_path, _thing_is(_ref("Alias"), Alias=_ref("Thing")))
    assert [p.rule for p in problems] == ["lint/ref-cycle"], _render(problems)


def test_a_validator_recursion_error_is_located(tmp_path: Path) -> None:
    # The rules keep the validator away from cycles; should it recurse out anyway (a cycle the
    # rules miss, or a chain too long for the stack), the finding is still inside the schema.
    spec, _ = load_spec(_spec(tmp_path, CYCLES["allOf"]))
    assert spec is not None
    ((at, message, fix),) = list(openapi_spec_findings(spec.data))
    assert "RecursionError" in message
    assert at.startswith("/components/schemas/"), at
    assert spec.where(at)[0] not in (None, 1)
    assert "lint/schema-cycle" in fix


def test_a_pagination_pointer_through_an_allof_cycle_ends(tmp_path: Path) -> None:
    # extensions._child_schema searched allOf branches by recursion: RecursionError out of validate_file.
    def edit(doc: dict[str, Any]) -> None:
        page = _schemas(doc)["ThingPage"]
        _schemas(doc)["ThingPage"] = {"allOf": [_ref("PageBase"), page]}
        _schemas(doc)["PageBase"] = {"allOf": [_ref("ThingPage")]}
        _op(doc)["x-pagination"]["next_cursor"] = "/missing"

    problems = _problems(tmp_path, edit)
    assert {p.rule for p in problems} == {"lint/schema-cycle", "lint/pagination-pointer"}, _render(problems)


# --- every finding of a file in one run -------------------------------------------------------


def test_text_control_characters_do_not_hide_the_other_findings(tmp_path: Path) -> None:
    def edit(doc: dict[str, Any]) -> None:
        _op(doc)["description"] = "Lists things \u202e,tsrif tsewen\u202c."
        del _op(doc)["summary"]

    problems = _problems(tmp_path, edit)
    assert {p.rule for p in problems} == {"text-control", "lint/operation-summary"}, _render(problems)
    spec, load_problems = load_spec(tmp_path / "vendor.yaml")
    assert spec is not None and [p.rule for p in load_problems] == ["text-control"]


def test_a_value_that_could_not_be_read_still_stops_the_file(tmp_path: Path) -> None:
    # A `.nan` is dropped from the data: findings about a value that is not the file's would mislead.
    path = tmp_path / "vendor.yaml"
    path.write_text((HERE / "good" / "minimal.yaml").read_text().replace("maximum: 100", "maximum: .nan"))
    spec, problems = load_spec(path)
    assert spec is None and [p.rule for p in problems] == ["yaml-value"]


# --- messages and fixes fit the case ------------------------------------------------------------


def _set(key: str, value: Any) -> Edit:
    return lambda doc: _op(doc).__setitem__(key, value)


def _drop(key: str) -> Edit:
    return lambda doc: _op(doc).pop(key)


def _param_description(value: str) -> Edit:
    return lambda doc: _op(doc)["parameters"][1].__setitem__("description", value)


MESSAGES = {
    # case: (edit, rule, text in the message, text in the fix, pointer ends with)
    "operationId missing": (
        _drop("operationId"),
        "lint/operation-id",
        "GET /things has no operationId",
        "add `operationId:",
        "/get",
    ),
    "operationId camelCase": (
        _set("operationId", "listThings"),
        "lint/operation-id",
        "operationId 'listThings' is not snake_case",
        "rename it to `list_things`",
        "/operationId",
    ),
    "operationId a number": (
        _set("operationId", 42),
        "lint/operation-id",
        "operationId 42 is not text",
        "snake_case",
        "/operationId",
    ),
    "operationId empty": (
        _set("operationId", ""),
        "lint/operation-id",
        "operationId is empty",
        "snake_case",
        "/operationId",
    ),
    "summary missing": (_drop("summary"), "lint/operation-summary", "has no summary", "add `summary:`", "/get"),
    "summary blank": (_set("summary", "  "), "lint/operation-summary", "summary is empty", "title", "/summary"),
    "summary with nothing after it": (
        _set("summary", None),
        "lint/operation-summary",
        "summary is empty",
        "title",
        "/summary",
    ),
    "docs url missing": (
        _drop("x-docs-url"),
        "lint/operation-docs-url",
        "has no x-docs-url",
        "add `x-docs-url:",
        "/get",
    ),
    "docs url malformed": (
        _set("x-docs-url", "docs.example.test/things"),
        "lint/operation-docs-url",
        "x-docs-url 'docs.example.test/things' is not an http(s) URL",
        "https://",
        "/x-docs-url",
    ),
    "parameter description blank": (
        _param_description(""),
        "lint/parameter-description",
        "parameter 'cursor': description is empty",
        "write the page's text",
        "/parameters/1/description",
    ),
    "request examples empty": (
        _set("x-request-examples", []),
        "lint/request-examples",
        "x-request-examples is an empty list",
        "at least the page's curl",
        "/x-request-examples",
    ),
}


@pytest.mark.parametrize("case", MESSAGES.values(), ids=MESSAGES.keys())
def test_message_and_fix_fit_the_case(tmp_path: Path, case: tuple[Edit, str, str, str, str]) -> None:
    edit, rule, message, fix, pointer_end = case
    problems = _problems(tmp_path, edit)
    # openapi-spec may report the same value too (an operationId that is no string breaks the schema).
    assert {p.rule for p in problems} - {"openapi-spec"} == {rule}, _render(problems)
    (problem,) = [p for p in problems if p.rule == rule]
    assert message in problem.message and fix in problem.fix and problem.pointer.endswith(pointer_end), problem.render()
    _assert_fix_fits(problem)


def _assert_fix_fits(problem: Problem) -> None:
    # "add `key:`" is the fix for a key that is missing: never for one the finding points at.
    added = re.match(r"add `([\w$-]+):", problem.fix)
    if added:
        assert not problem.pointer.endswith("/" + added.group(1)), problem.render()
        assert " has no " in problem.message, problem.render()


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.relative_to(HERE / "broken").as_posix())
def test_every_broken_fragment_gets_a_fix_that_fits(path: Path) -> None:
    for problem in validate_file(path, HERE.parents[1])[1]:
        _assert_fix_fits(problem)


def test_an_anchor_ref_is_not_called_remote(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, _thing_is({"$ref": "#thing"}))
    assert problem.rule == "lint/local-refs"
    assert "not a JSON pointer" in problem.message and "not local" not in problem.message


# --- one key table: where the walkers used to disagree --------------------------------------------


def _media(doc: dict[str, Any]) -> dict[str, Any]:
    return _op(doc)["responses"]["200"]["content"]["application/json"]  # type: ignore[no-any-return]


def test_refs_inside_a_media_types_examples_map_are_checked(tmp_path: Path) -> None:
    # `examples` is literal in LITERAL_KEYS (right for schemas and names), but in a media type it
    # maps names to Example Objects, which may be $refs: a walk for refs must look inside.
    problems = _problems(tmp_path, lambda doc: _media(doc)["examples"].__setitem__("more", _ref("Missing")))
    assert [(p.rule, p.pointer) for p in problems] == [
        ("lint/local-refs", "/paths/~1things/get/responses/200/content/application~1json/examples/more/$ref")
    ], _render(problems)


def test_refs_inside_samples_are_data(tmp_path: Path) -> None:
    def edit(doc: dict[str, Any]) -> None:
        _schemas(doc)["Thing"]["examples"] = [{"$ref": "#/nowhere"}]
        _schemas(doc)["Thing"]["properties"]["meta"]["default"] = {"$ref": "#/nowhere"}

    # openapi-spec-validator itself follows a $ref in a sample (a located finding, its own rule).
    problems = _problems(tmp_path, edit)
    assert {p.rule for p in problems} <= {"openapi-spec"}, _render(problems)
    assert all(p.pointer.startswith("/components/schemas/Thing") for p in problems), _render(problems)


def test_names_spelled_like_keywords_are_walked(tmp_path: Path) -> None:
    # A response named `default` and a webhook named `example` are names, not the keywords.
    def edit(doc: dict[str, Any]) -> None:
        _op(doc)["responses"]["default"] = {"$ref": "#/components/responses/Missing"}
        doc["webhooks"] = {"example": {"$ref": "#/components/pathItems/Missing"}}

    problems = _problems(tmp_path, edit)
    assert sorted(p.pointer for p in problems) == [
        "/paths/~1things/get/responses/default/$ref",
        "/webhooks/example/$ref",
    ], _render(problems)


def test_name_check_reads_schemas_not_samples(tmp_path: Path) -> None:
    clash = {"type": "object", "properties": {"a-b": {"type": "string"}, "a_b": {"type": "string"}}}

    def edit(doc: dict[str, Any]) -> None:
        _schemas(doc)["Thing"]["examples"] = [clash]  # JSON Schema's samples: data
        doc["components"]["examples"] = {"Sample": {"value": clash}}  # an Example Object's value: data
        doc["webhooks"] = {"example": {"post": {"requestBody": {"content": {"application/json": {"schema": clash}}}}}}

    spec, _ = load_spec(_spec(tmp_path, edit))
    assert spec is not None
    found = [(p.rule, p.pointer) for p in check_names(spec)]
    webhook_schema = "/webhooks/example/post/requestBody/content/application~1json/schema"
    assert found == [("names/collision", f"{webhook_schema}/properties/a_b")]
