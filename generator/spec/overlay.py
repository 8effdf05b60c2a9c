"""OpenAPI Overlay 1.0: our corrections, kept apart from a vendor's description.

An imported description stays as the vendor wrote it; what we change (an operationId's
Python name, a missing server or security scheme, a wrong type) lives in an Overlay
document beside it, so a re-import of a newer vendor version keeps applying our
corrections, and one that no longer applies (the target is gone: the vendor changed or
fixed it) is reported instead of silently dropped.

Semantics (Overlay 1.0.0, "Action Object"): actions apply in order; ``target`` is an
RFC 9535 JSONPath (evaluated by python-jsonpath in strict mode: a well-kept
implementation of the RFC rather than a query language of our own); ``remove: true``
removes every selected node from its parent; otherwise ``update`` is merged into each
selected object (properties replace same-named ones, nested objects merge recursively,
new properties are appended) or appended to each selected array (a list update appends
its items). A target that selects nothing is an error: the correction is stale.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from generator.problems import Problem, has_errors
from generator.spec.load import LoadedSpec, load_spec
from generator.spec.toolkit import join_pointer, pointer_tokens

_VERSION = re.compile(r"1\.0\.\d+")
OVERLAY_FOLDER = "overlays"
CONVENTIONS_KEY = "x-oc-conventions"
"""Top-level key of an overlay: ``imported`` makes our own conventions advice for its spec."""
IMPORTED = "imported"
OWN = "own"


def overlay_path(spec_path: Path) -> Path:
    """``specs/overlays/<slug>.yaml`` beside ``specs/<slug>.yaml``."""
    return spec_path.parent / OVERLAY_FOLDER / spec_path.name


def load_corrected(path: Path, root: Path | None = None) -> tuple[LoadedSpec | None, list[Problem]]:
    """``load_spec(path)`` with the overlay beside it applied, when there is one: what every
    stage reads (validation, the name check, generation).  The positions stay the spec's (a
    node the overlay added is located at its nearest ancestor); a problem of the overlay
    itself (malformed, a stale target) is located in the overlay file and returns no spec.
    ``LoadedSpec.imported`` says whether the overlay marks the spec ``x-oc-conventions:
    imported``."""
    spec, problems = load_spec(path, root)
    corrections = overlay_path(path)
    if spec is None or not corrections.is_file():
        return spec, problems
    overlay, found = load_spec(corrections, root)
    problems += found
    if overlay is None:
        return None, problems
    conventions = overlay.data.get(CONVENTIONS_KEY, OWN) if isinstance(overlay.data, dict) else OWN
    if conventions not in (OWN, IMPORTED):
        problems.append(
            overlay.problem(
                f"/{CONVENTIONS_KEY}",
                f"{CONVENTIONS_KEY} is {conventions!r}",
                f"write `{CONVENTIONS_KEY}: {IMPORTED}` (a vendor's description) or leave it out (our own spec)",
                "overlay",
            )
        )
        return None, problems
    data, found = (
        apply_overlay(spec.data, overlay.data, overlay.display_path) if isinstance(spec.data, dict) else (spec.data, [])
    )
    problems += [locate(overlay, p) for p in found]
    if has_errors(found):
        return None, problems
    return LoadedSpec(spec.path, spec.display_path, data, spec.positions, imported=conventions == IMPORTED), problems


def locate(spec: LoadedSpec, problem: Problem) -> Problem:
    line, column = spec.where(problem.pointer)
    return Problem(
        spec.display_path, problem.message, problem.fix, problem.pointer, line, column, problem.rule, problem.severity
    )


def overlay_problems(overlay: Any, shown: str) -> list[Problem]:
    """What makes ``overlay`` not an Overlay 1.0 document we can apply (shape only)."""
    import jsonpath  # here: a run with nothing to generate reads no overlay

    if not isinstance(overlay, dict):
        return [
            _problem(
                shown, "", "the overlay is not a mapping", "start it with `overlay: 1.0.0`, `info:` and `actions:`"
            )
        ]
    problems: list[Problem] = []
    if not (isinstance(overlay.get("overlay"), str) and _VERSION.fullmatch(overlay["overlay"])):
        problems.append(
            _problem(shown, "/overlay", "`overlay:` must be a 1.0.x version string", "write `overlay: 1.0.0`")
        )
    info = overlay.get("info")
    if not (isinstance(info, dict) and isinstance(info.get("title"), str) and isinstance(info.get("version"), str)):
        problems.append(_problem(shown, "/info", "`info:` needs a string `title` and `version`", "add them"))
    actions = overlay.get("actions")
    if not isinstance(actions, list) or not actions:
        problems.append(_problem(shown, "/actions", "`actions:` must be a non-empty list", "add at least one action"))
        return problems
    for index, action in enumerate(actions):
        at = join_pointer("/actions", index)
        if (
            not isinstance(action, dict)
            or not isinstance(action.get("target"), str)
            or not action["target"].startswith("$")
        ):
            problems.append(
                _problem(shown, at, "an action needs a `target:` JSONPath starting with `$`", "add `target:`")
            )
            continue
        if action.get("remove") is not True and "update" not in action:
            problems.append(
                _problem(shown, at, "the action neither updates nor removes", "add `update:` or `remove: true`")
            )
        try:
            jsonpath.compile(action["target"], strict=True)
        except jsonpath.JSONPathError as error:
            problems.append(
                _problem(shown, join_pointer(at, "target"), f"invalid JSONPath: {error}", "write an RFC 9535 JSONPath")
            )
    return problems


def apply_overlay(
    document: dict[str, Any], overlay: dict[str, Any], shown: str
) -> tuple[dict[str, Any], list[Problem]]:
    """``document`` with ``overlay``'s actions applied (a new document; the input is kept)."""
    problems = overlay_problems(overlay, shown)
    if problems:
        return document, problems
    import jsonpath

    result = copy.deepcopy(document)
    for index, action in enumerate(overlay["actions"]):
        at = join_pointer("/actions", index)
        pointers = [match.pointer() for match in jsonpath.finditer(action["target"], result, strict=True)]
        if not pointers:
            problems.append(
                _problem(
                    shown,
                    join_pointer(at, "target"),
                    f"the target {action['target']!r} selects nothing in the description: this correction no longer applies",
                    "the vendor changed or fixed what it corrected: remove the action, or retarget it",
                )
            )
            continue
        # Deepest and last first, so removing one node never shifts the index of another.
        for pointer in sorted((str(p) for p in pointers), key=_removal_order, reverse=True):
            problem = _apply_one(result, pointer, action)
            if problem:
                problems.append(_problem(shown, at, problem, "target objects or arrays only"))
    return result, problems


def _apply_one(document: dict[str, Any], pointer: str, action: dict[str, Any]) -> str | None:
    tokens = pointer_tokens(pointer)
    if action.get("remove") is True:
        if not tokens:
            return "the whole document cannot be removed"
        parent = _resolve_tokens(document, tokens[:-1])
        if isinstance(parent, list):
            del parent[int(tokens[-1])]
        else:
            del parent[tokens[-1]]
        return None
    node = _resolve_tokens(document, tokens)
    update = action["update"]
    if isinstance(node, dict):
        if not isinstance(update, dict):
            return f"{pointer or '$'} is an object: its update must be an object"
        _merge(node, update)
    elif isinstance(node, list):
        node.extend(copy.deepcopy(update) if isinstance(update, list) else [copy.deepcopy(update)])
    else:
        return f"{pointer} is a {type(node).__name__}, not an object or array: update its parent instead"
    return None


def _merge(target: dict[str, Any], update: dict[str, Any]) -> None:
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


def _resolve_tokens(document: Any, tokens: list[str]) -> Any:
    node = document
    for token in tokens:
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def _removal_order(pointer: str) -> tuple[int, list[tuple[int, str]]]:
    tokens = pointer_tokens(pointer)
    return len(tokens), [(int(t), "") if t.isdigit() else (-1, t) for t in tokens]


def _problem(shown: str, pointer: str, message: str, fix: str) -> Problem:
    return Problem(shown, message, fix=fix, pointer=pointer, rule="overlay")
