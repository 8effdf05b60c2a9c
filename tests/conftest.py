"""Shared test set-up: the generated packages are importable without installing them.

Each ``generated/<slug>/`` is a project directory holding the import package
``<slug>_client``; putting every one of them on sys.path is what ``pip install -e`` of all
five would do, without writing anything into the tree.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
GENERATED = REPO_ROOT / "generated"

for project in sorted(GENERATED.glob("*/")):
    if (project / "pyproject.toml").is_file() and str(project) not in sys.path:
        sys.path.insert(0, str(project))
