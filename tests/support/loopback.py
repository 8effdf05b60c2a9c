"""A fault-injecting HTTP/1.1 server on loopback, for what Prism cannot do: fail on purpose.

API requests are answered from a script of steps, in order (the last one repeats): a
``Reply`` (any status, headers, body, optionally late), an ``Echo`` (an error quoting the
credentials it received, as careless servers do, so tests can check that none reaches an
error message), a ``Reset`` (TCP RST before the response, after the headers, or in the
middle of the body), a ``Trickle`` (a body dribbled out slowly).  ``/oauth2/token`` is an
OAuth2 client-credentials endpoint (``TokenPolicy``: token lifetime, tokens the API then
refuses, its own script of failures); when one is configured, API requests need a token it
issued and still considers valid, and a refusal quotes the token.  ``EchoInHeader`` answers
with the credentials it received in a response header (what httpcore logs at DEBUG).
``tls=True`` serves HTTPS with the self-signed certificate in ``tls/`` (``CERTIFICATE``, for
IP 127.0.0.1 and localhost), which clients do not trust unless told to.

Every request is recorded (``Seen``).  Threads serve connections (keep-alive honoured);
``stop`` releases stalled steps and closes every connection, so nothing outlives a test.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import secrets
import socket
import socketserver
import ssl
import struct
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import parse_qs, urlsplit

HOST = "127.0.0.1"
TOKEN_PATH = "/oauth2/token"
CERTIFICATE = Path(__file__).with_name("tls") / "loopback.pem"
"""The self-signed certificate ``tls=True`` serves (and a CA bundle that trusts it)."""
_PRIVATE_KEY = CERTIFICATE.with_name("loopback.key")
HANDSHAKE_TIMEOUT = 5.0


class Exchange(BaseHTTPRequestHandler):
    """One connection; each request on it is answered by the server's next step."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle's algorithm on, the body waits
    # for the client's delayed ACK (40 ms per response on Linux loopback).
    disable_nagle_algorithm = True
    server: LoopbackHTTPServer
    request_body = b""

    def setup(self) -> None:
        context = self.server.tls_context
        if context is not None:
            # The handshake runs in this connection's thread, bounded: a client that rejects
            # the certificate (or never says hello) must not stall the accepting thread.
            self.request.settimeout(HANDSHAKE_TIMEOUT)
            self.request = context.wrap_socket(self.request, server_side=True)
            self.request.settimeout(None)
            self.server.owner.track(self.request)  # what stop() must shut down from now on
        super().setup()

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            if isinstance(self.request, ssl.SSLSocket):  # socketserver closes only the raw socket
                self.server.owner.untrack(self.request)
                self.request.close()

    def do_GET(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.request_body = self.rfile.read(length) if length else b""
        self.server.owner.answer(self, self.request_body)

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    @property
    def stopping(self) -> threading.Event:
        return self.server.owner.stopping

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the tests report what matters; per-request lines would only bury it


class Step(Protocol):
    def serve(self, exchange: Exchange) -> None: ...


def _write(exchange: Exchange, status: int, headers: Mapping[str, str], length: int) -> None:
    exchange.send_response(status)
    for name, value in headers.items():
        exchange.send_header(name, value)
    exchange.send_header("Content-Length", str(length))
    exchange.end_headers()


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str | None = "application/json"
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds before the status line is sent (a slow server)."""

    def serve(self, exchange: Exchange) -> None:
        if self.delay and exchange.stopping.wait(self.delay):
            exchange.close_connection = True
            return
        headers = {"Content-Type": self.content_type} if self.content_type else {}
        _write(exchange, self.status, {**headers, **self.headers}, len(self.body))
        exchange.wfile.write(self.body)


def json_reply(payload: Any, status: int = 200, **headers: str) -> Reply:
    return Reply(status, json.dumps(payload).encode(), headers=headers)


@dataclass(frozen=True)
class Echo:
    """An error that quotes the credentials it received (the Authorization header and the
    form body, where a token request carries its client secret), as careless servers do."""

    status: int = 500

    def serve(self, exchange: Exchange) -> None:
        body = {
            "error": "echo",
            "authorization": exchange.headers.get("Authorization", ""),
            "request_body": exchange.request_body.decode("utf-8", errors="replace"),
        }
        json_reply(body, self.status).serve(exchange)


@dataclass(frozen=True)
class EchoInHeader:
    """A 200 with ``body`` that sends the Authorization header it received back in a response
    header, as some servers and proxies do."""

    body: bytes = b"{}"

    def serve(self, exchange: Exchange) -> None:
        echoed = {"X-Echo-Authorization": exchange.headers.get("Authorization", "")}
        Reply(200, self.body, headers=echoed).serve(exchange)


@dataclass(frozen=True)
class Reset:
    """The connection is reset (RST, not a clean close) at ``stage``."""

    stage: Literal["before-response", "after-headers", "mid-body"]
    body: bytes = b'{"items": []}' + b" " * 4096

    def serve(self, exchange: Exchange) -> None:
        if self.stage != "before-response":
            _write(exchange, 200, {"Content-Type": "application/json"}, len(self.body))
            if self.stage == "mid-body":
                exchange.wfile.write(self.body[: len(self.body) // 2])
            # Let the client read what was sent before the reset discards it.
            exchange.stopping.wait(0.05)
        reset(exchange)


def reset(exchange: Exchange) -> None:
    connection = exchange.connection
    with contextlib.suppress(OSError):
        # SO_LINGER 0: close() sends RST instead of FIN.
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    exchange.close_connection = True
    exchange.rfile.close()  # its makefile() reference would otherwise keep the socket open
    connection.close()


@dataclass(frozen=True)
class Trickle:
    """A 200 whose body arrives ``chunk`` bytes every ``interval`` seconds: each read is
    quick, the whole response is not."""

    body: bytes
    chunk: int = 1
    interval: float = 0.1

    def serve(self, exchange: Exchange) -> None:
        _write(exchange, 200, {"Content-Type": "application/json"}, len(self.body))
        for start in range(0, len(self.body), self.chunk):
            if exchange.stopping.wait(self.interval):
                exchange.close_connection = True
                return
            exchange.wfile.write(self.body[start : start + self.chunk])


@dataclass(frozen=True)
class IssueToken:
    """In a token script: issue a token normally."""

    def serve(self, exchange: Exchange) -> None:
        raise AssertionError("handled by LoopbackServer")


ISSUE = IssueToken()


@dataclass(frozen=True)
class TokenPolicy:
    expires_in: float | str | None = 3600
    """What the token response says (None: no expires_in field; a string is sent as one)."""
    lifetime: float | None = None
    """How long the API accepts a token (default: expires_in; None with it: forever)."""

    @property
    def accepted_for(self) -> float | None:
        """Seconds the API accepts a token it issued (None: forever)."""
        if self.lifetime is not None:
            return self.lifetime
        return None if self.expires_in is None else float(self.expires_in)

    revoked: int = 0
    """The API refuses the first ``revoked`` tokens issued, as if revoked server-side."""
    script: tuple[Step, ...] = (ISSUE,)
    """The token endpoint's answers in order, the last repeating; ISSUE issues a token."""
    delay: float = 0.0
    """Seconds an issued token takes to arrive (so concurrent callers all wait for it)."""


@dataclass(frozen=True)
class Seen:
    kind: Literal["api", "token"]
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    at: float
    """time.monotonic() when the request had been read."""
    peer_port: int


@dataclass
class _Issued:
    token: str
    number: int
    expires_at: float | None


class LoopbackHTTPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    block_on_close = False  # stop() closes every connection itself
    allow_reuse_address = True
    request_queue_size = 512  # hundreds of concurrent connects must not wait for SYN retries

    def __init__(self, owner: LoopbackServer, tls: bool = False) -> None:
        self.owner = owner
        self.tls_context: ssl.SSLContext | None = None
        if tls:
            self.tls_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.tls_context.load_cert_chain(CERTIFICATE, _PRIVATE_KEY)
        super().__init__((HOST, 0), Exchange)

    def process_request(self, request: Any, client_address: Any) -> None:
        self.owner.track(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        self.owner.untrack(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up mid-response (a timeout test) is expected, not a failure


class LoopbackServer:
    """``with LoopbackServer(script) as server:`` serves on ``server.url`` until the block ends."""

    def __init__(self, script: tuple[Step, ...] = (), *, tokens: TokenPolicy | None = None, tls: bool = False) -> None:
        self.script = script or (json_reply({}),)
        self.tls = tls
        self.tokens = tokens
        self.seen: list[Seen] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._issued: dict[str, _Issued] = {}
        self._numbers = itertools.count(1)
        self._connections: set[socket.socket] = set()
        self._http = LoopbackHTTPServer(self, tls)
        self._thread = threading.Thread(target=self._http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        port: int = self._http.server_address[1]
        return port

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{HOST}:{self.port}"

    @property
    def token_url(self) -> str:
        return self.url + TOKEN_PATH

    def requests(self, kind: Literal["api", "token"] = "api") -> list[Seen]:
        with self._lock:
            return [seen for seen in self.seen if seen.kind == kind]

    def issued_tokens(self) -> list[str]:
        with self._lock:
            return list(self._issued)

    # --- serving -------------------------------------------------------------------------

    def answer(self, exchange: Exchange, body: bytes) -> None:
        split = urlsplit(exchange.path)
        kind: Literal["api", "token"] = "token" if split.path == TOKEN_PATH else "api"
        seen = Seen(
            kind=kind,
            method=exchange.command,
            path=split.path,
            query=parse_qs(split.query, keep_blank_values=True),
            headers=dict(exchange.headers.items()),
            body=body,
            at=time.monotonic(),
            peer_port=exchange.client_address[1],
        )
        with self._lock:
            self.seen.append(seen)
            count = sum(1 for s in self.seen if s.kind == kind)
        if kind == "token":
            self._token_step(count, seen).serve(exchange)
        else:
            self._api_step(count, seen).serve(exchange)

    def _api_step(self, count: int, seen: Seen) -> Step:
        if self.tokens is not None:
            refusal = self._refusal(seen.headers.get("Authorization", ""))
            if refusal:
                # Echoes the credential, as some servers do: it must not reach an error message.
                return json_reply({"error": "invalid_token", "error_description": refusal}, 401)
        return self.script[min(count, len(self.script)) - 1]

    def _refusal(self, authorization: str) -> str:
        token = authorization.removeprefix("Bearer ")
        with self._lock:
            issued = self._issued.get(token)
        if issued is None:
            return f"unknown token in {authorization!r}"
        if self.tokens is not None and issued.number <= self.tokens.revoked:
            return f"token {token} was revoked"
        if issued.expires_at is not None and time.monotonic() >= issued.expires_at:
            return f"token {token} expired"
        return ""

    def _token_step(self, count: int, seen: Seen) -> Step:
        policy = self.tokens or TokenPolicy()
        step = policy.script[min(count, len(policy.script)) - 1]
        if not isinstance(step, IssueToken):
            return step
        form = parse_qs(seen.body.decode("utf-8", errors="replace"))
        if form.get("grant_type") != ["client_credentials"]:
            return json_reply({"error": "unsupported_grant_type"}, 400)
        with self._lock:
            number = next(self._numbers)
            token = f"at-{number}-{secrets.token_hex(8)}"
            lifetime = policy.accepted_for
            self._issued[token] = _Issued(token, number, None if lifetime is None else time.monotonic() + lifetime)
        payload: dict[str, Any] = {"access_token": token, "token_type": "Bearer"}
        if policy.expires_in is not None:
            payload["expires_in"] = policy.expires_in
        if form.get("scope"):
            payload["scope"] = form["scope"][0]
        return Reply(200, json.dumps(payload).encode(), delay=policy.delay)

    # --- lifecycle -----------------------------------------------------------------------

    def track(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.add(connection)

    def untrack(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.discard(connection)

    def stop(self) -> None:
        self.stopping.set()  # stalled and trickling steps return at once
        self._http.shutdown()
        with self._lock:
            open_connections = list(self._connections)
        for connection in open_connections:  # idle keep-alive threads are blocked reading them
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._http.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@contextlib.contextmanager
def serving(
    script: tuple[Step, ...] = (), *, tokens: TokenPolicy | None = None, tls: bool = False
) -> Iterator[LoopbackServer]:
    server = LoopbackServer(script, tokens=tokens, tls=tls)
    try:
        yield server
    finally:
        server.stop()
