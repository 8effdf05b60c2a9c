"""What every call returns beside (``*_detailed``) or instead of (``sync``/``asyncio``) the model,
and how a response is received: whole, within the attempt's deadline (``send_sync``/``send_async``).

httpx timeouts bound each socket operation (connect, write, every read), not a response: a
server that sends one byte just within each read timeout keeps a call alive as long as it
likes.  So an attempt as a whole, from sending the request to the last byte of the body, must
also end within the request's read timeout (``httpx.Timeout(60, connect=10)``: 60 s; none
when the read timeout is None); past it the attempt fails with ``httpx.ReadTimeout``, which
the request loop maps to ``ApiTimeoutError`` and retries like any timeout.  Async: the send
runs under ``asyncio.timeout``, cancelled at the deadline.  Sync: the body is streamed and
the clock checked as each chunk arrives (one ``monotonic()`` per chunk of up to 64 KiB), so an
attempt ends at most one read timeout past its deadline.

Both read the body through httpx's decoders (gzip, deflate) a slice at a time and count the
decoded bytes as they come: past ``max_size`` (``max_response_size``, default 64 MiB, None for
no limit) reading stops with ``BodyTooLarge`` (``ResponseTooLargeError`` for the caller), so a
1 MiB gzip body that would inflate to 1 GiB costs at most the limit plus one slice's output.

Both also untie a response read in full from its spent stream: httpx leaves the two
referring to each other, so without that a response (a page's whole body) outlives its
last use until the next full cyclic collection, and a pager's memory grows with the pages
it went through.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Generic, TypeVar

import httpx

T = TypeVar("T")
DEFAULT_MAX_RESPONSE_SIZE = 64 * 1024 * 1024
"""The default ``max_response_size``: 64 MiB of decoded body."""
RAW_SLICE = 16 * 1024
"""Raw bytes handed to the decompressor at a time: one slice of a gzip bomb inflates to at
most ~16 MiB before the size check sees it (httpx would hand it a whole socket read)."""


@dataclass(frozen=True)
class Response(Generic[T]):
    """A successful response: the raw status, headers and body, and the parsed model."""

    status_code: int
    """An ``http.HTTPStatus`` when the code is a standard one (it is an ``int`` either way)."""
    content: bytes
    headers: httpx.Headers
    parsed: T
    http_response: httpx.Response = field(repr=False, compare=False)
    attempts: int = 1
    """Requests it took (retries included, token refreshes not)."""

    @property
    def text(self) -> str:
        return self.http_response.text

    def json(self) -> Any:
        return self.http_response.json()


def status_code(code: int) -> int:
    try:
        return HTTPStatus(code)
    except ValueError:
        return code


def attempt_budget(request: httpx.Request) -> float | None:
    """Seconds an attempt at ``request`` may take in all: its read timeout (None: no bound)."""
    timeout = request.extensions.get("timeout")
    budget = timeout.get("read") if isinstance(timeout, dict) else None
    return float(budget) if isinstance(budget, int | float) else None


def _too_late(request: httpx.Request, budget: float) -> httpx.ReadTimeout:
    return httpx.ReadTimeout(
        f"the response was not complete within {budget:g}s (the read timeout bounds each attempt as a whole)",
        request=request,
    )


class BodyTooLarge(Exception):
    """A body past ``limit`` bytes once decoded (the request loop raises ``ResponseTooLargeError``)."""

    def __init__(self, limit: int, response: httpx.Response) -> None:
        super().__init__(f"the response body is larger than {limit} bytes")
        self.limit = limit
        self.response = response


class _Guarded(httpx.SyncByteStream):
    """A raw body failing with ``httpx.ReadTimeout`` once its attempt's deadline passed (None:
    no deadline), in slices of at most ``RAW_SLICE`` bytes when ``sliced`` (a compressed one)."""

    def __init__(
        self,
        stream: httpx.SyncByteStream,
        request: httpx.Request,
        deadline: float | None,
        budget: float,
        sliced: bool,
    ) -> None:
        self._stream = stream
        self._request = request
        self._deadline = deadline
        self._budget = budget
        self._sliced = sliced

    def __iter__(self) -> Iterator[bytes]:
        deadline = self._deadline
        for chunk in self._stream:
            if deadline is not None and time.monotonic() > deadline:
                raise _too_late(self._request, self._budget)
            if self._sliced:
                yield from _slices(chunk)
            else:
                yield chunk
        if deadline is not None and time.monotonic() > deadline:  # an empty body after late headers
            raise _too_late(self._request, self._budget)

    def close(self) -> None:
        self._stream.close()


class _AsyncSliced(httpx.AsyncByteStream):
    """An async raw body in slices of at most ``RAW_SLICE`` bytes (its deadline is
    ``asyncio.timeout``'s)."""

    def __init__(self, stream: httpx.AsyncByteStream) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            for piece in _slices(chunk):
                yield piece

    async def aclose(self) -> None:
        await self._stream.aclose()


def _slices(chunk: bytes) -> Iterator[bytes]:
    if len(chunk) <= RAW_SLICE:
        yield chunk
        return
    view = memoryview(chunk)
    for start in range(0, len(chunk), RAW_SLICE):
        yield bytes(view[start : start + RAW_SLICE])


class _Body:
    """The decoded body as it arrives, refused once past ``limit`` bytes (None: no limit)."""

    def __init__(self, response: httpx.Response, limit: int | None) -> None:
        self.response = response
        self.limit = limit
        self.size = 0
        self.chunks: list[bytes] = []

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.limit is not None and self.size > self.limit:
            self.chunks.clear()
            raise BodyTooLarge(self.limit, self.response)
        self.chunks.append(chunk)

    def done(self) -> httpx.Response:
        # What ``Response.read()`` does, from the chunks read under the limit: ``read()``
        # itself cannot stop part way.
        self.response._content = b"".join(self.chunks)
        self.chunks.clear()
        return _untied(self.response)


def _untied(response: httpx.Response) -> httpx.Response:
    """``response`` (read in full) without the cycle through its spent stream: freed as soon
    as nothing refers to it.  Its content stays; the stream was consumed and closed."""
    response.stream = httpx.ByteStream(response.content)
    return response


def _compressed(response: httpx.Response) -> bool:
    """Whether httpx will inflate the body (only then can a small body become a big one)."""
    return response.headers.get("content-encoding", "identity").strip().lower() not in {"", "identity"}


def _redirects(follow_redirects: bool | None) -> dict[str, Any]:
    return {} if follow_redirects is None else {"follow_redirects": follow_redirects}


def send_sync(
    http: httpx.Client,
    request: httpx.Request,
    *,
    max_size: int | None = None,
    follow_redirects: bool | None = None,
) -> httpx.Response:
    """``http.send(request)``, the whole response within ``attempt_budget(request)`` and its
    decoded body within ``max_size`` bytes (None: no limit); ``follow_redirects`` None: the
    httpx client's own setting."""
    budget = attempt_budget(request)
    deadline = None if budget is None else time.monotonic() + budget
    response = http.send(request, stream=True, **_redirects(follow_redirects))
    try:
        if not isinstance(response.stream, httpx.SyncByteStream):
            raise TypeError("a sync httpx.Client answered with an async stream")
        response.stream = _Guarded(response.stream, request, deadline, budget or 0.0, _compressed(response))
        body = _Body(response, max_size)
        for chunk in response.iter_bytes():
            body.add(chunk)
    except BaseException:
        response.close()
        raise
    return body.done()


async def send_async(
    http: httpx.AsyncClient,
    request: httpx.Request,
    *,
    max_size: int | None = None,
    follow_redirects: bool | None = None,
) -> httpx.Response:
    """``await http.send(request)``, cancelled when ``attempt_budget(request)`` runs out, its
    decoded body within ``max_size`` bytes (None: no limit)."""
    budget = attempt_budget(request)
    if budget is None:
        return await _exchange(http, request, max_size, follow_redirects)
    deadline = asyncio.timeout(budget)
    try:
        async with deadline:
            return await _exchange(http, request, max_size, follow_redirects)
    except TimeoutError:
        if not deadline.expired():
            raise
        raise _too_late(request, budget) from None


async def _exchange(
    http: httpx.AsyncClient, request: httpx.Request, max_size: int | None, follow_redirects: bool | None
) -> httpx.Response:
    response = await http.send(request, stream=True, **_redirects(follow_redirects))
    try:
        if not isinstance(response.stream, httpx.AsyncByteStream):
            raise TypeError("an httpx.AsyncClient answered with a sync stream")
        if _compressed(response):
            response.stream = _AsyncSliced(response.stream)
        body = _Body(response, max_size)
        async for chunk in response.aiter_bytes():
            body.add(chunk)
    except BaseException:
        await response.aclose()
        raise
    return body.done()
