"""``python -m bench.pagination_worker MODE BASE_URL ITEMS PAGE``: one pagination pass in a fresh process.

Prints one JSON line: items seen, seconds spent iterating (imports and start-up excluded)
and the process's peak RSS before and after the iteration.  A fresh process per pass is
what makes the memory figure honest without tracing: ``ru_maxrss`` only grows, so
"after minus before" is exactly how much higher the iteration pushed the peak, and no
earlier section's garbage is counted.  MODE is ``bare-sync``, ``bare-async``,
``ours-sync`` or ``ours-async``.  Every loop is bounded by the expected page count.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

import httpx

PATH = "/orchestration/orchestrations"
HEADERS = {"Authorization": "Bearer bench-token"}


def _budget(items: int, page: int) -> int:
    return items // page + 2


def bare_sync(base: str, items: int, page: int) -> int:
    seen, cursor = 0, None
    with httpx.Client(base_url=base) as http:
        for _ in range(_budget(items, page)):
            params: dict[str, Any] = {"limit": page, **({"page_cursor": cursor} if cursor else {})}
            data = json.loads(http.get(PATH, params=params, headers=HEADERS).content)
            seen += len(data["items"])
            cursor = data.get("next_page_cursor")
            if not cursor:
                break
    return seen


async def bare_async(base: str, items: int, page: int) -> int:
    seen, cursor = 0, None
    async with httpx.AsyncClient(base_url=base) as http:
        for _ in range(_budget(items, page)):
            params: dict[str, Any] = {"limit": page, **({"page_cursor": cursor} if cursor else {})}
            data = json.loads((await http.get(PATH, params=params, headers=HEADERS)).content)
            seen += len(data["items"])
            cursor = data.get("next_page_cursor")
            if not cursor:
                break
    return seen


def ours_sync(iter_fn: Callable[..., Any], base: str, items: int, page: int) -> int:
    from bench.clients import make_client  # only the ours modes import the generated client

    seen = 0
    with make_client("paxos", base) as client:
        for _ in iter_fn(client=client, page_size=page, max_items=items + 1):  # bounded even if the pager never stopped
            seen += 1
    return seen


async def ours_async(aiter_fn: Callable[..., Any], base: str, items: int, page: int) -> int:
    from bench.clients import make_client

    seen = 0
    async with make_client("paxos", base) as client:
        async for _ in aiter_fn(client=client, page_size=page, max_items=items + 1):
            seen += 1
    return seen


def runner(mode: str) -> Callable[[str, int, int], int]:
    """The pass for ``mode``, with every import done (so none is timed)."""
    if mode == "bare-sync":
        return bare_sync
    if mode == "bare-async":
        return lambda base, items, page: asyncio.run(bare_async(base, items, page))
    from bench.clients import pagination_fns

    _, iter_fn, aiter_fn = pagination_fns("paxos", "list_orchestrations")
    if mode == "ours-sync":
        return lambda base, items, page: ours_sync(iter_fn, base, items, page)
    if mode == "ours-async":
        return lambda base, items, page: asyncio.run(ours_async(aiter_fn, base, items, page))
    raise ValueError(f"unknown mode {mode!r}")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main(argv: list[str]) -> int:
    mode, base, items, page = argv[0], argv[1], int(argv[2]), int(argv[3])
    run = runner(mode)
    before = _peak_mb()
    started = time.perf_counter()
    seen = run(base, items, page)
    seconds = time.perf_counter() - started
    print(json.dumps({"count": seen, "seconds": seconds, "rss_before_mb": before, "rss_peak_mb": _peak_mb()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
