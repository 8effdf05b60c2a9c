"""Strict JSON comparison, JSON-pointer relations, and copies of JSON edited at a pointer.

Python's ``==`` says ``1 == 1.0 == True``; JSON does not.  Here a value equals another
only if it is the same JSON type too, so "integers as integers" is actually checked.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from generator.spec.toolkit import get_pointer, join_pointer, pointer_tokens


@dataclass(frozen=True)
class Difference:
    pointer: str
    message: str

    def render(self) -> str:
        return f"{self.pointer or '(root)'}: {self.message}"


def json_type(value: Any) -> str:
    """The JSON type name of a Python value (bool before int: ``True`` is an ``int`` in Python)."""
    for python_type, name in ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string")):
        if isinstance(value, python_type):
            return name
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return f"non-JSON {type(value).__name__}"


def json_diff(expected: Any, actual: Any, at: str = "") -> list[Difference]:
    """Every place where ``actual`` is not exactly ``expected`` (keys, types, values)."""
    kind, other = json_type(expected), json_type(actual)
    if kind != other:
        return [Difference(at, f"expected {kind} {_show(expected)}, got {other} {_show(actual)}")]
    if isinstance(expected, dict):
        found: list[Difference] = []
        for key in expected:
            if key not in actual:
                found.append(Difference(join_pointer(at, key), "missing"))
            else:
                found += json_diff(expected[key], actual[key], join_pointer(at, key))
        found += [
            Difference(join_pointer(at, k), f"unexpected key, value {_show(actual[k])}")
            for k in actual
            if k not in expected
        ]
        return found
    if isinstance(expected, list):
        if len(expected) != len(actual):
            return [Difference(at, f"expected {len(expected)} items, got {len(actual)}")]
        return [
            d
            for i, (e, a) in enumerate(zip(expected, actual, strict=True))
            for d in json_diff(e, a, join_pointer(at, i))
        ]
    if expected != actual:
        return [Difference(at, f"expected {_show(expected)}, got {_show(actual)}")]
    return []


def related(a: str, b: str) -> bool:
    """One pointer is the other or one of its ancestors (``''`` is related to everything)."""
    x, y = pointer_tokens(a), pointer_tokens(b)
    shorter = min(len(x), len(y))
    return x[:shorter] == y[:shorter]


def deepest_existing(payload: Any, tokens: list[str | int]) -> str:
    """The pointer of the longest prefix of ``tokens`` that exists in ``payload``.

    pydantic error locations mix payload keys with its own labels (union members,
    validator names); the payload part is what an erratum pointer can be compared with.
    """
    node, at = payload, ""
    for token in tokens:
        if isinstance(node, dict) and str(token) in node:
            node = node[str(token)]
        elif isinstance(node, list) and isinstance(token, int) and 0 <= token < len(node):
            node = node[token]
        else:
            break
        at = join_pointer(at, token)
    return at


def with_value(data: Any, pointer: str, new: Any) -> Any:
    """A copy of ``data`` with ``new`` at ``pointer`` (whose parent must exist)."""
    changed = copy.deepcopy(data)
    tokens = pointer_tokens(pointer)
    parent = get_pointer(changed, join_pointer("", *tokens[:-1]))
    parent[int(tokens[-1]) if isinstance(parent, list) else tokens[-1]] = new
    return changed


def without(data: Any, pointer: str) -> Any:
    changed = copy.deepcopy(data)
    tokens = pointer_tokens(pointer)
    del get_pointer(changed, join_pointer("", *tokens[:-1]))[tokens[-1]]
    return changed


def exists(data: Any, pointer: str) -> bool:
    try:
        get_pointer(data, pointer)
    except LookupError:
        return False
    return True


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
