"""The client's settings: base URL, credentials, timeout, retry policy, headers, response size
limit, and the httpx clients (created on first use, shared with ``with_options`` copies).
Every call goes through ``_request`` with these settings.

Async: an ``httpx.AsyncClient`` belongs to the event loop it first ran in, so the client keeps
one per event loop (created on first use in each; those of closed loops are dropped): the same
client serves several ``asyncio.run()`` calls in turn.  ``aclose()`` closes the running loop's;
close it before each loop ends (``async with client:``) to release its connections at once,
otherwise the garbage collector does once the loop is gone.  An ``async_http_client`` you pass is
used as is, in whatever loop; one used after its loop closed fails with a ``RuntimeError``
that says so.

Logs: the package puts a filter on its own logger and on the loggers of the HTTP stack its
requests go through (``httpx``, ``httpcore.*``; ``_logs``) that redacts every live client's
credentials, so a server that echoes ``Authorization`` in a response header does not leak the
token into httpcore's DEBUG lines."""

from __future__ import annotations

import asyncio
import copy
import os
import random
import ssl
import threading
import time
import weakref
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import Any, Self, TypedDict, Unpack

import httpx

from . import _logs
from ._auth import Auth
from ._drift import Drift, DriftRecorder
from ._response import DEFAULT_MAX_RESPONSE_SIZE
from ._retry import DEFAULT_RETRY, RetryPolicy

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)


class RequestOptions(TypedDict, total=False):
    """Per-call settings (``request_options=`` on every operation, or ``client.with_options``)."""

    timeout: float | httpx.Timeout | None
    retry: RetryPolicy
    max_retries: int
    headers: Mapping[str, str]
    max_response_size: int | None
    """Largest response body read, in bytes once decoded (gzip/deflate); default 64 MiB, None
    for no limit.  A larger one fails with ``ResponseTooLargeError`` naming the limit."""
    strict: bool
    """Read every field of the response before the call returns, and fail it with
    ``ResponseValidationError`` at the first value that departs from the spec (default False:
    such a value raises when its field is read, and the rest of the response stays usable)."""


class ClientOptions(RequestOptions, total=False):
    """Everything a client takes besides its base URL and credentials.

    ``verify_ssl``: True (the default: verify against certifi's CAs), False (no verification),
    the path of a CA bundle (PEM) to trust instead, or your own ``ssl.SSLContext``.
    ``follow_redirects`` (default False): follow 3xx for API calls; an OAuth2 token request
    never follows one, whatever this says (the client secret would go to the redirect target).
    """

    cookies: Mapping[str, str]
    report_drift: bool
    """Report where responses depart from the spec (``drift_report()``, WARNING on the logger
    ``<package>.drift``); default True."""
    verify_ssl: bool | str | os.PathLike[str] | ssl.SSLContext
    follow_redirects: bool
    httpx_args: Mapping[str, Any]
    http_client: httpx.Client
    async_http_client: httpx.AsyncClient


class _HttpClients:
    """The httpx clients, created on first use and shared by a client and its copies: one sync
    client, and one async client per event loop (or the caller's own, in every loop)."""

    def __init__(self, args: dict[str, Any], sync: httpx.Client | None, async_: httpx.AsyncClient | None) -> None:
        self.args = args
        self.sync = sync
        self.given_async = async_
        self.by_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient] = (
            weakref.WeakKeyDictionary()
        )
        self.unbound: httpx.AsyncClient | None = None
        """Made outside any event loop (``get_async_httpx_client()`` from sync code); the first
        loop to make a call adopts it."""
        self.lock = threading.Lock()

    def get_sync(self) -> httpx.Client:
        with self.lock:
            if self.sync is None:
                self.sync = httpx.Client(**self.args)
            return self.sync

    def get_async(self) -> httpx.AsyncClient:
        if self.given_async is not None:
            return self.given_async
        loop = _running_loop()
        with self.lock:
            if loop is None:
                if self.unbound is None:
                    self.unbound = httpx.AsyncClient(**self.args)
                return self.unbound
            client = self.by_loop.get(loop)
            if client is None:
                self._drop_closed_loops()
                client = self.unbound or httpx.AsyncClient(**self.args)
                self.unbound = None
                self.by_loop[loop] = client
            return client

    def _drop_closed_loops(self) -> None:
        # Their connections can never be used again (nor closed politely: that needs their
        # loop), and each holds its loop alive; the garbage collector closes their sockets.
        for closed in [loop for loop in self.by_loop if loop.is_closed()]:
            del self.by_loop[closed]

    def all_async(self) -> list[httpx.AsyncClient]:
        with self.lock:
            found = [*self.by_loop.values(), self.unbound, self.given_async]
        return [client for client in found if client is not None]

    def pop_async(self) -> list[httpx.AsyncClient]:
        """The async clients to close from the running loop: its own, an unused unbound one, the caller's."""
        loop = _running_loop()
        with self.lock:
            found = [self.by_loop.pop(loop, None) if loop is not None else None, self.unbound, self.given_async]
            self.unbound = None
            self._drop_closed_loops()
        return [client for client in found if client is not None]


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class BaseClient:
    """Settings shared by every call: base URL, credentials, timeout, retries, headers.

    ``timeout`` (seconds, an ``httpx.Timeout``, or None for none; default 60 s, 10 s to
    connect) bounds each step as httpx does (connect, write, pool, every socket read), and
    its read timeout also bounds each attempt as a whole: from sending the request to the
    last byte of the response, an attempt that takes longer fails with ``ApiTimeoutError`` and
    is retried like any timeout (an OAuth2 token request is bounded the same way, by the
    httpx client's timeout: the one this client was created with, unless you pass your own
    ``http_client`` / ``async_http_client``).  Async calls are cancelled at that deadline; sync
    calls check it as each chunk of the body arrives, so they may overrun it by up to one read
    timeout.  ``retry`` / ``max_retries``: which failures are tried again (``RetryPolicy``);
    OAuth2 token requests follow the same policy, whatever the operation.

    ``max_response_size``: the largest response body read (bytes, decoded; default 64 MiB,
    None for no limit; also per call in ``request_options``); past it a call fails with
    ``ResponseTooLargeError`` and memory stays bounded.

    ``sleep``, ``async_sleep``, ``monotonic``, ``wall_clock`` and ``random`` are how the loop
    waits and tells time; replace them on an instance to test retries without waiting.
    """

    default_base_url: str | None = None
    """The spec's first absolute server URL; None when it declares none (then ``base_url`` is required)."""
    user_agent = ""
    """Sent as ``User-Agent`` unless ``headers`` name one (the package sets
    ``<slug>-client/<version> python/<x.y> httpx/<x.y>``)."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        auth: Auth | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        retry: RetryPolicy = DEFAULT_RETRY,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
        max_response_size: int | None = DEFAULT_MAX_RESPONSE_SIZE,
        strict: bool = False,
        report_drift: bool = True,
        cookies: Mapping[str, str] | None = None,
        verify_ssl: bool | str | os.PathLike[str] | ssl.SSLContext = True,
        follow_redirects: bool = False,
        httpx_args: Mapping[str, Any] | None = None,
        http_client: httpx.Client | None = None,
        async_http_client: httpx.AsyncClient | None = None,
    ) -> None:
        self._base_url = required_base_url(base_url, self.default_base_url, type(self).__name__)
        self._auth = auth
        self._timeout = as_timeout(timeout)
        self._retry = retry if max_retries is None else retry.with_max_retries(max_retries)
        self._headers = dict(headers or {})
        self._max_response_size = checked_size(max_response_size)
        self._strict = strict
        self.drift_recorder: DriftRecorder | None = DriftRecorder() if report_drift else None
        """Where departures from the spec seen in responses are kept (None: not reported)."""
        if auth is not None:
            _logs.redact_in_logs(auth)
        args = {
            "base_url": self._base_url,
            "cookies": dict(cookies or {}),
            "timeout": self._timeout,
            "verify": ssl_context(verify_ssl),
            "follow_redirects": follow_redirects,
            **dict(httpx_args or {}),
        }
        self._http = _HttpClients(args, http_client, async_http_client)
        self.sleep: Callable[[float], None] = time.sleep
        self.async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        self.monotonic: Callable[[], float] = time.monotonic
        self.wall_clock: Callable[[], float] = time.time
        self.random: Callable[[], float] = random.random

    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def auth(self) -> Auth | None:
        return self._auth

    @property
    def timeout(self) -> httpx.Timeout:
        return self._timeout

    @property
    def retry(self) -> RetryPolicy:
        return self._retry

    @property
    def max_response_size(self) -> int | None:
        return self._max_response_size

    @property
    def strict(self) -> bool:
        return self._strict

    def drift_report(self) -> list[Drift]:
        """Where the responses seen so far departed from the spec, each departure once (first
        seen): undocumented fields, unknown enum values, wrong types, nulls the spec does not
        allow, each naming the spec location to edit.  Shared with ``with_options`` copies."""
        return self.drift_recorder.report() if self.drift_recorder is not None else []

    @property
    def headers(self) -> dict[str, str]:
        """Headers sent with every request (besides credentials, which are never stored here)."""
        return dict(self._headers)

    def with_options(self, **changes: Unpack[RequestOptions]) -> Self:
        """A copy with other defaults (sharing the connection pool and the token cache)."""
        clone = copy.copy(self)
        if "timeout" in changes:
            clone._timeout = as_timeout(changes["timeout"])
        clone._retry = retry_policy(self._retry, changes)
        if "strict" in changes:
            clone._strict = bool(changes["strict"])
        if "max_response_size" in changes:
            clone._max_response_size = checked_size(changes["max_response_size"])
        clone._headers = {**self._headers, **changes.get("headers", {})}
        return clone

    def with_headers(self, headers: Mapping[str, str]) -> Self:
        return self.with_options(headers=headers)

    def with_timeout(self, timeout: float | httpx.Timeout | None) -> Self:
        return self.with_options(timeout=timeout)

    def with_cookies(self, cookies: Mapping[str, str]) -> Self:
        """Adds cookies to this client's httpx clients (shared with its copies)."""
        self._http.args["cookies"] = {**self._http.args["cookies"], **cookies}
        for http in (self._http.sync, *self._http.all_async()):
            if http is not None:
                http.cookies.update(dict(cookies))
        return copy.copy(self)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Use this httpx client (its transport, base URL, cookies) for sync calls."""
        self._http.sync = client
        return self

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        self._http.given_async = async_client
        return self

    def get_httpx_client(self) -> httpx.Client:
        return self._http.get_sync()

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        return self._http.get_async()

    def close(self) -> None:
        if self._http.sync is not None:
            self._http.sync.close()

    async def aclose(self) -> None:
        """Closes the async httpx client of the running event loop (and yours, if you gave one)."""
        for http in self._http.pop_async():
            await http.aclose()

    def __enter__(self) -> Self:
        self.get_httpx_client()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        self.get_async_httpx_client()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._base_url!r}, auth={self._auth!r})"


def required_base_url(base_url: str | None, default: str | None, client: str) -> str:
    """``base_url``, else the package's default; a ``ValueError`` naming the argument when neither is set."""
    found = base_url or default
    if not found:
        raise ValueError(
            f"{client} needs base_url=: this package has no default server (the spec it was generated from "
            f'declares no absolute server URL); pass the API\'s URL, e.g. {client}(base_url="https://api.example.com")'
        )
    return found


def checked_size(limit: int | None) -> int | None:
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ValueError(f"max_response_size must be a number of bytes >= 0, or None for no limit (got {limit!r})")
    return limit


def ssl_context(verify_ssl: bool | str | os.PathLike[str] | ssl.SSLContext) -> bool | ssl.SSLContext:
    """What httpx takes as ``verify``: a CA bundle path becomes an ``ssl.SSLContext`` trusting it
    (httpx 0.28 deprecates paths there)."""
    if isinstance(verify_ssl, str | os.PathLike):
        return ssl.create_default_context(cafile=os.fspath(verify_ssl))
    return verify_ssl


def as_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)


def retry_policy(base: RetryPolicy, options: RequestOptions) -> RetryPolicy:
    policy = options.get("retry", base)
    max_retries = options.get("max_retries")
    return policy if max_retries is None else policy.with_max_retries(max_retries)
