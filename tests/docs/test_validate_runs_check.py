"""`python -m generator validate` (what `make validate` runs) applies the docs-to-spec check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import cli

REPO = Path(__file__).resolve().parents[2]


def test_a_changed_capture_fails_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(REPO / "specs", tmp_path / "specs")
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    assert cli.main(["validate", "--specs", str(tmp_path / "specs")]) == 0
    capture = next((tmp_path / "docs" / "paxos").glob("*.txt"))
    capture.write_text(capture.read_text(encoding="utf-8").replace("page_cursor", "page_token", 1), encoding="utf-8")
    assert cli.main(["validate", "--specs", str(tmp_path / "specs")]) == 1
    assert "docs/" in capsys.readouterr().out
