"""The files another repository (and GitHub) reads: the console script entry, the pre-commit
hooks and the CI workflow parse and name commands that exist."""

from __future__ import annotations

import importlib
import re
import shlex
import tomllib

import pytest
import yaml

from generator import cli
from tests.conftest import REPO_ROOT


def _readme_test_command() -> str:
    """The README's test command: the first line of its opening block that runs the tests."""
    for line in (REPO_ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"\s+(make test)\s+#.*", line)
        if match:
            return match.group(1)
    raise AssertionError("README.md names no test command")


def test_console_script_points_at_the_cli() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    module, _, function = project["project"]["scripts"][cli.SCRIPT].partition(":")
    assert getattr(importlib.import_module(module), function) is cli.main


@pytest.mark.parametrize("hook", yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")))
def test_each_hook_runs_a_real_subcommand(hook: dict[str, object], capsys: pytest.CaptureFixture[str]) -> None:
    assert {"id", "name", "entry", "language"} <= hook.keys()
    script, subcommand, *rest = shlex.split(str(hook["entry"]))
    assert script == cli.SCRIPT and not rest
    with pytest.raises(SystemExit) as exited:
        cli.main([subcommand, "--help"])
    assert exited.value.code == 0
    assert "--specs" in capsys.readouterr().out


def test_ci_workflow_runs_the_readme_test_command() -> None:
    workflow = yaml.safe_load((REPO_ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    assert {"push", "pull_request"} <= set(workflow["on"])
    command = _readme_test_command()
    [job] = workflow["jobs"].values()
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs == [command], "the workflow runs exactly the README's test command"
    assert job["env"]["CI"] == "true", "a missing Prism fails instead of skipping (tests/README.md)"
    uses = {str(step.get("uses", "")).split("@")[0] for step in job["steps"]}
    assert {"actions/checkout", "actions/setup-python", "actions/setup-node"} <= uses
    ci_run = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci_run[-1] == command, ".ci/run and the workflow run the same command"
    assert re.search(rf"^{command.split()[1]}:", (REPO_ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
