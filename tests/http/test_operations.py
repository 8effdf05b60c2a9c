"""Every operation, sync and async, with every argument set its spec's x-request-examples give,
over real HTTP against Prism with request validation on; the client parses what Prism serves."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.http.prism_calls import Call, accepted_by_prism, all_calls, check_served, make_client
from tests.support.loopback import LoopbackServer
from tests.support.prism import Prism

CALLS = all_calls()
GENERATED = Path(__file__).resolve().parents[2] / "generated"


@pytest.mark.parametrize("call", CALLS, ids=[c.id for c in CALLS])
def test_sync_call_is_accepted_and_parsed(
    call: Call, prism_servers: dict[str, Prism], token_server: LoopbackServer
) -> None:
    prism = prism_servers[call.vendor.slug]
    with make_client(call.vendor, prism.url, token_server, str(call.spec_call.get("token", ""))) as client:
        with accepted_by_prism(call.vendor):
            response = call.module.sync_detailed(client=client, **call.kwargs())
    check_served(call.vendor, call.operation, response)


@pytest.mark.anyio
@pytest.mark.parametrize("call", CALLS, ids=[c.id for c in CALLS])
async def test_async_call_is_accepted_and_parsed(
    call: Call, prism_servers: dict[str, Prism], token_server: LoopbackServer
) -> None:
    prism = prism_servers[call.vendor.slug]
    async with make_client(call.vendor, prism.url, token_server, str(call.spec_call.get("token", ""))) as client:
        with accepted_by_prism(call.vendor):
            response = await call.module.asyncio_detailed(client=client, **call.kwargs())
    check_served(call.vendor, call.operation, response)


def test_every_generated_operation_is_called() -> None:
    """An endpoint module without a request example would be skipped above without a word."""
    generated = {
        f"{package.name}.api.{module.parent.name}.{module.stem}"
        for package in GENERATED.glob("*/*_client")
        for module in package.glob("api/*/*.py")
        if module.name != "__init__.py"
    }
    called = {call.operation.module for call in CALLS}
    assert generated, "no generated operations found"
    assert generated - called == set(), "generated operations that no x-request-examples entry calls"
