"""Run the generator CLI as a user would, on copies of the repository's inputs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def make_workspace(tmp: Path, *, with_generated: bool = True) -> Path:
    """A throwaway copy of what generation reads (and, optionally, of generated/)."""
    work = tmp / "repo"
    work.mkdir()
    for folder in ("generator", "templates", "specs"):
        shutil.copytree(REPO_ROOT / folder, work / folder, ignore=shutil.ignore_patterns("__pycache__"))
    if with_generated and (REPO_ROOT / "generated").is_dir():
        shutil.copytree(REPO_ROOT / "generated", work / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    return work


def run_generator(work: Path, *args: str, hash_seed: str = "0") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(work), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def snapshot_tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` with its bytes: the strictest possible before/after comparison."""
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def mtimes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in sorted(root.rglob("*")) if p.is_file()}
