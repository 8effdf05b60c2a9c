"""Hundreds of concurrent async calls through one client against the loopback server: all
succeed, one OAuth2 token serves them all, and every socket is closed afterwards.

The token endpoint answers slowly, so all the calls are waiting for the first token at once
(the case the client's asyncio lock exists for); the API answers after a short delay, so
many connections are open together and httpx's pool has to queue calls and reuse connections.
"""

from __future__ import annotations

import time

import anyio
import pytest

from tests.faults.harness import make_client, vendor
from tests.faults.matrix import OK
from tests.support import sockets
from tests.support.loopback import Reply, TokenPolicy, serving

CONCURRENT_CALLS = 300
POOL_LIMIT = 100
"""httpx's default ``max_connections`` (the client does not change it): at most this many open at once."""
TIME_LIMIT = 15.0
"""About 2 s on an idle two-core machine, 7 s with both cores busy elsewhere: the bound is for hangs."""
SETTLE = 3.0
"""Seconds the server's threads get to close their ends once the client closed its own."""


async def settled_sockets(baseline: int) -> int:
    deadline = time.monotonic() + SETTLE
    count = sockets.open_sockets()
    while count > baseline and time.monotonic() < deadline:
        await anyio.sleep(0.05)
        count = sockets.open_sockets()
    return count


@pytest.mark.anyio
@pytest.mark.skipif(not sockets.supported(), reason="counts sockets through /proc/self/fd (Linux only)")
async def test_concurrent_calls_share_one_token_and_leak_no_socket() -> None:
    operation = vendor("paxos")
    slow_ok = Reply(OK.status, OK.body, delay=0.05)
    with serving((slow_ok,), tokens=TokenPolicy(delay=0.3)) as server:
        baseline = sockets.open_sockets()
        client = make_client(operation, server, timeout=10.0)
        results: list[object] = []
        peak, peak_connections = baseline, 0

        async def call() -> None:
            results.append(await operation.module.asyncio_detailed(client=client))

        async def watch(done: anyio.Event) -> None:
            nonlocal peak, peak_connections
            while not done.is_set():
                peak = max(peak, sockets.open_sockets())
                peak_connections = max(peak_connections, sockets.connections_to(server.port))
                await anyio.sleep(0.01)

        started = time.monotonic()
        with anyio.fail_after(TIME_LIMIT + 5):
            done = anyio.Event()
            async with anyio.create_task_group() as watcher:
                watcher.start_soon(watch, done)
                async with anyio.create_task_group() as calls:
                    for _ in range(CONCURRENT_CALLS):
                        calls.start_soon(call)
                done.set()
        elapsed = time.monotonic() - started
        await client.aclose()
        after = await settled_sockets(baseline)
        token_requests, api_requests = server.requests("token"), server.requests("api")

    assert len(results) == CONCURRENT_CALLS
    assert all(getattr(r, "status_code", None) == 200 for r in results)
    assert len(token_requests) == 1, "one token fetch must serve every concurrent call"
    assert client.auth.token_requests == 1
    assert len(api_requests) == CONCURRENT_CALLS, "no call was retried or sent twice"
    assert elapsed < TIME_LIMIT, f"{CONCURRENT_CALLS} calls took {elapsed:.1f}s"
    assert peak > baseline, "the socket count never rose: the leak check would prove nothing"
    # Over the run a connection may be replaced many times (httpx keeps 20 idle ones), but
    # never more than the pool's limit are open at once.
    assert 1 < peak_connections <= POOL_LIMIT, f"{peak_connections} connections open at once"
    assert after == baseline, f"{after - baseline} sockets still open after aclose() (baseline {baseline})"
