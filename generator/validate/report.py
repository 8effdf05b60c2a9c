"""Validate a set of specs and their errata: what ``python -m generator validate`` reports.

With no spec named, every ``<specs>/*.yaml`` is checked, and errata files that have no
spec are reported too.  ``validate_specs`` returns the problems and one summary line per
spec; ``generator/cli.py`` prints them (problems grouped by file, then the summaries) and
exits 1 when any problem is an error.  `make validate` runs it before Spectral; the
generation pipeline calls ``validate_spec`` itself (through ``generator.api``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.docs.check import CAPTURES_KEY, check_docs
from generator.problems import Problem, Severity, has_errors
from generator.spec.errata import errata_path, find_examples, load_errata
from generator.spec.load import LoadedSpec, display_path
from generator.spec.overlay import OVERLAY_FOLDER, overlay_path
from generator.spec.toolkit import iter_operations
from generator.validate.rules import as_advice, validate_file


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    """One line per spec: ok with its counts, or how many errors and warnings it has."""

    @property
    def failed(self) -> bool:
        return has_errors(self.problems)


def orphan_errata(specs_dir: Path, specs: list[Path]) -> list[Problem]:
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


def orphan_overlays(specs_dir: Path, specs: list[Path]) -> list[Problem]:
    """Overlays no spec picks up: their corrections would silently apply to nothing."""
    wanted = {overlay_path(p).resolve() for p in specs}
    return [
        Problem(
            display_path(path),
            "overlay without a spec of the same name",
            fix="rename it after its spec (specs/overlays/<slug>.yaml) or delete it",
            rule="overlay/orphan",
        )
        for path in sorted((specs_dir / OVERLAY_FOLDER).glob("*.yaml"))
        if path.resolve() not in wanted
    ]


def _docs_problems(spec: LoadedSpec | None, path: Path) -> list[Problem]:
    """The docs-to-spec check (generator/docs/) for a spec that lists its docs captures; their
    paths are relative to the folder that holds ``specs/`` (the repository root)."""
    info = spec.data.get("info") if spec is not None and isinstance(spec.data, dict) else None
    if spec is None or not isinstance(info, dict) or CAPTURES_KEY not in info:
        return []
    return check_docs(spec, path.resolve().parent.parent)


def validate_specs(specs: list[Path], specs_dir: Path | None = None) -> Report:
    """Validate ``specs``; with ``specs_dir``, also report errata files there that no spec has."""
    report = Report(
        problems=[] if specs_dir is None else orphan_errata(specs_dir, specs) + orphan_overlays(specs_dir, specs)
    )
    for path in specs:
        started = time.perf_counter()
        spec, found = validate_file(path)
        docs = _docs_problems(spec, path)
        found += as_advice(docs) if spec is not None and spec.imported else docs
        elapsed = time.perf_counter() - started
        report.problems += found
        errors = sum(p.severity is Severity.ERROR for p in found)
        if spec is None or errors:
            report.summaries.append(f"{display_path(path)}: {errors} error(s), {len(found) - errors} warning(s)")
            continue
        ops = sum(1 for _ in iter_operations(spec.data))
        samples = len(find_examples(spec.data))
        errata = len(load_errata(errata_path(path))[0].errata)
        report.summaries.append(
            f"{display_path(path)}: ok ({ops} operation(s), {samples} sample(s), {errata} errata, "
            f"{len(found)} warning(s), {elapsed:.2f}s)"
        )
    return report
