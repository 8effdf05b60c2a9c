"""The guard works: a request Prism finds in violation of the spec fails the test, and the
failure quotes Prism's own violation message.

Each case breaks a valid call on its way out (a transport that rewrites the request after
the client built it), the way a client bug would: credentials dropped, a date-time in the
query without its offset, the required body missing or wrong.  Without these, "every call
passed" could also mean "Prism checked nothing".
"""

from __future__ import annotations

import json
import typing
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest

from tests.conformance.client import to_argument
from tests.http.prism_calls import Call, accepted_by_prism, first_calls, make_client
from tests.support.loopback import TOKEN_PATH, LoopbackServer
from tests.support.prism import Prism

Change = Callable[[httpx.Request], httpx.Request]
FIRST = {call.vendor.slug: call for call in first_calls()}


class Tamper(httpx.BaseTransport):
    """Sends ``change(request)`` instead of each API request the client built (token
    requests to our loopback endpoint pass unchanged: they are not Prism's to judge)."""

    def __init__(self, change: Change) -> None:
        self._inner = httpx.HTTPTransport()
        self._change = change

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == TOKEN_PATH:
            return self._inner.handle_request(request)
        return self._inner.handle_request(self._change(request))

    def close(self) -> None:
        self._inner.close()


def without_credentials(request: httpx.Request) -> httpx.Request:
    del request.headers["Authorization"]
    return request


def date_time_without_offset(request: httpx.Request) -> httpx.Request:
    # isoformat() of a naive datetime: "2006-01-02T15:04:05", no offset, so not RFC 3339.
    # (Prism's date-time check lets a space for the "T" and "+0000" pass: it is no stricter
    # than that, which is why the captured-transport tests pin the exact form.)
    query = [
        (key, "2006-01-02T15:04:05" if key == "created_at.gte" else value)
        for key, value in request.url.params.multi_items()
    ]
    return httpx.Request(request.method, request.url.copy_with(params=query), headers=request.headers)


def without_body(request: httpx.Request) -> httpx.Request:
    headers = {k: v for k, v in request.headers.items() if k.lower() not in {"content-type", "content-length"}}
    return httpx.Request(request.method, request.url, headers=headers)


def direction_sideways(request: httpx.Request) -> httpx.Request:
    body = {**json.loads(request.content), "direction": "sideways"}
    headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
    return httpx.Request(request.method, request.url, headers=headers, json=body)


@dataclass(frozen=True)
class Sabotage:
    id: str
    vendor: str
    change: Change
    prism_says: str
    """A fragment of Prism's own message, which the failure must quote."""
    arguments: dict[str, object] | None = None


CASES = [
    Sabotage("missing-credentials", "paxos", without_credentials, "Invalid security scheme used"),
    Sabotage("missing-credentials-bearer", "brainbase", without_credentials, "Invalid security scheme used"),
    Sabotage(
        "query-date-time-encoding",
        "paxos",
        date_time_without_offset,
        'Request query parameter created_at.gte must match format \\"date-time\\"',
        {"created_at_gte": "2006-01-02T15:04:05Z"},
    ),
    Sabotage("missing-body", "otim", without_body, "Body parameter is required"),
    Sabotage(
        "wrong-body",
        "otim",
        direction_sideways,
        "Request body property direction must be equal to one of the allowed values",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_violation_fails_with_prisms_message(
    case: Sabotage, prism_servers: dict[str, Prism], token_server: LoopbackServer
) -> None:
    call: Call = FIRST[case.vendor]
    kwargs = call.kwargs()
    if case.arguments:
        hints = typing.get_type_hints(call.module.sync_detailed)
        kwargs.update({name: to_argument(hints[name], value) for name, value in case.arguments.items()})
    http = httpx.Client(transport=Tamper(case.change))
    with make_client(
        call.vendor, prism_servers[case.vendor].url, token_server, "mock-token", http_client=http
    ) as client:
        with pytest.raises(pytest.fail.Exception) as failure, accepted_by_prism(call.vendor):
            call.module.sync_detailed(client=client, **kwargs)
    assert "Prism refused the request" in str(failure.value)
    assert case.prism_says in str(failure.value)
