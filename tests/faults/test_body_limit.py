"""A gzip bomb (1 MiB that inflates to 1 GiB) against the default ``max_response_size``
(64 MiB): the typed error naming the limit, within a time bound, and the process's resident
memory, sampled while the call runs, grows by far less than the bomb."""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.faults.harness import make_client, run_async, run_sync, vendor
from tests.faults.matrix import GIB, GzipBomb, gzip_bomb
from tests.support.loopback import serving

STATM = Path("/proc/self/statm")
PAGE = 4096
GROWTH_BOUND = 200 * 1024 * 1024
"""Well under the 500 MB the issue allows: 64 MiB of body, a 16 MiB slice's output, overhead."""
pytestmark = pytest.mark.skipif(not STATM.exists(), reason="resident memory is read from /proc")


def resident() -> int:
    return int(STATM.read_text().split()[1]) * PAGE


class PeakGrowth:
    """The highest resident memory seen above ``baseline`` while the block ran."""

    def __init__(self) -> None:
        self.baseline = resident()
        self.peak = self.baseline
        self._stop = threading.Event()

    def sample(self) -> None:
        while not self._stop.wait(0.002):
            self.peak = max(self.peak, resident())

    @property
    def growth(self) -> int:
        return self.peak - self.baseline


@contextmanager
def sampled() -> Iterator[PeakGrowth]:
    growth = PeakGrowth()
    sampler = threading.Thread(target=growth.sample, daemon=True)
    sampler.start()
    try:
        yield growth
    finally:
        growth._stop.set()
        sampler.join()
        growth.peak = max(growth.peak, resident())


def test_the_bomb_is_one_mebibyte_that_inflates_to_a_gibibyte() -> None:
    bomb = gzip_bomb()
    assert len(bomb) < 1.1 * 1024 * 1024
    inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
    head = inflate.decompress(bomb[: len(bomb) // 16], 128 * 1024 * 1024)
    assert len(head) >= 60 * 1024 * 1024 and head.count(0) == len(head)
    assert int.from_bytes(bomb[-4:], "little") == GIB % 2**32, "the gzip trailer's size"


@pytest.mark.anyio
@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_gzip_bomb_stops_at_the_limit_with_bounded_memory(mode: str) -> None:
    b3os = vendor("b3os")
    gzip_bomb()  # built before sampling: the bomb itself is the server's memory, not the client's
    with serving((GzipBomb(),)) as server:
        client = make_client(b3os, server, timeout=10.0)
        started = time.monotonic()
        with sampled() as memory:
            if mode == "sync":
                outcome = run_sync(lambda: b3os.module.sync_detailed(client=client), limit=20)
            else:
                outcome = await run_async(lambda: b3os.module.asyncio_detailed(client=client), limit=20)
        elapsed = time.monotonic() - started
        client.close()
        await client.aclose()
    error: Any = outcome.error
    assert type(error) is b3os.errors.ResponseTooLargeError, error
    assert error.limit == 64 * 1024 * 1024
    assert "larger than max_response_size (67108864 bytes, decoded)" in str(error)
    assert len(server.requests()) == 1, "not retried"
    assert elapsed < 10
    assert memory.growth < GROWTH_BOUND, f"resident memory grew {memory.growth / 2**20:.0f} MiB"
