"""What vendors' published descriptions do that our hand-written specs never did, generated
with both tools (the shapes are the Otim API's, the reference in ../shared/reference/):
titled inline union branches whose titles repeat across unions, ``type: object`` beside
``oneOf``, operationIds in camelCase or missing, formats neither tool knows."""

from __future__ import annotations

import copy
import importlib
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.api import generate_vendor
from generator.spec.normalize import normalize
from generator.spec.unions import TITLE_MARK

REPO = Path(__file__).resolve().parents[2]


def _branch(title: str, prop: str) -> dict[str, Any]:
    return {
        "title": title,
        "type": "object",
        "required": [prop],
        "properties": {prop: {"type": "integer", "format": "uint256"}},
    }


def document() -> dict[str, Any]:
    def get(op_id: str | None, schema: str) -> dict[str, Any]:
        op: dict[str, Any] = {
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
                }
            }
        }
        return op | ({"operationId": op_id} if op_id else {})

    return {
        "openapi": "3.1.0",
        "info": {"title": "shapes", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/actions": {"get": get("getActionArguments", "ActionArguments")},
            "/activity/{chainId}": {
                "get": get(None, "ActivityData")
                | {"parameters": [{"name": "chainId", "in": "path", "required": True, "schema": {"type": "integer"}}]}
            },
        },
        "components": {
            "schemas": {
                "ActionArguments": {
                    "type": "object",
                    "oneOf": [_branch("Transfer", "transfer"), _branch("Refuel ERC20", "refuelERC20")],
                },
                "ActivityData": {
                    "type": "object",
                    "oneOf": [_branch("Transfer", "value"), _branch("Swap", "fromAmount")],
                },
            }
        },
    }


def test_titled_branches_are_hoisted_under_their_union_and_object_beside_oneof_is_dropped() -> None:
    original = document()
    normalized = normalize(original)
    schemas = normalized["components"]["schemas"]
    assert schemas["ActivityData"] == {
        "oneOf": [
            {"$ref": "#/components/schemas/ActivityDataTransfer"},
            {"$ref": "#/components/schemas/ActivityDataSwap"},
        ]
    }
    assert schemas["ActionArgumentsRefuelERC20"][TITLE_MARK] == "Refuel ERC20"
    assert "title" not in schemas["ActionArgumentsTransfer"]
    assert original == document()  # the input is kept


def test_a_hoisted_name_already_taken_gets_a_number() -> None:
    spec = document()
    spec["components"]["schemas"]["ActivityDataSwap"] = {"type": "string"}
    branches = normalize(spec)["components"]["schemas"]["ActivityData"]["oneOf"]
    assert branches[1] == {"$ref": "#/components/schemas/ActivityDataSwap2"}


def test_a_union_of_mixed_kinds_keeps_its_type() -> None:
    spec = document()
    union = spec["components"]["schemas"]["ActivityData"]
    union["oneOf"].append({"type": "string"})
    kept = normalize(copy.deepcopy(spec))["components"]["schemas"]["ActivityData"]
    assert kept["type"] == "object"


def test_operation_names_any_style_missing_or_overridden() -> None:
    spec = document()
    spec["paths"]["/actions"]["post"] = {
        "operationId": "Create-Action",
        "x-oc-python-name": "create_an_action",
        "responses": {"204": {"description": "done"}},
    }
    ops = normalize(spec)["paths"]
    assert ops["/actions"]["get"]["operationId"] == "getActionArguments"
    assert ops["/activity/{chainId}"]["get"]["operationId"] == "get_activity_chainId"
    assert ops["/actions"]["post"]["operationId"] == "create_an_action"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("shapes")
    spec = folder / "shapes.yaml"
    spec.write_text(yaml.safe_dump(document(), sort_keys=False), encoding="utf-8")
    problems = generate_vendor(spec, folder / "out", root=REPO, project_rules=False)
    assert problems == [], "\n".join(p.render() for p in problems)
    sys.path.insert(0, str(folder / "out"))
    importlib.invalidate_caches()
    try:
        yield importlib.import_module("shapes_client")
    finally:
        sys.path.remove(str(folder / "out"))


def test_both_flavours_generate_every_operation_and_decode_each_branch(package: Any) -> None:
    for module in ("get_action_arguments", "get_activity_chain_id"):
        endpoint = importlib.import_module(f"shapes_client.api.default.{module}")
        assert callable(endpoint.sync) and callable(endpoint.asyncio)
    models = importlib.import_module("shapes_client.models")
    swap = models.ActivityDataSwap.from_dict({"fromAmount": 2**200})
    assert swap.from_amount == 2**200
    pydantic_models = importlib.import_module("shapes_client.pydantic_models")
    refuel = pydantic_models.ActionArgumentsRefuelERC20.model_validate({"refuelERC20": 2**255})
    assert refuel.refuel_erc20 == 2**255


def test_a_discriminator_no_branch_declares_is_dropped_and_mappings_follow_hoisted_branches() -> None:
    spec = document()
    mapping = {"transfer": "#/components/schemas/ActionArguments/oneOf/0"}
    spec["components"]["schemas"]["ActionArguments"]["discriminator"] = {"propertyName": "type", "mapping": mapping}
    assert "discriminator" not in normalize(spec)["components"]["schemas"]["ActionArguments"]  # no branch has `type`
    for branch in spec["components"]["schemas"]["ActionArguments"]["oneOf"]:
        branch["properties"]["type"] = {"type": "string"}
        branch["required"].append("type")
    kept = normalize(spec)["components"]["schemas"]["ActionArguments"]["discriminator"]
    assert kept["mapping"] == {"transfer": "#/components/schemas/ActionArgumentsTransfer"}


def _name_findings(doc: dict[str, Any]) -> list[tuple[str, str]]:
    from generator.spec.load import LoadedSpec
    from generator.validate.name_check import check_names

    return [(p.rule, p.pointer) for p in check_names(LoadedSpec(Path("shapes.yaml"), "shapes.yaml", doc))]


def test_two_operations_with_one_function_name_are_refused_until_one_is_renamed() -> None:
    spec = document()
    spec["paths"]["/actions"]["post"] = {
        "operationId": "get_action_arguments",
        "responses": {"204": {"description": "x"}},
    }
    assert _name_findings(spec) == [("names/collision", "/paths/~1actions/post")]
    spec["paths"]["/actions"]["post"]["x-oc-python-name"] = "create_action"
    assert _name_findings(spec) == []
    spec["paths"]["/actions"]["post"]["x-oc-python-name"] = "Create-Action"
    assert _name_findings(spec) == [("names/python-name", "/paths/~1actions/post/x-oc-python-name")]
