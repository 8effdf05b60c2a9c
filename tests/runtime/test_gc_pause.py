"""Parsing a page allocates one object per JSON object: the cyclic GC's passes over everything
alive would cost more than the parsing (bench section 4), so the bulk steps pause it."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from paxos_client.models.list_orchestrations_response import ListOrchestrationsResponse
from paxos_client.pydantic_models import ListOrchestrationsResponse as PydanticPage

PAGE = {"items": [{"ref_id": str(i), "source": {"profile": {}}, "metadata": {"k": "v"}} for i in range(300)]}


@contextmanager
def collections() -> Iterator[list[int]]:
    found: list[int] = []

    def seen(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            found.append(info["generation"])

    threshold = gc.get_threshold()
    gc.set_threshold(1, 1, 1)  # any allocation triggers a collection while the GC runs
    gc.callbacks.append(seen)
    try:
        yield found
    finally:
        gc.callbacks.remove(seen)
        gc.set_threshold(*threshold)


def _check(step: Callable[[], object]) -> None:
    """At threshold 1 every allocation collects: a few before the pause begins, and
    thousands for 300 items parsed with the GC running."""
    with collections() as found:
        step()
    assert len(found) <= 8 and gc.isenabled()


def test_a_pages_items_are_made_with_the_gc_paused() -> None:
    page = ListOrchestrationsResponse._view(json.loads(json.dumps(PAGE)))
    _check(lambda: page.items)
    assert len(page.items) == 300 and gc.isenabled()


def test_a_strict_read_of_a_whole_page_runs_with_the_gc_paused() -> None:
    """``strict=True`` and ``from_dict`` read every field of every item in one burst."""
    _check(lambda: ListOrchestrationsResponse.from_dict(PAGE))
    assert ListOrchestrationsResponse.from_dict(PAGE).to_dict() == PAGE


def test_pydantic_parsing_runs_with_the_gc_paused() -> None:
    body = json.dumps(PAGE).encode()
    _check(lambda: PydanticPage.model_validate_json(body))
    _check(lambda: PydanticPage.model_validate(PAGE))
    assert PydanticPage.model_validate_json(body).model_dump(mode="json") == PAGE


def test_a_page_read_in_full_is_freed_without_the_cyclic_gc() -> None:
    """Views never refer to their parent: no cycle, so a pager's pages go as soon as they are
    dropped, even when the cyclic GC never runs (memory flat while paging, bench section 5)."""
    import weakref

    import httpx
    from paxos_client.api.orchestrations import list_orchestrations

    from tests.runtime.support import BY_SLUG, json_response

    pages = 200

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
        index = int(request.url.params.get("page_cursor", "0"))
        cursor = str(index + 1) if index + 1 < pages else ""
        item = {"ref_id": str(index), "source": {"profile": {}}, "metadata": {"k": "v"}, "new": 1}
        return json_response(200, {"items": [item], "next_page_cursor": cursor})

    client = BY_SLUG["paxos"].client(handler)
    alive: list[weakref.ref[Any]] = []
    gc.collect()
    gc.disable()
    try:
        for item in list_orchestrations.iter_items(client=client):
            assert item.source is not None and item.metadata is not None  # read: caches filled
            alive.append(weakref.ref(item))
            assert sum(ref() is not None for ref in alive) <= 2
    finally:
        gc.enable()
    assert len(alive) == pages
