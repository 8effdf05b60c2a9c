"""CLI error paths that no spec can reach: tracebacks only with --debug, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import cli
from generator.pipeline import Paths, output_problems


def _explode(*_: object, **__: object) -> None:
    raise RuntimeError("boom")


@pytest.mark.parametrize("debug", [False, True])
def test_internal_error_prints_a_traceback_only_with_debug(
    debug: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "run", _explode)
    code = cli.main(["generate", *(["--debug"] if debug else [])])
    err = capsys.readouterr().err
    assert code == 2
    assert "internal error: RuntimeError: boom" in err
    assert ("Traceback" in err) is debug


def test_output_folder_must_be_a_generated_tree(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    paths = Paths(root=tmp_path, specs=Path("specs"), out=tmp_path / "generated")
    assert output_problems(paths) == [], "a missing output folder is created"
    (tmp_path / "generated").mkdir()
    assert output_problems(paths) == [], "an empty one is fine"
    (tmp_path / "generated" / "MANIFEST").write_text("# x\n{}\n")
    (tmp_path / "generated" / "paxos").mkdir()
    assert output_problems(paths) == [], "an earlier generation is replaced"
    (tmp_path / "generated" / "MANIFEST").unlink()
    assert [p.rule for p in output_problems(paths)] == ["output"]
    link = tmp_path / "linked"
    link.symlink_to(tmp_path / "generated")
    assert [p.rule for p in output_problems(Paths(tmp_path, Path("specs"), link))] == ["output"]


def test_validate_without_specs_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    assert cli.main(["validate"]) == 1
    assert capsys.readouterr().err == "no specs to validate: add specs/<slug>.yaml\n"


def test_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["regenerate"])
    assert exited.value.code == 2
    assert "invalid choice: 'regenerate'" in capsys.readouterr().err
