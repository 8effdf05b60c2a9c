"""Pagination as each spec declares it (x-pagination): Paxos cursor in the query, Otim page
numbers in the JSON body, B3OS offset with hasMore; items stream lazily, max_items stops
fetching, page-level iteration exposes each page, and an empty first page ends at once."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from b3os_client.api.executions import list_executions as b3os_list
from otim_client.api.orchestrations import list_orchestrations as otim_list
from otim_client.models import GetOrchestrationsRequest, OrchestrationDirection, OrchestrationStatus
from otim_client.types import Unset
from paxos_client.api.orchestrations import list_orchestrations as paxos_list

from tests.runtime.support import BY_SLUG, Server, json_response, sent_json

ID = "e5f6a7b8-9c0d-1e2f-3a4b-c5d6e7f8a9b0"


def paxos_item(n: int) -> dict[str, Any]:
    return {"id": ID, "ref_id": f"ref-{n}"}


def paxos_pages(*sizes: int) -> list[httpx.Response | Exception]:
    """Cursor pages of the given sizes; each names the next cursor, the last none."""
    pages: list[httpx.Response | Exception] = []
    n = 0
    for index, size in enumerate(sizes):
        items = [paxos_item(n + i) for i in range(size)]
        n += size
        cursor = f"c{index + 1}" if index + 1 < len(sizes) else ""
        pages.append(json_response(200, {"items": items, "next_page_cursor": cursor}))
    return pages


def test_paxos_cursor_pages_stream_items_in_order() -> None:
    server = Server(paxos_pages(2, 2, 1))
    client = BY_SLUG["paxos"].client(server)
    refs = [item.ref_id for item in paxos_list.iter_items(client=client, status=["PROCESSING"], page_size=2)]
    assert refs == ["ref-0", "ref-1", "ref-2", "ref-3", "ref-4"]
    queries = [list(r.url.params.multi_items()) for r in server.requests]
    assert queries == [
        [("status", "PROCESSING"), ("limit", "2")],
        [("status", "PROCESSING"), ("limit", "2"), ("page_cursor", "c1")],
        [("status", "PROCESSING"), ("limit", "2"), ("page_cursor", "c2")],
    ]


@pytest.mark.anyio
async def test_paxos_cursor_pages_async() -> None:
    server = Server(paxos_pages(3, 1))
    client = BY_SLUG["paxos"].client(server)
    refs = [item.ref_id async for item in paxos_list.aiter_items(client=client)]
    assert refs == ["ref-0", "ref-1", "ref-2", "ref-3"]
    assert [r.url.params.get("page_cursor") for r in server.requests] == [None, "c1"]


@pytest.mark.anyio
async def test_an_empty_first_page_ends_at_once() -> None:
    server = Server([json_response(200, {"items": [], "next_page_cursor": "ignored"})])
    client = BY_SLUG["paxos"].client(server)
    assert list(paxos_list.iter_items(client=client)) == []
    assert [item async for item in paxos_list.aiter_items(client=client)] == []
    assert len(server.requests) == 2  # one request each, no follow-up for an empty page


def test_items_are_fetched_lazily_and_max_items_stops_fetching() -> None:
    server = Server(paxos_pages(2, 2, 2, 2, 2))
    client = BY_SLUG["paxos"].client(server)
    stream = paxos_list.iter_items(client=client, page_size=2)
    assert server.requests == []  # nothing is fetched before the first item is asked for
    first = [next(stream).ref_id for _ in range(3)]
    assert first == ["ref-0", "ref-1", "ref-2"] and len(server.requests) == 2
    capped = list(paxos_list.iter_items(client=client, page_size=2, max_items=4))
    assert len(capped) == 4 and len(server.requests) == 2 + 2  # the third page was never requested


@pytest.mark.anyio
async def test_max_items_async() -> None:
    server = Server(paxos_pages(2, 2, 2))
    items = [i async for i in paxos_list.aiter_items(client=BY_SLUG["paxos"].client(server), max_items=3)]
    assert len(items) == 3 and len(server.requests) == 2


def test_page_level_iteration() -> None:
    server = Server(paxos_pages(2, 1))
    pages = list(paxos_list.iter_pages(client=BY_SLUG["paxos"].client(server), page_size=2))
    assert [len(p.items) for p in pages] == [2, 1]
    assert pages[0].has_next_page() and pages[0].next_page_params() == {"page_cursor": "c1"}
    assert not pages[1].has_next_page()
    assert pages[0].response.status_code == 200 and pages[0].parsed.next_page_cursor == "c1"


@pytest.mark.anyio
async def test_page_level_iteration_async() -> None:
    server = Server(paxos_pages(1, 1, 1))
    pages = [p async for p in paxos_list.aiter_pages(client=BY_SLUG["paxos"].client(server))]
    assert [p.items[0].ref_id for p in pages] == ["ref-0", "ref-1", "ref-2"]


def test_a_cursor_that_does_not_advance_stops_the_iteration() -> None:
    stuck = json_response(200, {"items": [paxos_item(0)], "next_page_cursor": "same"})
    server = Server([stuck])
    items = list(paxos_list.iter_items(client=BY_SLUG["paxos"].client(server), page_cursor="same"))
    assert len(items) == 1 and len(server.requests) == 1


def otim_item(n: int) -> dict[str, Any]:
    return {
        "id": ID,
        "fromUserId": ID,
        "ephemeralWalletAddress": "0xabc",
        "instructions": {},
        "metadata": {"n": n},
        "status": "pending",
        "createdAt": "2023-11-07T05:31:56Z",
        "updatedAt": "2023-11-07T05:31:56Z",
        "numRuns": n,
    }


def otim_pages(*sizes: int) -> list[httpx.Response | Exception]:
    pages: list[httpx.Response | Exception] = []
    n = 0
    for size in sizes:
        pages.append(json_response(200, [otim_item(n + i) for i in range(size)]))
        n += size
    return pages


def test_otim_page_numbers_travel_in_the_json_body_and_a_short_page_is_the_last() -> None:
    server = Server(otim_pages(2, 2, 1))
    body = GetOrchestrationsRequest(direction=OrchestrationDirection.TO, statuses=[OrchestrationStatus.PAID])
    runs = [
        item.num_runs for item in otim_list.iter_items(client=BY_SLUG["otim"].client(server), body=body, page_size=2)
    ]
    assert runs == [0, 1, 2, 3, 4]
    assert [sent_json(r) for r in server.requests] == [
        {"direction": "to", "statuses": ["paid"], "perPage": 2, "page": 0},
        {"direction": "to", "statuses": ["paid"], "perPage": 2, "page": 1},
        {"direction": "to", "statuses": ["paid"], "perPage": 2, "page": 2},
    ]
    assert isinstance(body.page, Unset)  # the caller's body is not modified
    assert body.to_dict() == {"direction": "to", "statuses": ["paid"]}


@pytest.mark.anyio
async def test_otim_pages_async_starting_from_the_callers_page() -> None:
    server = Server(otim_pages(3, 0))
    body = GetOrchestrationsRequest(direction=OrchestrationDirection.FROM, per_page=3, page=5)
    items = [item async for item in otim_list.aiter_items(client=BY_SLUG["otim"].client(server), body=body)]
    assert len(items) == 3
    assert [sent_json(r)["page"] for r in server.requests] == [5, 6]


def test_otim_empty_first_page() -> None:
    server = Server(otim_pages(0))
    body = GetOrchestrationsRequest(direction=OrchestrationDirection.FROM)
    assert list(otim_list.iter_items(client=BY_SLUG["otim"].client(server), body=body, page_size=10)) == []
    assert len(server.requests) == 1


def b3os_page(offset: int, size: int, has_more: bool | None) -> httpx.Response:
    data: dict[str, Any] = {"items": [{"id": f"ex-{offset + i}"} for i in range(size)], "limit": size, "offset": offset}
    if has_more is not None:
        data["hasMore"] = has_more
    return json_response(200, {"code": 200, "data": data, "message": "success", "requestId": "r"})


def test_b3os_offset_pages_follow_has_more() -> None:
    server = Server([b3os_page(0, 2, True), b3os_page(2, 2, True), b3os_page(4, 1, False)])
    ids = [e.id for e in b3os_list.iter_items(client=BY_SLUG["b3os"].client(server), page_size=2)]
    assert ids == ["ex-0", "ex-1", "ex-2", "ex-3", "ex-4"]
    assert [list(r.url.params.multi_items()) for r in server.requests] == [
        [("limit", "2")],
        [("limit", "2"), ("offset", "2")],
        [("limit", "2"), ("offset", "4")],
    ]


def test_b3os_has_more_false_stops_even_on_a_full_page() -> None:
    server = Server([b3os_page(10, 2, False)])
    pages = list(b3os_list.iter_pages(client=BY_SLUG["b3os"].client(server), offset=10, page_size=2))
    assert len(pages) == 1 and not pages[0].has_next_page()


def test_b3os_without_has_more_a_short_page_is_the_last() -> None:
    server = Server([b3os_page(0, 3, None), b3os_page(3, 1, None)])
    ids = [e.id for e in b3os_list.iter_items(client=BY_SLUG["b3os"].client(server), page_size=3)]
    assert ids == ["ex-0", "ex-1", "ex-2", "ex-3"] and len(server.requests) == 2


@pytest.mark.anyio
async def test_b3os_offset_pages_async_and_empty_first_page() -> None:
    server = Server([b3os_page(0, 1, True), b3os_page(1, 1, False)])
    ids = [e.id async for e in b3os_list.aiter_items(client=BY_SLUG["b3os"].client(server))]
    assert ids == ["ex-0", "ex-1"]
    empty = Server([b3os_page(0, 0, True)])
    assert [e async for e in b3os_list.aiter_items(client=BY_SLUG["b3os"].client(empty))] == []
    assert len(empty.requests) == 1


def test_page_size_is_checked_against_the_documented_limit_before_sending() -> None:
    server = Server([b3os_page(0, 0, False)])
    with pytest.raises(ValueError, match="limit must be at most 100"):
        list(b3os_list.iter_items(client=BY_SLUG["b3os"].client(server), page_size=500))
    assert server.requests == []


def test_pages_stream_in_constant_memory() -> None:
    """A thousand pages go through while at most one page's items are alive at a time."""
    import gc
    import weakref

    pages = 1000
    alive: list[weakref.ref[Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
        index = int(request.url.params.get("page_cursor", "0"))
        cursor = str(index + 1) if index + 1 < pages else ""
        return json_response(200, {"items": [paxos_item(index)], "next_page_cursor": cursor})

    client = BY_SLUG["paxos"].client(handler)
    count = 0
    for item in paxos_list.iter_items(client=client):
        alive.append(weakref.ref(item))
        count += 1
        if count % 100 == 0:
            gc.collect()
            assert sum(ref() is not None for ref in alive) <= 2  # this item (and at most its page)
    assert count == pages


def test_each_pager_has_one_name() -> None:
    # The pagers live in their operation's module only; pagination.py holds the page types.
    from paxos_client import pagination

    assert not [name for name in dir(pagination) if name.startswith(("iter_", "aiter_"))]
    assert {"iter_pages", "iter_items", "aiter_pages", "aiter_items"} <= set(dir(paxos_list))
