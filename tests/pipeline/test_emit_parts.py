"""A vendor's emit as two parts (``generator.emit.package.PARTS``): the pipeline runs the
client and the pydantic models as separate worker tasks, so what the two write must be
exactly what one emit writes, and one vendor alone must get two workers."""

from __future__ import annotations

from concurrent.futures import Executor
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from generator import pipeline
from generator.api import check_spec, emit
from generator.emit.package import PARTS
from generator.spec.load import LoadedSpec
from tests.pipeline.helpers import REPO_ROOT

SPEC = REPO_ROOT / "specs" / "b3os.yaml"


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_parts_together_write_exactly_what_one_emit_writes(tmp_path: Path) -> None:
    loaded, problems = check_spec(SPEC, REPO_ROOT)
    assert loaded is not None, problems
    assert emit("b3os", loaded, tmp_path / "whole") == []
    for part in PARTS:
        assert emit("b3os", loaded, tmp_path / "parts", parts=(part,)) == []
        assert _files(tmp_path / "parts"), part
    whole, parts = _files(tmp_path / "whole"), _files(tmp_path / "parts")
    assert parts == whole
    models = {name for name in whole if name.endswith(("pydantic_models.py", "pydantic_types.py"))}
    assert len(models) == 2
    assert set(_files(_only(tmp_path, loaded, "models"))) == models  # the models part writes only those


def _only(tmp_path: Path, loaded: LoadedSpec, part: str) -> Path:
    out = tmp_path / f"only-{part}"
    assert emit("b3os", loaded, out, parts=(part,)) == []
    return out


def test_one_vendor_gets_a_worker_per_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "errata").mkdir()
    (specs / "b3os.yaml").write_bytes(SPEC.read_bytes())
    (specs / "errata" / "b3os.yaml").write_bytes((SPEC.parent / "errata" / "b3os.yaml").read_bytes())
    asked: list[int] = []

    def pool(jobs: int) -> AbstractContextManager[Executor]:
        asked.append(jobs)
        return pipeline._InProcess()

    monkeypatch.setattr(pipeline, "_pool", pool)
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    outcome = pipeline.run(pipeline.Paths(root=REPO_ROOT, specs=specs, out=tmp_path / "generated"))
    assert outcome.generated == ["b3os"]
    assert asked == [len(PARTS)]
