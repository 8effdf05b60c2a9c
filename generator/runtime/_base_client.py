"""The client's settings: base URL, credentials, timeout, retry policy, headers, and the
httpx clients (created on first use, shared with ``with_options`` copies).  Every call goes
through ``_request`` with these settings."""

from __future__ import annotations

import asyncio
import copy
import random
import ssl
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import Any, Self, TypedDict, Unpack

import httpx

from ._auth import Auth
from ._retry import DEFAULT_RETRY, RetryPolicy

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)


class RequestOptions(TypedDict, total=False):
    """Per-call settings (``request_options=`` on every operation, or ``client.with_options``)."""

    timeout: float | httpx.Timeout | None
    retry: RetryPolicy
    max_retries: int
    headers: Mapping[str, str]


class ClientOptions(RequestOptions, total=False):
    """Everything a client takes besides its base URL and credentials."""

    cookies: Mapping[str, str]
    verify_ssl: bool | str | ssl.SSLContext
    follow_redirects: bool
    httpx_args: Mapping[str, Any]
    http_client: httpx.Client
    async_http_client: httpx.AsyncClient


class _HttpClients:
    """The httpx clients, created on first use and shared by a client and its copies."""

    def __init__(self, args: dict[str, Any], sync: httpx.Client | None, async_: httpx.AsyncClient | None) -> None:
        self.args = args
        self.sync = sync
        self.async_ = async_
        self.lock = threading.Lock()

    def get_sync(self) -> httpx.Client:
        with self.lock:
            if self.sync is None:
                self.sync = httpx.Client(**self.args)
            return self.sync

    def get_async(self) -> httpx.AsyncClient:
        with self.lock:
            if self.async_ is None:
                self.async_ = httpx.AsyncClient(**self.args)
            return self.async_


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

    ``sleep``, ``async_sleep``, ``monotonic``, ``wall_clock`` and ``random`` are how the loop
    waits and tells time; replace them on an instance to test retries without waiting.
    """

    default_base_url = ""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        auth: Auth | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        retry: RetryPolicy = DEFAULT_RETRY,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | None = None,
        verify_ssl: bool | str | ssl.SSLContext = True,
        follow_redirects: bool = False,
        httpx_args: Mapping[str, Any] | None = None,
        http_client: httpx.Client | None = None,
        async_http_client: httpx.AsyncClient | None = None,
    ) -> None:
        self._base_url = base_url or self.default_base_url
        if not self._base_url:
            raise ValueError("base_url is required")
        self._auth = auth
        self._timeout = as_timeout(timeout)
        self._retry = retry if max_retries is None else retry.with_max_retries(max_retries)
        self._headers = dict(headers or {})
        args = {
            "base_url": self._base_url,
            "cookies": dict(cookies or {}),
            "timeout": self._timeout,
            "verify": verify_ssl,
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
    def headers(self) -> dict[str, str]:
        """Headers sent with every request (besides credentials, which are never stored here)."""
        return dict(self._headers)

    def with_options(self, **changes: Unpack[RequestOptions]) -> Self:
        """A copy with other defaults (sharing the connection pool and the token cache)."""
        clone = copy.copy(self)
        if "timeout" in changes:
            clone._timeout = as_timeout(changes["timeout"])
        clone._retry = retry_policy(self._retry, changes)
        clone._headers = {**self._headers, **changes.get("headers", {})}
        return clone

    def with_headers(self, headers: Mapping[str, str]) -> Self:
        return self.with_options(headers=headers)

    def with_timeout(self, timeout: float | httpx.Timeout | None) -> Self:
        return self.with_options(timeout=timeout)

    def with_cookies(self, cookies: Mapping[str, str]) -> Self:
        """Adds cookies to this client's httpx clients (shared with its copies)."""
        self._http.args["cookies"] = {**self._http.args["cookies"], **cookies}
        for http in (self._http.sync, self._http.async_):
            if http is not None:
                http.cookies.update(dict(cookies))
        return copy.copy(self)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Use this httpx client (its transport, base URL, cookies) for sync calls."""
        self._http.sync = client
        return self

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        self._http.async_ = async_client
        return self

    def get_httpx_client(self) -> httpx.Client:
        return self._http.get_sync()

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        return self._http.get_async()

    def close(self) -> None:
        if self._http.sync is not None:
            self._http.sync.close()

    async def aclose(self) -> None:
        if self._http.async_ is not None:
            await self._http.async_.aclose()

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


def as_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)


def retry_policy(base: RetryPolicy, options: RequestOptions) -> RetryPolicy:
    policy = options.get("retry", base)
    max_retries = options.get("max_retries")
    return policy if max_retries is None else policy.with_max_retries(max_retries)
