"""Located, severity-tagged problems: the one error currency of every pipeline stage.

Stages never raise for bad input; they return ``Problem`` values.  The CLI groups and
prints them, and exits non-zero when any has severity ERROR.  Every problem says what is
wrong, where (file, line, column, JSON pointer) and how to fix it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    """Path of the offending file, relative to the repository root where possible."""
    message: str
    """What is wrong."""
    fix: str = ""
    """How to fix it."""
    pointer: str = ""
    """JSON pointer of the offending node inside the document ('' for the whole file)."""
    line: int | None = None
    """1-based line of the node, when the file could be parsed."""
    column: int | None = None
    rule: str = ""
    """Short, stable name of the check that found it (e.g. ``yaml-syntax``, ``lint/operation-docs-url``)."""
    severity: Severity = Severity.ERROR

    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def render(self) -> str:
        head = f"{self.location()}: {self.severity.value}"
        if self.rule:
            head += f" [{self.rule}]"
        text = f"{head}: {self.message}"
        if self.pointer:
            text += f"\n    at {self.pointer}"
        if self.fix:
            text += f"\n    fix: {self.fix}"
        return text


class GenerationFailed(Exception):
    """Raised by the orchestrating code (never by stages) to unwind with problems attached."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=_sort_key)
        super().__init__("\n".join(p.render() for p in self.problems))


def _sort_key(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.file, problem.line or 0, problem.column or 0, problem.message)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


def render_grouped(problems: Iterable[Problem]) -> str:
    """Problems grouped by file, sorted by position: what the CLI prints."""
    by_file: dict[str, list[Problem]] = {}
    for problem in sorted(problems, key=_sort_key):
        by_file.setdefault(problem.file, []).append(problem)
    chunks = []
    for file, items in by_file.items():
        errors = sum(1 for p in items if p.severity is Severity.ERROR)
        chunks.append(f"{file}: {errors} error(s), {len(items) - errors} warning(s)")
        chunks.extend("  " + p.render().replace("\n", "\n  ") for p in items)
    return "\n".join(chunks)
