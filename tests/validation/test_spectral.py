"""Spectral (`.spectral.yaml`) beside our rules: it rejects the broken fragments of the rules
it can express, with the Spectral rule that stands for ours, and passes the good and real specs.

Needs `npm ci` (node_modules/). Skipped without it on a developer's machine; in CI (CI set)
a missing Spectral is a failure, never a skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
BROKEN = HERE / "broken"
SPECTRAL = REPO_ROOT / "node_modules" / ".bin" / "spectral"

# Our rule -> the Spectral rule that reports the same fault (see .spectral.yaml).
COVERED = {
    "openapi-spec": "oas3-schema",
    "lint/local-refs": "invalid-ref",
    "lint/operation-id": "operation-operationId",
    "lint/operation-summary": "project-operation-summary",
    "lint/operation-docs-url": "project-operation-docs-url",
    "lint/parameter-description": "oas3-parameter-description",
    "lint/no-additional-properties-false": "project-no-additional-properties-false",
}
FAILING = (0, 1)  # Spectral severities error and warn: what `--fail-severity warn` fails on


def _fragments(rule: str) -> list[Path]:
    return sorted((BROKEN / rule).glob("*.yaml"))


def _passing() -> list[Path]:
    return sorted((HERE / "good").glob("*.yaml")) + sorted((REPO_ROOT / "specs").glob("*.yaml"))


@pytest.fixture(scope="module")
def spectral_results() -> dict[str, list[dict[str, Any]]]:
    """One Spectral run over every file these tests look at (start-up is ~1.5 s), by file."""
    if not SPECTRAL.exists():
        if os.environ.get("CI"):
            pytest.fail("Spectral is not installed (node_modules/.bin/spectral): CI must run `npm ci` first")
        pytest.skip("Spectral not installed: run `npm ci` (or `make setup`) to run these tests")
    if shutil.which("node") is None:
        pytest.fail("node is not on PATH, but node_modules/ exists")
    files = [p for rule in COVERED for p in _fragments(rule)] + _passing()
    run = subprocess.run(
        [str(SPECTRAL), "lint", *map(str, files), "--ruleset", ".spectral.yaml", "--resolver", ".spectral-resolver.js",
         "--format", "json", "--quiet", "--fail-severity", "error"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode in (0, 1), f"spectral crashed ({run.returncode}):\n{run.stderr}"
    by_file: dict[str, list[dict[str, Any]]] = {str(p.resolve()): [] for p in files}
    for result in json.loads(run.stdout or "[]"):
        by_file.setdefault(str(Path(result["source"]).resolve()), []).append(result)
    return by_file


@pytest.mark.parametrize(
    ("rule", "path"),
    [(rule, p) for rule in COVERED for p in _fragments(rule)],
    ids=lambda v: v if isinstance(v, str) else v.name,
)
def test_spectral_rejects_broken_fragment(
    rule: str, path: Path, spectral_results: dict[str, list[dict[str, Any]]]
) -> None:
    failing = {
        (r["code"], r["range"]["start"]["line"] + 1)
        for r in spectral_results[str(path.resolve())]
        if r["severity"] in FAILING
    }
    assert {code for code, _ in failing} == {COVERED[rule]}, failing


@pytest.mark.parametrize("path", _passing(), ids=lambda p: p.relative_to(REPO_ROOT).as_posix())
def test_spectral_passes(path: Path, spectral_results: dict[str, list[dict[str, Any]]]) -> None:
    failing = [
        f"{r['range']['start']['line'] + 1}: {r['code']}: {r['message']}"
        for r in spectral_results[str(path.resolve())]
        if r["severity"] in FAILING
    ]
    assert failing == []


def test_every_covered_rule_has_a_fragment() -> None:
    assert all(_fragments(rule) for rule in COVERED)


def test_spectral_for_imported_specs_only_warns_about_our_conventions() -> None:
    """`.spectral-imported.yaml` (what `make validate` lints an imported spec with, failing on
    errors only): each fragment that breaks one of our conventions gives warnings, no error,
    while a correctness fault (a broken $ref) is still an error."""
    if not SPECTRAL.exists():
        pytest.skip("Spectral not installed: run `npm ci` (or `make setup`) to run these tests")
    from generator.validate.rules import CONVENTION_RULES

    conventions = [p for rule in sorted(COVERED.keys() & CONVENTION_RULES) for p in _fragments(rule)]
    broken_ref = _fragments("lint/local-refs")
    run = subprocess.run(
        [str(SPECTRAL), "lint", *map(str, conventions + broken_ref), "--ruleset", ".spectral-imported.yaml",
         "--resolver", ".spectral-resolver.js", "--format", "json", "--quiet", "--fail-severity", "error"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode in (0, 1), f"spectral crashed ({run.returncode}):\n{run.stderr}"
    results = json.loads(run.stdout or "[]")
    errors = {(Path(r["source"]).parent.name, r["code"]) for r in results if r["severity"] == 0}
    warned = {Path(r["source"]).parent.name for r in results if r["severity"] == 1}
    assert errors == {("local-refs", "invalid-ref")}
    assert {p.parent.name for p in conventions} <= warned
    assert len(conventions) == 4
