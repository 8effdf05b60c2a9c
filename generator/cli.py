"""Command line: ``python -m generator {generate,check}``.

Problems are printed grouped by file, one clear message each (what, where, fix); a
traceback only with ``--debug``.  Exit codes: 0 success, 1 problems in the input or a
drift found by ``check``, 2 an internal error (a bug in the generator or a tool).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

from generator.pipeline import Paths, run
from generator.problems import GenerationFailed, render_grouped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("command", choices=["generate", "check"])
    parser.add_argument("--specs", type=Path, default=Path("specs"), help="folder of <slug>.yaml specs")
    parser.add_argument("--out", type=Path, default=Path("generated"), help="output folder, replaced atomically")
    parser.add_argument("--force", action="store_true", help="regenerate even when nothing changed")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    args = parser.parse_args(argv)
    root = Path.cwd()
    started = time.perf_counter()
    try:
        outcome = run(
            Paths(root=root, specs=args.specs, out=args.out),
            force=args.force,
            check=args.command == "check",
            jobs=args.jobs,
        )
    except GenerationFailed as failed:
        print(render_grouped(failed.problems), file=sys.stderr)
        print(f"generation failed: {len(failed.problems)} problem(s); {args.out}/ left unchanged", file=sys.stderr)
        return 1
    except Exception as exc:  # last line of defence: one clear line, no traceback
        if args.debug:
            traceback.print_exc()
        print(f"internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(f"{args.out}/ left unchanged; rerun with --debug for a traceback and report it", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    if args.command == "check":
        if outcome.differences:
            print(
                f"{args.out}/ is not what `make generate` writes ({len(outcome.differences)} file(s)):", file=sys.stderr
            )
            for line in outcome.differences:
                print(f"  {line}", file=sys.stderr)
            print("fix: run `make generate` and commit generated/ with the change that caused it", file=sys.stderr)
            return 1
        print(f"{args.out}/ matches a fresh generation ({elapsed:.2f}s)")
        return 0
    print(f"{len(outcome.generated)} generated, {len(outcome.reused)} up to date ({elapsed:.2f}s)")
    return 0
