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

Both also untie a response read in full from its spent stream: httpx leaves the two
referring to each other, so without that a response (a page's whole body) outlives its
last use until the next full cyclic collection, and a pager's memory grows with the pages
it went through.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Generic, TypeVar

import httpx

T = TypeVar("T")


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


class _Deadline(httpx.SyncByteStream):
    """A response body that fails with ``httpx.ReadTimeout`` once its attempt's deadline passed."""

    def __init__(self, stream: httpx.SyncByteStream, request: httpx.Request, deadline: float, budget: float) -> None:
        self._stream = stream
        self._request = request
        self._deadline = deadline
        self._budget = budget

    def __iter__(self) -> Iterator[bytes]:
        deadline = self._deadline
        for chunk in self._stream:
            if time.monotonic() > deadline:
                raise _too_late(self._request, self._budget)
            yield chunk
        if time.monotonic() > deadline:  # an empty body after late headers
            raise _too_late(self._request, self._budget)

    def close(self) -> None:
        self._stream.close()


def _untied(response: httpx.Response) -> httpx.Response:
    """``response`` (read in full) without the cycle through its spent stream: freed as soon
    as nothing refers to it.  Its content stays; the stream was consumed and closed."""
    response.stream = httpx.ByteStream(response.content)
    return response


def send_sync(http: httpx.Client, request: httpx.Request) -> httpx.Response:
    """``http.send(request)``, the whole response within ``attempt_budget(request)``."""
    budget = attempt_budget(request)
    if budget is None:
        return _untied(http.send(request))
    deadline = time.monotonic() + budget
    response = http.send(request, stream=True)
    try:
        if not isinstance(response.stream, httpx.SyncByteStream):
            raise TypeError("a sync httpx.Client answered with an async stream")
        response.stream = _Deadline(response.stream, request, deadline, budget)
        response.read()
    except BaseException:
        response.close()
        raise
    return _untied(response)


async def send_async(http: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
    """``await http.send(request)``, cancelled when ``attempt_budget(request)`` runs out."""
    budget = attempt_budget(request)
    if budget is None:
        return _untied(await http.send(request))
    deadline = asyncio.timeout(budget)
    try:
        async with deadline:
            response = await http.send(request)
    except TimeoutError:
        if not deadline.expired():
            raise
        raise _too_late(request, budget) from None
    return _untied(response)
