"""``python -m bench.pagination_worker MODE BASE_URL ITEMS PAGE``: one pagination pass in a fresh process.

Prints one JSON line: items seen, seconds spent iterating (imports and start-up excluded),
the RSS right before the iteration and the peak RSS during it (the kernel's high-water
mark, reset just before through ``/proc/self/clear_refs``).  A fresh process per pass
keeps earlier sections' garbage out of the figure and needs no tracing, which would slow
the timed iteration down.  MODE is ``bare-sync``, ``bare-async``,
``ours-sync`` or ``ours-async``.  Every loop is bounded by the expected page count.
"""

from __future__ import annotations

import asyncio
import json
import re
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
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


def _status_mb(field: str) -> float | None:
    """``VmRSS``/``VmHWM`` of this process from /proc (Linux), in MB; None elsewhere."""
    try:
        text = Path("/proc/self/status").read_text()
    except OSError:
        return None
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


def reset_peak() -> bool:
    """Reset this process's peak RSS to its current RSS (Linux >= 4.0: ``clear_refs`` 5).

    Without it the "before" peak would be the import phase's, the highest of the whole
    run here: with PYTHONDONTWRITEBYTECODE every module is compiled from source.
    """
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _peak_fallback_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main(argv: list[str]) -> int:
    mode, base, items, page = argv[0], argv[1], int(argv[2]), int(argv[3])
    run = runner(mode)
    exact = reset_peak() and _status_mb("VmRSS") is not None
    before = _status_mb("VmRSS") if exact else _peak_fallback_mb()
    started = time.perf_counter()
    seen = run(base, items, page)
    seconds = time.perf_counter() - started
    peak = _status_mb("VmHWM") if exact else _peak_fallback_mb()
    print(
        json.dumps(
            {"count": seen, "seconds": seconds, "rss_before_mb": before, "rss_peak_mb": peak, "exact_peak": exact}
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
