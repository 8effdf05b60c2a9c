"""The pagers of each paginated operation module (iter_/aiter_pages, iter_/aiter_items) against Prism: every
request after the first carries paging inputs the helpers computed (a cursor, an offset, a
page number, in the query or in the JSON body), and Prism validates each one.

Prism serves the same example for every page, so a pager stops only when its own rules say
so (Paxos: the cursor it was given comes back) or at the bounds set here.
"""

from __future__ import annotations

import inspect
import itertools
from typing import Any

import pytest

from tests.http.prism_calls import Call, accepted_by_prism, check_served, first_calls, make_client
from tests.support.loopback import LoopbackServer
from tests.support.prism import Prism

PAGINATED = [call for call in first_calls() if "x-pagination" in call.operation.spec]
MAX_PAGES = 3
PAGE_SIZE = 1
"""One item per page: Prism's examples hold one, so page-number and offset pagers go on."""


def pager_arguments(call: Call, function: Any) -> dict[str, Any]:
    # The pagers take the operation's arguments minus the paging ones (page_size replaces
    # the size argument): keep what the example passes and the pager accepts.
    # A size parameter named page_size (Formance's pageSize) is the pager's own page_size.
    accepted = inspect.signature(function).parameters
    own = {"page_size", "max_items", call.module.PAGING.size_argument}
    return {name: value for name, value in call.kwargs().items() if name in accepted and name not in own}


def check_pages(call: Call, pages: list[Any]) -> None:
    assert len(pages) >= 2, f"{call.operation.id}: the pager never asked for a second page"
    for page in pages:
        check_served(call.vendor, call.operation, page.response)
        assert page.items, "a page Prism served from the example has its item"
    assert pages[1].arguments != pages[0].arguments, "the second page was requested with the first page's inputs"


def test_some_operation_is_paginated() -> None:
    assert PAGINATED, "no operation declares x-pagination: the tests below would test nothing"


@pytest.mark.parametrize("call", PAGINATED, ids=[c.operation.id for c in PAGINATED])
def test_sync_pagers(call: Call, prism_servers: dict[str, Prism], token_server: LoopbackServer) -> None:
    iter_pages, iter_items = call.module.iter_pages, call.module.iter_items
    with make_client(call.vendor, prism_servers[call.vendor.slug].url, token_server, "mock-token") as client:
        with accepted_by_prism(call.vendor):
            pager = iter_pages(client=client, page_size=PAGE_SIZE, **pager_arguments(call, iter_pages))
            pages = list(itertools.islice(pager, MAX_PAGES))
            items = list(
                iter_items(client=client, page_size=PAGE_SIZE, max_items=3, **pager_arguments(call, iter_items))
            )
    check_pages(call, pages)
    assert 2 <= len(items) <= 3
    assert {type(item) for item in items} == {type(pages[0].items[0])}


@pytest.mark.anyio
@pytest.mark.parametrize("call", PAGINATED, ids=[c.operation.id for c in PAGINATED])
async def test_async_pagers(call: Call, prism_servers: dict[str, Prism], token_server: LoopbackServer) -> None:
    aiter_pages, aiter_items = call.module.aiter_pages, call.module.aiter_items
    async with make_client(call.vendor, prism_servers[call.vendor.slug].url, token_server, "mock-token") as client:
        with accepted_by_prism(call.vendor):
            pages = []
            async for page in aiter_pages(client=client, page_size=PAGE_SIZE, **pager_arguments(call, aiter_pages)):
                pages.append(page)
                if len(pages) == MAX_PAGES:
                    break
            arguments = pager_arguments(call, aiter_items)
            items = [item async for item in aiter_items(client=client, page_size=PAGE_SIZE, max_items=3, **arguments)]
    check_pages(call, pages)
    assert 2 <= len(items) <= 3
