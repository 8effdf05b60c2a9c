"""Session fixtures: the corpus run and the hostile generation, each done once per test run.

Under pytest-xdist (``make test`` runs ``-n 2``) each worker is its own session; a lock
file in the run's shared temporary folder makes the first worker produce the results and
the other read them, so the expensive runs happen once either way.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]


def shared_dir(factory: pytest.TempPathFactory) -> Path:
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    base = factory.getbasetemp().parent / f"hardening-{run}" if run else factory.getbasetemp() / "hardening"
    base.mkdir(parents=True, exist_ok=True)
    return base


@contextmanager
def locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def once(factory: pytest.TempPathFactory, name: str, produce: Callable[[Path], dict[str, Any]]) -> dict[str, Any]:
    """``produce(folder)`` once per test run, its JSON result shared by every worker."""
    base = shared_dir(factory)
    result = base / f"{name}.json"
    with locked(base / f"{name}.lock"):
        if not result.exists():
            folder = base / name
            folder.mkdir(exist_ok=True)
            result.write_text(json.dumps(produce(folder)), encoding="utf-8")
    loaded: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    return loaded


def _run_corpus(folder: Path) -> dict[str, Any]:
    results = folder / "results.json"
    done = subprocess.run(
        [sys.executable, str(HERE / "run_corpus.py"), str(folder), str(results)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    if done.returncode != 0 or not results.exists():
        return {"__crash__": {"exit": done.returncode, "stdout": done.stdout, "stderr": done.stderr}}
    loaded: dict[str, Any] = json.loads(results.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Case name -> exit, stdout, stderr, seconds, unchanged, violations (see run_corpus.py)."""
    results = once(tmp_path_factory, "corpus", _run_corpus)
    crash = results.get("__crash__")
    assert crash is None, f"the corpus runner itself died: {crash}"
    return results


@pytest.fixture(scope="session")
def generation(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The hostile-strings and awkward-names specs generated once, audited (see generation.py)."""
    from tests.hardening.generation import generate_hostile  # imported late: keeps collection light

    return once(tmp_path_factory, "generation", generate_hostile)
