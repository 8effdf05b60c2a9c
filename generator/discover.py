"""Find the vendor specs: every ``specs/*.yaml``; the file stem is the vendor slug."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import names
from generator.load import display_path
from generator.problems import Problem


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
        return [], [Problem(display_path(specs_dir, repo_root), "specs directory not found", fix="create specs/ with one <slug>.yaml per vendor", rule="discover")]
    for path in sorted(specs_dir.glob("*.yaml")):
        shown = display_path(path, repo_root)
        why = names.slug_problem(path.stem)
        if why:
            problems.append(Problem(shown, f"cannot name a vendor package: {why}", fix="rename the file to <slug>.yaml, e.g. specs/acme.yaml", rule="slug"))
            continue
        if path.is_symlink():
            problems.append(Problem(shown, "spec is a symbolic link", fix="copy the spec into specs/ instead of linking it", rule="symlink"))
            continue
        found.append(SpecFile(path.stem, path, shown, specs_dir / "errata" / f"{path.stem}.yaml"))
    if not found and not problems:
        problems.append(Problem(display_path(specs_dir, repo_root), "no specs found", fix="add specs/<slug>.yaml", rule="discover"))
    return found, problems
