"""ARCHITECTURE.md's claims, checked on the tree, and each check shown to catch a planted violation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.architecture.checks import (
    PACKAGE_DEPENDENCIES,
    forbidden_imports,
    foreign_imports,
    imports,
    long_modules,
    missing_headers,
    output_writes,
    prints,
    python_files,
)

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "generator"
RUNTIME = GENERATOR / "runtime"
GENERATED = ROOT / "generated"
PACKAGES = sorted(p for p in GENERATED.glob("*/*_client") if p.is_dir())
MAX_LINES = 500
"""Hand-written modules stay small: the largest (generator/validate/rules.py) is about 440 lines."""


def generator_files(root: Path = ROOT) -> list[Path]:
    """generator/ without the runtime, which is copied into packages rather than imported."""
    return [p for p in python_files(root / "generator") if not p.is_relative_to(root / "generator" / "runtime")]


def generator_forbidden(root: Path = ROOT) -> list[str]:
    generated = [p.name for p in (root / "generated").glob("*/*_client")]
    return ["tests", "generated", "bench", "generator.runtime", *generated]


def plant(tmp_path: Path, relative: str, source: str) -> Path:
    path = tmp_path / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    return path


# --- import rules ---------------------------------------------------------------------------


def test_there_is_something_to_check() -> None:
    assert len(generator_files()) > 20 and len(python_files(RUNTIME)) > 5 and len(PACKAGES) == 5


def test_generator_never_imports_tests_bench_generated_or_the_runtime() -> None:
    assert forbidden_imports(generator_files(), ROOT, generator_forbidden()) == []


def test_the_runtime_imports_only_the_stdlib_its_dependencies_and_itself() -> None:
    assert foreign_imports(python_files(RUNTIME), ROOT, "generator.runtime", PACKAGE_DEPENDENCIES) == []


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_each_generated_package_imports_nothing_outside_itself(package: Path) -> None:
    assert foreign_imports(python_files(package), package.parent, package.name, PACKAGE_DEPENDENCIES) == []


def test_import_checks_catch_planted_imports(tmp_path: Path) -> None:
    stage = plant(tmp_path, "generator/emit/x.py", "def f():\n    from tests.support import prism\n")
    runtime = plant(tmp_path, "generator/runtime/_x.py", "from . import _types\nimport yaml\n")
    copied = plant(tmp_path, "generated/acme/acme_client/api/x.py", "from .. import types\nimport dateutil.parser\n")
    relative = plant(tmp_path, "generator/spec/y.py", "from ..runtime import _types\n")
    dynamic = plant(tmp_path, "generator/z.py", "import importlib\nimportlib.import_module('bench.proc')\n")
    assert [i.module for i in imports(runtime, tmp_path)] == ["generator.runtime", "yaml"]
    found = forbidden_imports([stage, relative, dynamic], tmp_path, generator_forbidden(tmp_path))
    assert found == [
        "generator/emit/x.py:2: imports tests.support",
        "generator/spec/y.py:1: imports generator.runtime",
        "generator/z.py:2: imports bench.proc",
    ]
    assert foreign_imports([runtime], tmp_path, "generator.runtime", PACKAGE_DEPENDENCIES) == [
        "generator/runtime/_x.py:2: imports yaml"
    ]
    package = tmp_path / "generated" / "acme"
    assert foreign_imports([copied], package, "acme_client", PACKAGE_DEPENDENCIES) == [
        "acme_client/api/x.py:2: imports dateutil.parser"
    ]


# --- only the CLI prints; only the pipeline replaces output --------------------------------------


def test_only_the_cli_prints() -> None:
    assert prints([p for p in python_files(GENERATOR) if p != GENERATOR / "cli.py"], ROOT) == []
    assert prints([GENERATOR / "cli.py"], ROOT), "the CLI prints: the check must see it"


def test_the_print_check_catches_every_way_to_write_to_the_terminal(tmp_path: Path) -> None:
    ways = {
        "print('x')": "calls print()",
        "import sys\nsys.stderr.write('x')": "uses sys.stderr",
        "from sys import stdout": "imports sys.stdout/stderr",
        "import traceback\ntraceback.print_exc()": "calls traceback.print_exc()",
        "import subprocess\nsubprocess.run(['ruff'])": "subprocess.run() without capturing its output",
    }
    for index, (source, what) in enumerate(ways.items()):
        path = plant(tmp_path, f"generator/m{index}.py", source + "\n")
        assert [line.split(": ", 1)[1] for line in prints([path], tmp_path)] == [what], source


def test_only_the_pipeline_removes_renames_or_copies_output() -> None:
    # The importer writes specs/ (never generated/): its two files staged, then renamed in place.
    writers = {GENERATOR / "pipeline.py", GENERATOR / "spec" / "importer.py"}
    others = [p for p in generator_files() if p not in writers]
    assert output_writes(others, ROOT) == []
    assert output_writes([GENERATOR / "pipeline.py"], ROOT), "the pipeline swaps folders: the check must see it"


# --- generated files, module size ---------------------------------------------------------------


def test_every_generated_file_starts_with_the_do_not_edit_header() -> None:
    files = sorted(p for p in GENERATED.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    assert len(files) > 100
    assert missing_headers(files, ROOT) == []


def test_the_header_check_catches_a_file_without_it(tmp_path: Path) -> None:
    good = plant(tmp_path, "a.py", "# Generated by orchestration-clients from specs/acme.yaml. DO NOT EDIT.\nx = 1\n")
    readme = plant(
        tmp_path, "README.md", "<!-- Generated by orchestration-clients from specs/acme.yaml. DO NOT EDIT. -->\n"
    )
    edited = plant(tmp_path, "b.py", "x = 1\n# Generated by orchestration-clients from specs/acme.yaml. DO NOT EDIT.\n")
    assert missing_headers([good, readme, edited], tmp_path) == ["b.py: first line is 'x = 1'"]


def test_no_hand_written_module_is_long() -> None:
    files = [*python_files(GENERATOR), *python_files(ROOT / "tests"), *python_files(ROOT / "bench")]
    assert long_modules(files, ROOT, MAX_LINES) == []


def test_the_size_check_catches_a_long_module(tmp_path: Path) -> None:
    path = plant(tmp_path, "bench/long.py", "x = 1\n" * (MAX_LINES + 1))
    assert long_modules([path], tmp_path, MAX_LINES) == [f"bench/long.py: {MAX_LINES + 1} lines"]
