"""The fault matrix for write operations: a POST is retried only when it carries an idempotency key.

Without one (Formance's ``create_workflow``: the vendor documents no idempotency header, and
none is invented for it) a 503 or a connection reset ends the call after one attempt with the
error: the server may have acted on it.  With one (``fixtures/keyed.yaml``: ``x-idempotency-header``
on ``create_order``, a header parameter ``idempotency-key`` on ``create_payment``) the call is
retried like a GET, and every attempt the server sees carries the same key: a UUID the client
made for the call, or the caller's own.  Sync and async, over loopback TCP, under the
harness's hard time limit.
"""

from __future__ import annotations

import importlib
import sys
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.faults.harness import BEARER_TOKEN, Outcome, make_client, run_async, run_sync, vendor
from tests.faults.test_matrix import fast_retry
from tests.runtime.generate import generate_package
from tests.support.loopback import LoopbackServer, Reply, Reset, Step, TokenPolicy, json_reply, serving

FIXTURE = Path(__file__).with_name("fixtures") / "keyed.yaml"
MODES = ("sync", "async")
LIMIT = 15.0
ORDER = {"id": "ord-1", "amount": 5}
WORKFLOW = {"data": {"id": "wf-1", "config": {"stages": []}, "createdAt": "2026-01-02T03:04:05Z"}}
UNAVAILABLE = Reply(503, b'{"error": "unavailable"}')
FAULTS: dict[str, Step] = {"503": UNAVAILABLE, "reset": Reset("before-response")}
ERRORS = {"503": "ServerError", "reset": "ApiConnectionError"}


@pytest.fixture(scope="module")
def keyed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    package = generate_package(FIXTURE, tmp_path_factory.mktemp("generated"))
    yield package
    for name in [m for m in sys.modules if m == "keyed_client" or m.startswith("keyed_client.")]:
        del sys.modules[name]


async def call(mode: str, sync: Callable[[], Any], asyncio: Callable[[], Awaitable[Any]]) -> Outcome:
    return run_sync(sync, LIMIT) if mode == "sync" else await run_async(asyncio, LIMIT)


async def close(client: Any, mode: str) -> None:
    """Closes the client's connections now (left to the garbage collector, they would close
    during a later test and upset test_load's socket count)."""
    if mode == "sync":
        client.close()
    else:
        await client.aclose()


def keys(server: LoopbackServer) -> list[str | None]:
    """The idempotency key of every request the API saw (header names are case-insensitive)."""
    found = []
    for seen in server.requests("api"):
        by_name = {name.lower(): value for name, value in seen.headers.items()}
        found.append(by_name.get("idempotency-key"))
    return found


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("fault", sorted(FAULTS))
async def test_a_post_without_an_idempotency_key_is_tried_once(fault: str, mode: str) -> None:
    formance = vendor("formance")
    package = importlib.import_module("formance_client")
    create_workflow = importlib.import_module("formance_client.api.orchestration_v2.create_workflow")
    assert create_workflow.OPERATION.idempotency_header is None  # the vendor documents none
    body = package.models.V2WorkflowConfig(stages=[])
    with serving((FAULTS[fault], json_reply(WORKFLOW, 201)), tokens=TokenPolicy()) as server:
        client = make_client(formance, server, retry=fast_retry(package))
        outcome = await call(
            mode,
            lambda: create_workflow.sync_detailed(client=client, body=body),
            lambda: create_workflow.asyncio_detailed(client=client, body=body),
        )
        assert type(outcome.error).__name__ == ERRORS[fault], outcome.error
        assert outcome.error is not None and getattr(outcome.error, "attempts", 1) == 1
        assert [s.method for s in server.requests("api")] == ["POST"], "one attempt only"
        assert keys(server) == [None], "no idempotency key is invented"
        await close(client, mode)


def keyed_client(package: ModuleType, server: LoopbackServer) -> Any:
    return package.AuthenticatedClient(server.url, token=BEARER_TOKEN, retry=fast_retry(package))


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("fault", sorted(FAULTS))
async def test_a_post_with_an_idempotency_header_is_retried_with_one_generated_key(
    keyed: ModuleType, fault: str, mode: str
) -> None:
    create_order = importlib.import_module("keyed_client.api.orders.create_order")
    assert create_order.OPERATION.idempotency_header == "Idempotency-Key"
    body = keyed.models.Order(id="ord-1", amount=5)
    with serving((FAULTS[fault], UNAVAILABLE, json_reply(ORDER, 201))) as server:
        client = keyed_client(keyed, server)
        outcome = await call(
            mode,
            lambda: create_order.sync_detailed(client=client, body=body),
            lambda: create_order.asyncio_detailed(client=client, body=body),
        )
        assert outcome.error is None, outcome.error
        assert outcome.result.status_code == 201 and outcome.result.attempts == 3
        sent = keys(server)
        assert len(sent) == 3 and len(set(sent)) == 1, f"one key for every attempt: {sent}"
        assert uuid.UUID(str(sent[0])).version == 4
        # The next call is another operation for the server: a key of its own.
        again = await call(
            mode,
            lambda: create_order.sync_detailed(client=client, body=body),
            lambda: create_order.asyncio_detailed(client=client, body=body),
        )
        assert again.error is None and len(keys(server)) == 4 and keys(server)[3] not in sent
        await close(client, mode)


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_a_caller_supplied_key_is_sent_as_is_on_every_attempt(keyed: ModuleType, mode: str) -> None:
    create_payment = importlib.import_module("keyed_client.api.payments.create_payment")
    create_order = importlib.import_module("keyed_client.api.orders.create_order")
    assert create_payment.OPERATION.idempotency_header == "idempotency-key"  # a header parameter
    body = keyed.models.Order(id="pay-1", amount=7)
    with serving((UNAVAILABLE, json_reply(ORDER, 201))) as server:
        client = keyed_client(keyed, server)
        outcome = await call(
            mode,
            lambda: create_payment.sync_detailed(client=client, body=body, idempotency_key="pay-key-1"),
            lambda: create_payment.asyncio_detailed(client=client, body=body, idempotency_key="pay-key-1"),
        )
        assert outcome.error is None, outcome.error
        assert keys(server) == ["pay-key-1", "pay-key-1"]
        await close(client, mode)
    headers = {"request_options": {"headers": {"Idempotency-Key": "order-key-9"}}}
    with serving((Reset("before-response"), json_reply(ORDER, 201))) as server:
        client = keyed_client(keyed, server)
        outcome = await call(
            mode,
            lambda: create_order.sync_detailed(client=client, body=body, **headers),
            lambda: create_order.asyncio_detailed(client=client, body=body, **headers),
        )
        assert outcome.error is None, outcome.error
        assert keys(server) == ["order-key-9", "order-key-9"]
        await close(client, mode)


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_a_keyed_post_still_stops_at_the_retry_policy(keyed: ModuleType, mode: str) -> None:
    create_order = importlib.import_module("keyed_client.api.orders.create_order")
    body = keyed.models.Order(id="ord-1", amount=5)
    with serving((UNAVAILABLE,)) as server:
        client = keyed_client(keyed, server)
        outcome = await call(
            mode,
            lambda: create_order.sync_detailed(client=client, body=body),
            lambda: create_order.asyncio_detailed(client=client, body=body),
        )
        assert type(outcome.error).__name__ == "ServerError"
        assert len(keys(server)) == 3 and len(set(keys(server))) == 1
        await close(client, mode)


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_an_idempotent_operation_sends_no_key(keyed: ModuleType, mode: str) -> None:
    list_orders = importlib.import_module("keyed_client.api.orders.list_orders")
    assert list_orders.OPERATION.idempotency_header is None
    with serving((UNAVAILABLE, json_reply([ORDER]))) as server:
        client = keyed_client(keyed, server)
        outcome = await call(
            mode, lambda: list_orders.sync_detailed(client=client), lambda: list_orders.asyncio_detailed(client=client)
        )
        assert outcome.error is None, outcome.error
        assert keys(server) == [None, None]
        await close(client, mode)


def test_the_readme_names_the_keyed_operations_and_formance_has_none(keyed: ModuleType) -> None:
    readme = (Path(str(keyed.__file__)).parents[1] / "README.md").read_text()
    assert "- `create_order`: `Idempotency-Key`\n- `create_payment`: `idempotency-key`\n" in readme
    assert "`list_orders`:" not in readme.split("These operations declare an idempotency header")[1].split("##")[0]
    formance = (Path(__file__).parents[2] / "generated" / "formance" / "README.md").read_text()
    assert "A POST or PATCH is never retried without an idempotency key" in formance
    assert "These operations declare an idempotency header" not in formance
