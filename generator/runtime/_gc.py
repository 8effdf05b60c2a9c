"""The cyclic garbage collector paused for a burst of allocations.

Decoding a page makes one object per JSON object (views, pydantic models); while the cyclic
GC runs, those allocations trigger collections that each walk everything alive, which cost
more than the decoding itself (bench section 4). The objects made are acyclic, so reference
counting frees them; pausing the collector for the burst loses nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic GC off inside the block, and back on after it only if this call turned it
    off (a caller that paused it itself keeps it paused)."""
    enabled = gc.isenabled()
    if enabled:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
