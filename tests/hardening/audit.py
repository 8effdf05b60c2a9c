"""A PEP 578 audit hook that records what a process must never do while generating.

Stdlib only: it is installed first thing in a fresh interpreter (``audited.py``,
``run_corpus.py``, ``call_all.py``).  Events are appended to a log file through a
descriptor opened before the hook exists (``os.write`` raises no audit event, so the hook
never sees itself), one JSON line each, so forked workers report too.

Recorded: any socket connection or name lookup; any file opened outside the allowed
roots; any process started or command run (``ruff`` is the one program the generator
starts; the tests check which programs appear).
"""

from __future__ import annotations

import json
import mimetypes
import os
import sys
from collections.abc import Sequence
from typing import Any

NETWORK_EVENTS = frozenset(
    {
        "socket.connect",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.sendto",
        "urllib.Request",
    }
)
PROCESS_EVENTS = frozenset({"os.system", "os.exec", "os.posix_spawn", "os.spawn", "subprocess.Popen", "os.startfile"})
ALWAYS_READABLE: tuple[str, ...] = (
    "/dev/null",
    "/dev/urandom",
    "/proc/self/",
    "/etc/localtime",
    "/usr/share/zoneinfo/",
    *map(str, mimetypes.knownfiles),
)
"""Harmless system files any interpreter may open (none comes from a spec): urllib reads the
mime.types files when openapi-spec-validator loads its meta-schema from a file: URL."""


def install(log_path: str, allowed_roots: Sequence[str], context: dict[str, str] | None = None) -> None:
    """Record violations to ``log_path``; ``context['case']`` (mutable) tags each record."""
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    roots = tuple(os.path.join(os.path.realpath(r), "") for r in allowed_roots)
    interpreter = tuple(
        os.path.join(os.path.realpath(p), "")
        for p in {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    )
    tags = context if context is not None else {}

    def record(kind: str, detail: str) -> None:
        line = json.dumps({"case": tags.get("case", ""), "kind": kind, "detail": detail}) + "\n"
        os.write(fd, line.encode("utf-8", "backslashreplace"))

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event == "open":
            path = args[0]
            if isinstance(path, int) or path is None:
                return
            real = os.path.realpath(os.fsdecode(path))
            if real.startswith(ALWAYS_READABLE) or real.startswith(roots) or real.startswith(interpreter):
                return
            record("open", real)
        elif event == "urllib.Request" and str(args[0]).startswith("file://"):
            hook("open", (str(args[0]).removeprefix("file://"),))  # a local file, judged like any open
        elif event in NETWORK_EVENTS:
            record("network", f"{event} {args!r}"[:300])
        elif event in PROCESS_EVENTS:
            record("process", f"{event} {args!r}"[:300])

    sys.addaudithook(hook)


def read_log(log_path: str) -> list[dict[str, str]]:
    try:
        with open(log_path, encoding="utf-8") as log:
            return [json.loads(line) for line in log if line.strip()]
    except FileNotFoundError:
        return []
