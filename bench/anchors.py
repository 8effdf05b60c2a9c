"""Reference model layers for the decode section, generated for this run from the same specs.

* the stock openapi-python-client package (``openapi-python-client generate --meta none``),
  i.e. what our client was before our templates: the "about 5x the floor" anchor;
* msgspec ``Struct`` classes from datamodel-code-generator (``--output-model-type
  msgspec.Struct``): the "about 0.5x" anchor, and what a leaner model layer could reach.

Both are written to the bench's scratch directory under names that cannot shadow the
real packages (``stock_<slug>_client``, ``msgspec_<slug>``) and imported from there.
"""

from __future__ import annotations

import importlib
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

from bench.proc import REPO, VENV_BIN, Completed, run


def _commands(slug: str, folder: Path) -> dict[str, list[str]]:
    spec = str(REPO / "specs" / f"{slug}.yaml")
    return {
        f"stock_{slug}_client": [
            str(VENV_BIN / "openapi-python-client"),
            "generate",
            "--path",
            spec,
            "--meta",
            "none",
            "--output-path",
            str(folder / f"stock_{slug}_client"),
        ],
        f"msgspec_{slug}": [
            str(VENV_BIN / "datamodel-codegen"),
            "--input",
            spec,
            "--input-file-type",
            "openapi",
            "--output",
            str(folder / f"msgspec_{slug}.py"),
            "--output-model-type",
            "msgspec.Struct",
            "--formatters",
            "builtin",
            "--disable-timestamp",
        ],
    }


def build(slugs: list[str], folder: Path) -> dict[str, str]:
    """Generate every anchor (two at a time: one per core); return {module: error} for failures."""
    jobs = {name: cmd for slug in slugs for name, cmd in _commands(slug, folder).items()}
    with ThreadPoolExecutor(max_workers=2) as pool:
        done: dict[str, Completed] = dict(
            zip(jobs, pool.map(lambda cmd: run(cmd, cwd=folder), jobs.values()), strict=True)
        )
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    importlib.invalidate_caches()
    return {name: f"exit {c.returncode}: {c.tail(2)}" for name, c in done.items() if not c.ok}


def load(name: str) -> ModuleType:
    return importlib.import_module(name)
