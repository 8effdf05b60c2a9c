"""The ``$ref`` and cycle rules: refs that leave the document or point at nothing, and schemas
that never stop expanding.

openapi-spec-validator, jsonschema and both generators follow ``$ref`` and apply ``allOf``
(and the other in-place keywords) by recursion, so a schema that reaches itself without
descending into a part of the value (a property, an item) makes each of them recurse until
Python's stack runs out: an unlocated ``RecursionError``.  These rules find such loops first,
at their own line, and ``rules.py`` runs the validator only on a document without them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.spec.toolkit import IN_PLACE_KEYS, get_pointer, iter_structural, join_pointer, ref_pointer, subschemas

Finding = tuple[str, str, str]
"""(JSON pointer in the spec, what is wrong, how to fix it)."""


def bad_refs(doc: dict[str, Any]) -> Iterator[Finding]:
    """``$ref``s that are not local JSON pointers, or point at nothing."""
    for at, node in iter_structural(doc):
        if "$ref" not in node:
            continue
        ref, ref_at = node["$ref"], join_pointer(at, "$ref")
        target = ref_pointer(ref)
        if target is None and isinstance(ref, str) and ref.startswith("#"):
            yield (
                ref_at,
                f"$ref {ref!r} is not a JSON pointer: a plain-name fragment names an anchor, which this project does"
                " not resolve",
                "refer to the definition by its pointer, e.g. '#/components/schemas/Name'",
            )
        elif target is None:
            yield (
                ref_at,
                f"$ref {ref!r} is not local: specs never load other files or URLs",
                "copy the referenced definition into components/ and use '#/components/...'",
            )
        else:
            try:
                get_pointer(doc, target)
            except LookupError as exc:
                yield ref_at, f"$ref {ref!r} points at nothing ({exc})", "fix the pointer or add the missing component"


def ref_cycles(doc: dict[str, Any]) -> Iterator[Finding]:
    """Local $refs that lead, through nodes that are only $refs, back to where they started.

    Such schemas never say what a value is.  Each loop is reported once, at the $ref that
    closes it, found by walking in document order.
    """
    reported: set[frozenset[str]] = set()
    for at, node in iter_structural(doc):
        loop = _ref_loop(doc, at, node)
        if loop and frozenset(loop) not in reported:
            reported.add(frozenset(loop))
            yield (
                join_pointer(loop[-1], "$ref"),
                f"$ref cycle: {' -> '.join([*loop, loop[0]])}: these only refer to each other, so none says what"
                " the value is",
                "give one of them a real schema (type, properties, ...) or point it at one outside the loop",
            )


def _ref_loop(doc: dict[str, Any], at: str, node: Any) -> list[str]:
    """The $ref-only nodes the chain from ``node`` (at ``at``) ends up circling, in order; [] if it ends."""
    chain: list[str] = []
    while isinstance(node, dict) and (target := ref_pointer(node.get("$ref"))):
        if at in chain:
            return chain[chain.index(at) :]
        chain.append(at)
        at = target
        try:
            node = get_pointer(doc, at)
        except LookupError:  # dangling: lint/local-refs reports it
            return []
    return []


_REF = "$ref"
"""The label of a step that follows a ``$ref`` (every other step is labelled with its keyword path)."""


def schema_cycles(doc: dict[str, Any]) -> Iterator[Finding]:
    """Schemas that reach themselves through ``allOf``/``anyOf``/``oneOf``/``not``/``if``/``then``/
    ``else``/``dependentSchemas`` and ``$ref`` alone, e.g. A -> allOf B -> allOf A.

    A depth-first walk from each object in document order; each loop is reported once, at the
    step that closes it.  Loops of ``$ref``s alone are ``ref_cycles``' to report.
    """
    nodes = dict(iter_structural(doc))
    state: dict[str, bool] = {}
    """Pointer -> True while on the current path, False once every step from it is walked."""
    reported: set[frozenset[str]] = set()
    for start in nodes:
        if start in state:
            continue
        path, labels, steps = [start], list[str](), [iter(_steps(nodes, start))]
        state[start] = True
        while steps:
            step = next(steps[-1], None)
            if step is None:
                state[path.pop()] = False
                steps.pop()
                if labels:
                    labels.pop()
                continue
            label, target = step
            if target not in state:
                state[target] = True
                path.append(target)
                labels.append(label)
                steps.append(iter(_steps(nodes, target)))
            elif state[target]:
                first = path.index(target)
                loop, loop_labels = path[first:], [*labels[first:], label]
                if any(lab != _REF for lab in loop_labels) and frozenset(loop) not in reported:
                    reported.add(frozenset(loop))
                    yield _schema_cycle_finding(loop, loop_labels)


def _steps(nodes: dict[str, dict[str, Any]], at: str) -> list[tuple[str, str]]:
    """(label, pointer) of each step from the object at ``at`` to another that applies to the same value."""
    node = nodes[at]
    found: list[tuple[str, str]] = []
    target = ref_pointer(node.get("$ref"))
    if target is not None and target in nodes:
        found.append((_REF, target))
    for key, sub_at, _sub in subschemas(node, at):
        if key in IN_PLACE_KEYS and sub_at in nodes:
            found.append((sub_at[len(at) + 1 :], sub_at))
    return found


def _schema_cycle_finding(loop: list[str], labels: list[str]) -> Finding:
    text, keywords = loop[0], list[str]()
    for label, target in zip(labels, [*loop[1:], loop[0]], strict=True):
        if label == _REF:
            text += (" " + "/".join(keywords) if keywords else "") + " -> " + target
            keywords = []
        else:
            keywords.append(label)
    if keywords:
        text += " " + "/".join(keywords)
    closing = join_pointer(loop[-1], _REF) if labels[-1] == _REF else loop[0]
    return (
        closing,
        f"schema cycle: {text}: each of these applies the next to the same value (allOf, anyOf, oneOf, not,"
        " if/then/else and dependentSchemas do, like $ref), so expanding any of them never ends",
        "remove the step that closes the loop here; to share properties, move them into a schema that none of"
        " these refers back to and combine it with allOf",
    )
