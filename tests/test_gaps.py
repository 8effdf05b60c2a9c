"""The gap registry (tests/gaps.py) keeps its promise: a listed case that passes fails the run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.gaps import Gap, gap_marks, reason_for, stale_patterns

REPO_ROOT = Path(__file__).resolve().parents[1]

SUITE = """
import pytest

from tests.gaps import Gap, gap_marks

KNOWN = (
    Gap("faults", ("still-broken/*",), "the runtime still gets this wrong"),
    Gap("faults", ("fixed/sync",), "the runtime got this wrong until the fix landed"),
)
CASES = {"still-broken/sync": False, "still-broken/async": False, "fixed/sync": True, "fixed/async": True}


@pytest.mark.parametrize(
    "passes", [pytest.param(v, id=k, marks=gap_marks("faults", k, KNOWN)) for k, v in CASES.items()]
)
def test_case(passes: bool) -> None:
    assert passes
"""


def test_a_listed_case_that_passes_fails_the_run(tmp_path: Path) -> None:
    (tmp_path / "test_listed.py").write_text(SUITE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:cacheprovider", "-rxX", "test_listed.py"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "[XPASS(strict)] the runtime got this wrong until the fix landed" in done.stdout, done.stdout
    assert "1 failed, 1 passed, 2 xfailed" in done.stdout, done.stdout


def test_each_suite_sees_only_its_own_gaps_and_stale_patterns_are_found() -> None:
    known = (Gap("conformance", ("paxos/*/errata", "nowhere/*"), "r1"), Gap("hardening", ("test_x",), "r2"))
    assert reason_for("conformance", "paxos/list/errata", known) == "r1"
    assert reason_for("hardening", "paxos/list/errata", known) is None
    assert gap_marks("faults", "test_x", known) == []
    assert [m.kwargs for m in gap_marks("hardening", "test_x", known)] == [{"strict": True, "reason": "r2"}]
    assert stale_patterns("conformance", ["paxos/list/errata"], known) == ["nowhere/*"]
