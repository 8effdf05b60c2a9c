"""A virtual environment holding only what a user of the generated packages would have: the
packages themselves and their runtime dependency (httpx, with what it needs),
copied file by file from this interpreter's installed distributions (no index, no network,
no build backend): pydantic, pytest and the repository are not importable from it.

``python -m venv --without-pip`` makes the environment; each dependency's files are copied
from its installed distribution (``importlib.metadata``: the same files pip installed,
``*.dist-info`` included); a generated package is copied in as its folder, the way the
README's "copy the folder" install works.
"""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOTS = ("httpx",)


def requirements_closure(roots: tuple[str, ...] = ROOTS) -> list[str]:
    """The installed distributions ``roots`` need at run time (extras left out)."""
    found: list[str] = []
    pending = list(roots)
    while pending:
        name = pending.pop()
        key = name.lower().replace("_", "-")
        if key in found:
            continue
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue  # a marker-only requirement for another Python
        found.append(key)
        for requirement in dist.requires or []:
            if "extra ==" in requirement:
                continue
            match = re.match(r"[A-Za-z0-9_.-]+", requirement)
            if match:
                pending.append(match.group(0))
    return sorted(found)


def site_packages(venv: Path) -> Path:
    return venv / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"


def python(venv: Path) -> Path:
    return venv / "bin" / "python"


def build(venv: Path, packages: list[Path], roots: tuple[str, ...] = ROOTS) -> Path:
    """The environment at ``venv`` with the import packages ``packages`` (folders) and the
    distributions ``roots`` need; its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, capture_output=True)
    target = site_packages(venv)
    for name in requirements_closure(roots):
        dist = importlib.metadata.distribution(name)
        for file in dist.files or []:
            if file.parts[0] == ".." or "__pycache__" in file.parts:
                continue
            destination = target / file
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(str(dist.locate_file(file))), destination)
    for package in packages:
        shutil.copytree(package, target / package.name, ignore=shutil.ignore_patterns("__pycache__"))
    return python(venv)
