"""Calling a generated client against the loopback server, with a hard bound on every call.

The fault tests must never hang the suite (there is no pytest-timeout here): a sync call
runs in a thread the test waits for at most ``limit`` seconds, an async call under
``anyio.move_on_after``.  A call still running then fails the test as a hang; the server's
teardown closes its connections, which releases the abandoned thread.
"""

from __future__ import annotations

import base64
import sys
import threading
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, quote_plus

import anyio
import pytest

from tests.runtime.support import BY_SLUG, Vendor
from tests.support.loopback import LoopbackServer

CLIENT_ID = "fault-client"
CLIENT_SECRET = "cs-fault-SECRET-5f1c9a0e7b"
BEARER_TOKEN = "bt-fault-SECRET-83d2e6a41c"


@dataclass(frozen=True)
class Outcome:
    result: Any
    error: BaseException | None
    elapsed: float


def make_client(
    vendor: Vendor,
    server: LoopbackServer,
    base_url: str | None = None,
    *,
    client_secret: str = CLIENT_SECRET,
    auth_method: str = "client_secret_post",
    **options: Any,
) -> Any:
    """``vendor``'s AuthenticatedClient on ``server`` (OAuth2 tokens from its token endpoint)."""
    if not vendor.oauth2:
        return vendor.client_class(base_url or server.url, token=BEARER_TOKEN, **options)
    package = sys.modules[vendor.client_class.__module__.split(".")[0]]
    auth = package.OAuth2ClientCredentials(CLIENT_ID, client_secret, server.token_url, auth_method=auth_method)
    return vendor.client_class(base_url or server.url, auth=auth, **options)


def vendor(slug: str) -> Vendor:
    return BY_SLUG[slug]


def run_sync(call: Callable[[], Any], limit: float) -> Outcome:
    box: list[Outcome] = []

    def target() -> None:
        started = time.monotonic()
        try:
            result = call()
        except BaseException as exc:  # reported to the test, whatever it is
            box.append(Outcome(None, exc, time.monotonic() - started))
        else:
            box.append(Outcome(result, None, time.monotonic() - started))

    thread = threading.Thread(target=target, name="fault-call", daemon=True)
    thread.start()
    thread.join(limit)
    if thread.is_alive():
        pytest.fail(f"the call had not returned after {limit:.1f}s: it hangs", pytrace=False)
    return box[0]


async def run_async(call: Callable[[], Awaitable[Any]], limit: float) -> Outcome:
    started = time.monotonic()
    with anyio.move_on_after(limit):
        try:
            result = await call()
        except Exception as exc:  # not BaseException: cancellation must stay cancellation
            return Outcome(None, exc, time.monotonic() - started)
        return Outcome(result, None, time.monotonic() - started)
    pytest.fail(f"the call had not returned after {limit:.1f}s: it hangs", pytrace=False)


def credential_forms(client_secret: str) -> list[str]:
    """The client secret as it may travel, hence be echoed: as is, form- or percent-encoded
    (client_secret_post), and inside the base64 of an HTTP Basic header (client_secret_basic)."""
    basic = [f"{quote_plus(CLIENT_ID)}:{quote_plus(client_secret)}", f"{CLIENT_ID}:{client_secret}"]
    encoded = [base64.b64encode(pair.encode()).decode("ascii") for pair in basic]
    return sorted({client_secret, quote_plus(client_secret), quote(client_secret, safe=""), *encoded})


def secrets_of(server: LoopbackServer, client_secret: str = CLIENT_SECRET) -> list[str]:
    return [*credential_forms(client_secret), BEARER_TOKEN, *server.issued_tokens()]


def leaked(error: BaseException | None, logs: str, secrets: list[str]) -> list[str]:
    """Secrets found in the error's message, repr, traceback (chained errors included) or the logs."""
    text = logs
    if error is not None:
        text += str(error) + repr(error) + "".join(traceback.format_exception(error))
    return [secret for secret in secrets if secret in text]
