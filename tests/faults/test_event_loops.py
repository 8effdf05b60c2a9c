"""One client, several ``asyncio.run()`` calls in turn (a script, a CLI, a test suite): each
loop gets its own httpx AsyncClient, so the second call works instead of raising
``RuntimeError('Event loop is closed')`` from a pooled connection of the first loop.  An
AsyncClient the caller gave is theirs: reused after its loop closed, the error says why.

The connections of a loop that closed without ``aclose()`` can no longer be closed politely;
each test collects them before it ends so no socket outlives it (test_load counts them)."""

from __future__ import annotations

import asyncio
import gc
from typing import Any

import httpx
import pytest

from tests.faults.harness import make_client, run_sync, vendor
from tests.faults.matrix import OK
from tests.support.loopback import TokenPolicy, serving

LIMIT = 10.0


@pytest.mark.parametrize("slug", ["paxos", "b3os"])
def test_one_client_serves_two_asyncio_runs(slug: str) -> None:
    operation = vendor(slug)
    body = OK if slug == "paxos" else None
    with serving((body,) if body else (), tokens=TokenPolicy() if operation.oauth2 else None) as server:
        clients = [make_client(operation, server)]  # a list, so the test can drop the client

        async def call() -> Any:
            return await operation.module.asyncio_detailed(client=clients[0], **operation.arguments())

        def twice() -> list[Any]:
            return [asyncio.run(call()), asyncio.run(call()), asyncio.run(call())]

        outcome = run_sync(twice, LIMIT)
        assert outcome.error is None, repr(outcome.error)
        assert [response.status_code for response in outcome.result] == [200, 200, 200]
        assert len(server.requests()) == 3
        if operation.oauth2:
            assert len(server.requests("token")) == 1, "the token cache outlives the loops"

        del outcome
        clients.clear()
        gc.collect()


def test_a_given_async_client_reused_after_its_loop_closed_says_so() -> None:
    operation = vendor("b3os")
    with serving() as server:
        clients = [make_client(operation, server, async_http_client=httpx.AsyncClient())]

        async def call() -> Any:
            return await operation.module.asyncio_detailed(client=clients[0])

        def twice() -> Any:
            asyncio.run(call())
            return asyncio.run(call())

        outcome = run_sync(twice, LIMIT)
    error = outcome.error
    del outcome
    clients.clear()
    gc.collect()
    assert type(error) is RuntimeError
    assert "belongs to an event loop that is closed" in str(error)
    assert isinstance(error.__cause__, RuntimeError)
