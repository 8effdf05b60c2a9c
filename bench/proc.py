"""Where things are, and running a command the way a user would, with its wall time and peak RSS.

Peak memory of a generation run is the child's ``ru_maxrss`` as returned by ``wait4``:
on Linux that is the largest resident set of the child *or of any descendant it reaped*
(the generator's worker processes, ruff), i.e. the biggest single process of the run,
not the sum of them.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
"""The interpreter running the bench is the project's venv (``make bench`` uses .venv/bin/python)."""
PYTHON = sys.executable
BYTECODE_CACHE: dict[str, Path] = {}
"""Set by ``--quick`` only (to QUICK_BYTECODE_CACHE): subprocesses then keep compiled bytecode there."""
QUICK_BYTECODE_CACHE = Path(tempfile.gettempdir()) / "orchestration-bench-pycache"


def user_env(**extra: str) -> dict[str, str]:
    """The environment of a user in the repo with the venv activated.

    .venv/bin goes first on PATH because stock openapi-python-client runs ``ruff`` from
    PATH as its post hook; PYTHONPATH is the repo root as the Makefile sets it.  Anything
    else (PYTHONDONTWRITEBYTECODE included, which the Makefile exports) is left as the
    user has it, except in a quick run, where a bytecode cache outside the tree saves the
    smoke test from recompiling every tool's imports in every process.
    """
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONHASHSEED"}}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(REPO)
    env["VIRTUAL_ENV"] = str(VENV_BIN.parent)
    if "quick" in BYTECODE_CACHE:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(BYTECODE_CACHE["quick"])
    env.update(extra)
    return env


@dataclass
class Completed:
    seconds: float
    max_rss_mb: float
    returncode: int
    stdout: str
    stderr: str
    cpu_seconds: float = 0.0
    """User + system CPU time of the process and the descendants it reaped (``wait4``): the
    work done, which a loaded machine inflates much less than the wall time."""

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def tail(self, lines: int = 6) -> str:
        text = (self.stderr.strip() or self.stdout.strip()).splitlines()
        return "\n".join(text[-lines:])


def run(cmd: list[str], *, cwd: Path = REPO, env: dict[str, str] | None = None, timeout: float = 600) -> Completed:
    """Run ``cmd``; never raises for a failing command (the caller reports it)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env or user_env(),
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        status, usage = _wait(proc, timeout)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # we reaped it; tell Popen so it does not try again
        out.seek(0)
        err.seek(0)
        return Completed(
            seconds=seconds,
            max_rss_mb=usage.ru_maxrss / 1024,  # Linux reports KiB
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            cpu_seconds=usage.ru_utime + usage.ru_stime,
        )


def _wait(proc: subprocess.Popen[bytes], timeout: float) -> tuple[int, resource.struct_rusage]:
    # wait4 is the only call that returns this child's own rusage; poll it (1 ms) so a hung
    # tool is killed at the deadline instead of blocking the whole bench.
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            return status, usage
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)  # its own session: the tool and the workers it started
            _, status, usage = os.wait4(proc.pid, 0)
            return status, usage
        time.sleep(0.001)
