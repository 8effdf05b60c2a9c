"""Stage 1, load: read a spec file into plain Python data plus a pointer -> line map.

The map lets every later stage report the line and column of the node it complains
about.  Only YAML/JSON is accepted; duplicate keys, which PyYAML would silently resolve
to the last one, are reported because a hand-written spec with two ``limit`` keys is a
mistake that would otherwise vanish.

Specs may come from outside, so loading is bounded: the data is built from libyaml's
event stream by ``generator.spec.yaml_build`` (no recursion: a 100,000-deep ``[[[...`` used
to overflow libyaml's C composer and kill the process), nesting, alias expansion
("billion laughs") and file size are capped, and text that could make generated code or
docs read differently from what they are (bidirectional overrides, control characters)
is refused at its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.problems import Problem
from generator.spec.yaml_build import build

MAX_SPEC_BYTES = 8 * 1024 * 1024
"""Larger inputs are refused before they are read.  Validation handles about 70 KB/s and the
largest benchmark spec (1,000 operations) is 2.7 MB; at 8 MiB a spec is still validated and
generated in minutes, while a 20 MB one is refused at once instead of running for half an hour."""


LOSSLESS_RULES = frozenset({"text-control", "duplicate-key"})
"""Problems that leave the data as the file writes it (a key's first value kept): the spec is
still returned with them, so validation goes on and one run reports every finding of the file.
Any other problem (a value that could not be read, a stream cut short) returns no spec."""


@dataclass
class LoadedSpec:
    path: Path
    display_path: str
    data: Any
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    """JSON pointer -> (1-based line, 1-based column) of the node's start."""
    imported: bool = False
    """A vendor's description (its overlay says ``x-oc-conventions: imported``): our own
    conventions are warnings for it (``generator.validate.rules.CONVENTION_RULES``)."""

    def where(self, pointer: str) -> tuple[int | None, int | None]:
        """Line/column of ``pointer``, or of its nearest ancestor that has one."""
        probe = pointer
        while True:
            if probe in self.positions:
                return self.positions[probe]
            if not probe:
                return None, None
            probe = probe.rsplit("/", 1)[0]

    def problem(self, pointer: str, message: str, fix: str = "", rule: str = "") -> Problem:
        line, column = self.where(pointer)
        return Problem(
            file=self.display_path,
            message=message,
            fix=fix,
            pointer=pointer or "",
            line=line,
            column=column,
            rule=rule,
        )


def display_path(path: Path, root: Path | None = None) -> str:
    root = root or Path.cwd()
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def load_spec(path: Path, root: Path | None = None) -> tuple[LoadedSpec | None, list[Problem]]:
    """Parse ``path``; return the spec (None when a problem prevented it) and the problems found."""
    shown = display_path(path, root)
    try:
        too_large = size_problem(shown, path.stat().st_size)
        if too_large:
            return None, [too_large]
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [
            Problem(
                shown,
                f"not UTF-8 text: {exc.reason} at byte {exc.start}",
                fix="save the file as UTF-8",
                rule="encoding",
            )
        ]
    except OSError as exc:
        return None, [Problem(shown, f"cannot read: {exc.strerror}", fix="check the path", rule="io")]
    return parse_spec_text(text, path, shown)


def size_problem(shown: str, size: int) -> Problem | None:
    if size <= MAX_SPEC_BYTES:
        return None
    return Problem(
        shown,
        f"file is {size / 1e6:.1f} MB, over the {MAX_SPEC_BYTES // (1024 * 1024)} MiB limit; it was not read",
        fix="split the vendor's API into several specs, or remove unused components and long samples",
        rule="spec-too-large",
    )


def parse_spec_text(text: str, path: Path, shown: str) -> tuple[LoadedSpec | None, list[Problem]]:
    """Build the spec from ``text`` (see ``load_spec``); never raises for any input text."""
    try:
        built = build(text, shown)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return None, [
            Problem(
                shown,
                f"malformed YAML: {exc.problem or exc.context}",
                fix="fix the YAML syntax at that position (indentation, quoting, a missing ':')",
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
                rule="yaml-syntax",
            )
        ]
    except yaml.reader.ReaderError as exc:  # a character YAML forbids raw: located by offset, not line
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return None, [
            Problem(
                shown,
                f"malformed YAML: unacceptable character U+{exc.character:04X}: {exc.reason}",
                fix="delete the character",
                line=line,
                column=column,
                rule="yaml-syntax",
            )
        ]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, f"malformed YAML: {exc}", fix="fix the YAML syntax", rule="yaml-syntax")]
    if any(p.rule not in LOSSLESS_RULES for p in built.problems):
        return None, built.problems
    if built.data is None:
        return None, [
            *built.problems,
            Problem(
                shown,
                "the spec is empty",
                fix="write an OpenAPI 3.1 document (openapi, info, paths)",
                rule="empty-spec",
            ),
        ]
    return LoadedSpec(path=path, display_path=shown, data=built.data, positions=built.positions), built.problems
