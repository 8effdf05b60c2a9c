"""What a resource's list method returns: every item across pages, lazily.

``for item in client.orchestrations.list(...)`` (``async for`` on the async client) yields
the items of every page, fetching each page when the iteration reaches it and stopping after
``max_items``; ``pages()`` gives the pages themselves (``.items``, ``.response``,
``.has_next_page()``); ``first_page()`` fetches the first page once and keeps it (its
``.response`` is the raw response: status, headers, body), and an iteration started after it
starts from that page instead of asking again.  Built on the operation's pager
(``_pagination.SyncPager`` / ``AsyncPager``): one code path for the module functions and
the client object.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, Generic, TypeVar

from ._pagination import AsyncPager, Page, SyncPager, next_arguments
from ._response import Response

R = TypeVar("R")
T = TypeVar("T")


class SyncList(Generic[R, T]):
    """Iterate it for every item across pages (at most ``max_items``)."""

    def __init__(self, pager: SyncPager[R, T], max_items: int | None = None) -> None:
        self._pager = pager
        self._max_items = max_items
        self._first: Page[R, T] | None = None

    def first_page(self) -> Page[R, T]:
        """The first page, fetched on the first call only."""
        if self._first is None:
            self._first = self._pager.fetch_page(self._pager.first_arguments)
        return self._first

    @property
    def response(self) -> Response[R]:
        """The first page's response (status, headers, raw body, ``.parsed``)."""
        return self.first_page().response

    def pages(self) -> Iterator[Page[R, T]]:
        """Every page, each fetched when the iteration reaches it."""
        page = self.first_page()
        while True:
            yield page
            arguments: dict[str, Any] | None = next_arguments(page)
            if arguments is None:
                return
            page = self._pager.fetch_page(arguments)

    def __iter__(self) -> Iterator[T]:
        if self._max_items is not None and self._max_items <= 0:
            return
        count = 0
        for page in self.pages():
            for item in page.items:
                yield item
                count += 1
                if self._max_items is not None and count >= self._max_items:
                    return

    def to_list(self) -> list[T]:
        """Every item (at most ``max_items``) in one list."""
        return list(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(max_items={self._max_items!r}, first_page={self._first!r})"


class AsyncList(Generic[R, T]):
    """``async for`` it for every item across pages (at most ``max_items``)."""

    def __init__(self, pager: AsyncPager[R, T], max_items: int | None = None) -> None:
        self._pager = pager
        self._max_items = max_items
        self._first: Page[R, T] | None = None

    async def first_page(self) -> Page[R, T]:
        """The first page, fetched on the first call only."""
        if self._first is None:
            self._first = await self._pager.fetch_page(self._pager.first_arguments)
        return self._first

    async def response(self) -> Response[R]:
        """The first page's response (status, headers, raw body, ``.parsed``)."""
        return (await self.first_page()).response

    async def pages(self) -> AsyncIterator[Page[R, T]]:
        """Every page, each fetched when the iteration reaches it."""
        page = await self.first_page()
        while True:
            yield page
            arguments: dict[str, Any] | None = next_arguments(page)
            if arguments is None:
                return
            page = await self._pager.fetch_page(arguments)

    async def __aiter__(self) -> AsyncIterator[T]:
        if self._max_items is not None and self._max_items <= 0:
            return
        count = 0
        async for page in self.pages():
            for item in page.items:
                yield item
                count += 1
                if self._max_items is not None and count >= self._max_items:
                    return

    async def to_list(self) -> list[T]:
        """Every item (at most ``max_items``) in one list."""
        return [item async for item in self]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(max_items={self._max_items!r}, first_page={self._first!r})"
