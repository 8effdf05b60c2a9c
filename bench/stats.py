"""Repeated measurements, their medians and pair-by-pair ratios, and how they print.

A figure is never one run: every ``Series`` keeps all its runs; ``median``, ``min`` and
``max`` are derived.  Ratios are computed run by run (``a[i] / b[i]``, both measured
back to back in the same iteration) and then summarised, so a slow moment of the shared
machine lands on both sides of a ratio instead of skewing it.
"""

from __future__ import annotations

import gc
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Series:
    unit: str = "s"
    runs: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.runs.append(value)

    @property
    def median(self) -> float:
        return statistics.median(self.runs) if self.runs else math.nan

    @property
    def low(self) -> float:
        return min(self.runs) if self.runs else math.nan

    @property
    def high(self) -> float:
        return max(self.runs) if self.runs else math.nan

    def as_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "median": self.median, "min": self.low, "max": self.high, "runs": self.runs}

    def show(self, digits: int = 3) -> str:
        """``1.23 s [1.20-1.30]``: median, then [min-max]."""
        if not self.runs:
            return "n/a"
        unit = f" {self.unit}" if self.unit and self.unit != "x" else self.unit
        return f"{_num(self.median, digits)}{unit} [{_num(self.low, digits)}-{_num(self.high, digits)}]"


def ratios(numerator: Series, denominator: Series) -> Series:
    """Pair-by-pair ratios of two series measured in the same iterations."""
    pairs = zip(numerator.runs, denominator.runs, strict=True)
    return Series("x", [a / b if b else math.inf for a, b in pairs])


def _num(value: float, digits: int) -> str:
    if math.isnan(value) or math.isinf(value):
        return str(value)
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.1f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    return f"{value:.{digits - 1}f}" if magnitude >= 1 else f"{value:.{digits}g}"


def timed(fn: Callable[[], object]) -> float:
    """Seconds for one call, after a full collection so earlier garbage is not billed to it.

    GC stays enabled during the call: a user's process collects too, and allocation-heavy
    decoders pay for it.
    """
    gc.collect()
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


class GcClock:
    """Wall time spent in automatic cyclic-GC passes while it is installed (``gc.callbacks``)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.passes = 0
        self._started = 0.0

    def __call__(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started
            self.passes += 1


def timed_gc(fn: Callable[[], object]) -> tuple[float, float, object]:
    """(seconds, of which in cyclic GC, result) of one call; collected first, like ``timed``."""
    gc.collect()
    clock = GcClock()
    gc.callbacks.append(clock)
    try:
        started = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - started
    finally:
        gc.callbacks.remove(clock)
    return seconds, clock.seconds, result


def interleaved(fns: dict[str, Callable[[], object]], runs: int, warmup: int = 1) -> dict[str, Series]:
    """Each run calls every function once, in order; the warm-up runs are discarded."""
    series = {name: Series() for name in fns}
    for i in range(warmup + runs):
        for name, fn in fns.items():
            seconds = timed(fn)
            if i >= warmup:
                series[name].add(seconds)
    return series


def exponent(sizes: list[float], values: list[float]) -> float:
    """Least-squares slope of log(value) against log(size): 1.0 is linear growth."""
    points = [(math.log(s), math.log(v)) for s, v in zip(sizes, values, strict=True) if s > 0 and v > 0]
    if len(points) < 2:
        return math.nan
    mx = statistics.fmean(p[0] for p in points)
    my = statistics.fmean(p[1] for p in points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else math.nan


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain left/right-aligned text table (first column left, the rest right)."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])
