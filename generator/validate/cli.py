"""``python -m generator.validate.cli [SPEC ...]``: validate specs and their errata.

With no arguments it checks every ``specs/*.yaml`` of this repository (and reports
errata files that have no spec).  Prints the problems grouped by file, then one line per
spec; exits 1 when any problem is an error, else 0.  `make validate` runs it before
Spectral; the generation pipeline calls ``validate_spec`` directly.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator.problems import Problem, Severity, has_errors, render_grouped
from generator.spec.errata import errata_path, find_examples, load_errata
from generator.spec.load import display_path
from generator.spec.toolkit import iter_operations
from generator.validate.rules import validate_file

REPO_ROOT = Path(__file__).resolve().parents[2]


def _orphan_errata(specs_dir: Path, specs: list[Path]) -> list[Problem]:
    """Errata files no spec picks up: their corrections would silently apply to nothing."""
    wanted = {errata_path(p).resolve() for p in specs}
    return [
        Problem(
            display_path(path),
            "errata file without a spec of the same name",
            fix="rename it after its spec (specs/errata/<slug>.yaml) or delete it; specs are: "
            + ", ".join(p.stem for p in specs),
            rule="errata/orphan",
        )
        for path in sorted((specs_dir / "errata").glob("*.yaml"))
        if path.resolve() not in wanted
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.validate.cli", description=__doc__.split("\n\n")[0])
    parser.add_argument("specs", nargs="*", type=Path, help="spec files (default: every specs/*.yaml)")
    args = parser.parse_args(argv)
    specs: list[Path] = args.specs or sorted((REPO_ROOT / "specs").glob("*.yaml"))
    if not specs:
        print("no specs to validate: add specs/<slug>.yaml", file=sys.stderr)
        return 1
    problems = [] if args.specs else _orphan_errata(REPO_ROOT / "specs", specs)
    summaries = []
    for path in specs:
        started = time.perf_counter()
        spec, found = validate_file(path)
        elapsed = time.perf_counter() - started
        problems += found
        errors = sum(p.severity is Severity.ERROR for p in found)
        if spec is None or errors:
            summaries.append(f"{display_path(path)}: {errors} error(s), {len(found) - errors} warning(s)")
            continue
        ops = sum(1 for _ in iter_operations(spec.data))
        samples = len(find_examples(spec.data))
        errata = len(load_errata(errata_path(path))[0].errata)
        summaries.append(
            f"{display_path(path)}: ok ({ops} operation(s), {samples} sample(s), {errata} errata, "
            f"{len(found)} warning(s), {elapsed:.2f}s)"
        )
    if problems:
        print(render_grouped(problems))
    print("\n".join(summaries))
    return 1 if has_errors(problems) else 0


if __name__ == "__main__":
    sys.exit(main())
