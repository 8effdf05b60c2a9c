"""The pipeline's promises: golden record, determinism, atomicity, no-op, no litter."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from tests.pipeline.helpers import REPO_ROOT, make_workspace, mtimes, run_generator, snapshot_tree

SLUGS = sorted(p.stem for p in (REPO_ROOT / "specs").glob("*.yaml"))


def test_golden_record_generated_tree_is_exactly_what_generation_writes(tmp_path: Path) -> None:
    """The committed generated/ is byte-for-byte a fresh generation (what `make check` gates in CI)."""
    work = make_workspace(tmp_path)
    before = snapshot_tree(work / "generated")
    result = run_generator(work, "generate", "--force")
    assert result.returncode == 0, result.stderr
    after = snapshot_tree(work / "generated")
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert changed == [], f"generated/ drifted from specs/templates: {changed[:20]}"


def test_generation_is_deterministic_across_hash_seeds(tmp_path: Path) -> None:
    trees = []
    for seed in ("1", "4242"):
        (tmp_path / seed).mkdir()
        work = make_workspace(tmp_path / seed, with_generated=False)
        result = run_generator(work, "generate", "--jobs", "1", hash_seed=seed)
        assert result.returncode == 0, result.stderr
        trees.append(snapshot_tree(work / "generated"))
    assert trees[0].keys() == trees[1].keys()
    assert [k for k in trees[0] if trees[0][k] != trees[1][k]] == []


def test_second_run_is_a_no_op(tmp_path: Path) -> None:
    work = make_workspace(tmp_path)
    first = run_generator(work, "generate")
    assert first.returncode == 0, first.stderr
    before = mtimes(work / "generated")
    second = run_generator(work, "generate")
    assert second.returncode == 0, second.stderr
    assert f"0 generated, {len(SLUGS)} up to date" in second.stdout
    assert mtimes(work / "generated") == before, "a no-op run rewrote files"


def test_hand_edit_under_generated_is_undone(tmp_path: Path) -> None:
    work = make_workspace(tmp_path)
    package = work / "generated" / SLUGS[0]
    committed = snapshot_tree(package)
    target = next(package.rglob("client.py"))
    pristine = target.read_bytes()
    target.write_bytes(pristine + b"\n# hand edit\n")
    result = run_generator(work, "generate")
    assert result.returncode == 0, result.stderr
    assert f"{SLUGS[0]:<12} generated" in result.stdout
    assert target.read_bytes() == pristine
    assert snapshot_tree(package) == committed, "undoing a hand edit is no release: same version and changelog"


def test_failure_halfway_leaves_generated_untouched(tmp_path: Path) -> None:
    """Every vendor generates, then the compile check fails on one file: nothing is written."""
    work = make_workspace(tmp_path)
    template = work / "templates" / "client" / "errors.py.jinja"
    template.write_text(template.read_text(encoding="utf-8") + "\ndef broken(:\n", encoding="utf-8")
    before = snapshot_tree(work / "generated")
    result = run_generator(work, "generate")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "errors.py" in result.stderr and "does not compile" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot_tree(work / "generated") == before
    assert [p.name for p in work.iterdir() if p.name.startswith(".generated")] == []


def test_check_reports_drift(tmp_path: Path) -> None:
    work = make_workspace(tmp_path)
    victim = next((work / "generated").rglob("README.md"))
    victim.write_text(victim.read_text(encoding="utf-8") + "drift\n", encoding="utf-8")
    result = run_generator(work, "check")
    assert result.returncode == 1
    assert "differs: generated/" in result.stderr


def test_no_litter_in_generated() -> None:
    litter = [p for p in (REPO_ROOT / "generated").rglob("*") if p.name in {".ruff_cache", ".gitignore", ".mypy_cache"}]
    assert litter == []


@pytest.mark.parametrize("slug", SLUGS)
def test_every_generated_file_has_the_header(slug: str) -> None:
    spec = f"specs/{slug}.yaml"
    for path in sorted((REPO_ROOT / "generated" / slug).rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert spec in first and "DO NOT EDIT" in first, f"{path}: {first!r}"


@pytest.mark.parametrize("slug", SLUGS)
def test_generated_package_imports(slug: str) -> None:
    package = importlib.import_module(f"{slug}_client")
    importlib.import_module(f"{slug}_client.pydantic_models")
    importlib.import_module(f"{slug}_client.models")
    assert package.__name__ == f"{slug}_client"
