"""OAuth2 token requests follow the call's retry policy: a connection error, a timeout or a
429/502/503/504 from the token endpoint is retried (honouring Retry-After, within the attempt
and time bounds), whatever the operation, since a token request is idempotent and nothing of
the operation was sent yet; a failed token request counts as one of the call's attempts."""

from __future__ import annotations

import dataclasses
from typing import Any

import httpx
import pytest
from paxos_client import RetryPolicy
from paxos_client._runtime._request import request_async, request_sync
from paxos_client.api.orchestrations import list_orchestrations

from tests.runtime.support import BY_SLUG, MODES, TOKEN, VENDORS, FakeTime, Vendor, json_response

OAUTH2 = [v for v in VENDORS if v.oauth2]
PAXOS = BY_SLUG["paxos"]


class TokenScript:
    """A token endpoint answering from a script (the last step repeats); the API answers 200."""

    def __init__(self, vendor: Vendor, *steps: httpx.Response | Exception) -> None:
        self.vendor = vendor
        self.steps = steps
        self.token_requests: list[httpx.Request] = []
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            self.token_requests.append(request)
            step = self.steps[min(len(self.token_requests), len(self.steps)) - 1]
            if isinstance(step, Exception):
                raise step
            return httpx.Response(step.status_code, headers=step.headers, content=step.content)
        self.requests.append(request)
        return json_response(200, self.vendor.ok_body)


def issued() -> httpx.Response:
    return json_response(200, {"access_token": TOKEN, "token_type": "bearer", "expires_in": 3600})


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("vendor", OAUTH2, ids=[v.slug for v in OAUTH2])
@pytest.mark.parametrize("status", [429, 502, 503, 504])
async def test_retryable_token_endpoint_statuses_are_retried(vendor: Vendor, mode: str, status: int) -> None:
    clock = FakeTime()
    server = TokenScript(vendor, json_response(status, {"error": "busy"}), issued())
    response = await vendor.call(vendor.client(server, clock), mode)
    assert response.status_code == 200
    assert len(server.token_requests) == 2 and len(server.requests) == 1
    assert response.attempts == 2  # the failed token request was an attempt
    assert clock.sleeps == [0.5]  # the default policy's first backoff


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_token_endpoint_retry_after_is_honoured(mode: str) -> None:
    clock = FakeTime()
    server = TokenScript(PAXOS, json_response(429, {}, {"Retry-After": "7"}), issued())
    await PAXOS.call(PAXOS.client(server, clock), mode)
    assert clock.sleeps == [7.0] and len(server.token_requests) == 2


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_token_endpoint_that_stays_unavailable_uses_up_the_attempts(mode: str) -> None:
    server = TokenScript(PAXOS, json_response(503, {"error": "down"}))
    with pytest.raises(PAXOS.errors.ServerError) as caught:
        await PAXOS.call(PAXOS.client(server), mode)
    assert caught.value.attempts == 3 and caught.value.status_code == 503
    assert caught.value.operation == "OAuth2 token request"
    assert str(caught.value).endswith("(after 3 attempts)")
    assert len(server.token_requests) == 3 and server.requests == []


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_token_endpoint_rate_limit_beyond_the_time_budget_is_not_waited_for(mode: str) -> None:
    clock = FakeTime()
    server = TokenScript(PAXOS, json_response(429, {}, {"Retry-After": "3600"}))
    with pytest.raises(PAXOS.errors.RateLimitError) as caught:
        await PAXOS.call(PAXOS.client(server, clock), mode)
    assert caught.value.attempts == 1 and clock.sleeps == [] and len(server.token_requests) == 1


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", [400, 401, 403, 500])
async def test_other_token_endpoint_statuses_are_not_retried(mode: str, status: int) -> None:
    server = TokenScript(PAXOS, json_response(status, {"error": "invalid_client"}), issued())
    with pytest.raises(PAXOS.errors.ApiStatusError) as caught:
        await PAXOS.call(PAXOS.client(server), mode)
    assert caught.value.status_code == status and caught.value.attempts == 1
    assert len(server.token_requests) == 1


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_token_retries_follow_the_calls_policy(mode: str) -> None:
    server = TokenScript(PAXOS, json_response(503, {}), issued())
    with pytest.raises(PAXOS.errors.ServerError):
        await PAXOS.call(PAXOS.client(server), mode, request_options={"max_retries": 0})
    assert len(server.token_requests) == 1
    no_503 = RetryPolicy(statuses=frozenset({429}))
    server = TokenScript(PAXOS, json_response(503, {}), issued())
    with pytest.raises(PAXOS.errors.ServerError):
        await PAXOS.call(PAXOS.client(server, retry=no_503), mode)
    assert len(server.token_requests) == 1


async def _call_not_idempotent(client: Any, mode: str) -> Any:
    operation = dataclasses.replace(list_orchestrations.OPERATION, idempotent=False)
    kwargs = {"method": "get", "url": "/orchestration/orchestrations"}
    if mode == "sync":
        return request_sync(client, operation, kwargs, lambda response: response.status_code)
    return await request_async(client, operation, kwargs, lambda response: response.status_code)


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "failure", [json_response(503, {}), httpx.ConnectError("refused"), httpx.ReadTimeout("slow")], ids=repr
)
async def test_token_requests_are_retried_even_for_an_operation_that_is_not_idempotent(
    mode: str, failure: httpx.Response | Exception
) -> None:
    server = TokenScript(PAXOS, failure, issued())
    response = await _call_not_idempotent(PAXOS.client(server), mode)
    assert response.parsed == 200 and response.attempts == 2
    assert len(server.token_requests) == 2 and len(server.requests) == 1


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_the_operation_itself_is_still_not_retried_when_not_idempotent(mode: str) -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            return issued()
        calls.append(request)
        return json_response(503, {})

    with pytest.raises(PAXOS.errors.ServerError):
        await _call_not_idempotent(PAXOS.client(handler), mode)
    assert len(calls) == 1
