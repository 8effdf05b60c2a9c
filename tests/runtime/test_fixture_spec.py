"""What the vendor specs do not exercise, on a generated test package (fixtures/widgets.yaml):
security declared only at the top level, a ``content:`` query parameter, a parsed error
model, a non-idempotent operation, optional credentials."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.runtime.generate import generate_package
from tests.runtime.support import Server, json_response

FIXTURE = Path(__file__).with_name("fixtures") / "widgets.yaml"


@pytest.fixture(scope="module")
def widgets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    package = generate_package(FIXTURE, tmp_path_factory.mktemp("generated"))
    yield package
    for name in [m for m in sys.modules if m == "widgets_client" or m.startswith("widgets_client.")]:
        del sys.modules[name]


def api(package: ModuleType, name: str) -> Any:
    return importlib.import_module(f"{package.__name__}.api.widgets.{name}")


def clients(package: ModuleType, server: Server, **credentials: Any) -> tuple[Any, Any]:
    options = {
        "http_client": httpx.Client(transport=httpx.MockTransport(server)),
        "async_http_client": httpx.AsyncClient(transport=httpx.MockTransport(server)),
        "max_retries": 2,
    }
    authenticated = package.AuthenticatedClient(token="tok-123456", **options, **credentials)
    return package.Client(**options), authenticated


@pytest.mark.anyio
@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_security_declared_only_at_the_top_level_is_enforced(widgets: ModuleType, mode: str) -> None:
    server = Server([json_response(200, {"items": []})])
    anonymous, authenticated = clients(widgets, server)
    list_widgets = api(widgets, "list_widgets")
    assert list_widgets.OPERATION.requires_credentials
    with pytest.raises(widgets.errors.MissingCredentialsError, match="list_widgets requires credentials"):
        if mode == "sync":
            list_widgets.sync(client=anonymous)
        else:
            await list_widgets.asyncio(client=anonymous)
    assert server.requests == []
    list_widgets.sync(client=authenticated)
    assert server.requests[0].headers["authorization"] == "Bearer tok-123456"


def test_optional_security_runs_anonymously_and_sends_credentials_when_it_has_them(widgets: ModuleType) -> None:
    server = Server([httpx.Response(204)])
    anonymous, authenticated = clients(widgets, server)
    get_status = api(widgets, "get_status")
    assert get_status.sync(client=anonymous) is None
    get_status.sync(client=authenticated)
    assert "authorization" not in server.requests[0].headers
    assert server.requests[1].headers["authorization"] == "Bearer tok-123456"


def test_content_query_parameter_is_sent_as_json_text(widgets: ModuleType) -> None:
    server = Server([json_response(200, {"items": []})])
    _, client = clients(widgets, server)
    list_widgets = api(widgets, "list_widgets")
    list_widgets.sync(client=client, filter_=widgets.models.WidgetFilter(color="red", sizes=[1, 2]))
    list_widgets.sync(client=client)
    first, second = (list(r.url.params.multi_items()) for r in server.requests)
    assert first == [("filter", '{"color":"red","sizes":[1,2]}')]
    assert json.loads(first[0][1]) == {"color": "red", "sizes": [1, 2]}
    assert second == []  # neither the filter nor limit's documented default is sent


@pytest.mark.anyio
@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_error_schema_is_parsed_into_the_error(widgets: ModuleType, mode: str) -> None:
    server = Server([json_response(400, {"code": "bad_color", "message": "no such color", "hint": "try red"})])
    _, client = clients(widgets, server)
    list_widgets = api(widgets, "list_widgets")
    with pytest.raises(widgets.errors.BadRequestError) as caught:
        if mode == "sync":
            list_widgets.sync(client=client)
        else:
            await list_widgets.asyncio(client=client)
    parsed = caught.value.parsed
    assert isinstance(parsed, widgets.models.Error)
    assert (parsed.code, parsed.message, parsed["hint"]) == ("bad_color", "no such color", "try red")


def test_error_body_that_does_not_parse_leaves_the_status_error_intact(widgets: ModuleType) -> None:
    server = Server([httpx.Response(400, text="oops", headers={"content-type": "text/plain"}), httpx.Response(404)])
    _, client = clients(widgets, server)
    list_widgets = api(widgets, "list_widgets")
    with pytest.raises(widgets.errors.BadRequestError) as bad:
        list_widgets.sync(client=client)
    assert bad.value.parsed is None and bad.value.body == b"oops"
    with pytest.raises(widgets.errors.NotFoundError) as missing:
        list_widgets.sync(client=client)
    assert missing.value.parsed is None


@pytest.mark.anyio
@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_a_non_idempotent_operation_is_not_retried(widgets: ModuleType, mode: str) -> None:
    server = Server([json_response(503, {}), json_response(201, {"id": "w1"})])
    _, client = clients(widgets, server)
    create_widget = api(widgets, "create_widget")
    body = widgets.models.Widget(color="blue")
    with pytest.raises(widgets.errors.ServerError):
        if mode == "sync":
            create_widget.sync(client=client, body=body)
        else:
            await create_widget.asyncio(client=client, body=body)
    assert len(server.requests) == 1 and create_widget.OPERATION.idempotent is False
    server.script = [httpx.ConnectError("reset")]
    with pytest.raises(widgets.errors.ApiConnectionError):
        create_widget.sync(client=client, body=body)
    assert len(server.requests) == 2


def test_created_response_is_parsed(widgets: ModuleType) -> None:
    server = Server([json_response(201, {"id": "w1", "color": "blue"})])
    _, client = clients(widgets, server)
    created = api(widgets, "create_widget").sync_detailed(client=client, body=widgets.models.Widget(color="blue"))
    assert created.status_code == 201 and created.parsed.id == "w1"
    assert json.loads(server.requests[0].content) == {"color": "blue"}
