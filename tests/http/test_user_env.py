"""The packages as a user meets them: a fresh virtual environment holding only the generated
packages and their runtime dependencies (tests/support/isolated_env.py: no pydantic, no
repository on the path), where
- each README's quickstart runs against Prism, credentials from the environment;
- the README programs (resources, pagination, raw responses, errors; sync and asyncio) pass
  ``mypy --strict`` and pyright strict, and a typo in an enum argument fails both;
- ``pyright --verifytypes`` scores each package 100% (every public symbol fully typed, the
  pydantic models included: there the environment also holds pydantic, the optional extra).
One environment and one run of each checker for all packages: about 30 s on two cores."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import GENERATED, REPO_ROOT
from tests.http.conftest import running_in_ci
from tests.http.readme_blocks import FAILURE_LINES, blocks, reader_environment, slugs
from tests.support import isolated_env
from tests.support.loopback import LoopbackServer
from tests.support.prism import Prism

PYRIGHT = REPO_ROOT / "node_modules" / ".bin" / "pyright"
MYPY = REPO_ROOT / ".venv" / "bin" / "mypy"
TYPOS = {
    "typo_paxos.py": """from paxos_client import Paxos

with Paxos() as client:
    for item in client.orchestrations.list(order="ASCENDING", max_items=1):  # not a documented value
        print(item)
""",
    "typo_otim.py": """from otim_client import Otim

with Otim() as client:
    for item in client.orchestrations.list(body={"direction": "sideways"}, max_items=1):  # nor is this
        print(item)
""",
}
"""Typos in an enum argument and in a body dict's enum value: both checkers must refuse each, on line 4."""


@pytest.fixture(scope="module")
def user_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    packages = sorted(p for p in GENERATED.glob("*/*_client") if p.is_dir())
    return isolated_env.build(tmp_path_factory.mktemp("user") / "venv", packages)


@pytest.fixture(scope="module")
def typed_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The user environment plus pydantic (the ``[pydantic]`` extra), so ``pydantic_models`` resolves."""
    packages = sorted(p for p in GENERATED.glob("*/*_client") if p.is_dir())
    return isolated_env.build(tmp_path_factory.mktemp("typed") / "venv", packages, (*isolated_env.ROOTS, "pydantic"))


@pytest.fixture(scope="module")
def programs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every README block as a module of its own, and the typo programs."""
    folder = tmp_path_factory.mktemp("programs")
    for block in blocks():
        (folder / f"readme_{block.slug}_{block.index}.py").write_text(block.code, encoding="utf-8")
    for name, code in TYPOS.items():
        (folder / name).write_text(code, encoding="utf-8")
    return folder


def run(command: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def user_path(python: Path) -> dict[str, str]:
    """PATH with the environment's bin first (how pyright finds the interpreter to search)."""
    return {**os.environ, "PATH": f"{python.parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def need_pyright() -> None:
    if not PYRIGHT.is_file():
        if running_in_ci():
            pytest.fail(f"pyright is not installed at {PYRIGHT} (CI=true)")
        pytest.skip(f"pyright is not installed at {PYRIGHT} (make setup installs it)")


def test_the_environment_holds_only_the_packages(user_python: Path, tmp_path: Path) -> None:
    probe = "import importlib.util as u, sys; print([m for m in ('attrs', 'pydantic', 'pytest', 'tests', 'generator') if u.find_spec(m)])"
    done = run([user_python, "-I", "-c", probe], tmp_path)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
    imports = "; ".join(f"import {slug}_client" for slug in slugs())
    assert run([user_python, "-I", "-c", imports], tmp_path).returncode == 0


@pytest.mark.parametrize("slug", slugs())
def test_quickstart_runs_in_the_user_environment(
    slug: str, user_python: Path, prism_servers: dict[str, Prism], token_server: LoopbackServer, tmp_path: Path
) -> None:
    quickstart = next(b for b in blocks() if b.slug == slug)
    env = {
        "PATH": os.environ.get("PATH", ""),
        **reader_environment(slug, prism_servers[slug].url, token_server.token_url),
    }
    done = run([user_python, "-I", "-c", quickstart.code], tmp_path, env)
    assert done.returncode == 0, done.stderr[-4000:]
    assert done.stdout and not FAILURE_LINES.search(done.stdout), done.stdout[-4000:]


def test_mypy_strict_accepts_the_readme_programs_and_refuses_a_typo(user_python: Path, programs: Path) -> None:
    done = run(
        [
            MYPY,
            "--strict",
            "--no-incremental",
            "--cache-dir",
            programs / ".mypy",
            "--python-executable",
            user_python,
            ".",
        ],
        programs,
    )
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert {line.split(":")[0] for line in errors} == set(TYPOS), done.stdout
    assert all(line.split(":")[1] == "4" for line in errors), done.stdout


def test_pyright_strict_accepts_the_readme_programs_and_refuses_a_typo(user_python: Path, programs: Path) -> None:
    need_pyright()
    (programs / "pyrightconfig.json").write_text(json.dumps({"typeCheckingMode": "strict"}), encoding="utf-8")
    done = run([PYRIGHT, "--outputjson", "."], programs, user_path(user_python))
    report = json.loads(done.stdout)
    errors = [d for d in report["generalDiagnostics"] if d["severity"] == "error"]
    assert {Path(d["file"]).name for d in errors} == set(TYPOS), json.dumps(errors, indent=1)[:4000]
    wrong = [d for d in errors if d["range"]["start"]["line"] != 3]
    assert not wrong, json.dumps(wrong, indent=1)[:4000]


@pytest.mark.parametrize("slug", slugs())
def test_verifytypes_scores_the_package_complete(slug: str, typed_python: Path, tmp_path: Path) -> None:
    need_pyright()
    done = run(
        [PYRIGHT, "--outputjson", "--ignoreexternal", "--verifytypes", f"{slug}_client"],
        tmp_path,
        user_path(typed_python),
    )
    completeness = json.loads(done.stdout)["typeCompleteness"]
    incomplete = sorted(
        f"{s['name']}: {d['message'].splitlines()[0]}"
        for s in completeness["symbols"]
        for d in s.get("diagnostics", [])
        if d["severity"] == "error"
    )
    assert completeness["completenessScore"] == 1.0 and not incomplete, (
        f"{slug}_client: score {completeness['completenessScore']:.1%}; incomplete: {incomplete}"
    )
