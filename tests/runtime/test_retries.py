"""Retries and timeouts: which failures are retried (connection errors, timeouts, 429, 502,
503, 504, idempotent operations only), how long to wait (backoff with jitter, Retry-After
in seconds or as an HTTP-date), the bounds (attempts, total time), and the switches."""

from __future__ import annotations

import email.utils
from typing import Any

import httpx
import pytest
from paxos_client import RetryPolicy
from paxos_client._runtime._retry import retry_after_seconds

from tests.runtime.support import BY_SLUG, MODES, VENDOR_IDS, VENDORS, FakeTime, Server, Vendor, json_response

PAXOS = BY_SLUG["paxos"]


def ok(vendor: Vendor = PAXOS) -> httpx.Response:
    return json_response(200, vendor.ok_body)


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("vendor", VENDORS, ids=VENDOR_IDS)
@pytest.mark.parametrize("status", [429, 502, 503, 504])
async def test_retryable_statuses_are_retried_for_every_operation(vendor: Vendor, mode: str, status: int) -> None:
    clock = FakeTime()
    server = Server([json_response(status, {"error": "busy"}), ok(vendor)])
    response = await vendor.call(vendor.client(server, clock), mode)
    assert response.status_code == 200 and response.attempts == 2
    assert len(server.requests) == 2
    assert clock.sleeps == [0.5]  # first backoff step (jitter fixed at 0 by FakeTime)


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_retry_after_seconds_is_honoured(mode: str) -> None:
    clock = FakeTime()
    server = Server([json_response(429, {}, {"Retry-After": "7"}), ok()])
    await PAXOS.call(PAXOS.client(server, clock), mode)
    assert clock.sleeps == [7.0]


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_retry_after_http_date_is_honoured(mode: str) -> None:
    clock = FakeTime()
    when = email.utils.formatdate(clock.wall_clock() + 12, usegmt=True)
    server = Server([json_response(503, {}, {"Retry-After": when}), ok()])
    await PAXOS.call(PAXOS.client(server, clock), mode)
    assert len(clock.sleeps) == 1 and 11.0 <= clock.sleeps[0] <= 12.0  # HTTP-dates have whole seconds


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_backoff_grows_exponentially_and_gives_up_after_max_attempts(mode: str) -> None:
    clock = FakeTime()
    server = Server([json_response(503, {"error": "down"})])
    client = PAXOS.client(server, clock, retry=RetryPolicy(max_attempts=4, initial_delay=0.5, max_delay=1.5))
    with pytest.raises(PAXOS.errors.ServerError) as caught:
        await PAXOS.call(client, mode)
    assert caught.value.attempts == 4 and "after 4 attempts" in str(caught.value)
    assert len(server.requests) == 4
    assert clock.sleeps == [0.5, 1.0, 1.5]  # doubled, capped at max_delay


def test_jitter_shortens_waits_by_at_most_its_fraction() -> None:
    policy = RetryPolicy(initial_delay=1.0, jitter=0.25)
    assert policy.backoff(1, 0.0) == 1.0
    assert policy.backoff(1, 0.999) == pytest.approx(0.75, abs=0.001)
    assert policy.backoff(3, 0.5) == pytest.approx(4 * (1 - 0.125))


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_total_time_bound_stops_retrying(mode: str) -> None:
    clock = FakeTime()
    server = Server([json_response(429, {}, {"Retry-After": "3"})])
    client = PAXOS.client(server, clock, retry=RetryPolicy(max_attempts=10, max_elapsed=5.0))
    with pytest.raises(PAXOS.errors.RateLimitError):
        await PAXOS.call(client, mode)
    assert clock.sleeps == [3.0]  # a second 3 s wait would end past the 5 s budget
    assert len(server.requests) == 2


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", [400, 404, 409, 422, 500, 501])
async def test_other_statuses_are_not_retried(mode: str, status: int) -> None:
    clock = FakeTime()
    server = Server([json_response(status, {"error": "no"}), ok()])
    with pytest.raises(PAXOS.errors.ApiStatusError) as caught:
        await PAXOS.call(PAXOS.client(server, clock), mode)
    assert caught.value.status_code == status
    assert len(server.requests) == 1 and clock.sleeps == []


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("vendor", VENDORS, ids=VENDOR_IDS)
async def test_connection_errors_are_retried(vendor: Vendor, mode: str) -> None:
    clock = FakeTime()
    server = Server([httpx.ConnectError("refused"), ok(vendor)])
    response = await vendor.call(vendor.client(server, clock), mode)
    assert response.status_code == 200 and len(server.requests) == 2


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_connection_failure_after_the_last_attempt(mode: str) -> None:
    server = Server([httpx.ConnectError("connection refused")])
    with pytest.raises(PAXOS.errors.ApiConnectionError, match="connection failed: ConnectError") as caught:
        await PAXOS.call(PAXOS.client(server), mode)
    assert not isinstance(caught.value, PAXOS.errors.ApiTimeoutError)
    assert caught.value.attempts == 3 and caught.value.operation == "list_orchestrations"


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_timeout_is_an_api_timeout_error(mode: str) -> None:
    server = Server([httpx.ReadTimeout("slow")])
    with pytest.raises(PAXOS.errors.ApiTimeoutError, match="no response within the timeout"):
        await PAXOS.call(PAXOS.client(server, max_retries=0), mode)
    assert len(server.requests) == 1


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("client_options", "call_options", "attempts"),
    [
        ({"max_retries": 0}, None, 1),
        ({"retry": RetryPolicy.disabled()}, None, 1),
        ({}, {"max_retries": 0}, 1),
        ({"max_retries": 0}, {"max_retries": 4}, 5),
        ({}, {"retry": RetryPolicy(max_attempts=2)}, 2),
    ],
)
async def test_retries_are_configurable_per_client_and_per_call(
    mode: str, client_options: dict[str, Any], call_options: dict[str, Any] | None, attempts: int
) -> None:
    server = Server([json_response(503, {})])
    client = PAXOS.client(server, **client_options)
    with pytest.raises(PAXOS.errors.ServerError):
        await PAXOS.call(client, mode, request_options=call_options)
    assert len(server.requests) == attempts


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_with_options_copies_settings_and_shares_the_token_cache(mode: str) -> None:
    server = Server([json_response(503, {}), ok()])
    client = PAXOS.client(server)
    quick = client.with_options(max_retries=0, timeout=2.0)
    with pytest.raises(PAXOS.errors.ServerError):
        await PAXOS.call(quick, mode)
    await PAXOS.call(client, mode)  # the original still retries ... and reuses the token
    assert len(server.token_requests) == 1
    assert client.timeout.read == 60.0 and quick.timeout.read == 2.0


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_timeout_defaults_per_client_and_is_overridable_per_call(mode: str) -> None:
    server = Server([ok()])
    await PAXOS.call(PAXOS.client(server), mode)
    await PAXOS.call(PAXOS.client(server, timeout=5.0), mode)
    await PAXOS.call(
        PAXOS.client(server, timeout=5.0), mode, request_options={"timeout": httpx.Timeout(1.0, connect=0.5)}
    )
    timeouts = [r.extensions["timeout"] for r in server.requests]
    assert timeouts[0] == {"connect": 10.0, "read": 60.0, "write": 60.0, "pool": 60.0}
    assert timeouts[1] == {"connect": 5.0, "read": 5.0, "write": 5.0, "pool": 5.0}
    assert timeouts[2] == {"connect": 0.5, "read": 1.0, "write": 1.0, "pool": 1.0}


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after": "-1"}, None),
        ({"retry-after": "soon"}, None),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0.0),  # in the past: no wait
        ({"retry-after-ms": "250"}, 0.25),
        ({}, None),
    ],
)
def test_retry_after_parsing(headers: dict[str, str], expected: float | None) -> None:
    assert retry_after_seconds(httpx.Headers(headers), now=1_800_000_000.0) == expected


def test_retry_after_http_date_is_measured_against_the_wall_clock() -> None:
    now = 1_800_000_000.0
    header = email.utils.formatdate(now + 30, usegmt=True)
    assert retry_after_seconds(httpx.Headers({"retry-after": header}), now=now) == 30.0


def test_retry_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError, match="jitter"):
        RetryPolicy(jitter=2.0)
    with pytest.raises(ValueError, match="delays"):
        RetryPolicy(max_retry_after=-1.0)
    with pytest.raises(ValueError, match="delays"):
        RetryPolicy(max_retry_after=float("nan"))


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("asked", ["999999999", "61", "1e308"])
async def test_retry_after_beyond_the_cap_is_not_waited_for_even_without_a_time_budget(mode: str, asked: str) -> None:
    clock = FakeTime()
    server = Server([json_response(429, {}, {"Retry-After": asked}), ok()])
    client = PAXOS.client(server, clock, retry=RetryPolicy(max_elapsed=None))
    with pytest.raises(PAXOS.errors.RateLimitError):
        await PAXOS.call(client, mode)
    assert clock.sleeps == [] and len(server.requests) == 1


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_retry_after_up_to_the_cap_is_waited_for(mode: str) -> None:
    assert RetryPolicy().max_retry_after == 60.0
    clock = FakeTime()
    server = Server([json_response(429, {}, {"Retry-After": "60"}), ok()])
    await PAXOS.call(PAXOS.client(server, clock, retry=RetryPolicy(max_elapsed=None)), mode)
    assert clock.sleeps == [60.0]
    clock.sleeps.clear()
    server = Server([json_response(503, {}, {"Retry-After": "240"}), ok()])
    policy = RetryPolicy(max_elapsed=None, max_retry_after=300.0)
    await PAXOS.call(PAXOS.client(server, clock, retry=policy), mode)
    assert clock.sleeps == [240.0]
