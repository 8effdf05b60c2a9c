"""Stage 5: format everything once, with the pinned ruff, then prove it compiles.

One ruff invocation for the whole output tree (not one per vendor per tool, as the
tools' own post hooks would do).  ``--no-cache`` keeps ``.ruff_cache`` litter out of the
tree; ``--config`` pins the settings so a ruff config elsewhere cannot change our bytes.
Both generators are known to exit 0 after writing invalid Python, so every file is
compiled here and a syntax error is a located problem.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ruff.__main__ import find_ruff_bin

from generator.problems import Problem

RUFF_CONFIG = Path(__file__).resolve().parents[1] / "ruff_generated.toml"


def format_tree(root: Path) -> list[Problem]:
    ruff = find_ruff_bin()
    common = ["--no-cache", "--config", str(RUFF_CONFIG), "--quiet"]
    fix = subprocess.run(
        [ruff, "check", "--fix-only", "--exit-zero", *common, str(root)], capture_output=True, text=True, check=False
    )
    if fix.returncode != 0:
        return [Problem(file=str(root), message=f"ruff check --fix failed: {fix.stderr.strip()}", rule="format")]
    fmt = subprocess.run([ruff, "format", *common, str(root)], capture_output=True, text=True, check=False)
    if fmt.returncode != 0:
        return [Problem(file=str(root), message=f"ruff format failed: {fmt.stderr.strip()}", rule="format")]
    return []


def compile_tree(root: Path, shown_root: str) -> list[Problem]:
    problems = []
    for path in sorted(root.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        try:
            compile(source, str(path), "exec", dont_inherit=True)
        except SyntaxError as exc:
            problems.append(
                Problem(
                    file=f"{shown_root}/{path.relative_to(root)}",
                    message=f"generated file does not compile: {exc.msg}",
                    fix="a generator wrote invalid Python for this spec; change the spec construct or the template",
                    line=exc.lineno,
                    column=exc.offset,
                    rule="compile",
                )
            )
    return problems
