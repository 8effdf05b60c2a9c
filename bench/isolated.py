"""``python -m bench.isolated N RESULT.json ...``: one in-process section in a fresh interpreter.

Decoding figures depend on what else lives in the process: every cyclic-GC pass walks all
tracked objects, so a bench process that has already imported openapi-python-client
(section 2 does, for its in-process run) or kept earlier sections' data would bill a
larger GC cost to every decoder than ``--only 4`` would.  Running the section in its own
interpreter makes its figures the same whichever sections ran before.  The child prints
to the same terminal and writes its results as JSON for the parent.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import proc
from bench.context import Context
from bench.decode import typed_decoding
from bench.proc import PYTHON, REPO, user_env

ISOLATED: dict[int, Callable[[Context], dict[str, Any]]] = {4: typed_decoding}


def run_isolated(ctx: Context, number: int) -> dict[str, Any]:
    """Run section ``number`` in a child interpreter; its output streams to ours."""
    result = ctx.workdir / f"section-{number}.json"
    cmd = [PYTHON, "-m", "bench.isolated", str(number), str(result), "--runs", str(ctx.runs)]
    cmd += ["--warmup", str(ctx.warmup), "--workdir", str(ctx.scratch(f"section-{number}"))]
    cmd += ["--quick"] if ctx.quick else []
    sys.stdout.flush()
    code = subprocess.run(cmd, cwd=REPO, env=user_env(), check=False, timeout=1800).returncode
    if not result.is_file():
        raise RuntimeError(f"section {number} exited with {code} and wrote no results (its traceback is above)")
    loaded: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    return loaded


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.isolated")
    parser.add_argument("number", type=int, choices=sorted(ISOLATED))
    parser.add_argument("result", type=Path)
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--warmup", type=int, required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        proc.BYTECODE_CACHE["quick"] = proc.QUICK_BYTECODE_CACHE
    ctx = Context(workdir=args.workdir, runs=args.runs, warmup=args.warmup, quick=args.quick)
    figures = ISOLATED[args.number](ctx)
    args.result.write_text(json.dumps(figures, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
