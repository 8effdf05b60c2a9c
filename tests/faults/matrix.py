"""The fault matrix: what the server does, and what the client must do about it.

Expectations are the documented ones (generated/<slug>/README.md, the runtime's docstrings):
429/502/503/504, connection errors and timeouts are retried for idempotent operations (every
GET), honouring Retry-After, at most ``max_attempts`` attempts; any other non-2xx raises its
status class at once (500 is not retried); a 2xx body that does not match the spec raises
``ResponseValidationError``; an unknown enum value parses; a 401 with OAuth2 credentials
refreshes the token once.  Issue 12's cases: a token request never follows a redirect (a
3xx names its ``Location``); a body nested too deeply is ``ResponseValidationError``; a gzip
bomb stops at ``max_response_size`` (``ResponseTooLargeError``); an untrusted certificate is
``TlsVerificationError`` at once; a ``Retry-After`` past the 60 s cap is not waited for;
``expires_in`` as a string or 0 works; an echoed token stays out of httpcore's DEBUG lines.
``requests`` is what the server saw, ``attempts`` what the client reports (a token refresh
is not an attempt, a failed token fetch is).

Paxos (OAuth2, a GET answered with a page of items) carries most cases; Formance (required fields)
and B3OS (an enum in the response, a static bearer token) the two that need their shapes.
"""

from __future__ import annotations

import email.utils
import functools
import json
import struct
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.faults.harness import CLIENT_SECRET, Outcome
from tests.support.loopback import (
    CERTIFICATE,
    ISSUE,
    Echo,
    EchoInHeader,
    Exchange,
    Reply,
    Reset,
    Step,
    TokenPolicy,
    Trickle,
    json_reply,
)

OK = json_reply({"items": [{"id": "e5f6a7b8-9c0d-1e2f-3a4b-c5d6e7f8a9b0", "status": "PROCESSING"}]})
HTML = b"<!doctype html><html><head><title>Service unavailable</title></head><body><h1>Be right back</h1></body></html>"
_ITEM = {
    "id": "e5f6a7b8-9c0d-1e2f-3a4b-c5d6e7f8a9b0",
    "profile_id": "7c4e8f2a-1d3b-4a5e-9f6c-8b2d7e0a4f1c",
    "status": "PROCESSING",
    "source": {"profile": {"profile_id": "7c4e8f2a-1d3b-4a5e-9f6c-8b2d7e0a4f1c"}},
    "created_at": "2026-04-20T12:30:01.397730Z",
    # Few large items: the point is 10 MB through the transport, not 10 MB of attrs objects.
    "metadata": {"my_id": "4f8a2b6c-9d1e-4c3a-b5f7-0e2d8a7c1b9f", "note": "x" * 3000},
}
SECRET_WITH_RESERVED_CHARACTERS = "cs/fault+SECRET=5f1c9a0e7b"
"""Secrets are often base64-ish: '/', '+' and '=' change when form-encoded."""
TEN_MB_ITEMS = 10_000_000 // len(json.dumps(_ITEM))
TEN_MB = json.dumps({"items": [_ITEM] * TEN_MB_ITEMS}).encode()
TEN_MB_HTML = HTML * (10_000_000 // len(HTML))
NESTED_100K = b"[" * 100_000 + b"]" * 100_000
"""100,000 nested arrays: deeper than Python's JSON parser can recurse."""
B3OS_OK = json_reply({"data": {"items": [], "hasMore": False}})
GIB = 1024**3


CRC32_OF_1_GIB_OF_ZEROS = 0x5B64C2B0
"""``zlib.crc32`` over 2**30 zero bytes (computed once; recomputing takes seconds)."""


@functools.cache
def gzip_bomb() -> bytes:
    """About 1 MiB of gzip that inflates to 1 GiB of zeros.  Built from one compressed 1 MiB
    segment repeated: a full flush resets the compressor, so every segment is the same bytes
    (compressing the whole GiB would take seconds)."""
    block = bytes(1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)  # raw deflate
    segment = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    last = compressor.compress(block) + compressor.flush()
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip, deflate, no name, no mtime
    trailer = struct.pack("<II", CRC32_OF_1_GIB_OF_ZEROS, GIB & 0xFFFFFFFF)
    return header + segment * (GIB // len(block) - 1) + last + trailer


@dataclass(frozen=True)
class GzipBomb:
    """A 200 whose gzip body inflates to 1 GiB."""

    def serve(self, exchange: Exchange) -> None:
        Reply(200, gzip_bomb(), headers={"Content-Encoding": "gzip"}).serve(exchange)


@dataclass(frozen=True)
class RetryAfterDate:
    """429 with Retry-After as an HTTP-date ``ahead`` seconds from when it is sent."""

    ahead: float

    def serve(self, exchange: Exchange) -> None:
        date = email.utils.formatdate(time.time() + self.ahead, usegmt=True)
        Reply(429, b'{"error": "slow down"}', headers={"Retry-After": date}).serve(exchange)


def status(code: int, **headers: str) -> Reply:
    return json_reply({"error": f"status {code}"}, code, **headers)


@dataclass(frozen=True)
class Fault:
    id: str
    api: tuple[Step, ...]
    raises: str | None = None
    """Exception class name in ``<package>.errors`` (exactly that class); None: success."""
    requests: int = 1
    """API requests the server sees, over all calls."""
    attempts: int | None = None
    """What the last call's result or error reports as ``.attempts`` (default: ``requests``)."""
    token_requests: int | None = None
    at_least: float = 0.0
    within: float = 2.0
    """Seconds the whole case may take (calls and pauses)."""
    vendor: str = "paxos"
    tokens: TokenPolicy = field(default_factory=TokenPolicy)
    timeout: float = 5.0
    calls: int = 1
    pause: float = 0.0
    """Seconds between calls."""
    refused: bool = False
    """The API's port is closed (the token endpoint still answers)."""
    client_secret: str = CLIENT_SECRET
    auth_method: str = "client_secret_post"
    """How the client authenticates to the token endpoint (or ``client_secret_basic``)."""
    tls: bool = False
    """The server speaks HTTPS with a self-signed certificate (``loopback.CERTIFICATE``)."""
    options: Mapping[str, Any] = field(default_factory=dict)
    """More client options (``follow_redirects``, ``verify_ssl`` ...)."""
    retry: Mapping[str, Any] = field(default_factory=dict)
    """Changes to the matrix's fast retry policy (e.g. ``max_elapsed=None``)."""
    logs_show: str = ""
    """Text the DEBUG logs (the package's, httpx's, httpcore's) must show."""
    check: Callable[[Outcome], None] | None = None

    @property
    def reported_attempts(self) -> int:
        return self.requests if self.attempts is None else self.attempts


def _error(outcome: Outcome) -> Any:
    assert outcome.error is not None
    return outcome.error


def _reason_has(text: str, field: str = "") -> Callable[[Outcome], None]:
    def check(outcome: Outcome) -> None:
        error = _error(outcome)
        assert error.field == field, f"field {error.field!r}, expected {field!r}"
        assert text in error.reason, f"reason {error.reason!r} lacks {text!r}"

    return check


def _all_ten_mb_items(outcome: Outcome) -> None:
    assert len(outcome.result.parsed.items) == TEN_MB_ITEMS


def _short_message(outcome: Outcome) -> None:
    error = _error(outcome)
    assert len(str(error)) < 1000, "a 10 MB error body must not become a 10 MB message"
    assert len(error.body) == len(TEN_MB_HTML)


def _unknown_status_parses(outcome: Outcome) -> None:
    status = outcome.result.parsed.data.items[0].status
    assert status == "workflow_paused"
    assert status.is_known is False


def _message_has(*texts: str) -> Callable[[Outcome], None]:
    def check(outcome: Outcome) -> None:
        message = str(_error(outcome))
        for text in texts:
            assert text in message, f"{message!r} lacks {text!r}"

    return check


def _too_large(outcome: Outcome) -> None:
    error = _error(outcome)
    assert error.limit == 64 * 1024 * 1024, "the default limit, 64 MiB"
    assert "max_response_size (67108864 bytes" in str(error)


def _token_response_rejected(outcome: Outcome) -> None:
    error = _error(outcome)
    assert error.operation == "OAuth2 token request"
    assert error.field == "/access_token"


FAULTS: list[Fault] = [
    # --- status codes, Retry-After ---------------------------------------------------------
    Fault("429-retry-after-seconds", (status(429, **{"Retry-After": "1"}), OK), requests=2, at_least=0.95, within=3),
    # An HTTP-date has whole seconds: 1.5 s ahead means a wait between 0.5 and 1.5 s.
    Fault("429-retry-after-http-date", (RetryAfterDate(1.5), OK), requests=2, at_least=0.45, within=3),
    Fault("429-retry-after-beyond-time-budget", (status(429, **{"Retry-After": "3600"}),), "RateLimitError", within=1),
    Fault("429-always", (status(429, **{"Retry-After": "0"}),), "RateLimitError", requests=3),
    Fault(
        "429-retry-after-beyond-cap-without-time-budget",
        (status(429, **{"Retry-After": "999999999"}), OK),
        "RateLimitError",
        within=1,
        retry={"max_elapsed": None},
    ),
    Fault(
        "429-retry-after-within-cap-without-time-budget",
        (status(429, **{"Retry-After": "1"}), OK),
        requests=2,
        at_least=0.95,
        within=3,
        retry={"max_elapsed": None},
    ),
    Fault(
        "redirect-not-followed-names-location",
        (Reply(301, b"", content_type=None, headers={"Location": "https://elsewhere.example/v2/moved"}),),
        "ApiStatusError",
        check=_message_has("HTTP 301", "'https://elsewhere.example/v2/moved'", "not followed"),
    ),
    Fault("500-then-success-not-retried", (Echo(500), OK), "ServerError"),
    Fault("502-then-success", (status(502), OK), requests=2),
    Fault("503-then-success", (status(503), OK), requests=2),
    Fault("504-then-success", (status(504), OK), requests=2),
    Fault("503-always", (Echo(503),), "ServerError", requests=3),
    # --- the connection ---------------------------------------------------------------------
    Fault("reset-before-response-then-success", (Reset("before-response"), OK), requests=2),
    Fault("reset-after-headers-then-success", (Reset("after-headers"), OK), requests=2),
    Fault("reset-mid-body-then-success", (Reset("mid-body"), OK), requests=2),
    Fault("reset-mid-body-always", (Reset("mid-body"),), "ApiConnectionError", requests=3),
    Fault("connection-refused", (), "ApiConnectionError", requests=0, attempts=3, refused=True),
    Fault(
        "tls-certificate-not-trusted",
        (B3OS_OK,),
        "TlsVerificationError",
        requests=0,
        attempts=1,
        within=3,  # a TLS handshake on a loaded machine; what proves "not retried" is attempts=1
        vendor="b3os",
        tls=True,
        check=_message_has("certificate verify failed", "not retried"),
    ),
    Fault(
        "tls-certificate-not-trusted-by-token-request",
        (OK,),
        "TlsVerificationError",
        requests=0,
        attempts=1,
        token_requests=0,
        within=3,
        tls=True,
        check=_message_has("OAuth2 token request to 127.0.0.1", "not retried"),
    ),
    Fault("tls-ca-bundle-path", (B3OS_OK,), vendor="b3os", tls=True, options={"verify_ssl": str(CERTIFICATE)}),
    Fault("slower-than-timeout", (Reply(200, b"{}", delay=30),), "ApiTimeoutError", requests=3, timeout=0.2, within=2),
    Fault("slower-than-timeout-then-success", (Reply(200, b"{}", delay=30), OK), requests=2, timeout=0.2),
    Fault(
        "body-trickled-past-timeout",
        # 14 bytes, one every 0.1 s: each read beats the 0.2 s timeout, the response takes 1.4 s.
        (Trickle(b'{"items": []} ', chunk=1, interval=0.1),),
        "ApiTimeoutError",
        requests=3,
        timeout=0.2,
        within=1.2,
    ),
    # --- bodies -------------------------------------------------------------------------------
    Fault(
        "malformed-json",
        (Reply(200, b'{"items": [{"id": '),),
        "ResponseValidationError",
        check=_reason_has("not valid JSON"),
    ),
    Fault(
        "json-with-wrong-content-type",
        (Reply(200, b'{"items": []}', content_type="text/plain"),),
        "ResponseValidationError",
        check=_reason_has("Content-Type 'text/plain'"),
    ),
    Fault(
        "html-page-with-200",
        (Reply(200, HTML, content_type="text/html; charset=utf-8"),),
        "ResponseValidationError",
        check=_reason_has("Content-Type 'text/html'"),
    ),
    Fault("empty-body", (Reply(200, b""),), "ResponseValidationError", check=_reason_has("not valid JSON")),
    Fault("10mb-response", (Reply(200, TEN_MB),), within=10, check=_all_ten_mb_items),
    Fault(
        "deeply-nested-json",
        (Reply(200, NESTED_100K),),
        "ResponseValidationError",
        check=_reason_has("too deeply"),
    ),
    Fault(
        "deeply-nested-json-in-items",
        (Reply(200, b'{"items": ' + NESTED_100K + b"}"),),
        "ResponseValidationError",
        check=_reason_has("too deeply"),
    ),
    # Memory is measured in test_limits.py; here: the typed error, at once, not retried.
    Fault("gzip-bomb", (GzipBomb(),), "ResponseTooLargeError", within=5, check=_too_large),
    Fault("10mb-error-page", (Reply(500, TEN_MB_HTML, content_type="text/html"),), "ServerError", check=_short_message),
    Fault(
        "missing-required-field",
        (json_reply({"data": [{"input": {}, "startedAt": "2023-11-07T05:31:56Z", "terminated": True, "attempt": 1}]}),),
        "ResponseValidationError",
        vendor="formance",
        check=_reason_has("required field is missing", "/data/0/name"),
        options={"strict": True},  # up front; by default reading `name` raises it (tests/runtime)
    ),
    Fault(
        "unknown-enum-value",
        (json_reply({"data": {"items": [{"status": "workflow_paused"}], "hasMore": False}}),),
        vendor="b3os",
        check=_unknown_status_parses,
    ),
    # --- OAuth2 -----------------------------------------------------------------------------
    Fault(
        "token-expires-fast",
        (OK,),
        requests=2,
        attempts=1,
        token_requests=2,
        tokens=TokenPolicy(expires_in=1),
        calls=2,
        pause=0.7,  # past the client's refresh point (half the lifetime), before the server's expiry
    ),
    Fault(
        "token-expires-early-unannounced",
        (OK,),
        requests=3,
        attempts=1,
        token_requests=2,
        tokens=TokenPolicy(expires_in=3600, lifetime=0.2),  # the server drops it long before it said
        calls=2,
        pause=0.3,
    ),
    Fault("stale-token-gets-401", (OK,), requests=2, attempts=1, token_requests=2, tokens=TokenPolicy(revoked=1)),
    Fault(
        "api-401-for-every-token",
        (OK,),
        "AuthenticationError",
        requests=2,
        attempts=1,
        token_requests=2,
        tokens=TokenPolicy(revoked=1000),
    ),
    Fault(
        "token-endpoint-500",
        (OK,),
        "ServerError",
        requests=0,
        attempts=1,
        token_requests=1,
        tokens=TokenPolicy(script=(Echo(500),)),
    ),
    Fault(
        "token-endpoint-401-invalid-client",
        (OK,),
        "AuthenticationError",
        requests=0,
        attempts=1,
        token_requests=1,
        tokens=TokenPolicy(script=(Echo(401),)),
    ),
    Fault(
        "token-endpoint-echoes-form-encoded-secret",
        (OK,),
        "ServerError",
        requests=0,
        attempts=1,
        token_requests=1,
        tokens=TokenPolicy(script=(Echo(500),)),
        client_secret=SECRET_WITH_RESERVED_CHARACTERS,
    ),
    Fault(
        "token-endpoint-echoes-basic-credentials",
        (OK,),
        "AuthenticationError",
        requests=0,
        attempts=1,
        token_requests=1,
        tokens=TokenPolicy(script=(Echo(401),)),
        auth_method="client_secret_basic",
    ),
    Fault(
        "token-endpoint-html-200",
        (OK,),
        "ResponseValidationError",
        requests=0,
        token_requests=1,
        tokens=TokenPolicy(script=(Reply(200, HTML, content_type="text/html"),)),
    ),
    Fault(
        "token-endpoint-without-access-token",
        (OK,),
        "ResponseValidationError",
        requests=0,
        token_requests=1,
        tokens=TokenPolicy(script=(json_reply({"token_type": "Bearer", "expires_in": 3600}),)),
        check=_token_response_rejected,
    ),
    Fault(
        "token-redirect-not-followed",
        (OK,),
        "ApiStatusError",
        requests=0,  # the redirect target is an API path of this server: nothing may reach it
        attempts=1,
        token_requests=1,
        tokens=TokenPolicy(script=(Reply(307, b"", content_type=None, headers={"Location": "/stolen/token"}),)),
        options={"follow_redirects": True},
        check=_message_has("HTTP 307", "'/stolen/token'", "never follows redirects"),
    ),
    Fault(
        "token-endpoint-deeply-nested-json",
        (OK,),
        "ResponseValidationError",
        requests=0,
        token_requests=1,
        tokens=TokenPolicy(script=(Reply(200, NESTED_100K),)),
        check=_message_has("OAuth2 token request", "too deeply"),
    ),
    Fault(
        "token-expires-in-numeric-string",
        (OK,),
        requests=2,
        attempts=1,
        token_requests=1,
        tokens=TokenPolicy(expires_in="3600"),
        calls=2,
    ),
    Fault(
        "token-expires-in-zero-is-floored",
        (OK,),
        requests=3,
        attempts=1,
        token_requests=1,  # not one per call
        tokens=TokenPolicy(expires_in=0, lifetime=3600),
        calls=3,
    ),
    Fault(
        "token-echoed-in-response-header-stays-out-of-debug-logs",
        (EchoInHeader(json.dumps({"data": {"items": [], "hasMore": False}}).encode()),),
        vendor="b3os",
        logs_show="X-Echo-Authorization",  # httpcore did log the headers, redacted
    ),
    Fault(
        "token-endpoint-reset-then-success",
        (OK,),
        requests=1,
        attempts=2,
        token_requests=2,
        tokens=TokenPolicy(script=(Reset("before-response"), ISSUE)),
    ),
    Fault(
        "token-endpoint-slower-than-timeout",
        (OK,),
        "ApiTimeoutError",
        requests=0,
        attempts=3,
        token_requests=3,
        timeout=0.2,
        within=2,
        tokens=TokenPolicy(script=(Reply(200, b"{}", delay=30),)),
    ),
]
