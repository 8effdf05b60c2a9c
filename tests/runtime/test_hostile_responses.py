"""What a hostile or broken server may answer, each ending in a typed error or a sane
default (issue 12): redirects of the token request, bodies nested too deeply (JSON and
recursive models), bodies past ``max_response_size``, odd ``expires_in`` values, redirects
not followed, and a CA bundle given as a path."""

from __future__ import annotations

import importlib
import json
import math
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from paxos_client import OAuth2ClientCredentials
from paxos_client._runtime._auth import MAX_TOKEN_LIFETIME, MIN_TOKEN_LIFETIME, token_lifetime
from paxos_client.errors import FieldError

from tests.runtime.generate import generate_package
from tests.runtime.support import BY_SLUG, CLIENT_SECRET, MODES, TOKEN, FakeTime, json_response
from tests.support.loopback import CERTIFICATE, json_reply, serving

PAXOS = BY_SLUG["paxos"]
B3OS = BY_SLUG["b3os"]
TOKEN_URL = "https://oauth.paxos.com/oauth2/token"
NESTED = "[" * 100_000 + "]" * 100_000
Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """Answers token requests with ``token`` and API requests with ``api``; records both."""

    def __init__(self, api: Handler, token: Handler | None = None) -> None:
        self.api = api
        self.token = token or (lambda _: json_response(200, {"access_token": TOKEN, "expires_in": 3600}))
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        return self.token(request) if request.url.path.endswith("/token") else self.api(request)

    def paths(self) -> list[str]:
        return [f"{request.url.host}{request.url.path}" for request in self.seen]


def paxos_ok(_: httpx.Request) -> httpx.Response:
    return json_response(200, PAXOS.ok_body)


def raw(status: int, body: str | bytes, **headers: str) -> Handler:
    content = body.encode() if isinstance(body, str) else body
    return lambda _: httpx.Response(status, content=content, headers={"content-type": "application/json", **headers})


def oauth2_client(server: Recorder, **options: Any) -> Any:
    auth_options = options.pop("auth_options", {})
    auth = OAuth2ClientCredentials("client-1", CLIENT_SECRET, TOKEN_URL, **auth_options)
    return PAXOS.client(server, credentials={"client_id": None, "client_secret": None, "auth": auth}, **options)


# --- token requests never follow redirects ----------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_token_request_never_follows_a_redirect_even_when_the_users_httpx_client_does(
    mode: str, status: int
) -> None:
    server = Recorder(paxos_ok, raw(status, "", location="https://evil.example/token"))
    transport = httpx.MockTransport(server)
    client = PAXOS.client_class(
        client_id="client-1",
        client_secret=CLIENT_SECRET,
        http_client=httpx.Client(transport=transport, follow_redirects=True),
        async_http_client=httpx.AsyncClient(transport=transport, follow_redirects=True),
        follow_redirects=True,
    )
    FakeTime().install(client)
    with pytest.raises(PAXOS.errors.ApiStatusError) as caught:
        await PAXOS.call(client, mode)
    assert caught.value.status_code == status and caught.value.operation == "OAuth2 token request"
    assert "'https://evil.example/token'" in str(caught.value)
    assert "never follows redirects" in str(caught.value)
    assert server.paths() == ["oauth.paxos.com/oauth2/token"], "nothing went to the redirect target"


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_a_redirect_the_client_does_not_follow_names_its_location(mode: str) -> None:
    server = Recorder(raw(302, "", location="/v2/elsewhere"))
    with pytest.raises(PAXOS.errors.ApiStatusError, match=r"HTTP 302 Found \(redirect to '/v2/elsewhere'"):
        await PAXOS.call(oauth2_client(server), mode)


# --- nothing nested too deeply escapes as RecursionError ---------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("body", [NESTED, '{"items": ' + NESTED + "}"], ids=["top-level", "in-items"])
async def test_json_nested_too_deeply_is_a_response_validation_error(mode: str, body: str) -> None:
    server = Recorder(raw(200, body))
    with pytest.raises(PAXOS.errors.ResponseValidationError) as caught:
        await PAXOS.call(oauth2_client(server), mode)
    assert caught.value.operation == "list_orchestrations"
    assert "too deeply" in caught.value.reason


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_token_response_nested_too_deeply_is_a_response_validation_error(mode: str) -> None:
    server = Recorder(paxos_ok, raw(200, NESTED))
    with pytest.raises(PAXOS.errors.ResponseValidationError, match=r"OAuth2 token request.*too deeply"):
        await PAXOS.call(oauth2_client(server), mode)


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    fixture = Path(__file__).with_name("fixtures") / "nodes.yaml"
    package = generate_package(fixture, tmp_path_factory.mktemp("generated"))
    yield package
    for name in [m for m in sys.modules if m == "nodes_client" or m.startswith("nodes_client.")]:
        del sys.modules[name]


def tree(depth: int) -> str:
    return '{"name": "n", "children": [' * depth + '{"name": "leaf"}' + "]}" * depth


def nodes_client(nodes: ModuleType, body: str) -> Any:
    transport = httpx.MockTransport(raw(200, body))
    return nodes.AuthenticatedClient(
        token="t-0123456789",
        http_client=httpx.Client(transport=transport),
        async_http_client=httpx.AsyncClient(transport=transport),
    )


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_a_recursive_payload_1200_levels_deep_is_a_response_validation_error(
    nodes: ModuleType, mode: str
) -> None:
    get_tree = importlib.import_module("nodes_client.api.nodes.get_tree")
    client = nodes_client(nodes, tree(1200))
    with pytest.raises(nodes.errors.ResponseValidationError) as caught:
        if mode == "sync":
            get_tree.sync(client=client)
        else:
            await get_tree.asyncio(client=client)
    assert caught.value.operation == "get_tree"
    assert "too deeply" in caught.value.reason
    assert get_tree.sync(client=nodes_client(nodes, tree(20))).children[0].name == "n", "a sane depth parses"


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_recursive_models_nested_too_deeply_are_a_response_validation_error(nodes: ModuleType, mode: str) -> None:
    # Python's JSON parser may give up first (3.11 counts its nesting against the same
    # recursion limit), so the payload is handed to the generated model directly: a payload
    # the parser reads and the models cannot.
    get_tree = importlib.import_module("nodes_client.api.nodes.get_tree")
    request = importlib.import_module("nodes_client._runtime._request")
    deep: dict[str, Any] = {"name": "leaf"}
    for _ in range(1200):
        deep = {"name": "n", "children": [deep]}

    def parse(_: httpx.Response) -> Any:
        return nodes.models.Node.from_dict(deep)

    client = nodes_client(nodes, "{}")
    with pytest.raises(nodes.errors.ResponseValidationError) as caught:
        if mode == "sync":
            request.request_sync(client, get_tree.OPERATION, {"method": "get", "url": "/tree"}, parse)
        else:
            await request.request_async(client, get_tree.OPERATION, {"method": "get", "url": "/tree"}, parse)
    assert caught.value.operation == "get_tree" and "too deeply" in caught.value.reason


# --- max_response_size ---------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_a_body_past_the_clients_limit_is_a_typed_error_naming_it(mode: str) -> None:
    body = json.dumps({"items": [], "padding": "x" * 200})
    server = Recorder(raw(200, body))
    with pytest.raises(PAXOS.errors.ResponseTooLargeError) as caught:
        await PAXOS.call(oauth2_client(server, max_response_size=100), mode)
    assert caught.value.limit == 100 and caught.value.status_code == 200
    assert "larger than max_response_size (100 bytes, decoded)" in str(caught.value)
    assert len([p for p in server.paths() if not p.endswith("/token")]) == 1, "not retried"


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_the_limit_is_set_per_call_and_none_lifts_it(mode: str) -> None:
    body = json.dumps({"items": [], "padding": "x" * 200})
    client = oauth2_client(Recorder(raw(200, body)), max_response_size=100)
    response = await PAXOS.call(client, mode, request_options={"max_response_size": None})
    assert response.status_code == 200
    assert (await PAXOS.call(client.with_options(max_response_size=1000), mode)).status_code == 200
    assert client.max_response_size == 100
    with pytest.raises(PAXOS.errors.ResponseTooLargeError, match=r"\(10 bytes"):
        await PAXOS.call(oauth2_client(Recorder(paxos_ok)), mode, request_options={"max_response_size": 10})


def test_the_default_limit_is_64_mib_and_nonsense_is_refused() -> None:
    assert PAXOS.client_class(client_id="c", client_secret="s").max_response_size == 64 * 1024 * 1024
    for nonsense in (-1, 1.5, True, "10"):
        with pytest.raises(ValueError, match="max_response_size"):
            PAXOS.client_class(client_id="c", client_secret="s", max_response_size=nonsense)


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_a_token_response_past_its_limit_is_a_typed_error(mode: str) -> None:
    big = {"access_token": TOKEN, "expires_in": 3600, "padding": "x" * 500}
    server = Recorder(paxos_ok, lambda _: json_response(200, big))
    client = oauth2_client(server, auth_options={"max_response_size": 100})
    with pytest.raises(PAXOS.errors.ResponseTooLargeError, match="OAuth2 token request: the HTTP 200") as caught:
        await PAXOS.call(client, mode)
    assert caught.value.limit == 100
    assert server.paths() == ["oauth.paxos.com/oauth2/token"]


# --- expires_in ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expires_in", "lifetime"),
    [
        (3600, 3600.0),
        ("3600", 3600.0),
        (" 90.5 ", 90.5),
        (None, None),
        (0, MIN_TOKEN_LIFETIME),
        (-30, MIN_TOKEN_LIFETIME),
        ("-1", MIN_TOKEN_LIFETIME),
        (math.inf, MAX_TOKEN_LIFETIME),
        (math.nan, MAX_TOKEN_LIFETIME),
        ("Infinity", MAX_TOKEN_LIFETIME),
        (1e308, MAX_TOKEN_LIFETIME),
        (10**400, MAX_TOKEN_LIFETIME),
        (-(10**400), MIN_TOKEN_LIFETIME),
    ],
)
def test_expires_in_is_read_leniently_and_clamped(expires_in: object, lifetime: float | None) -> None:
    assert token_lifetime(expires_in) == lifetime
    assert (MIN_TOKEN_LIFETIME, MAX_TOKEN_LIFETIME) == (1.0, 86400.0)


@pytest.mark.parametrize("expires_in", ["soon", True, [3600], {}])
def test_expires_in_that_is_no_number_is_refused(expires_in: object) -> None:
    with pytest.raises(FieldError, match="expires_in"):
        token_lifetime(expires_in)


def expiring_token_server(expires_in: str) -> Recorder:
    """A token endpoint whose ``expires_in`` is the raw JSON text given (NaN, Infinity ...)."""
    numbered = iter(range(1, 100))

    def token(_: httpx.Request) -> httpx.Response:
        body = f'{{"access_token": "tok-{next(numbered)}-0123456789", "expires_in": {expires_in}}}'
        return httpx.Response(200, content=body.encode(), headers={"content-type": "application/json"})

    return Recorder(paxos_ok, token)


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("expires_in", ["NaN", "Infinity", "1e308", '"3600e10"', "99999999999999999999999"])
async def test_a_token_said_to_live_forever_is_refreshed_within_a_day(mode: str, expires_in: str) -> None:
    clock = FakeTime()
    server = expiring_token_server(expires_in)
    client = oauth2_client(server, auth_options={"clock": clock.monotonic})
    await PAXOS.call(client, mode)
    clock.now += MAX_TOKEN_LIFETIME - 60  # 60 s left of the clamped day: before the 30 s margin
    await PAXOS.call(client, mode)
    clock.now += 31  # 29 s left: inside the refresh margin
    await PAXOS.call(client, mode)
    sent = [r.headers["authorization"] for r in server.seen if not r.url.path.endswith("/token")]
    assert sent == ["Bearer tok-1-0123456789"] * 2 + ["Bearer tok-2-0123456789"]


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("expires_in", ["0", "-5", '"0"'])
async def test_a_token_said_to_be_expired_already_serves_a_burst_of_calls(mode: str, expires_in: str) -> None:
    clock = FakeTime()
    server = expiring_token_server(expires_in)
    client = oauth2_client(server, auth_options={"clock": clock.monotonic})
    for _ in range(3):
        await PAXOS.call(client, mode)
    assert len([r for r in server.seen if r.url.path.endswith("/token")]) == 1, "not one token per call"
    clock.now += MIN_TOKEN_LIFETIME
    await PAXOS.call(client, mode)
    assert len([r for r in server.seen if r.url.path.endswith("/token")]) == 2, "refreshed once it is past"


# --- verify_ssl as a path ----------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", [str(CERTIFICATE), CERTIFICATE], ids=["str", "Path"])
async def test_a_ca_bundle_path_is_trusted_without_httpx_deprecation(mode: str, path: str | Path) -> None:
    ok = json_reply({"data": {"items": [], "hasMore": False}})
    with serving((ok,), tls=True) as server, warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)  # httpx 0.28 deprecates verify=<str>
        client = B3OS.client_class(server.url, token="t-0123456789", verify_ssl=path)
        response = await B3OS.call(client, mode)
        client.close()
        await client.aclose()
    assert response.status_code == 200 and len(server.requests()) == 1
