"""Each fault of the matrix, sync and async: the documented typed error or recovery, the
right number of requests, within the time bounds, and no credential in any message or log."""

from __future__ import annotations

import importlib
import logging
import socket
import time
from types import ModuleType
from typing import Any

import anyio
import pytest

from tests.faults.harness import Outcome, leaked, make_client, run_async, run_sync, secrets_of, vendor
from tests.faults.matrix import FAULTS, Fault
from tests.gaps import gap_marks, stale_patterns
from tests.support.loopback import HOST, LoopbackServer, serving

MODES = ("sync", "async")
HANG_MARGIN = 5.0
"""How long past its own bound a call may run before it counts as hung."""
CASES = [
    pytest.param(fault, mode, id=f"{fault.id}/{mode}", marks=gap_marks("faults", f"{fault.id}/{mode}"))
    for fault in FAULTS
    for mode in MODES
]


def package_of(fault: Fault) -> ModuleType:
    return importlib.import_module(f"{fault.vendor}_client")


def fast_retry(package: ModuleType, **changes: Any) -> Any:
    # The default policy's shape (3 attempts, backoff, Retry-After honoured) with short
    # waits, so the matrix runs in seconds; Retry-After cases still wait what they are told.
    settings = {"initial_delay": 0.05, "multiplier": 2.0, "max_delay": 0.2, "jitter": 0.0, "max_elapsed": 10.0}
    return package.RetryPolicy(**{**settings, **changes})


def closed_port_url() -> str:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    return f"http://{HOST}:{port}"  # nothing listens there once the probe is closed


def describe(error: BaseException | None) -> str:
    return "nothing" if error is None else f"{type(error).__module__}.{type(error).__qualname__}: {error}"


def judge(fault: Fault, outcome: Outcome, server: LoopbackServer, errors: ModuleType, logs: str) -> None:
    if fault.raises is None:
        assert outcome.error is None, f"expected recovery, got {describe(outcome.error)}"
    else:
        expected = getattr(errors, fault.raises)
        assert type(outcome.error) is expected, (
            f"expected {errors.__name__}.{fault.raises}, got {describe(outcome.error)}"
        )
    assert len(server.requests("api")) == fault.requests, "API requests the server saw"
    if fault.token_requests is not None:
        assert len(server.requests("token")) == fault.token_requests, "token requests the server saw"
    reported = getattr(outcome.error if outcome.error is not None else outcome.result, "attempts", None)
    if reported is not None:
        assert reported == fault.reported_attempts, "attempts the client reports"
    assert fault.at_least <= outcome.elapsed <= fault.within, f"took {outcome.elapsed:.2f}s"
    secrets = secrets_of(server, fault.client_secret)
    assert leaked(outcome.error, logs, secrets) == [], "a credential in an error message, traceback or log"
    assert fault.logs_show in logs, f"the logs lack {fault.logs_show!r}"
    if fault.check is not None:
        fault.check(outcome)


@pytest.mark.anyio
@pytest.mark.parametrize(("fault", "mode"), CASES)
async def test_fault(fault: Fault, mode: str, caplog: pytest.LogCaptureFixture) -> None:
    for logger in (f"{fault.vendor}_client", "httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=logger)
    operation = vendor(fault.vendor)
    package = package_of(fault)
    limit = fault.within + HANG_MARGIN
    with serving(fault.api, tokens=fault.tokens if operation.oauth2 else None, tls=fault.tls) as server:
        base_url = closed_port_url() if fault.refused else None
        client = make_client(
            operation,
            server,
            base_url,
            client_secret=fault.client_secret,
            auth_method=fault.auth_method,
            timeout=fault.timeout,
            retry=fast_retry(package, **fault.retry),
            **fault.options,
        )
        if mode == "sync":

            def calls() -> Any:
                result = None
                for number in range(fault.calls):
                    if number:
                        time.sleep(fault.pause)
                    result = operation.module.sync_detailed(client=client, **operation.arguments())
                return result

            outcome = run_sync(calls, limit)
            client.close()
        else:

            async def acalls() -> Any:
                result = None
                for number in range(fault.calls):
                    if number:
                        await anyio.sleep(fault.pause)
                    result = await operation.module.asyncio_detailed(client=client, **operation.arguments())
                return result

            outcome = await run_async(acalls, limit)
            await client.aclose()
        judge(fault, outcome, server, importlib.import_module(f"{fault.vendor}_client.errors"), caplog.text)


def test_every_known_gap_names_a_case() -> None:
    assert stale_patterns("faults", [f"{fault.id}/{mode}" for fault in FAULTS for mode in MODES]) == []


def test_fault_ids_are_unique() -> None:
    ids = [fault.id for fault in FAULTS]
    assert len(ids) == len(set(ids))


@pytest.mark.anyio
async def test_a_call_past_its_limit_fails_the_test_instead_of_hanging_it() -> None:
    # The guard every case relies on: without it a hanging client would hang the suite.
    with pytest.raises(pytest.fail.Exception, match="it hangs"):
        run_sync(lambda: time.sleep(1.0), limit=0.1)
    with pytest.raises(pytest.fail.Exception, match="it hangs"):
        await run_async(lambda: anyio.sleep(1.0), limit=0.1)
