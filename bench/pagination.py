"""Section 5: iterating 100,000 items across pages from a loopback server.

Four ways to read the same pages (1,000 items each) from ``bench.loopback``: bare
``httpx.Client`` + ``json.loads`` (the baseline), the generated ``iter_<op>``, bare
``httpx.AsyncClient`` + ``json.loads``, the generated ``aiter_<op>``.  Every pass runs in
a fresh process (``bench.pagination_worker``) that times only the iteration; each run
does one pass of every way, and ratios are pair by pair, sync against sync and async
against async.  The warm-up pass of each way uses 10,000 items.

Memory growth is the worker's peak RSS during the iteration minus its RSS right before
it (imports and client already loaded; the kernel's high-water mark is reset first):
what iterating added on top of the process.  It is read from the 10,000-item warm-up and from the 100,000-item runs,
so a streaming iterator (one page in memory) shows the same growth at both sizes.
"""

from __future__ import annotations

import json
from typing import Any

from bench import loopback
from bench.clients import pagination_fns
from bench.context import Context, error_text, heading
from bench.proc import PYTHON, run
from bench.stats import Series, ratios, table

TARGET_RATIO = 1.5
TARGET_GROWTH_MB = 30.0
MODES = {
    "bare-sync": "bare httpx.Client + json.loads",
    "ours-sync": "ours: list_orchestrations.iter_items",
    "bare-async": "bare httpx.AsyncClient + json.loads",
    "ours-async": "ours: list_orchestrations.aiter_items",
}
BASELINE = {"ours-sync": "bare-sync", "ours-async": "bare-async"}


def one_pass(server: str, mode: str, items: int, page: int) -> dict[str, Any]:
    done = run(
        [PYTHON, "-m", "bench.pagination_worker", mode, f"{server}/n/{items}", str(items), str(page)], timeout=300
    )
    if not done.ok:
        raise RuntimeError(f"{mode} exit {done.returncode}: {done.tail(2)}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if figures["count"] != items:
        raise RuntimeError(f"{mode} yielded {figures['count']:,} items, expected {items:,}")
    figures["growth_mb"] = figures["rss_peak_mb"] - figures["rss_before_mb"]
    return figures


def pagination(ctx: Context) -> dict[str, Any]:
    heading(ctx, 5, "Pagination from a loopback server")
    items, page, warm_items = (300, 100, 100) if ctx.quick else (100_000, 1000, 10_000)
    where, _, _ = pagination_fns("paxos", "list_orchestrations")
    modes = list(MODES)
    ctx.say(f"{items:,} Paxos items, {page:,} per page; generated helpers: {where}")
    times = {m: Series() for m in modes}
    growth = {m: Series("MB") for m in modes}
    warm_growth: dict[str, float] = {}
    failed: dict[str, str] = {}
    with loopback.serving() as server:
        for mode in modes:
            if ctx.warmup:
                try:
                    warm_growth[mode] = one_pass(server, mode, warm_items, page)["growth_mb"]
                except Exception as exc:
                    failed[mode] = error_text(exc)
        for _ in range(ctx.runs):
            for mode in modes:
                if mode in failed:
                    continue
                try:
                    figures = one_pass(server, mode, items, page)
                except Exception as exc:
                    failed[mode] = error_text(exc)
                    continue
                times[mode].add(figures["seconds"])
                growth[mode].add(figures["growth_mb"])
    result: dict[str, Any] = {"items": items, "page_size": page, "helpers": where, "failed": failed}
    rows = []
    for mode in modes:
        series = times[mode]
        pair = BASELINE.get(mode)
        ratio = (
            ratios(series, times[pair]) if pair and series.runs and len(times[pair].runs) == len(series.runs) else None
        )
        per_second = Series("", [items / s for s in series.runs])
        warm = f"{warm_growth[mode]:.1f}" if mode in warm_growth else ""
        rows.append(
            [
                MODES[mode],
                series.show(),
                f"{per_second.median:,.0f}" if series.runs else "FAILED",
                ratio.show(2) if ratio else ("baseline" if not pair else ""),
                warm,
                growth[mode].show(1) if growth[mode].runs else "",
            ]
        )
        result[mode] = {
            "seconds": series.as_json(),
            "items_per_second": per_second.as_json(),
            "ratio_to_bare": ratio.as_json() if ratio else None,
            "growth_mb": growth[mode].as_json(),
            "growth_mb_warmup": warm_growth.get(mode),
        }
    ctx.say(
        table(["", "time, median [min-max]", "items/s", "time x bare", f"+MB @{warm_items:,}", f"+MB @{items:,}"], rows)
    )
    ctx.say("+MB: peak RSS while iterating minus RSS before (fresh process per pass, VmHWM reset first)")
    for mode, why in failed.items():
        ctx.warn(f"{MODES[mode]}: {why}")
    ours = ["ours-sync", "ours-async"]
    ratio_ok = all(result[m]["ratio_to_bare"] and result[m]["ratio_to_bare"]["median"] <= TARGET_RATIO for m in ours)
    growth_ok = all(
        growth[m].runs and growth[m].high < TARGET_GROWTH_MB and warm_growth.get(m, 0.0) < TARGET_GROWTH_MB
        for m in ours
    )
    result["met"] = bool(ratio_ok and growth_ok and not failed)
    ctx.say(
        f"target: throughput within {TARGET_RATIO}x of bare httpx: {'MET' if ratio_ok else 'MISSED'}; "
        f"memory growth < {TARGET_GROWTH_MB:.0f} MB at every size: {'MET' if growth_ok else 'MISSED'}"
    )
    return result
