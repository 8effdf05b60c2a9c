"""Stage 1, load: read a spec file into plain Python data plus a pointer -> line map.

The map lets every later stage report the line and column of the node it complains
about.  Only YAML/JSON is accepted; duplicate keys, which PyYAML would silently resolve
to the last one, are reported because a hand-written spec with two ``limit`` keys is a
mistake that would otherwise vanish.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.problems import Problem

try:  # the C loader is ~10x faster; both build identical node trees
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

MAX_SPEC_BYTES = 25 * 1024 * 1024
"""Larger inputs are refused up front rather than risking minutes of parsing."""


@dataclass
class LoadedSpec:
    path: Path
    display_path: str
    data: Any
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    """JSON pointer -> (1-based line, 1-based column) of the node's start."""

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


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def display_path(path: Path, root: Path | None = None) -> str:
    root = root or Path.cwd()
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def load_spec(path: Path, root: Path | None = None) -> tuple[LoadedSpec | None, list[Problem]]:
    """Parse ``path``; return the spec, or ``None`` and the problems that prevented it."""
    shown = display_path(path, root)
    try:
        size = path.stat().st_size
        if size > MAX_SPEC_BYTES:
            return None, [
                Problem(
                    shown,
                    f"spec is {size / 1e6:.1f} MB, over the {MAX_SPEC_BYTES // (1024 * 1024)} MiB limit",
                    fix="split the spec or remove unused components",
                    rule="spec-too-large",
                )
            ]
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(shown, f"not UTF-8 text: {exc.reason} at byte {exc.start}", fix="save the file as UTF-8", rule="encoding")]
    except OSError as exc:
        return None, [Problem(shown, f"cannot read: {exc.strerror}", fix="check the path", rule="io")]
    return parse_spec_text(text, path, shown)


def parse_spec_text(text: str, path: Path, shown: str) -> tuple[LoadedSpec | None, list[Problem]]:
    try:
        node = yaml.compose(text, Loader=_Loader)
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
    except yaml.YAMLError as exc:
        return None, [Problem(shown, f"malformed YAML: {exc}", fix="fix the YAML syntax", rule="yaml-syntax")]
    if node is None:
        return None, [Problem(shown, "the spec is empty", fix="write an OpenAPI 3.1 document (openapi, info, paths)", rule="empty-spec")]
    loaded = LoadedSpec(path=path, display_path=shown, data=None)
    problems: list[Problem] = []
    loaded.data = _convert(node, "", loaded, problems, depth=0)
    return (None if problems else loaded), problems


_MAX_DEPTH = 200


def _convert(node: yaml.Node, pointer: str, spec: LoadedSpec, problems: list[Problem], depth: int) -> Any:
    spec.positions.setdefault(pointer, (node.start_mark.line + 1, node.start_mark.column + 1))
    if depth > _MAX_DEPTH:
        problems.append(spec.problem(pointer, f"nesting deeper than {_MAX_DEPTH} levels", fix="flatten the document with $ref components", rule="too-deep"))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if not isinstance(key, str):
                key = str(key)  # JSON object keys are strings (YAML 200: -> "200")
            child = f"{pointer}/{escape_pointer_token(key)}"
            if key in result:
                problems.append(
                    Problem(
                        spec.display_path,
                        f"duplicate key {key!r}",
                        fix="remove one of the two entries; YAML would silently keep only the last",
                        pointer=child,
                        line=key_node.start_mark.line + 1,
                        column=key_node.start_mark.column + 1,
                        rule="duplicate-key",
                    )
                )
                continue
            result[key] = _convert(value_node, child, spec, problems, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, f"{pointer}/{i}", spec, problems, depth + 1) for i, item in enumerate(node.value)]
    return _scalar(node)


class _StrTimestampLoader(_Loader):  # type: ignore[misc,valid-type]
    """Resolves scalars exactly like ``yaml.safe_load`` (ints, floats, bools, nulls), except
    that timestamps stay strings: an example '2023-11-07T05:31:56Z' must stay verbatim."""


_StrTimestampLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrTimestampLoader.construct_yaml_str)
# PyYAML has no public "construct one scalar" function; one constructor instance, used
# only through its per-tag functions (which keep no state for scalars), does it.
_CONSTRUCTOR = _StrTimestampLoader("")


def _scalar(node: yaml.Node) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return str(node.start_mark)  # complex keys are not valid JSON; show where it is
    construct = _CONSTRUCTOR.yaml_constructors.get(node.tag) or _StrTimestampLoader.construct_scalar
    return construct(_CONSTRUCTOR, node)
