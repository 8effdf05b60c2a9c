"""Start and stop Stoplight Prism on one vendor's spec, on loopback.

Only the copy pinned in package.json / package-lock.json and installed by the Makefile's
``npm ci`` is ever run (node_modules/@stoplight/prism-cli), never a global one and never an
``npx`` download.  Prism mocks ``mock_spec.write_mock_spec``'s copy of the spec with
``--errors``: a request that breaks the spec (query encoding, a missing parameter, a wrong
body, no credentials) is answered with a 4xx naming the violation, and an example that
breaks its own response schema with a 500.

Each Prism runs in its own process group and is stopped as a group (SIGTERM, then SIGKILL);
the ``prism_watchdog.cjs`` preload also ends it if the process that started it dies first.
"""

from __future__ import annotations

import atexit
import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from tests.support.mock_spec import REPO_ROOT, write_mock_spec

HOST = "127.0.0.1"
DEFAULT_PORT = 4010
PRISM_CLI = REPO_ROOT / "node_modules" / "@stoplight" / "prism-cli" / "dist" / "index.js"
WATCHDOG = Path(__file__).with_name("prism_watchdog.cjs")
START_TIMEOUT = float(os.environ.get("PRISM_START_TIMEOUT", "60"))
"""Seconds a Prism may take to answer: about 2 s alone, 5-10 s for ten at once on two busy cores."""
STOP_TIMEOUT = 5.0
PORT_ATTEMPTS = 3
"""A free port is found by binding port 0 and released before Prism binds it; another process
may take it in between, so a start that fails with EADDRINUSE is retried on a new port."""


class PrismUnavailable(RuntimeError):
    """Node or the pinned Prism is not installed."""


class PrismStartError(RuntimeError):
    """Prism was launched but did not answer; the message carries its output."""


@dataclass(eq=False)
class Prism:
    slug: str
    spec: Path
    port: int
    process: subprocess.Popen[bytes]
    log: Path | None
    """Where its stdout and stderr go (None: this process's terminal)."""
    _log_file: IO[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def output(self, limit: int = 6000) -> str:
        if self.log is None or not self.log.is_file():
            return "(Prism's output went to the terminal)"
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return text if len(text) <= limit else "...\n" + text[-limit:]

    def address_in_use(self) -> bool:
        return "EADDRINUSE" in self.output()

    def stop(self) -> None:
        """Stop the process group, politely first; safe to call twice."""
        if self.process.poll() is None:
            _signal_group(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                _signal_group(self.process.pid, signal.SIGKILL)
                self.process.wait(STOP_TIMEOUT)
        for stream in (self.process.stdin, self._log_file):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        _RUNNING.discard(self)


_RUNNING: set[Prism] = set()


@atexit.register
def _stop_leftovers() -> None:
    # A fixture's finalizer normally stops each Prism; this covers an interpreter that exits
    # without running it (an interrupted session, `make mock` leaving by an unexpected error).
    for prism in list(_RUNNING):
        prism.stop()


def command(spec: Path, port: int) -> list[str]:
    node = shutil.which("node")
    if node is None:
        raise PrismUnavailable("node is not on PATH: Prism (package.json) runs on Node")
    if not PRISM_CLI.is_file():
        shown = os.path.relpath(PRISM_CLI, REPO_ROOT)
        raise PrismUnavailable(
            f"{shown} is missing: run `make setup` (npm ci installs the Prism pinned in package-lock.json)"
        )
    return [
        node,
        "--require",
        str(WATCHDOG),
        str(PRISM_CLI),
        "mock",
        "--host",
        HOST,
        "--port",
        str(port),
        "--errors",
        str(spec),
    ]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def launch(slug: str, spec: Path, port: int, log: Path | None) -> Prism:
    """Start Prism without waiting for it (``wait_ready`` waits)."""
    argv = command(spec, port)
    log_file = log.open("wb") if log is not None else None
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,  # the watchdog's lifeline: never written, closed when we go
            stdout=log_file,
            stderr=subprocess.STDOUT if log_file is not None else None,
            cwd=REPO_ROOT,
            start_new_session=True,  # its own process group: stopped as a whole, not by the terminal's Ctrl-C
        )
    except BaseException:
        if log_file is not None:
            log_file.close()
        raise
    prism = Prism(slug, spec, port, process, log, log_file)
    _RUNNING.add(prism)
    return prism


def answers(host: str, port: int) -> bool:
    """Whether an HTTP server answers there.  The probe is a CORS preflight: Prism's HTTP
    layer answers it (204) before any routing, so it neither depends on the spec's paths nor
    prints a "no path matched" error into the log a `make mock` user is reading."""
    connection = http.client.HTTPConnection(host, port, timeout=2)
    try:
        connection.request("OPTIONS", "/", headers={"Origin": f"http://{host}", "Access-Control-Request-Method": "GET"})
        connection.getresponse().read()
        return True
    except OSError:
        return False
    finally:
        connection.close()


def wait_ready(prism: Prism, deadline: float) -> None:
    """Return once Prism answers; ``PrismStartError`` with its output if it exits or never does."""
    while True:
        code = prism.process.poll()
        if code is not None:
            raise PrismStartError(
                f"Prism for {prism.slug} exited with status {code} before answering on {prism.url}:\n{prism.output()}"
            )
        if answers(HOST, prism.port):
            return
        if time.monotonic() >= deadline:
            raise PrismStartError(
                f"Prism for {prism.slug} did not answer on {prism.url} in time (PRISM_START_TIMEOUT, "
                f"default {START_TIMEOUT:.0f}s):\n{prism.output()}"
            )
        time.sleep(0.1)


def start_all(slugs: Iterable[str], workdir: Path, timeout: float = START_TIMEOUT) -> dict[str, Prism]:
    """One Prism per vendor, each on a free port, all starting at once: their start-ups
    overlap (five take about 5 s on two cores, one alone about 2 s)."""
    started: dict[str, Prism] = {}
    try:
        for slug in slugs:
            spec = write_mock_spec(slug, workdir)
            started[slug] = launch(slug, spec, free_port(), workdir / f"{slug}.prism.log")
        deadline = time.monotonic() + timeout
        for slug in list(started):
            started[slug] = _ready_or_retry(started[slug], deadline)
    except BaseException:
        for prism in started.values():
            prism.stop()
        raise
    return started


def start(slug: str, spec: Path, workdir: Path, timeout: float = START_TIMEOUT) -> Prism:
    """One Prism on ``spec`` (any file, e.g. an imported description), answering on a free port."""
    return _ready_or_retry(launch(slug, spec, free_port(), workdir / f"{slug}.prism.log"), time.monotonic() + timeout)


def _ready_or_retry(prism: Prism, deadline: float) -> Prism:
    for attempt in range(1, PORT_ATTEMPTS + 1):
        try:
            wait_ready(prism, deadline)
            return prism
        except PrismStartError:
            prism.stop()
            if not prism.address_in_use() or attempt == PORT_ATTEMPTS:
                raise
            prism = launch(prism.slug, prism.spec, free_port(), prism.log)
    raise AssertionError("unreachable")


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)
