"""``run``: every vendor from ``specs/`` into ``generated/``, atomically and incrementally.

The stages for one spec are ``generator.api``'s (load -> validate -> emit -> compile ->
format); this module decides what needs doing (the manifest: a vendor whose inputs and
output files are unchanged is carried over), runs the vendors in worker processes (one
per core), and makes the result atomic.  It reports progress through the callback it is
given and raises ``GenerationFailed`` with located problems; it never prints.

Files: the emit stage writes each vendor's package into a staging directory beside
``generated/`` and the format stage rewrites them there; only this module picks that
directory, writes ``MANIFEST``, and touches ``generated/``.  Only when every vendor
generated, compiled and formatted cleanly is ``generated/`` swapped for the staging
directory (two renames on the same filesystem); any problem leaves it as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import manifest
from generator.api import check_spec, emit, finish
from generator.problems import GenerationFailed, Problem, has_errors
from generator.spec.discover import SpecFile, discover
from generator.spec.load import LoadedSpec, display_path

TEMPLATES = "templates"


def _quiet(_line: str) -> None:
    """No progress reported (the CLI passes its own printer)."""


@dataclass
class Outcome:
    generated: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Paths:
    root: Path
    specs: Path
    out: Path

    @property
    def templates(self) -> Path:
        return self.root / TEMPLATES


def _vendor_inputs(toolchain: str, spec: SpecFile) -> str:
    digest = manifest.vendor_inputs_digest(toolchain, spec.path)
    if spec.errata_path.is_file():
        digest = manifest.sha256(digest.encode() + spec.errata_path.read_bytes())
    return digest


def check_one(task: tuple[SpecFile, Path]) -> tuple[str, LoadedSpec | None, list[Problem]]:
    """``api.check_spec`` for one discovered spec; runs in a worker process, so large specs
    validate in parallel."""
    spec, root = task
    loaded, problems = check_spec(spec.path, root, errata=spec.errata_path)
    return spec.slug, loaded, problems


@dataclass(frozen=True)
class _Plan:
    """What this run must do: which vendors to (re)generate and which to carry over."""

    paths: Paths
    specs: list[SpecFile]
    inputs: dict[str, str]
    current: set[str]

    @property
    def todo(self) -> list[SpecFile]:
        return [s for s in self.specs if s.slug not in self.current]


def run(
    paths: Paths,
    *,
    force: bool = False,
    check: bool = False,
    jobs: int | None = None,
    progress: Callable[[str], None] = _quiet,
) -> Outcome:
    """Generate (or with ``check``, regenerate into a scratch folder and compare) every
    vendor; ``progress`` is called with one line per vendor."""
    specs, problems = discover(paths.specs, paths.root)
    if not check:
        problems += output_problems(paths)
    if problems:
        raise GenerationFailed(problems)
    toolchain = manifest.toolchain_digest(paths.root)
    inputs = {spec.slug: _vendor_inputs(toolchain, spec) for spec in specs}
    records = {} if (force or check) else manifest.read(paths.out)
    current = {s.slug for s in specs if manifest.is_current(paths.out, s.slug, records.get(s.slug), inputs[s.slug])}
    stale_dirs = _unexpected_entries(paths.out, {s.slug for s in specs})
    if len(current) == len(specs) and not stale_dirs:
        for spec in specs:
            progress(f"  {spec.slug:<12} up to date")
        return Outcome(reused=sorted(current))

    plan = _Plan(paths, specs, inputs, current)
    jobs = jobs or min(len(plan.todo), os.cpu_count() or 1)
    # One pool for both phases: validation of large specs and generation both use every core.
    with _pool(jobs if len(plan.todo) > 1 else 1) as pool:
        checked = list(pool.map(check_one, [(s, paths.root) for s in plan.todo]))
        problems = [p for _slug, _doc, found in checked for p in found]
        if has_errors(problems):
            raise GenerationFailed(problems)
        loaded = {slug: doc for slug, doc, _found in checked if doc is not None}
        paths.out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{paths.out.name}.staging-", dir=paths.out.parent))
        try:
            outcome = _build(plan, loaded, staging, pool, progress)
            if check:
                outcome.differences = _diff_trees(staging, paths.out)
            else:
                _swap(staging, paths.out)
            return outcome
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _build(
    plan: _Plan,
    loaded: dict[str, LoadedSpec],
    staging: Path,
    pool: Executor,
    progress: Callable[[str], None],
) -> Outcome:
    paths = plan.paths
    # Positions stay behind: the emit stage needs the document, not its line numbers.
    tasks = [
        (s.slug, LoadedSpec(s.path, s.display, loaded[s.slug].data), staging / s.slug, paths.templates)
        for s in plan.todo
    ]
    problems: list[Problem] = []
    for slug, found, seconds in pool.map(_generate_one, tasks):
        problems += found
        progress(f"  {slug:<12} {'FAILED' if found else 'generated'} in {seconds:.2f}s")
    if has_errors(problems):
        raise GenerationFailed(problems)

    problems += finish(staging, paths.out.name)  # one ruff run for every vendor
    if has_errors(problems):
        raise GenerationFailed(problems)
    for slug in sorted(plan.current):
        shutil.copytree(paths.out / slug, staging / slug)
    new_records = {
        s.slug: manifest.VendorRecord(inputs=plan.inputs[s.slug], files=manifest.hash_tree(staging / s.slug))
        for s in plan.specs
    }
    (staging / manifest.MANIFEST_NAME).write_text(
        manifest.render("Generated by orchestration-clients from specs/. DO NOT EDIT.", new_records), encoding="utf-8"
    )
    return Outcome(generated=sorted(s.slug for s in plan.todo), reused=sorted(plan.current))


def _generate_one(task: tuple[str, LoadedSpec, Path, Path]) -> tuple[str, list[Problem], float]:
    slug, spec, out_dir, templates = task
    started = time.perf_counter()
    problems = emit(slug, spec, out_dir, templates)  # in the worker process: it imports the tools
    return slug, problems, time.perf_counter() - started


def output_problems(paths: Paths) -> list[Problem]:
    """Why ``paths.out`` must not be replaced: generation swaps the whole folder for a new one,
    so a mistyped ``--out`` (``.``, ``specs``, a folder of one's own) would delete it."""
    out, root = paths.out.absolute(), paths.root.resolve()
    shown = str(paths.out)
    if out.is_symlink():
        return [
            Problem(shown, "the output folder is a symbolic link", fix="point --out at a real folder", rule="output")
        ]
    resolved = out.resolve()
    for precious in (root / paths.specs, root / TEMPLATES, root / "generator"):
        if resolved == precious.resolve() or precious.resolve().is_relative_to(resolved):
            return [
                Problem(
                    shown,
                    f"the output folder would replace {display_path(precious, root)}/",
                    fix="use --out generated (the default) or a new folder",
                    rule="output",
                )
            ]
    if resolved.exists() and (
        not resolved.is_dir() or (any(resolved.iterdir()) and not (resolved / manifest.MANIFEST_NAME).is_file())
    ):
        return [
            Problem(
                shown,
                f"the output folder exists and was not written by this generator (no {manifest.MANIFEST_NAME}); it would be replaced",
                fix="move it away, or use --out with a new folder",
                rule="output",
            )
        ]
    return []


def _unexpected_entries(out: Path, slugs: set[str]) -> list[str]:
    if not out.is_dir():
        return ["<missing>"]
    expected = slugs | {manifest.MANIFEST_NAME}
    return sorted(p.name for p in out.iterdir() if p.name not in expected)


def _swap(staging: Path, out: Path) -> None:
    backup = out.with_name(f".{out.name}.previous")
    shutil.rmtree(backup, ignore_errors=True)
    if out.exists():
        out.rename(backup)
    staging.rename(out)
    shutil.rmtree(backup, ignore_errors=True)


def _diff_trees(new: Path, old: Path) -> list[str]:
    new_files = manifest.hash_tree(new)
    old_files = manifest.hash_tree(old) if old.is_dir() else {}
    lines = []
    for name in sorted(new_files.keys() | old_files.keys()):
        if name not in old_files:
            lines.append(f"missing from {old.name}/: {name}")
        elif name not in new_files:
            lines.append(f"not generated by the current specs/templates: {old.name}/{name}")
        elif new_files[name] != old_files[name]:
            lines.append(f"differs: {old.name}/{name}")
    return lines


class _InProcess(Executor):
    """One job, or one vendor: no worker start-up to pay."""

    def map(self, fn: Callable[..., Any], *iterables: Any, **_: Any) -> Any:
        return map(fn, *iterables)


def _pool(jobs: int) -> AbstractContextManager[Executor]:
    # Workers are forked: imports already done in the parent are shared, and the heavy
    # tools are imported by the workers themselves (see _generate_one).
    return ProcessPoolExecutor(max_workers=jobs) if jobs > 1 else _InProcess()
