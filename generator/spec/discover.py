"""Find the vendor specs: every ``specs/*.yaml``; the file stem is the vendor slug.

Everything the pipeline will read is judged here, before any of it is read: the slug
(it becomes a directory and a package name), symbolic links (a spec or errata file that
points elsewhere would make the generator read outside the repository), and the size
(the manifest hashes a spec before it is loaded, so the cap must hold here too).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import names
from generator.problems import Problem
from generator.spec.load import display_path, size_problem

NEAR_MISSES = ("*.yml", "*.json", "*.YAML", "*.YML", "*.JSON")
"""Spec-like files the pipeline does not pick up: silently skipping one would skip a vendor."""


@dataclass(frozen=True)
class SpecFile:
    slug: str
    path: Path
    display: str
    errata_path: Path


def discover(specs_dir: Path, repo_root: Path) -> tuple[list[SpecFile], list[Problem]]:
    found: list[SpecFile] = []
    problems: list[Problem] = []
    if not specs_dir.is_dir():
        return [], [
            Problem(
                display_path(specs_dir, repo_root),
                "specs directory not found",
                fix="create specs/ with one <slug>.yaml per vendor",
                rule="discover",
            )
        ]
    for path in sorted(p for pattern in NEAR_MISSES for p in specs_dir.glob(pattern)):
        problems.append(
            Problem(
                display_path(path, repo_root),
                "not picked up: specs are named <slug>.yaml",
                fix=f"rename it to specs/{path.stem.lower()}.yaml (YAML, or JSON, which is YAML too)",
                rule="discover",
            )
        )
    for path in sorted(specs_dir.glob("*.yaml")):
        spec = _spec_file(path, specs_dir, repo_root, problems)
        if spec is not None:
            found.append(spec)
    if not found and not problems:
        problems.append(
            Problem(display_path(specs_dir, repo_root), "no specs found", fix="add specs/<slug>.yaml", rule="discover")
        )
    return found, problems


def _spec_file(path: Path, specs_dir: Path, repo_root: Path, problems: list[Problem]) -> SpecFile | None:
    shown = display_path(path, repo_root)
    why = names.slug_problem(path.stem)
    if why:
        fix = "rename the file to <slug>.yaml, e.g. specs/acme.yaml"
        problems.append(Problem(shown, f"cannot name a vendor package: {why}", fix=fix, rule="slug"))
        return None
    errata = specs_dir / "errata" / f"{path.stem}.yaml"
    inside = specs_dir.resolve()
    for candidate, what in ((path, "spec"), (errata, "errata file")):
        linked = candidate.is_symlink() or (candidate.exists() and not candidate.resolve().is_relative_to(inside))
        if linked:
            fix = f"copy the {what} into {specs_dir.name}/ instead of linking to it"
            problems.append(Problem(display_path(candidate, repo_root), f"{what} is a link", fix=fix, rule="symlink"))
            return None
    if not path.is_file():
        problems.append(Problem(shown, "not a regular file", fix="a spec is a YAML file", rule="discover"))
        return None
    too_large = size_problem(shown, path.stat().st_size)
    if too_large:
        problems.append(too_large)
        return None
    return SpecFile(path.stem, path, shown, errata)
