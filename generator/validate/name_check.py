"""Names the generators would turn into broken or deceptive Python, refused at their line.

Runs after validation, before generation.  openapi-python-client sanitizes each name on
its own and either renames a clash silently (so our model, README and pagination helpers
name another argument than the function takes) or drops the schema with a warning far
from its cause; Python then NFKC-normalizes what is left (``ｃlass`` is ``class``).  Here
each name is derived exactly as the tool derives it (``generator.names``) and judged in
its scope: an operation's arguments, an object's properties, the model classes.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterator
from typing import Any

from generator import names
from generator.problems import Problem
from generator.spec.load import LoadedSpec
from generator.spec.toolkit import deref, iter_operations, iter_structural, join_pointer


def check_names(spec: LoadedSpec) -> list[Problem]:
    doc = spec.data
    if not isinstance(doc, dict):
        return []
    found = [*_functions(doc), *_arguments(doc), *_model_classes(doc), *_properties(doc), *_tags(doc)]
    return [spec.problem(at, message, fix, rule) for at, message, fix, rule in found]


Finding = tuple[str, str, str, str]
"""(pointer, message, fix, rule)."""


def _unsafe(at: str, what: str, identifier: str) -> Iterator[Finding]:
    why = names.identifier_problem(identifier)
    if why:
        yield (
            at,
            f"{what}: {why}",
            "spell the name in one script, without compatibility characters",
            "names/unsafe-identifier",
        )


def _clash(at: str, what: str, identifier: str, other: str) -> Finding:
    return (
        at,
        f"{what} becomes the Python name {identifier!r}, as {other} already does",
        "the generated code cannot keep both: rename one, or leave one out of the spec",
        "names/collision",
    )


_PYTHON_NAME = re.compile(r"[a-z][a-z0-9_]*")


def _functions(doc: dict[str, Any]) -> Iterator[Finding]:
    """Each operation's function (its operationId in any style, or ``x-oc-python-name``) is its
    own: openapi-python-client keeps one of two same-named operations and drops the other."""
    seen: dict[str, str] = {}
    for op in iter_operations(doc):
        override = op.operation.get(names.PYTHON_NAME_KEY)
        at = join_pointer(op.pointer, names.PYTHON_NAME_KEY) if names.PYTHON_NAME_KEY in op.operation else op.pointer
        if names.PYTHON_NAME_KEY in op.operation and not (
            isinstance(override, str) and _PYTHON_NAME.fullmatch(override) and not keyword.iskeyword(override)
        ):
            yield (
                at,
                f"{op.endpoint}: {names.PYTHON_NAME_KEY} {override!r} is not a snake_case Python name",
                "write a lowercase letter, then lowercase letters, digits and underscores (not a keyword)",
                "names/python-name",
            )
            continue
        identifier = names.function_name(
            names.operation_name(op.operation.get("operationId"), op.method, op.path, override)
        )
        yield from _unsafe(at, f"{op.endpoint}: function", identifier)
        key = names.python_key(identifier)
        if key in seen:
            yield (
                at,
                f"{op.endpoint} becomes the function {identifier!r}, as {seen[key]} already does",
                f"give one of them its own name with `{names.PYTHON_NAME_KEY}: <snake_case name>` (in the spec,"
                " or in the overlay of an imported one)",
                "names/collision",
            )
        seen.setdefault(key, op.endpoint)


def _arguments(doc: dict[str, Any]) -> Iterator[Finding]:
    for op in iter_operations(doc):
        op_name = op.display
        declared: dict[tuple[str, str], str] = {}
        groups = ((op.path_item.get("parameters"), op.item_pointer), (op.operation.get("parameters"), op.pointer))
        for group, group_at in groups:
            for i, raw in enumerate(group if isinstance(group, list) else ()):
                param, at = deref(doc, raw, join_pointer(group_at, "parameters", i))
                if isinstance(param, dict) and isinstance(param.get("name"), str):
                    declared[(param["name"], str(param.get("in")))] = at  # an operation's own one wins
        paging = op.operation.get("x-pagination")
        paging = paging if isinstance(paging, dict) else None
        size_param = paging.get("size_param") if paging else None
        in_query = paging is not None and paging.get("in", "query") == "query"
        size_argument = names.python_identifier(size_param) if in_query and isinstance(size_param, str) else None
        seen: dict[str, str] = {}
        for (name, where), at in declared.items():
            identifier = names.python_identifier(name)
            what = f"{op_name}: {where} parameter {name!r}"
            yield from _unsafe(at, what, identifier)
            taken = names.argument_problem(identifier, paginated=paging is not None, size_argument=size_argument)
            if taken:
                yield (
                    at,
                    f"{what} becomes the Python argument {identifier!r}, but {taken}",
                    "leave the parameter out of the spec (the client then cannot send it): this generator cannot"
                    " give it another Python name yet",
                    "names/reserved-argument",
                )
            key = names.python_key(identifier)
            if key in seen:
                yield _clash(at, what, identifier, seen[key])
            seen.setdefault(key, f"{where} parameter {name!r}")


def _model_classes(doc: dict[str, Any]) -> Iterator[Finding]:
    schemas = (doc.get("components") or {}).get("schemas")
    if not isinstance(schemas, dict):
        return
    classes: dict[str, str] = {}
    modules: dict[str, str] = {}
    for name in schemas:
        at = join_pointer("", "components", "schemas", name)
        class_name, module = names.class_name(name), names.module_name(name)
        yield from _unsafe(at, f"schema {name!r}", class_name)
        for table, value, kind in ((classes, class_name, "class"), (modules, module, "module")):
            key = names.python_key(
                value
            ).casefold()  # models/Thing.py and models/thing.py are one file on macOS/Windows
            if key in table:
                yield _clash(at, f"schema {name!r} ({kind})", value, table[key])
            table.setdefault(key, f"schema {name!r}")


def _properties(doc: dict[str, Any]) -> Iterator[Finding]:
    # Every object in a structural position: one with ``properties`` inside a sample is data.
    for at, schema in iter_structural(doc):
        properties = schema.get("properties")
        if not isinstance(properties, dict):
            continue
        seen: dict[str, str] = {}
        for name in properties:
            prop_at = join_pointer(at, "properties", name)
            identifier = names.attribute_name(name)  # 'to_dict' becomes 'to_dict_', which may clash in turn
            what = f"property {name!r}"
            yield from _unsafe(prop_at, what, identifier)
            key = names.python_key(identifier)
            if key in seen:
                yield _clash(prop_at, what, identifier, seen[key])
            seen.setdefault(key, f"property {name!r}")


def _tags(doc: dict[str, Any]) -> Iterator[Finding]:
    for op in iter_operations(doc):
        tags = op.operation.get("tags")
        for i, tag in enumerate(tags if isinstance(tags, list) else ()):
            if isinstance(tag, str):
                yield from _unsafe(
                    join_pointer(op.pointer, "tags", i), f"{op.display}: tag {tag!r}", names.python_identifier(tag)
                )
