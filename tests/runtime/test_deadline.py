"""The read timeout bounds each attempt as a whole, not only each socket read: a body trickled
in small pieces, each well within the read timeout, fails the attempt with ApiTimeoutError
once the whole response is late (retried like any timeout); normal responses, however many
chunks they come in, pass untouched; no read timeout, no bound.  The loopback version (real
sockets) is the fault matrix's body-trickled-past-timeout."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import pytest
from paxos_client import AuthenticatedClient as PaxosClient
from paxos_client._runtime._response import attempt_budget

from tests.runtime.support import BY_SLUG, MODES, TOKEN, FakeTime, json_response

PAXOS = BY_SLUG["paxos"]
BODY = b'{"items": []}'


class Trickle(httpx.SyncByteStream, httpx.AsyncByteStream):
    """``body`` one byte at a time, ``interval`` seconds apart (real time: the deadline is)."""

    def __init__(self, body: bytes, interval: float) -> None:
        self.body = body
        self.interval = interval

    def __iter__(self) -> Iterator[bytes]:
        for index in range(len(self.body)):
            time.sleep(self.interval)
            yield self.body[index : index + 1]

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for index in range(len(self.body)):
            await asyncio.sleep(self.interval)
            yield self.body[index : index + 1]


def trickling(
    interval: float, body: bytes = BODY, token: httpx.Response | None = None
) -> tuple[list[int], Callable[[httpx.Request], httpx.Response]]:
    seen: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            if token is not None:
                return token
            return json_response(200, {"access_token": TOKEN, "expires_in": 3600})
        seen.append(1)
        return httpx.Response(200, headers={"content-type": "application/json"}, stream=Trickle(body, interval))

    return seen, handler


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_a_trickled_body_fails_the_attempt_at_its_deadline(mode: str) -> None:
    # 100 bytes over 2 s, each read quick: ending near the 0.1 s deadline, far from the 2 s a
    # whole body takes, is what is proved (the margin leaves room for a loaded machine).
    seen, handler = trickling(0.02, body=BODY + b" " * 87)
    client = PAXOS.client(handler, FakeTime(), timeout=0.1, max_retries=0)
    started = time.monotonic()
    with pytest.raises(PAXOS.errors.ApiTimeoutError, match=r"within 0\.1s") as caught:
        await PAXOS.call(client, mode)
    assert time.monotonic() - started < 1.0
    assert caught.value.attempts == 1 and len(seen) == 1
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_a_late_attempt_is_retried_like_any_timeout(mode: str) -> None:
    seen, handler = trickling(0.02)
    clock = FakeTime()
    with pytest.raises(PAXOS.errors.ApiTimeoutError) as caught:
        await PAXOS.call(PAXOS.client(handler, clock, timeout=0.05), mode)
    assert caught.value.attempts == 3 and len(seen) == 3 and clock.sleeps == [0.5, 1.0]


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_a_body_in_many_chunks_within_the_deadline_is_read_whole(mode: str) -> None:
    body = b'{"items": [' + b",".join([b'{"id": "e5f6a7b8-9c0d-1e2f-3a4b-c5d6e7f8a9b0"}'] * 3) + b"]}"
    _seen, handler = trickling(0.0, body)
    response = await PAXOS.call(PAXOS.client(handler, FakeTime(), timeout=5.0), mode)
    assert response.content == body and len(response.parsed.items) == 3


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_no_read_timeout_no_deadline(mode: str) -> None:
    _seen, handler = trickling(0.01)
    for timeout in (None, httpx.Timeout(0.05, read=None)):
        response = await PAXOS.call(PAXOS.client(handler, FakeTime(), timeout=timeout, max_retries=0), mode)
        assert response.content == BODY


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_the_per_call_timeout_sets_the_deadline(mode: str) -> None:
    _seen, handler = trickling(0.02)
    client = PAXOS.client(handler, FakeTime(), timeout=30.0, max_retries=0)
    with pytest.raises(PAXOS.errors.ApiTimeoutError):
        await PAXOS.call(client, mode, request_options={"timeout": 0.05})
    response = await PAXOS.call(client, mode)  # the client's own 30 s: plenty, even on a loaded machine
    assert response.content == BODY


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_a_trickled_token_response_is_bounded_too(mode: str) -> None:
    token_body = b'{"access_token": "tok", "expires_in": 3600}'
    slow_token = httpx.Response(200, headers={"content-type": "application/json"}, stream=Trickle(token_body, 0.01))
    seen, handler = trickling(0.0, token=slow_token)
    # A token request is bounded by the httpx client's timeout (the client's own, unless you
    # bring your httpx clients, as here).
    transport = httpx.MockTransport(handler)
    client = PaxosClient(
        client_id="client-1",
        client_secret="secret-abcdefghij",
        max_retries=0,
        http_client=httpx.Client(transport=transport, timeout=0.1),
        async_http_client=httpx.AsyncClient(transport=transport, timeout=0.1),
    )
    with pytest.raises(PAXOS.errors.ApiTimeoutError, match="OAuth2 token request: no response within the timeout"):
        await PAXOS.call(client, mode)
    assert seen == []


def test_attempt_budget_is_the_requests_read_timeout() -> None:
    def budget(timeout: httpx.Timeout | None) -> float | None:
        return attempt_budget(
            httpx.Request("GET", "https://x.example", extensions={"timeout": timeout and timeout.as_dict()})
        )

    assert budget(httpx.Timeout(60.0, connect=10.0)) == 60.0
    assert budget(httpx.Timeout(5.0, read=2.5)) == 2.5
    assert budget(httpx.Timeout(None)) is None
    assert budget(None) is None
