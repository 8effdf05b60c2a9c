"""An in-process fake server, fake time, and one table of the five vendors' operations.

Every test talks to the generated clients through ``httpx.MockTransport``: nothing leaves
the process, and nothing sleeps (``FakeTime`` replaces the clients' sleep and clocks).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any
from uuid import UUID

import httpx
from b3os_client import AuthenticatedClient as B3osClient
from b3os_client.api.executions import list_executions
from brainbase_client import AuthenticatedClient as BrainbaseClient
from brainbase_client.api.orchestrations import list_orchestrations as brainbase_list
from formance_client import AuthenticatedClient as FormanceClient
from formance_client.api.orchestration_v2 import get_instance_stage_history
from otim_client import AuthenticatedClient as OtimClient
from otim_client.api.orchestrations import list_orchestrations as otim_list
from otim_client.models import GetOrchestrationsRequest, OrchestrationDirection
from paxos_client import AuthenticatedClient as PaxosClient
from paxos_client.api.orchestrations import list_orchestrations as paxos_list

Handler = Callable[[httpx.Request], httpx.Response]
AsyncHandler = Callable[[httpx.Request], Awaitable[httpx.Response]]
TOKEN = "tok-live-0123456789"
CLIENT_SECRET = "secret-abcdefghij"


@dataclass
class FakeTime:
    """Clocks that only move when the client "sleeps"; every wait is recorded."""

    now: float = 1000.0
    wall_offset: float = 1_800_000_000.0
    sleeps: list[float] = field(default_factory=list)

    def monotonic(self) -> float:
        return self.now

    def wall_clock(self) -> float:
        return self.wall_offset + self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def install(self, client: Any) -> None:
        client.sleep = self.sleep
        client.async_sleep = self.async_sleep
        client.monotonic = self.monotonic
        client.wall_clock = self.wall_clock
        client.random = lambda: 0.0


@dataclass
class Server:
    """Answers from a script (responses or exceptions, in order; the last one repeats) and
    serves an OAuth2 token endpoint; records every request it sees."""

    script: list[httpx.Response | Exception] = field(default_factory=list)
    tokens: list[str] = field(default_factory=lambda: [TOKEN])
    token_path: str = "/oauth2/token"
    requests: list[httpx.Request] = field(default_factory=list)
    token_requests: list[httpx.Request] = field(default_factory=list)
    expires_in: float | None = 3600

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(self.token_path) or request.url.path.endswith("/oauth/token"):
            self.token_requests.append(request)
            token = self.tokens[min(len(self.token_requests), len(self.tokens)) - 1]
            body: dict[str, Any] = {"access_token": token, "token_type": "bearer"}
            if self.expires_in is not None:
                body["expires_in"] = self.expires_in
            return httpx.Response(200, json=body)
        self.requests.append(request)
        answer = self.script[min(len(self.requests), len(self.script)) - 1]
        if isinstance(answer, Exception):
            raise answer
        # A fresh response each time: one httpx.Response cannot be sent twice.
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    @property
    def api_requests(self) -> list[httpx.Request]:
        return self.requests


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(
        status, content=json.dumps(body).encode(), headers={"content-type": "application/json", **(headers or {})}
    )


def sent_json(request: httpx.Request) -> Any:
    return json.loads(request.content)


@dataclass(frozen=True)
class Vendor:
    """One vendor's operation, how to call it minimally, and a minimal valid 200 body."""

    slug: str
    client_class: Any
    module: ModuleType
    arguments: Callable[[], dict[str, Any]]
    ok_body: Any
    oauth2: bool
    base_url: str

    @property
    def errors(self) -> Any:
        """The package's own exception classes (each package has its own hierarchy)."""
        return importlib.import_module(f"{self.slug}_client.errors")

    def anonymous(self, server: Handler) -> Any:
        """A client without credentials (the package's ``Client``)."""
        return self.client_class.__mro__[1](
            http_client=httpx.Client(transport=httpx.MockTransport(server)),
            async_http_client=httpx.AsyncClient(transport=httpx.MockTransport(server)),
        )

    def client(self, server: Handler, time: FakeTime | None = None, **options: Any) -> Any:
        credentials = {"client_id": "client-1", "client_secret": CLIENT_SECRET} if self.oauth2 else {"token": TOKEN}
        credentials.update(options.pop("credentials", {}))
        client = self.client_class(
            **credentials,
            http_client=httpx.Client(transport=httpx.MockTransport(server)),
            async_http_client=httpx.AsyncClient(transport=httpx.MockTransport(server)),
            **options,
        )
        (time or FakeTime()).install(client)
        return client

    async def call(self, client: Any, mode: str, **extra: Any) -> Any:
        """The operation's ``*_detailed`` call, sync or awaited."""
        arguments = {**self.arguments(), **extra}
        if mode == "sync":
            return self.module.sync_detailed(client=client, **arguments)
        return await self.module.asyncio_detailed(client=client, **arguments)


VENDORS = [
    Vendor("paxos", PaxosClient, paxos_list, dict, {"items": []}, True, "https://api.paxos.com/v2"),
    Vendor(
        "otim",
        OtimClient,
        otim_list,
        lambda: {"body": GetOrchestrationsRequest(direction=OrchestrationDirection.FROM)},
        [],
        False,
        "https://api.otim.com",
    ),
    Vendor(
        "formance",
        FormanceClient,
        get_instance_stage_history,
        lambda: {"instance_id": "wf-1", "number": 3},
        {"data": []},
        True,
        "http://localhost:55001",
    ),
    Vendor(
        "b3os",
        B3osClient,
        list_executions,
        dict,
        {"data": {"items": [], "hasMore": False}},
        False,
        "https://api.b3os.org",
    ),
    Vendor(
        "brainbase",
        BrainbaseClient,
        brainbase_list,
        lambda: {"group_id": UUID("306db4e0-7449-4501-b76f-075576fe2d8f")},
        {"items": []},
        False,
        "https://api.brainbaselabs.com",
    ),
]
VENDOR_IDS = [v.slug for v in VENDORS]
BY_SLUG = {v.slug: v for v in VENDORS}
MODES = ["sync", "async"]


def read_path(value: Any, pointer: str) -> Any:
    """Read the value at JSON ``pointer`` through the models' typed attributes (what a user does)."""
    for token in pointer.split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(value, list):
            value = value[int(key)]
            continue
        fields = {f.key: f.name for f in type(value)._fields_}
        value = getattr(value, fields[key]) if key in fields else value[key]
    if hasattr(value, "_fields_"):  # a whole model (an array item): read it as a user would
        for field in type(value)._fields_:
            getattr(value, field.name)
        value.additional_keys  # noqa: B018
    return value
