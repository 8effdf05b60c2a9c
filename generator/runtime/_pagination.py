"""Pages and pagers over list operations, as the spec's ``x-pagination`` declares them.

A page knows three things (the hooks each style implements): ``items``, ``has_next_page()``
and ``next_page_params()``.  A pager fetches one page at a time, only when the caller asks
for more, so iterating a million items holds one page in memory; ``items(max_items=...)``
stops fetching as soon as enough items were yielded.

Styles: ``cursor`` (the response names the next cursor), ``page`` (page numbers; a short
page is the last), ``offset`` (offset += items received; ``has_more`` when the response
says so).  Paging inputs go in the query or in the JSON body (``location``).
"""

from __future__ import annotations

import copy
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterator
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from ._response import Response
from ._types import Unset

F = TypeVar("F")
R = TypeVar("R")
T = TypeVar("T")
logger = logging.getLogger(__name__.split(".")[0])


@dataclass(frozen=True)
class Paging:
    """One operation's ``x-pagination``, as Python names (generated in its endpoint module)."""

    style: str
    location: str
    items: tuple[str, ...]
    """Attribute path from the parsed response to the item list (() = the response is the list)."""
    size_argument: str | None = None
    position_argument: str | None = None
    """The cursor / page number / offset argument (or body attribute)."""
    next_cursor: tuple[str, ...] | None = None
    has_more: tuple[str, ...] | None = None
    first_page: int = 0


def read_path(value: object, path: tuple[str, ...]) -> object:
    """Follow attribute names; None as soon as one is missing, unset or null."""
    for name in path:
        if value is None or isinstance(value, Unset):
            return None
        value = getattr(value, name, None)
    return None if isinstance(value, Unset) else value


def argument(paging: Paging, arguments: dict[str, Any], name: str | None) -> Any:
    if name is None:
        return None
    holder = arguments.get("body") if paging.location == "body" else None
    value = getattr(holder, name, None) if paging.location == "body" else arguments.get(name)
    return None if isinstance(value, Unset) else value


def with_arguments(paging: Paging, arguments: dict[str, Any], updates: dict[str, Any]) -> dict[str, Any]:
    """``arguments`` with paging inputs replaced (in the body model when they travel there)."""
    if paging.location != "body":
        return {**arguments, **updates}
    body = arguments.get("body")
    if body is None or isinstance(body, Unset):
        raise ValueError("this operation pages through its request body: pass body=")
    body = copy.copy(body)
    for name, value in updates.items():
        setattr(body, name, value)
    return {**arguments, "body": body}


class Page(Generic[R, T]):
    """One page: the response (raw and parsed), its items, and how to ask for the next one."""

    def __init__(self, paging: Paging, response: Response[R], arguments: dict[str, Any]) -> None:
        self.paging = paging
        self.response = response
        self.arguments = arguments
        found = read_path(response.parsed, paging.items) if paging.items else response.parsed
        self.items: list[T] = cast(list[T], found) if isinstance(found, list) else []

    @property
    def parsed(self) -> R:
        return self.response.parsed

    def has_next_page(self) -> bool:
        raise NotImplementedError

    def next_page_params(self) -> dict[str, Any]:
        """The paging inputs of the next request (call only when ``has_next_page()``)."""
        raise NotImplementedError

    def next_page_arguments(self) -> dict[str, Any]:
        return with_arguments(self.paging, self.arguments, self.next_page_params())

    def _current(self, name: str | None) -> Any:
        return argument(self.paging, self.arguments, name)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(items={len(self.items)}, has_next_page={self.has_next_page()})"


class CursorPage(Page[R, T]):
    def _next_cursor(self) -> object:
        return read_path(self.response.parsed, self.paging.next_cursor or ())

    def has_next_page(self) -> bool:
        cursor = self._next_cursor()
        if not self.items or cursor is None or cursor == "":
            return False
        if cursor == self._current(self.paging.position_argument):
            logger.warning("the server returned the cursor it was given; stopping to avoid a loop")
            return False
        return True

    def next_page_params(self) -> dict[str, Any]:
        return {str(self.paging.position_argument): self._next_cursor()}


class PageNumberPage(Page[R, T]):
    def has_next_page(self) -> bool:
        size = self._current(self.paging.size_argument)
        return bool(self.items) and (not isinstance(size, int) or len(self.items) >= size)

    def next_page_params(self) -> dict[str, Any]:
        current = self._current(self.paging.position_argument)
        number = current if isinstance(current, int) else self.paging.first_page
        return {str(self.paging.position_argument): number + 1}


class OffsetPage(Page[R, T]):
    def has_next_page(self) -> bool:
        if not self.items:
            return False
        has_more = read_path(self.response.parsed, self.paging.has_more) if self.paging.has_more else None
        if isinstance(has_more, bool):
            return has_more
        size = self._current(self.paging.size_argument)
        return not isinstance(size, int) or len(self.items) >= size

    def next_page_params(self) -> dict[str, Any]:
        current = self._current(self.paging.position_argument)
        return {str(self.paging.position_argument): (current if isinstance(current, int) else 0) + len(self.items)}


PAGE_CLASSES: dict[str, type[Page[Any, Any]]] = {"cursor": CursorPage, "page": PageNumberPage, "offset": OffsetPage}


def _first_arguments(paging: Paging, arguments: dict[str, Any], page_size: int | None) -> dict[str, Any]:
    updates: dict[str, Any] = {}
    if page_size is not None and paging.size_argument is not None:
        updates[paging.size_argument] = page_size
    if paging.style == "page" and argument(paging, arguments, paging.position_argument) is None:
        updates[str(paging.position_argument)] = paging.first_page  # so the next number is known
    return with_arguments(paging, arguments, updates) if updates else arguments


def next_arguments(page: Page[R, T]) -> dict[str, Any] | None:
    """The arguments of the page after ``page``, or None when it is the last."""
    return page.next_page_arguments() if page.has_next_page() else None


class _Pager(Generic[F, R, T]):
    """What both pagers share: their inputs, the first page's arguments, and the page a
    response makes (``F``: how a page is fetched, returning a response or an awaitable)."""

    def __init__(self, fetch: F, paging: Paging, arguments: dict[str, Any], page_size: int | None = None) -> None:
        self._fetch = fetch
        self._paging = paging
        self._arguments = _first_arguments(paging, arguments, page_size)

    @property
    def first_arguments(self) -> dict[str, Any]:
        """The arguments of the first page (``page_size`` and a start page filled in)."""
        return self._arguments

    def _page(self, response: Response[R], arguments: dict[str, Any]) -> Page[R, T]:
        page: Page[R, T] = PAGE_CLASSES[self._paging.style](self._paging, response, arguments)
        return page


class SyncPager(_Pager[Callable[[dict[str, Any]], Response[R]], R, T]):
    """Iterate it for pages; ``items()`` for the items across pages.  Each page is fetched
    when the iteration reaches it."""

    def fetch_page(self, arguments: dict[str, Any]) -> Page[R, T]:
        """One page: the request with these arguments."""
        return self._page(self._fetch(arguments), arguments)

    def __iter__(self) -> Iterator[Page[R, T]]:
        arguments: dict[str, Any] | None = self._arguments
        while arguments is not None:
            page = self.fetch_page(arguments)
            yield page
            arguments = next_arguments(page)

    def items(self, max_items: int | None = None) -> Iterator[T]:
        if max_items is not None and max_items <= 0:
            return
        count = 0
        for page in self:
            for item in page.items:
                yield item
                count += 1
                if max_items is not None and count >= max_items:
                    return


class AsyncPager(_Pager[Callable[[dict[str, Any]], Awaitable[Response[R]]], R, T]):
    """``async for`` it for pages; ``items()`` for the items across pages."""

    async def fetch_page(self, arguments: dict[str, Any]) -> Page[R, T]:
        """One page: the request with these arguments."""
        return self._page(await self._fetch(arguments), arguments)

    async def __aiter__(self) -> AsyncGenerator[Page[R, T], None]:
        arguments: dict[str, Any] | None = self._arguments
        while arguments is not None:
            page = await self.fetch_page(arguments)
            yield page
            arguments = next_arguments(page)

    async def items(self, max_items: int | None = None) -> AsyncIterator[T]:
        if max_items is not None and max_items <= 0:
            return
        count = 0
        async with aclosing(self.__aiter__()) as pages:
            async for page in pages:
                for item in page.items:
                    yield item
                    count += 1
                    if max_items is not None and count >= max_items:
                        return
