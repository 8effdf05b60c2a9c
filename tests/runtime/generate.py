"""Generate a package from a test spec into a temporary folder with the generator's own
per-vendor function (``generator.api.generate_vendor``), and import it."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

from generator import names
from generator.api import generate_vendor

REPO = Path(__file__).resolve().parents[2]


def generate_package(spec: Path, out: Path) -> ModuleType:
    """Test fixtures exercise the generator and are not documented vendor specs (no docs
    URLs, no samples), so the project's documentation rules are off; the names are checked."""
    project = out / spec.stem
    problems = generate_vendor(spec, project, root=REPO, project_rules=False)
    assert problems == [], "\n".join(p.render() for p in problems)
    sys.path.insert(0, str(project))
    importlib.invalidate_caches()
    return importlib.import_module(names.package_name(spec.stem))
