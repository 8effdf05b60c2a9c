"""Stage 5: check the staged tree for names bound twice, format it once with the pinned
ruff, then prove it compiles.

One ruff invocation per pass for the whole output tree (not one per vendor per tool, as the
tools' own post hooks would do).  ``--no-cache`` keeps ``.ruff_cache`` litter out of the
tree; ``--config`` pins the settings so a ruff config elsewhere cannot change our bytes.
Both generators are known to exit 0 after writing invalid Python, so every file is
compiled here and a syntax error is a located problem.

The shadowing check runs before the fix pass, because the fix pass is what hides the bug:
ruff "fixes" F811 (redefinition of an unused name) by deleting the first binding, so a
module that imports a spec's ``Response`` model and then the runtime's ``Response`` would
silently keep only the second, and every call would fail at run time.  A redefinition by
the very same import (the templates repeat ``from ..types import UNSET``) is harmless and
left to the fix pass; any other one fails generation at its file, line and rule.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
from pathlib import Path

from ruff.__main__ import find_ruff_bin

from generator.problems import Problem

RUFF_CONFIG = Path(__file__).resolve().parents[1] / "ruff_generated.toml"
SHADOWING_RULES = ("F811", "F402")
"""Findings that mean a module binds one name to two things: redefinition of an unused name,
and an import shadowed by a loop variable."""
_REDEFINED = re.compile(r"Redefinition of unused `(?P<name>[^`]+)` from line (?P<line>\d+)")


def format_tree(root: Path, shown_root: str | None = None) -> list[Problem]:
    """Fail on a name bound twice (``shadowing_problems``), else fix and format ``root`` in place.
    ``shown_root``: how ``root`` is named in problems (default: its path)."""
    ruff = find_ruff_bin()
    common = ["--no-cache", "--config", str(RUFF_CONFIG), "--quiet"]
    problems = shadowing_problems(root, shown_root)
    if problems:
        return problems
    fix = subprocess.run(
        [ruff, "check", "--fix-only", "--exit-zero", *common, str(root)], capture_output=True, text=True, check=False
    )
    if fix.returncode != 0:
        return [Problem(file=str(root), message=f"ruff check --fix failed: {fix.stderr.strip()}", rule="format")]
    fmt = subprocess.run([ruff, "format", *common, str(root)], capture_output=True, text=True, check=False)
    if fmt.returncode != 0:
        return [Problem(file=str(root), message=f"ruff format failed: {fmt.stderr.strip()}", rule="format")]
    return []


def shadowing_problems(root: Path, shown_root: str | None = None) -> list[Problem]:
    """Every place in ``root`` where a generated module binds a name a second time to
    something else (ruff's ``SHADOWING_RULES``, run without fixing)."""
    options = ["--select", ",".join(SHADOWING_RULES), "--output-format", "json", "--exit-zero"]
    done = subprocess.run(
        [find_ruff_bin(), "check", "--no-cache", "--config", str(RUFF_CONFIG), *options, str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return [Problem(file=str(root), message=f"ruff check failed: {done.stderr.strip()}", rule="format")]
    imports: dict[str, dict[int, dict[str, tuple[object, ...]]]] = {}
    problems = []
    for finding in json.loads(done.stdout or "[]"):
        path = Path(finding["filename"])
        line = finding["location"]["row"]
        if finding["code"] == "F811":
            by_line = imports.setdefault(str(path), _imports_by_line(path))
            redefined = _REDEFINED.match(finding["message"])
            if redefined is not None and _same_import(by_line, redefined["name"], int(redefined["line"]), line):
                continue
        shown = f"{shown_root}/{path.relative_to(root)}" if shown_root else str(path)
        problems.append(
            Problem(
                file=shown,
                message=f"generated module binds a name twice: {finding['message']}",
                fix="a spec-derived name clashes with a name the generated module imports or defines; "
                "rename the schema, parameter or property in the spec (or make the template import it under "
                "another name)",
                line=line,
                column=finding["location"]["column"],
                rule=finding["code"],
            )
        )
    return problems


def _imports_by_line(path: Path) -> dict[int, dict[str, tuple[object, ...]]]:
    """For each line of ``path``, the names an import binds there and what each one is."""
    found: dict[int, dict[str, tuple[object, ...]]] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                bound = alias.asname or alias.name
                found.setdefault(alias.lineno, {})[bound] = ("from", node.level, node.module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                bound = alias.asname or alias.name.split(".", 1)[0]
                found.setdefault(alias.lineno, {})[bound] = ("import", alias.asname and alias.name)
    return found


def _same_import(by_line: dict[int, dict[str, tuple[object, ...]]], name: str, first: int, second: int) -> bool:
    """Whether ``name`` is bound at both lines by imports of one and the same thing."""
    earlier = by_line.get(first, {}).get(name)
    return earlier is not None and earlier == by_line.get(second, {}).get(name)


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
