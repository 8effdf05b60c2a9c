"""The one-object clients (``Paxos``/``AsyncPaxos`` ...): credentials and base URL from the
environment, the User-Agent and ``__version__``, resources over the operation functions,
lists that page on their own, raw responses, friendly enum and body inputs, ``with_options``."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import httpx
import paxos_client
import pytest
from brainbase_client import Brainbase
from formance_client import Formance
from formance_client.errors import NotFoundError
from otim_client import AsyncOtim, Otim
from paxos_client import AsyncPaxos, Paxos
from paxos_client.errors import MissingCredentialsError

from tests.runtime.support import Server, json_response, sent_json
from tests.runtime.test_pagination import paxos_pages

GENERATED = Path(__file__).resolve().parents[2] / "generated"
ENV_NAMES = [
    "PAXOS_CLIENT_ID",
    "PAXOS_CLIENT_SECRET",
    "PAXOS_TOKEN_URL",
    "PAXOS_BASE_URL",
    "OTIM_API_TOKEN",
    "OTIM_BASE_URL",
    "BRAINBASE_API_KEY",
    "FORMANCE_CLIENT_ID",
    "FORMANCE_CLIENT_SECRET",
]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


def transports(server: Server) -> dict[str, Any]:
    return {
        "http_client": httpx.Client(transport=httpx.MockTransport(server)),
        "async_http_client": httpx.AsyncClient(transport=httpx.MockTransport(server)),
    }


def test_credentials_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAXOS_CLIENT_ID", "env-id")
    monkeypatch.setenv("PAXOS_CLIENT_SECRET", "env-secret-123456")
    server = Server(paxos_pages(1))
    with Paxos(max_retries=0, **transports(server)) as client:
        assert len(list(client.orchestrations.list())) == 1
    assert b"env-id" in server.token_requests[0].content or "Basic" in server.token_requests[0].headers.get(
        "authorization", ""
    )
    assert "env-secret-123456" not in repr(client)


def test_explicit_credentials_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTIM_API_TOKEN", "env-token")
    server = Server([json_response(200, [])])
    with Otim(token="arg-token", **transports(server)) as client:
        list(client.orchestrations.list(body={"direction": "from"}))
    assert server.requests[0].headers["authorization"] == "Bearer arg-token"
    monkeypatch.setenv("OTIM_BASE_URL", "https://otim.example.test/base")
    server = Server([json_response(200, [])])
    with Otim(**transports(server)) as client:
        list(client.orchestrations.list(body={"direction": "from"}))
    assert server.requests[0].headers["authorization"] == "Bearer env-token"
    assert str(server.requests[0].url).startswith("https://otim.example.test/base/orchestrations")


@pytest.mark.parametrize(
    ("make", "variables"),
    [
        (Paxos, ["PAXOS_CLIENT_ID", "PAXOS_CLIENT_SECRET"]),
        (Brainbase, ["BRAINBASE_API_KEY"]),
        (AsyncOtim, ["OTIM_API_TOKEN"]),
    ],
)
def test_missing_credentials_name_the_variables(make: Any, variables: list[str]) -> None:
    with pytest.raises(Exception, match="needs credentials") as caught:
        make()
    assert type(caught.value).__name__ == "MissingCredentialsError"
    for name in variables:
        assert name in str(caught.value)


def test_user_agent_and_version() -> None:
    project = tomllib.loads((GENERATED / "paxos" / "pyproject.toml").read_text(encoding="utf-8"))
    version = project["project"]["version"]
    assert paxos_client.__version__ == version and re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert "pydantic" not in " ".join(project["project"]["dependencies"])
    assert project["project"]["optional-dependencies"]["pydantic"]
    server = Server(paxos_pages(1))
    with Paxos(token="t", **transports(server)) as client:
        list(client.orchestrations.list())
        list(client.with_options(headers={"user-agent": "mine/1"}).orchestrations.list())
    agent = server.requests[0].headers.get_list("user-agent")
    assert len(agent) == 1 and re.fullmatch(
        rf"paxos-client/{re.escape(version)} python/\d+\.\d+ httpx/\d+\.\d+", agent[0]
    )
    assert server.requests[1].headers.get_list("user-agent") == ["mine/1"]


def test_a_list_pages_on_its_own_and_keeps_its_first_page() -> None:
    server = Server(paxos_pages(2, 2, 1))
    with Paxos(token="t", **transports(server)) as client:
        listing = client.orchestrations.list(status=["COMPLETED"], page_size=2)
        first = listing.first_page()
        assert first.response.status_code == 200 and len(first.items) == 2
        assert listing.response is first.response
        assert [o.ref_id for o in listing] == ["ref-0", "ref-1", "ref-2", "ref-3", "ref-4"]
    assert len(server.requests) == 3  # the first page was not fetched twice
    assert [r.url.params.get("page_cursor") for r in server.requests] == [None, "c1", "c2"]
    assert all(r.url.params.get_list("status") == ["COMPLETED"] for r in server.requests)
    server = Server(paxos_pages(2, 2, 1))
    with Paxos(token="t", **transports(server)) as client:
        assert len(client.orchestrations.list(page_size=2, max_items=3).to_list()) == 3
    assert len(server.requests) == 2  # max_items: no third page
    server = Server(paxos_pages(2, 2, 1))
    with Paxos(token="t", **transports(server)) as client:
        assert [len(p.items) for p in client.orchestrations.list(page_size=2).pages()] == [2, 2, 1]


@pytest.mark.anyio
async def test_async_list_and_raw_response() -> None:
    server = Server(paxos_pages(3, 1))
    async with AsyncPaxos(token="t", **transports(server)) as client:
        listing = client.orchestrations.list(max_items=10)
        assert (await listing.response()).status_code == 200
        refs = [o.ref_id async for o in listing]
    assert len(server.requests) == 2
    async with AsyncPaxos(token="t", **transports(Server(paxos_pages(3, 1)))) as client:
        raw = await client.with_raw_response.orchestrations.list(limit=3)
    assert refs == ["ref-0", "ref-1", "ref-2", "ref-3"]
    assert raw.status_code == 200 and raw.headers["content-type"] == "application/json"
    assert raw.parsed.next_page_cursor == "c1" and len(raw.content) > 0


def test_raw_response_sync() -> None:
    server = Server(paxos_pages(2))
    with Paxos(token="t", **transports(server)) as client:
        raw = client.with_raw_response.orchestrations.list(limit=2, order="ASC")
    assert raw.status_code == 200 and isinstance(raw.parsed.items, list) and len(raw.parsed.items) == 2
    assert server.requests[0].url.params.get("order") == "ASC" and server.requests[0].url.params.get("limit") == "2"


def test_enum_strings_and_body_dicts_are_accepted() -> None:
    server = Server([json_response(200, [])])
    with Otim(token="t", **transports(server)) as client:
        list(client.orchestrations.list(body={"direction": "from", "statuses": ["pending"]}, page_size=5))
    assert sent_json(server.requests[0]) == {"direction": "from", "statuses": ["pending"], "perPage": 5, "page": 0}


def test_with_options_keeps_the_class_and_binds_resources_to_the_copy() -> None:
    server = Server(paxos_pages(1))
    with Paxos(token="t", **transports(server)) as client:
        quick = client.with_options(timeout=3)
        assert type(quick) is Paxos and quick.timeout.read == 3
        assert quick.orchestrations._client is quick
        assert quick.with_raw_response.orchestrations._client is quick


def test_formance_resources_and_methods() -> None:
    expected = {
        "info": {"get"},
        "triggers": {"list", "create", "get", "delete", "test", "list_occurrences"},
        "workflows": {"list", "create", "get", "delete", "run"},
        "instances": {"list", "get", "send_event", "cancel", "history", "stage_history"},
    }
    for resource, methods in expected.items():
        cls = type(getattr(Formance(token="t"), resource))
        assert methods <= {name for name in vars(cls) if not name.startswith("_")}, resource
    server = Server([json_response(404, {"errorCode": "NOT_FOUND", "errorMessage": "no"})])
    with Formance(token="t", max_retries=0, **transports(server)) as client, pytest.raises(NotFoundError):
        client.instances.stage_history(instance_id="in 1", number=2)
    assert server.requests[0].url.raw_path.endswith(b"/instances/in%201/stages/2/history")


def test_missing_credentials_is_the_package_error() -> None:
    with pytest.raises(MissingCredentialsError):
        Paxos()


def test_a_nested_body_dict_is_decoded_into_the_model() -> None:
    server = Server(
        [
            json_response(
                201,
                {
                    "data": {
                        "id": "w1",
                        "config": {"stages": [{"send": {}}]},
                        "createdAt": "2024-01-01T00:00:00Z",
                        "updatedAt": "2024-01-01T00:00:00Z",
                    }
                },
            )
        ]
    )
    with Formance(token="t", **transports(server)) as client:
        client.with_raw_response.workflows.create(body={"name": "w", "stages": [{"send": {"amount": 1}}]})
    assert sent_json(server.requests[0]) == {"name": "w", "stages": [{"send": {"amount": 1}}]}
