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
left to the fix pass, and so is a function's parameter or local variable that shadows an
unused import (the query parameter ``cast`` beside ``from typing import cast``): the module
binds the name once, the function its own.  Any other one fails generation at its file, line
and rule.
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
_NAMED = re.compile(r"`(?P<name>[^`]+)`")
_REDEFINED = re.compile(r"Redefinition of unused `(?P<name>[^`]+)` from line (?P<line>\d+)")
Binding = tuple[object, ...]
"""What a module-level statement binds a name to: an import's source, or the statement."""


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
    bindings: dict[str, dict[int, dict[str, Binding]]] = {}
    problems = []
    for finding in json.loads(done.stdout or "[]"):
        path = Path(finding["filename"])
        line = finding["location"]["row"]
        by_line = bindings.setdefault(str(path), _module_bindings(path))
        named = _NAMED.search(finding["message"])
        if named is not None and named["name"] not in by_line.get(line, {}):
            continue  # bound again in a function or class: its own scope
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


def _module_bindings(path: Path) -> dict[int, dict[str, Binding]]:
    """For each line of ``path``, the names a module-level statement binds there (inside
    ``if``/``try``/``with``/``for`` too, not inside functions or classes), and to what."""
    found: dict[int, dict[str, Binding]] = {}

    def bind(line: int, name: str, binding: Binding) -> None:
        found.setdefault(line, {})[name] = binding

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    bind(alias.lineno, alias.asname or alias.name, ("from", node.level, node.module, alias.name))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    bind(
                        alias.lineno,
                        alias.asname or alias.name.split(".", 1)[0],
                        ("import", alias.asname and alias.name),
                    )
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                bind(node.lineno, node.name, ("def", node.lineno))
                continue
            else:
                for target in _targets(node):
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            bind(name.lineno, name.id, ("assign", name.lineno))
            for field in ("body", "orelse", "finalbody", "handlers"):
                visit([child for child in getattr(node, field, []) if isinstance(child, ast.stmt)])
            for handler in getattr(node, "handlers", []):
                visit(handler.body)

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return found


def _targets(node: ast.stmt) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        return list(node.targets)
    if isinstance(node, ast.AnnAssign | ast.AugAssign | ast.For | ast.AsyncFor):
        return [node.target]
    if isinstance(node, ast.With | ast.AsyncWith):
        return [item.optional_vars for item in node.items if item.optional_vars is not None]
    return []


def _same_import(by_line: dict[int, dict[str, Binding]], name: str, first: int, second: int) -> bool:
    """Whether ``name`` is bound at both lines by imports of one and the same thing."""
    earlier = by_line.get(first, {}).get(name)
    return earlier is not None and earlier[0] in {"from", "import"} and earlier == by_line.get(second, {}).get(name)


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
