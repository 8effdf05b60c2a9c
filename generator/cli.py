"""Command line: ``python -m generator {generate,check,validate,import}``, installed as the console
script ``orchestration-clients`` (pyproject.toml); the only module of ``generator/`` that prints.

Problems are printed grouped by file, one clear message each (what, where, fix); a
traceback only with ``--debug``.  Exit codes: 0 success, 1 problems in the input or a
drift found by ``check``, 2 an internal error (a bug in the generator or a tool).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

from generator.pipeline import Outcome, Paths, run
from generator.problems import GenerationFailed, render_grouped

SCRIPT = "orchestration-clients"
"""The console script's name (``[project.scripts]`` in pyproject.toml)."""


def main(argv: list[str] | None = None) -> int:
    script = Path(sys.argv[0]).name
    parser = argparse.ArgumentParser(prog=script if script == SCRIPT else "python -m generator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="{generate,check,validate,import}")
    for name, summary in (
        ("generate", "generate generated/ from specs/ (only the vendors whose inputs changed)"),
        ("check", "fail if generated/ differs from a fresh generation"),
    ):
        command = commands.add_parser(name, help=summary, description=summary)
        command.add_argument("--specs", type=Path, default=Path("specs"), help="folder of <slug>.yaml specs")
        command.add_argument("--out", type=Path, default=Path("generated"), help="output folder, replaced atomically")
        command.add_argument("--force", action="store_true", help="regenerate even when nothing changed")
        command.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
        command.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    summary = "validate specs and their errata: OpenAPI 3.1 and the project's rules"
    command = commands.add_parser("validate", help=summary, description=summary)
    command.add_argument("files", nargs="*", type=Path, help="spec files (default: every <specs>/*.yaml)")
    command.add_argument("--specs", type=Path, default=Path("specs"), help="folder of <slug>.yaml specs")
    summary = "import a vendor's OpenAPI 3.0/3.1 description as specs/<slug>.yaml (+ specs/overlays/<slug>.yaml)"
    command = commands.add_parser("import", help=summary, description=summary)
    command.add_argument("file", type=Path, help="the vendor's description (YAML or JSON, one self-contained file)")
    command.add_argument("--slug", required=True, help="the vendor slug: names specs/<slug>.yaml and <slug>_client")
    command.add_argument("--specs", type=Path, default=Path("specs"), help="folder of <slug>.yaml specs")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.files, args.specs)
    if args.command == "import":
        return import_(args.file, args.slug, args.specs)
    return generate(args)


def generate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        outcome = run(
            Paths(root=Path.cwd(), specs=args.specs, out=args.out),
            force=args.force,
            check=args.command == "check",
            jobs=args.jobs,
            progress=print,
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
    print_releases(outcome)
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


def import_(source: Path, slug: str, specs_dir: Path) -> int:
    """Problems grouped by file; 1 (and nothing written) when any is an error."""
    from generator.names import slug_problem
    from generator.problems import Problem, has_errors
    from generator.spec.importer import import_description

    why = slug_problem(slug)
    if why:
        problem = Problem(
            str(source), f"cannot import as --slug {slug!r}: {why}", fix="pick a slug such as `acme`", rule="slug"
        )
        print(render_grouped([problem]), file=sys.stderr)
        return 1
    result = import_description(source, slug, specs_dir, Path.cwd())
    if has_errors(result.problems):
        print(render_grouped(result.problems), file=sys.stderr)
        print(f"import failed: {len(result.problems)} problem(s); nothing written", file=sys.stderr)
        return 1
    if result.problems:
        print(render_grouped(result.problems))
    if result.changes:
        counts = Counter(change.rule for change in result.changes)
        print("converted to OpenAPI 3.1: " + ", ".join(f"{n} {rule}" for rule, n in sorted(counts.items())))
    for path in result.written:
        print(f"wrote {path}")
    print(
        f"next: `make validate` (our conventions are warnings for an imported spec), then `make generate`;"
        f" corrections go in {specs_dir}/overlays/{slug}.yaml, never in the spec file"
    )
    return 0


def print_releases(outcome: Outcome) -> None:
    """What each changed package's changelog entry says: version, API changes by impact, spec
    diff (the changed files are counted; ``CHANGELOG.md`` lists them)."""
    from generator.changes import Impact

    for release in outcome.releases:
        print(release.summary())
        for change in release.changes:
            if change.impact is not Impact.OTHER:
                print(f"  {change.impact.value}: {change.path}: {change.what}")
        for line in release.spec_lines:
            print(f"  spec: {line}")


def validate(files: list[Path], specs_dir: Path) -> int:
    """Problems grouped by file, then one line per spec; 1 when any problem is an error."""
    from generator.validate.report import validate_specs  # the validators: only this command needs them

    specs = files or sorted(specs_dir.glob("*.yaml"))
    if not specs:
        print(f"no specs to validate: add {specs_dir}/<slug>.yaml", file=sys.stderr)
        return 1
    report = validate_specs(specs, None if files else specs_dir)
    if report.problems:
        print(render_grouped(report.problems))
    print("\n".join(report.summaries))
    return 1 if report.failed else 0
