"""Hostile but valid specs generate a safe client: tests on the one audited generation run.

Hostile strings (triple quotes, backslashes, newlines followed by code, ``__import__``,
Jinja syntax, Unicode separators and homoglyphs in text) and awkward names (keywords,
builtins, non-identifiers) are sanitized or escaped, not refused: each lands in a docstring,
a string literal or an identifier where the generators escape it, so refusing would only
block real vendors.  What must hold: exit 0, the code compiles and passes ``mypy
--strict``, importing it and calling every function runs nothing but the client, and
nothing is written outside ``generated/``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.hardening import audit
from tests.hardening.cases import REPO_ROOT
from tests.hardening.generation import SENTINEL, SPECS

HERE = Path(__file__).resolve().parent


def _projects(generation: dict[str, Any]) -> list[Path]:
    return [Path(generation["work"]) / "generated" / slug for slug in SPECS]


def test_hostile_strings_and_awkward_names_generate(generation: dict[str, Any]) -> None:
    assert generation["exit"] == 0, generation["stderr"]
    assert "2 generated" in generation["stdout"]
    assert "Traceback" not in generation["stderr"]


def test_hostile_generation_writes_only_inside_generated(generation: dict[str, Any]) -> None:
    outside = [path for path in generation["changed"] if not path.startswith("repo/generated")]
    assert outside == [], "written outside generated/ (the whole folder around the repository was listed)"
    assert any(path.startswith("repo/generated/hostile/hostile_client/") for path in generation["changed"])


def test_hostile_title_and_tag_make_no_paths(generation: dict[str, Any]) -> None:
    # info.title is "../../../../tmp/escaped /etc/passwd ..." and the tag "../../../escaped tag".
    package = Path(generation["work"]) / "generated" / "hostile" / "hostile_client"
    assert sorted(p.name for p in (package / "api").iterdir() if p.is_dir()) == ["escaped_tag"]
    assert not any(".." in part for path in generation["changed"] for part in Path(path).parts)


def test_generation_opens_no_connection_and_reads_nothing_outside(generation: dict[str, Any]) -> None:
    violations = [v for v in generation["violations"] if v["kind"] != "process"]
    assert violations == []


def test_spec_text_is_never_rendered_as_template_source(generation: dict[str, Any]) -> None:
    # The Jinja payload {{ cycler.__init__.__globals__.os.system(...) }} would start a shell.
    started = [v["detail"] for v in generation["violations"] if v["kind"] == "process"]
    assert started, "ruff runs as a child process: the hook must have seen it"
    assert all(detail.startswith("subprocess.Popen") and "/ruff'" in detail for detail in started), started
    assert generation["sentinels"] == []
    readme = (_projects(generation)[0] / "README.md").read_text(encoding="utf-8")
    client = (_projects(generation)[0] / "hostile_client" / "client.py").read_text(encoding="utf-8")
    assert "7*7" in readme + client and "49" not in client, "Jinja syntax in spec text was evaluated"


def test_hostile_generated_code_compiles(generation: dict[str, Any]) -> None:
    files = [path for project in _projects(generation) for path in sorted(project.rglob("*.py"))]
    assert len(files) > 40
    for path in files:
        compile(path.read_text(encoding="utf-8"), str(path), "exec", dont_inherit=True)


def test_hostile_generated_code_passes_mypy_strict(generation: dict[str, Any]) -> None:
    projects = _projects(generation)
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(REPO_ROOT / ".mypy_cache" / "hardening")]
        + [arg for project in projects for arg in ("-p", f"{project.name}_client")],
        env={**os.environ, "MYPYPATH": os.pathsep.join(map(str, projects))},
        cwd=projects[0].parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_importing_and_calling_every_function_runs_no_payload(generation: dict[str, Any], tmp_path: Path) -> None:
    log = tmp_path / "calls.log"
    done = subprocess.run(
        [sys.executable, str(HERE / "call_all.py"), str(log), *map(str, _projects(generation))],
        cwd=tmp_path,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["errors"] == []
    assert len(summary["calls"]) == 8, "four flavours of one operation in each package"
    assert summary["models"], "no model was parsed"
    assert audit.read_log(str(log)) == [], "the generated code did more than its own work"
    assert list(tmp_path.glob(f"*{SENTINEL}*")) == []


def test_awkward_names_are_sanitized_not_refused(generation: dict[str, Any]) -> None:
    module = _projects(generation)[1] / "awkward_client" / "api" / "things" / "make_thing.py"
    source = module.read_text(encoding="utf-8")
    for identifier in (
        "class_",
        "from_",
        "import_",
        "type_",
        "list_",
        "print_",
        "self_",
        "field_1st",
        "created_at_gte",
        "with_space",
        "名前",
        "filter_",
    ):
        assert f"{identifier}:" in source, identifier
    model = (_projects(generation)[1] / "awkward_client" / "models" / "awkward.py").read_text(encoding="utf-8")
    assert '"created_at.gte"' in model and '"$ref"' in model, "the wire names are kept as data"
