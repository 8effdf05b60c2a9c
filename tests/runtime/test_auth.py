"""Auth as each spec declares it: bearer tokens, OAuth2 client credentials (fetched once,
cached, refreshed on expiry and on a 401, shared by threads and tasks), refusal without
credentials, and secrets kept out of reprs, messages and logs."""

from __future__ import annotations

import logging
import re
import threading
import time
from typing import Any
from urllib.parse import parse_qs

import anyio
import httpx
import pytest
from formance_client import AuthenticatedClient as FormanceClient
from paxos_client import AuthenticatedClient as PaxosClient
from paxos_client import Client as PaxosAnonymous
from paxos_client import OAuth2ClientCredentials
from paxos_client.api.orchestrations import list_orchestrations
from paxos_client.errors import (
    ApiStatusError,
    AuthenticationError,
    MissingCredentialsError,
    ResponseValidationError,
)

from tests.runtime.support import (
    BY_SLUG,
    CLIENT_SECRET,
    MODES,
    TOKEN,
    VENDOR_IDS,
    VENDORS,
    FakeTime,
    Server,
    Vendor,
    json_response,
)

OAUTH2 = [v for v in VENDORS if v.oauth2]
BEARER = [v for v in VENDORS if not v.oauth2]


def form(request: httpx.Request) -> dict[str, list[str]]:
    return parse_qs(request.content.decode())


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("vendor", BEARER, ids=[v.slug for v in BEARER])
async def test_bearer_token_is_sent(vendor: Vendor, mode: str) -> None:
    server = Server([json_response(200, vendor.ok_body)])
    await vendor.call(vendor.client(server), mode)
    assert [r.headers["authorization"] for r in server.requests] == [f"Bearer {TOKEN}"]
    assert server.token_requests == []


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("vendor", OAUTH2, ids=[v.slug for v in OAUTH2])
async def test_oauth2_vendor_also_takes_an_access_token(vendor: Vendor, mode: str) -> None:
    server = Server([json_response(200, vendor.ok_body)])
    client = vendor.client(server, credentials={"client_id": None, "client_secret": None, "token": "ready-made"})
    await vendor.call(client, mode)
    assert server.requests[0].headers["authorization"] == "Bearer ready-made"
    assert server.token_requests == []


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("vendor", VENDORS, ids=VENDOR_IDS)
async def test_operation_refuses_to_run_without_credentials(vendor: Vendor, mode: str) -> None:
    server = Server([json_response(200, vendor.ok_body)])
    with pytest.raises(
        vendor.errors.MissingCredentialsError, match=r"requires credentials .* no request was sent"
    ) as caught:
        await vendor.call(vendor.anonymous(server), mode)
    assert caught.value.operation == vendor.module.OPERATION.name
    assert server.requests == [] and server.token_requests == []


def test_authenticated_client_needs_exactly_one_kind_of_credentials() -> None:
    with pytest.raises(ValueError, match="exactly one kind of credentials"):
        PaxosClient()
    with pytest.raises(ValueError, match=r"given: token, client_id"):
        PaxosClient(token="t", client_id="c", client_secret="s")
    with pytest.raises(ValueError, match="client_id= needs client_secret="):
        PaxosClient(client_id="c")


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("vendor", OAUTH2, ids=[v.slug for v in OAUTH2])
async def test_oauth2_token_is_fetched_once_with_the_operations_scopes_and_cached(vendor: Vendor, mode: str) -> None:
    server = Server([json_response(200, vendor.ok_body)])
    client = vendor.client(server)
    for _ in range(3):
        await vendor.call(client, mode)
    assert len(server.token_requests) == 1
    sent = form(server.token_requests[0])
    assert sent["grant_type"] == ["client_credentials"]
    assert sent["client_id"] == ["client-1"] and sent["client_secret"] == [CLIENT_SECRET]
    assert sent["scope"] == [" ".join(vendor.module.OPERATION.scopes)]
    assert vendor.module.OPERATION.scopes  # both specs give the operation a scope
    assert [r.headers["authorization"] for r in server.requests] == [f"Bearer {TOKEN}"] * 3


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_oauth2_token_is_refreshed_shortly_before_it_expires(mode: str) -> None:
    vendor = BY_SLUG["paxos"]
    server = Server([json_response(200, vendor.ok_body)], tokens=["first", "second"], expires_in=120)
    clock = FakeTime()
    auth = OAuth2ClientCredentials(
        "client-1", CLIENT_SECRET, "https://oauth.paxos.com/oauth2/token", clock=clock.monotonic
    )
    client = vendor.client(server, clock, credentials={"client_id": None, "client_secret": None, "auth": auth})
    await vendor.call(client, mode)
    clock.now += 80  # 40 s left: still before the 30 s refresh margin
    await vendor.call(client, mode)
    clock.now += 11  # 29 s left: inside the margin
    await vendor.call(client, mode)
    assert [r.headers["authorization"] for r in server.requests] == ["Bearer first", "Bearer first", "Bearer second"]
    assert auth.token_requests == 2


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("vendor", OAUTH2, ids=[v.slug for v in OAUTH2])
async def test_oauth2_refreshes_once_on_401_and_retries_the_call_once(vendor: Vendor, mode: str) -> None:
    server = Server(
        [json_response(401, {"error": "token revoked"}), json_response(200, vendor.ok_body)], tokens=["old", "new"]
    )
    response = await vendor.call(vendor.client(server), mode)
    assert response.status_code == 200 and response.attempts == 1
    assert [r.headers["authorization"] for r in server.requests] == ["Bearer old", "Bearer new"]
    assert len(server.token_requests) == 2


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_a_second_401_is_an_authentication_error_not_a_loop(mode: str) -> None:
    vendor = BY_SLUG["formance"]
    server = Server([json_response(401, {"error": "nope"})], tokens=["old", "new", "newer"])
    with pytest.raises(vendor.errors.AuthenticationError) as caught:
        await vendor.call(vendor.client(server), mode)
    assert caught.value.status_code == 401
    assert len(server.requests) == 2 and len(server.token_requests) == 2


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("vendor", BEARER, ids=[v.slug for v in BEARER])
async def test_static_bearer_token_is_not_retried_on_401(vendor: Vendor, mode: str) -> None:
    server = Server([json_response(401, {"message": "bad token"})])
    with pytest.raises(vendor.errors.AuthenticationError):
        await vendor.call(vendor.client(server), mode)
    assert len(server.requests) == 1


def test_concurrent_threads_share_one_token_request() -> None:
    vendor = BY_SLUG["paxos"]
    fetches = 0
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal fetches
        if request.url.path == "/oauth2/token":
            with lock:
                fetches += 1
            time.sleep(0.02)  # a slow token endpoint widens the race a lock must close
            return httpx.Response(200, json={"access_token": TOKEN, "expires_in": 3600})
        assert request.headers["authorization"] == f"Bearer {TOKEN}"
        return json_response(200, vendor.ok_body)

    client = vendor.client(handler)
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def worker() -> None:
        barrier.wait()
        try:
            list_orchestrations.sync(client=client)
        except BaseException as exc:  # collected and re-checked below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert errors == []
    assert fetches == 1


@pytest.mark.anyio
async def test_concurrent_tasks_share_one_token_request() -> None:
    vendor = BY_SLUG["formance"]
    fetches = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal fetches
        if request.url.path.endswith("/oauth/token"):
            fetches += 1
            await anyio.sleep(0.01)
            return httpx.Response(200, json={"access_token": TOKEN, "expires_in": 3600})
        return json_response(200, vendor.ok_body)

    client = FormanceClient(
        client_id="client-1",
        client_secret=CLIENT_SECRET,
        async_http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    )
    results: list[Any] = []

    async def one() -> None:
        results.append(await get_stage_history(client))

    async with anyio.create_task_group() as group:
        for _ in range(10):
            group.start_soon(one)
    assert fetches == 1 and len(results) == 10


async def get_stage_history(client: FormanceClient) -> Any:
    from formance_client.api.orchestration_v2 import get_instance_stage_history

    return await get_instance_stage_history.asyncio(instance_id="wf-1", number=1, client=client)


def test_token_url_follows_the_server_and_can_be_overridden() -> None:
    assert PaxosClient(client_id="c", client_secret="s").auth.token_url == "https://oauth.paxos.com/oauth2/token"  # type: ignore[union-attr]
    sandbox = PaxosClient("https://api.sandbox.paxos.com/v2", client_id="c", client_secret="s")
    assert sandbox.auth.token_url == "https://oauth.sandbox.paxos.com/oauth2/token"  # type: ignore[union-attr]
    custom = PaxosClient(client_id="c", client_secret="s", token_url="https://idp.example/token")
    assert custom.auth.token_url == "https://idp.example/token"  # type: ignore[union-attr]
    # Formance's token URL is relative: resolved against the server the client talks to.
    formance = FormanceClient("https://stack.example.com", client_id="c", client_secret="s")
    assert formance.auth.token_url == "https://stack.example.com/api/auth/oauth/token"  # type: ignore[union-attr]


def test_sandbox_token_request_goes_to_the_sandbox_token_url() -> None:
    server = Server([json_response(200, {"items": []})])
    client = PaxosClient(
        "https://api.sandbox.paxos.com/v2",
        client_id="c",
        client_secret="s3cr3t-value",
        http_client=httpx.Client(transport=httpx.MockTransport(server)),
    )
    list_orchestrations.sync(client=client)
    assert str(server.token_requests[0].url) == "https://oauth.sandbox.paxos.com/oauth2/token"
    assert str(server.requests[0].url) == "https://api.sandbox.paxos.com/v2/orchestration/orchestrations"


def test_client_secret_basic_sends_the_credentials_in_the_header() -> None:
    server = Server([json_response(200, {"items": []})])
    auth = OAuth2ClientCredentials(
        "client:1", "p@ss word", "https://oauth.paxos.com/oauth2/token", auth_method="client_secret_basic"
    )
    client = PaxosClient(auth=auth, http_client=httpx.Client(transport=httpx.MockTransport(server)))
    list_orchestrations.sync(client=client)
    token_request = server.token_requests[0]
    assert token_request.headers["authorization"] == "Basic Y2xpZW50JTNBMTpwJTQwc3Mrd29yZA=="
    assert "client_secret" not in form(token_request)


def test_secrets_stay_out_of_reprs() -> None:
    oauth = PaxosClient(client_id="client-1", client_secret=CLIENT_SECRET)
    bearer = BY_SLUG["otim"].client(Server())
    for text in (repr(oauth), repr(oauth.auth), repr(bearer), repr(bearer.auth), str(vars(oauth.auth))):
        assert TOKEN not in text
    for text in (repr(oauth), repr(oauth.auth)):
        assert CLIENT_SECRET not in text and "<redacted>" in text


def test_secrets_stay_out_of_error_messages_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    echo = {"error": f"rejected {TOKEN}", "secret": CLIENT_SECRET}
    server = Server([json_response(403, echo)])
    client = BY_SLUG["paxos"].client(server, max_retries=0)
    with pytest.raises(ApiStatusError) as caught:
        list_orchestrations.sync(client=client)
    assert TOKEN not in str(caught.value) and CLIENT_SECRET not in str(caught.value)
    assert "<redacted>" in str(caught.value)
    assert TOKEN.encode() in caught.value.body  # the raw body is the server's, kept as it came
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "list_orchestrations" in logged  # the requests were logged ...
    assert TOKEN not in logged and CLIENT_SECRET not in logged  # ... without credentials


def test_token_endpoint_failures_do_not_leak_the_secret() -> None:
    def refusing(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": "invalid_client", "error_description": f"bad secret {CLIENT_SECRET}"})

    client = PaxosClient(
        client_id="c", client_secret=CLIENT_SECRET, http_client=httpx.Client(transport=httpx.MockTransport(refusing))
    )
    with pytest.raises(
        AuthenticationError, match=re.escape("OAuth2 token request to https://oauth.paxos.com/oauth2/token")
    ) as caught:
        list_orchestrations.sync(client=client)
    assert CLIENT_SECRET not in str(caught.value) and "invalid_client" in str(caught.value)

    def malformed(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"token": "x", "note": CLIENT_SECRET})

    client = PaxosClient(
        client_id="c", client_secret=CLIENT_SECRET, http_client=httpx.Client(transport=httpx.MockTransport(malformed))
    )
    with pytest.raises(ResponseValidationError, match="access_token") as invalid:
        list_orchestrations.sync(client=client)
    assert CLIENT_SECRET not in str(invalid.value) and CLIENT_SECRET.encode() not in invalid.value.body


def test_anonymous_client_repr_and_refusal_message_name_the_fix() -> None:
    client = PaxosAnonymous()
    assert repr(client) == "Client(base_url='https://api.paxos.com/v2', auth=None)"
    with pytest.raises(
        MissingCredentialsError, match=r"list_orchestrations requires credentials \(oauth2\).*AuthenticatedClient"
    ):
        list_orchestrations.sync(client=client)  # type: ignore[arg-type]
