"""``python -m bench.import_run SOURCE --slug SLUG --specs DIR``: our import step, as a process.

``generator.spec.importer.import_description`` (load, 3.0 -> 3.1, the overlay file, writing
``DIR/<slug>.yaml``), run the way ``python -m generator import`` will run it: one fresh
interpreter.  Once that command exists (issue 13 item 1), section 6 can call it instead; this
module is only what the bench needs until then.  Exit 1 with the problems on stderr when the
import fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.problems import has_errors
from generator.spec.importer import import_description


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.import_run", description=__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument("--slug", required=True)
    parser.add_argument("--specs", type=Path, required=True)
    args = parser.parse_args(argv)
    result = import_description(args.source, args.slug, args.specs)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if has_errors(result.problems) or not result.written:
        return 1
    print(f"imported {args.source.name}: {len(result.changes)} changes, wrote {len(result.written)} file(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
