"""The client's resource and method names for any operationId style, or none: derived from the
function name normalize gives the operation, every clash resolved by the generator
(``resources.client_names``, the one function validate and build share), never refused for an
imported spec (#13, #15)."""

from __future__ import annotations

import copy
import importlib
import json
import sys
from pathlib import Path
from typing import Any

from generator import cli, names
from generator.api import generate_vendor
from generator.model.build import build_model
from generator.model.resources import ClientName, client_names
from generator.problems import Severity
from generator.spec.normalize import normalize
from generator.spec.toolkit import iter_operations
from generator.validate.report import validate_specs

OK = {"200": {"description": "ok"}}
CHAINS = {
    "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Chain"}}}}
}


def _doc(paths: dict[str, Any]) -> dict[str, Any]:
    chain = {"type": "object", "properties": {"id": {"type": "integer"}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Clash", "version": "1"},
        "paths": paths,
        "components": {"schemas": {"Chain": chain}},
    }


def _names(doc: dict[str, Any]) -> list[tuple[str, str]]:
    chosen = client_names([(op.operation, op.method, op.path) for op in iter_operations(doc)])
    return [(n.resource, n.method) for n in chosen]


def _otim_like() -> dict[str, Any]:
    """Otim's shape: no operationId anywhere, an ``auth`` resource, one noun per path."""
    return _doc(
        {
            "/auth/login": {"post": {"responses": OK}},
            "/auth/logout": {"post": {"responses": OK}},
            "/config/chains": {"get": {"responses": CHAINS}},
            "/config/delegate/address/{chainId}": {
                "get": {
                    "parameters": [{"name": "chainId", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": OK,
                }
            },
        }
    )


def test_an_operation_without_operation_id_is_named_after_normalizes_function_name() -> None:
    assert _names(_otim_like())[2:] == [("config", "chains"), ("config", "delegate_address_chain_id")]
    assert all(method != "none" for _, method in _names(_otim_like()))


def test_a_resource_named_like_a_client_attribute_or_keyword_takes_a_trailing_underscore() -> None:
    doc = _otim_like()
    doc["paths"]["/import"] = {"get": {"operationId": "listImports", "responses": OK}}
    chosen = client_names([(op.operation, op.method, op.path) for op in iter_operations(doc)])
    assert [(n.resource, n.method) for n in chosen[:2]] == [("auth_", "post_login"), ("auth_", "post_logout")]
    assert (chosen[-1].resource, chosen[-1].method) == ("import_", "list_imports")
    assert "would hide the client's own attribute" in chosen[0].resolved and not chosen[2].resolved


def test_two_operations_sharing_a_method_both_take_their_function_names() -> None:
    doc = _doc(
        {
            "/things": {"get": {"operationId": "listThings", "responses": OK}},
            "/things/all": {"get": {"operationId": "getListThings", "responses": OK}},
            "/things/x": {"get": {"operationId": "thingsCount", "responses": OK}},
        }
    )
    assert _names(doc) == [("things", "list_things"), ("things", "get_list_things"), ("things", "count")]


def test_a_shared_function_name_gets_a_numbered_suffix_and_a_given_name_is_kept() -> None:
    doc = _doc(
        {
            "/things": {"get": {"operationId": "fetch", "responses": OK}},
            "/things/all": {"get": {"operationId": "fetch", "responses": OK}},
            "/things/x": {"get": {"operationId": "count", "x-client-method": "size", "responses": OK}},
            "/things/y": {"get": {"operationId": "size", "responses": OK}},
        }
    )
    assert _names(doc) == [("things", "fetch"), ("things", "fetch_2"), ("things", "size"), ("things", "size_2")]


def test_a_given_resource_is_kept_even_when_bad_and_refused_by_lint() -> None:
    doc = _doc({"/x": {"get": {"x-client-resource": "auth", "responses": OK}}})
    assert client_names([(op.operation, op.method, op.path) for op in iter_operations(doc)]) == [
        ClientName("auth", "x")
    ]


def test_build_uses_the_names_validate_judges() -> None:
    doc = _otim_like()
    doc["paths"]["/config/chains/list"] = {"get": {"operationId": "getConfigChains", "responses": OK}}
    built = build_model("clash", Path("clash.yaml"), "clash.yaml", normalize(copy.deepcopy(doc)))
    assert [(op.resource, op.method_name) for op in built.operations] == _names(doc)
    assert ("config", "get_config_chains") in _names(doc)  # GET /config/chains and getConfigChains share "chains"


def test_an_imported_description_with_every_clash_validates_and_generates_a_working_client(tmp_path: Path) -> None:
    source = tmp_path / "clashco.json"
    source.write_text(json.dumps(_otim_like()), encoding="utf-8")
    assert cli.main(["import", str(source), "--slug", "clashco", "--specs", str(tmp_path / "specs")]) == 0
    spec = tmp_path / "specs" / "clashco.yaml"
    report = validate_specs([spec])
    assert not report.failed, "\n".join(p.render() for p in report.problems)
    advice = [p for p in report.problems if p.rule == "lint/client-names"]
    assert len(advice) == 2 and all(p.severity is Severity.WARNING for p in advice)
    problems = generate_vendor(spec, tmp_path / "out", slug="clashco", root=tmp_path)
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        importlib.invalidate_caches()
        package = importlib.import_module(names.package_name("clashco"))
        client = package.Clashco(base_url="http://127.0.0.1:9", token="t")
        assert callable(client.auth_.post_login) and callable(client.config.delegate_address_chain_id)
        assert type(client.auth_).__name__ == "AuthResource"
        client.close()
    finally:
        sys.path.remove(str(tmp_path / "out"))
