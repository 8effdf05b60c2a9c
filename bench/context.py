"""What every section gets: run counts, a scratch directory, and one way to print."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Context:
    workdir: Path
    """Scratch space for this bench run; removed at the end."""
    runs: int
    """Measured runs per figure (after ``warmup`` discarded ones)."""
    warmup: int
    quick: bool
    """Smoke mode: tiny inputs, one run, no warm-up; the figures mean nothing."""

    def say(self, text: str = "") -> None:
        print(text, flush=True)

    def warn(self, text: str) -> None:
        print(f"  !! {text}", flush=True)

    def scratch(self, name: str) -> Path:
        path = self.workdir / name
        path.mkdir(parents=True, exist_ok=True)
        return path


def heading(ctx: Context, number: int, title: str) -> None:
    ctx.say()
    ctx.say(f"== {number}. {title} " + "=" * max(0, 70 - len(title)))


def error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".splitlines()[0][:300]


def python_version() -> str:
    return sys.version.split()[0]
