"""``python -m bench [--quick] [--only 1,4] [--runs N] [--json PATH]``: run the benchmarks.

Prints every figure as median [min-max] over several runs after a warm-up, ratios pair by
pair against a baseline measured in the same run, and writes everything to
``bench/results.json`` (untracked) so two trees can be compared.  Never fails on a
figure: the exit code is non-zero only when the bench itself broke.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import proc
from bench.context import Context, error_text, python_version
from bench.generation import full_generation, noop_generation
from bench.importing import import_generate
from bench.isolated import run_isolated
from bench.pagination import pagination
from bench.proc import REPO
from bench.scaling import scaling

SECTIONS: dict[int, tuple[str, Callable[[Context], dict[str, Any]]]] = {
    1: ("full_generation", full_generation),
    2: ("noop_generation", noop_generation),
    3: ("scaling", scaling),
    4: ("typed_decoding", lambda ctx: run_isolated(ctx, 4)),  # its own interpreter: see bench/isolated.py
    5: ("pagination", pagination),
    6: ("import_generate", import_generate),
}
DEFAULT_JSON = REPO / "bench" / "results.json"


def machine() -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=False
    )
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True, check=False)
    return {
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "python": python_version(),
        "platform": platform.platform(),
        "commit": commit.stdout.strip() or "unknown",
        "dirty": bool(dirty.stdout.strip()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: tiny inputs, one run, no warm-up (figures mean nothing)"
    )
    parser.add_argument("--only", default="", help="comma-separated section numbers, e.g. 1,4")
    parser.add_argument(
        "--runs", type=int, default=None, help="measured runs per figure (default 3; decode uses at least 5)"
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=None,
        help=f"results file (default {DEFAULT_JSON.relative_to(REPO)}; none with --quick)",
    )
    args = parser.parse_args(argv)
    chosen = [int(s) for s in args.only.split(",") if s.strip()] or list(SECTIONS)
    unknown = [n for n in chosen if n not in SECTIONS]
    if unknown:
        parser.error(f"no section(s) {unknown}; sections are {sorted(SECTIONS)}")
    runs = args.runs or (1 if args.quick else 3)
    info = machine()
    print(f"bench: {info['cores']} cores ({info['usable_cores']} usable), Python {info['python']}, {info['platform']}")
    print(
        f"tree: {info['commit']}{' + uncommitted changes' if info['dirty'] else ''}; load average at start {info['load_average']}"
    )
    print(
        f"{runs} measured run(s) per figure after {0 if args.quick else 1} warm-up; figures are median [min-max]"
        + ("  -- QUICK SMOKE RUN, figures mean nothing" if args.quick else "")
    )
    workdir = Path(tempfile.mkdtemp(prefix="orchestration-bench-"))
    if args.quick:
        proc.BYTECODE_CACHE["quick"] = proc.QUICK_BYTECODE_CACHE
    ctx = Context(workdir=workdir, runs=runs, warmup=0 if args.quick else 1, quick=args.quick)
    results: dict[str, Any] = {"machine": info, "quick": args.quick, "runs": runs, "sections": {}}
    broken = []
    started = time.perf_counter()
    try:
        for number in chosen:
            name, section = SECTIONS[number]
            try:
                results["sections"][name] = section(ctx)
            except Exception as exc:  # one broken section must not hide the others' figures
                broken.append(name)
                ctx.warn(f"section {number} ({name}) broke: {error_text(exc)}")
                results["sections"][name] = {"error": error_text(exc), "traceback": traceback.format_exc()}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    results["seconds"] = time.perf_counter() - started
    summary(ctx, results)
    target = args.json or (None if args.quick else DEFAULT_JSON)
    if target is not None:
        target.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
        ctx.say(f"results written to {target}")
    return 1 if broken else 0


def summary(ctx: Context, results: dict[str, Any]) -> None:
    ctx.say()
    ctx.say(f"== summary ({results['seconds']:.0f} s) " + "=" * 50)
    for name, figures in results["sections"].items():
        if "error" in figures:
            ctx.say(f"  {name:<17} BROKE: {figures['error']}")
            continue
        met = _met(figures)
        ctx.say(f"  {name:<17} " + ("no target" if met is None else "MET" if met else "MISSED"))


def _met(figures: dict[str, Any]) -> bool | None:
    if "met" in figures:
        return figures["met"]  # type: ignore[no-any-return]
    parts = [v.get("met") for v in figures.values() if isinstance(v, dict) and "met" in v]
    return None if not parts or None in parts else all(parts)


if __name__ == "__main__":
    raise SystemExit(main())
