"""A loopback HTTP server of Paxos ``list_orchestrations`` pages, served from memory.

``python -m bench.loopback`` binds 127.0.0.1 on a free port (port 0), prints ``PORT <n>``
and serves until it is terminated.  It runs as a separate process so that, on a 2-core
machine, the server's work does not compete with the client for one GIL (the client is
what is measured).  The total item count is part of the URL (``/n/<count>/...``), so one
server serves every size; ``page_cursor`` is the offset of the next item, and the last
page has no ``next_page_cursor``.  Items cycle through a pool of distinct, spec-valid
items encoded once at start-up, so a page costs the server a ``join``, not an encode.

``serving()`` starts it, waits (bounded) for the port, and always stops it.
"""

from __future__ import annotations

import contextlib
import json
import re
import select
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import IO, ClassVar
from urllib.parse import parse_qs, urlsplit

from bench.proc import PYTHON, REPO, user_env

PATH = re.compile(r"^/n/(\d+)/orchestration/orchestrations$")
MAX_LIMIT = 1000
DEFAULT_LIMIT = 100  # the spec's server-side default
POOL = 2000


def _pool() -> list[bytes]:
    from bench.samples import paxos_page  # only the server process needs it

    return [json.dumps(item, separators=(",", ":")).encode() for item in paxos_page(POOL, seed=5).data["items"]]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real API and httpx's pool expect
    pool: ClassVar[list[bytes]] = []  # filled once in main(), before the server starts

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        match = PATH.match(url.path)
        if not match:
            self._send(404, b'{"message":"not found"}')
            return
        total = int(match.group(1))
        query = parse_qs(url.query)
        limit = min(MAX_LIMIT, int(query.get("limit", [DEFAULT_LIMIT])[0]))
        start = int(query.get("page_cursor", ["0"])[0] or 0)
        end = min(total, start + limit)
        items = b",".join(self.pool[i % len(self.pool)] for i in range(start, end))
        cursor = b',"next_page_cursor":"%d"' % end if end < total else b""
        self._send(200, b'{"items":[' + items + b"]" + cursor + b"}")

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # the base class's name
        pass  # one line per page on stderr would be noise


def main() -> int:
    Handler.pool = _pool()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever(poll_interval=0.2)
    return 0


@contextlib.contextmanager
def serving(start_timeout: float = 120.0) -> Iterator[str]:
    """Yield the server's base URL (``http://127.0.0.1:<port>``); stop the server on exit, whatever happened."""
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(
            [PYTHON, "-m", "bench.loopback"],
            cwd=REPO,
            env=user_env(),
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        try:
            yield f"http://127.0.0.1:{_port(proc, start_timeout, errors)}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
            if proc.stdout is not None:
                proc.stdout.close()


def _port(proc: subprocess.Popen[str], timeout: float, errors: IO[bytes]) -> int:
    """Read the server's stdout (bounded by ``timeout``) until its ``PORT <n>`` line."""
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    other: list[str] = []
    while time.monotonic() < deadline and proc.poll() is None:
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
        line = proc.stdout.readline() if ready else ""
        if line.startswith("PORT "):
            return int(line.split()[1])
        if line:
            other.append(line.strip())
    errors.seek(0)
    detail = (errors.read().decode("utf-8", "replace").strip().splitlines() or other or ["no output"])[-1]
    raise RuntimeError(f"loopback server did not start within {timeout:.0f} s (exit code {proc.poll()}): {detail}")


if __name__ == "__main__":
    sys.exit(main())
