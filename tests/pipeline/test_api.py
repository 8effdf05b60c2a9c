"""``generator.api.generate_vendor``: one spec into one folder, problems returned, nothing
written when a stage before emit finds an error.  (A whole package generated through it:
tests/runtime/test_fixture_spec.py, tests/hardening/test_gaps.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.api import generate_vendor
from tests.pipeline.helpers import REPO_ROOT

CORPUS = REPO_ROOT / "tests" / "hardening" / "corpus"


def test_a_file_name_that_is_no_slug_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    spec = shutil.copy(CORPUS / "base.yaml", tmp_path / "My-Vendor.yaml")
    (problem,) = generate_vendor(Path(spec), tmp_path / "out", root=tmp_path)
    assert (problem.rule, problem.file) == ("slug", "My-Vendor.yaml")
    assert not (tmp_path / "out").exists()


def test_problems_of_load_and_validation_come_back_located_and_nothing_is_written(tmp_path: Path) -> None:
    malformed = Path(shutil.copy(CORPUS / "malformed_yaml.yaml", tmp_path / "vendor.yaml"))
    (problem,) = generate_vendor(malformed, tmp_path / "out", root=tmp_path)
    assert (problem.rule, problem.file, problem.line) == ("yaml-syntax", "vendor.yaml", 21)
    invalid = Path(shutil.copy(CORPUS / "schema_violation.yaml", tmp_path / "other.yaml"))
    problems = generate_vendor(invalid, tmp_path / "out", root=tmp_path)
    assert [p.rule for p in problems] == ["openapi-spec"]
    assert problems[0].pointer == "/paths/~1things/get/parameters/2/in"
    assert not (tmp_path / "out").exists()
