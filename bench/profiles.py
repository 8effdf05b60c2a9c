"""A short cProfile summary of one call, printed beside a missed target."""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable
from pathlib import Path

from bench.proc import REPO


def top(fn: Callable[[], object], limit: int = 10) -> list[str]:
    """The ``limit`` functions with the most own time in one call of ``fn``, as printable lines."""
    profile = cProfile.Profile()
    profile.enable()
    fn()
    profile.disable()
    stats = pstats.Stats(profile)
    total = sum(row[2] for row in stats.stats.values()) or 1.0  # type: ignore[attr-defined]
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:limit]  # type: ignore[attr-defined]
    lines = []
    for (filename, line, name), (_, calls, own, cumulative, _) in rows:
        lines.append(
            f"{own / total:6.1%} own {own * 1e3:8.1f} ms  cum {cumulative * 1e3:8.1f} ms  {calls:>9,} calls  {_where(filename, line, name)}"
        )
    return lines


def _where(filename: str, line: int, name: str) -> str:
    if filename == "~":
        return name  # a builtin such as {method 'pop' of 'dict' objects}
    path = Path(filename)
    for base in (REPO, *[p for p in path.parents if p.name == "site-packages"]):
        try:
            return f"{path.relative_to(base)}:{line}({name})"
        except ValueError:
            continue
    return f"{path.name}:{line}({name})"
