"""The toolkit used from another repository: the project installed as a wheel into a virtual
environment of its own, its console script run in a temporary folder outside this repository
on a copy of one spec (and its docs capture), through the commands the pre-commit hooks run.

The wheel is built from this checkout and installed with uv, offline and without its
dependencies; those come from the locked ``.venv`` through a ``.pth`` line (a plain path entry:
the editable install of this checkout that ``.venv`` holds is not picked up).  That keeps the
test to a few seconds, needs no network and uses the locked versions; what it proves is what
matters here: the installed package finds its templates, runtime and ruff configuration
inside itself, whatever the working directory.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO_ROOT

UV = REPO_ROOT / ".tools" / "bin" / "uv"
HOOKS = REPO_ROOT / ".pre-commit-hooks.yaml"


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """(the venv's bin folder, an environment without this checkout on any path)."""
    if not UV.is_file():
        pytest.skip(f"{UV} is missing: run `make setup` (the Makefile installs the pinned uv)")
    venv = tmp_path_factory.mktemp("venv") / "env"
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}}
    env["UV_CACHE_DIR"] = os.environ.get("UV_CACHE_DIR", str(Path.home() / ".cache" / "uv"))
    made = _run([str(UV), "venv", "--quiet", "--python", sys.executable, str(venv)], REPO_ROOT, env)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    site = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], REPO_ROOT, env
        ).stdout.strip()
    )
    (site / "locked_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    done = _run(
        [str(UV), "pip", "install", "--quiet", "--offline", "--no-deps", "--python", str(python), str(REPO_ROOT)],
        REPO_ROOT,
        env,
    )
    assert done.returncode == 0, done.stderr
    return venv / "bin", {**env, "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """Another repository: one spec, its errata and its docs capture, nothing else."""
    work = tmp_path / "elsewhere"
    (work / "specs" / "errata").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "specs" / "paxos.yaml", work / "specs")
    shutil.copy(REPO_ROOT / "specs" / "errata" / "paxos.yaml", work / "specs" / "errata")
    shutil.copytree(REPO_ROOT / "docs" / "paxos", work / "docs" / "paxos")
    return work


def test_the_wheel_ships_templates_and_runtime(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    bin_dir, env = installed
    where = _run(
        [str(bin_dir / "python"), "-c", "import generator.api as a; print(a.__file__); print(a.TEMPLATES)"],
        tmp_path,
        env,
    )
    module, templates = where.stdout.split()
    assert not Path(module).is_relative_to(REPO_ROOT), "the installed package, not this checkout"
    assert Path(templates) == Path(module).parent / "templates"
    assert (Path(templates) / "client" / "pyproject.toml.jinja").is_file()
    assert (Path(module).parent / "runtime" / "_request.py").is_file()


def test_console_script_generates_and_checks_elsewhere(installed: tuple[Path, dict[str, str]], workspace: Path) -> None:
    _bin_dir, env = installed
    script = ["orchestration-clients"]
    generated = _run([*script, "generate", "--specs", "specs", "--out", "clients"], workspace, env)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    assert "paxos-client 0.1.0 (new package)" in generated.stdout
    package = workspace / "clients" / "paxos"
    assert (package / "paxos_client" / "_runtime" / "_request.py").is_file()
    assert (package / "CHANGELOG.md").read_text(encoding="utf-8").count("## 0.1.0") == 1
    assert _run([*script, "check", "--specs", "specs", "--out", "clients"], workspace, env).returncode == 0

    spec_path = workspace / "specs" / "paxos.yaml"
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    region = {"name": "region", "in": "query", "description": "Only this region.", "schema": {"type": "string"}}
    spec["paths"]["/orchestration/orchestrations"]["get"]["parameters"].append(region)
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    drift = _run([*script, "check", "--specs", "specs", "--out", "clients"], workspace, env)
    assert drift.returncode == 1, drift.stdout + drift.stderr
    # The operation module's functions (one line) and each resource class's `list` (four).
    assert "paxos-client 0.1.0 -> 0.2.0 (additions: 0 breaking, 5 added" in drift.stdout, drift.stdout
    assert (
        "paxos_client.resources.orchestrations.Orchestrations.list: optional parameter `region` added" in drift.stdout
    )
    assert (
        "spec: `GET /orchestration/orchestrations`: query parameter `region` added (optional, string)" in drift.stdout
    )
    assert "differs: clients/paxos/pyproject.toml" in drift.stderr


def test_pre_commit_hooks_run_the_console_script(installed: tuple[Path, dict[str, str]], workspace: Path) -> None:
    """Each hook as pre-commit would run it (entry + args, no file names) in a repository
    with specs/ and a generated/ folder written by the tool: validate (the docs-to-spec check
    included), then the drift check."""
    _bin_dir, env = installed
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert {hook["id"] for hook in hooks} == {"orchestration-clients-validate", "orchestration-clients-check"}
    assert _run(["orchestration-clients", "generate"], workspace, env).returncode == 0
    for hook in hooks:
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        command = [*shlex.split(hook["entry"]), *hook.get("args", [])]
        assert command[0] == "orchestration-clients"
        done = _run(command, workspace, env)
        assert done.returncode == 0, (hook["id"], done.stdout, done.stderr)
