"""What goes over the wire: every ``x-request-examples`` entry of every spec replayed through
the generated client (so nothing the caller did not pass is sent, defaults included), and
the request timeout / headers options reaching httpx."""

from __future__ import annotations

import contextlib
import datetime
import enum
import importlib
import json
import types
import typing
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from generator.model.build import build_model
from generator.model.vendor import Operation
from generator.spec.normalize import normalize
from generator.spec.toolkit import iter_operations

REPO = Path(__file__).resolve().parents[2]
SPECS = sorted((REPO / "specs").glob("*.yaml"))


def _examples() -> list[Any]:
    found = []
    for spec in SPECS:
        document = normalize(yaml.safe_load(spec.read_text(encoding="utf-8")))
        vendor = build_model(spec.stem, spec, f"specs/{spec.name}", document)
        operations = {op.operation_id: op for op in vendor.operations}
        for raw in (op.operation for op in iter_operations(document)):
            for example in raw.get("x-request-examples") or []:
                op = operations[raw["operationId"]]
                found.append(
                    pytest.param(spec.stem, op, example, id=f"{spec.stem}-{op.function_name}-{example['name']}")
                )
    return found


def _convert(value: Any, hint: Any) -> Any:
    """A YAML value as the Python type the generated function takes."""
    if value is None:
        return None
    options = (
        typing.get_args(hint)
        if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union
        else (hint,)
    )
    for option in options:
        if option is datetime.datetime:
            return datetime.datetime.fromisoformat(value)
        if option is uuid.UUID:
            return uuid.UUID(value)
        if isinstance(option, type) and issubclass(option, enum.Enum):
            return option(value)
        if typing.get_origin(option) is list:
            (item,) = typing.get_args(option)
            return [_convert(v, item) for v in value]
        if hasattr(option, "from_dict"):
            return option.from_dict(value)
    return value


@pytest.mark.parametrize(("slug", "op", "example"), _examples())
def test_request_example_goes_over_the_wire_as_documented(slug: str, op: Operation, example: dict[str, Any]) -> None:
    package = importlib.import_module(f"{slug}_client")
    module = importlib.import_module(f"{slug}_client.{op.module}")
    hints = typing.get_type_hints(module.sync_detailed)
    call, expect = example["call"], example["expect"]
    arguments: dict[str, Any] = {}
    for location in ("path", "query"):
        for name, value in (call.get(location) or {}).items():
            parameter = op.parameter_named(name, location)
            assert parameter is not None, f"{name} is not a {location} parameter of {op.operation_id}"
            arguments[parameter.python_name] = _convert(value, hints[parameter.python_name])
    if call.get("body") is not None:
        arguments["body"] = _convert(call["body"], hints["body"])
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(500)  # the response does not matter here

    client = package.AuthenticatedClient(
        token=call["token"], max_retries=0, http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    with pytest.raises(package.errors.ServerError):
        module.sync_detailed(client=client, **arguments)
    (request,) = seen
    assert request.method == expect["method"]
    assert str(request.url.copy_with(query=None)) == expect["url"]
    assert [list(pair) for pair in request.url.params.multi_items()] == [
        [k, str(v)] for k, v in expect.get("query", [])
    ]
    for header, value in (expect.get("headers") or {}).items():
        assert request.headers.get(header) == value, header
    for header in expect.get("absent_headers") or []:
        assert header not in request.headers, header
    if "body" in expect and expect["body"] is not None:
        assert json.loads(request.content) == expect["body"]
    else:
        assert request.content == b""


def test_extra_headers_per_client_and_per_call() -> None:
    package = importlib.import_module("b3os_client")
    module = importlib.import_module("b3os_client.api.executions.list_executions")
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"data": {"items": []}})

    client = package.AuthenticatedClient(
        token="t", headers={"X-Team": "ops"}, http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    module.sync(client=client, request_options={"headers": {"X-Trace": "1"}})
    module.sync(client=client.with_headers({"X-Team": "risk"}))
    assert [(r.headers.get("x-team"), r.headers.get("x-trace")) for r in seen] == [("ops", "1"), ("risk", None)]


def test_content_type_only_when_a_body_is_sent() -> None:
    """An optional body left out sends no Content-Type; given, it sends application/json."""
    from formance_client import AuthenticatedClient
    from formance_client.api.orchestration_v2 import run_workflow
    from formance_client.models import V2RunWorkflowRequest

    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json={"data": {}})

    client = AuthenticatedClient(
        base_url="https://x.test", token="t", httpx_args={"transport": httpx.MockTransport(answer)}
    )
    for body in (None, V2RunWorkflowRequest()):
        with contextlib.suppress(Exception):  # the answer's shape is not what this test checks
            if body is None:
                run_workflow.sync_detailed("w", client=client)
            else:
                run_workflow.sync_detailed("w", client=client, body=body)
    assert "content-type" not in seen[0].headers and seen[0].content == b""
    assert seen[1].headers["content-type"] == "application/json"
