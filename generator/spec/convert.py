"""OpenAPI 3.0 -> 3.1, faithfully: what a 3.0 document means, said the way 3.1 says it.

3.1 schemas are JSON Schema 2020-12, so the 3.0 schema dialect's own keywords change form:
- ``nullable: true`` becomes ``"null"`` in ``type`` (and ``None`` in ``enum``, which would
  otherwise still refuse null); beside ``$ref``/``allOf``/``oneOf``/``anyOf`` (where 3.0
  has no ``type`` to extend) it becomes an ``anyOf`` with a ``{"type": "null"}`` branch.
- boolean ``exclusiveMinimum``/``exclusiveMaximum`` become the numbers they qualified.
- a schema's ``example`` becomes ``examples: [example]`` (``example`` on parameters and
  media types is still valid 3.1 and is kept).
Everything else (descriptions, extensions, key order) is kept as the vendor wrote it.
Each rewrite is recorded as a ``Change`` with its JSON pointer, so an import can say what it
did.  The document passed in is never modified.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from generator.problems import Problem
from generator.spec.toolkit import LITERAL_KEYS, SCHEMA_KEYS, SCHEMA_LIST_KEYS, SCHEMA_MAP_KEYS, join_pointer

TARGET_VERSION = "3.1.0"
_VERSION_30 = re.compile(r"3\.0\.\d+")
_VERSION_31 = re.compile(r"3\.1\.\d+")


@dataclass(frozen=True)
class Change:
    pointer: str
    rule: str
    """``nullable``, ``exclusive-bound``, ``schema-example`` or ``version``."""
    detail: str


@dataclass(frozen=True)
class Conversion:
    document: dict[str, Any]
    changes: tuple[Change, ...]


def to_openapi_31(document: Any, shown: str) -> tuple[Conversion | None, list[Problem]]:
    """The 3.1 form of ``document`` (a 3.1 document comes back as a copy, unchanged)."""
    if not isinstance(document, dict):
        return None, [
            Problem(
                shown,
                "the file is not an OpenAPI document (its top level is not a mapping)",
                fix="import an OpenAPI 3.0 or 3.1 description",
                rule="import/not-openapi",
            )
        ]
    version = document.get("openapi")
    if "swagger" in document:
        return None, [
            Problem(
                shown,
                f"this is a Swagger {document.get('swagger')} document; only OpenAPI 3.0 and 3.1 are imported",
                fix="convert it to OpenAPI 3 first (e.g. with swagger2openapi), then import the result",
                pointer="/swagger",
                rule="import/version",
            )
        ]
    result = copy.deepcopy(document)
    if isinstance(version, str) and _VERSION_31.fullmatch(version):
        return Conversion(result, ()), []
    if not (isinstance(version, str) and _VERSION_30.fullmatch(version)):
        return None, [
            Problem(
                shown,
                f"unsupported OpenAPI version {version!r}",
                fix="import an OpenAPI 3.0.x or 3.1.x document (its `openapi:` field says which)",
                pointer="/openapi",
                rule="import/version",
            )
        ]
    changes: list[Change] = [Change("/openapi", "version", f"{version} -> {TARGET_VERSION}")]
    result["openapi"] = TARGET_VERSION
    _walk_document(result, "", changes)
    return Conversion(result, tuple(changes)), []


def _walk_document(node: Any, at: str, changes: list[Change]) -> None:
    """Find the schema roots outside schemas: ``schema`` of parameters, headers and media types,
    and the values of ``components/schemas``."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            _walk_document(item, join_pointer(at, index), changes)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        child = join_pointer(at, key)
        if key in LITERAL_KEYS or str(key).startswith("x-"):
            continue
        if key == "schema" and isinstance(value, dict):
            node[key] = _convert_schema(value, child, changes)
        elif at == "/components" and key == "schemas" and isinstance(value, dict):
            for name, schema in value.items():
                if isinstance(schema, dict):
                    value[name] = _convert_schema(schema, join_pointer(child, name), changes)
        else:
            _walk_document(value, child, changes)


def _convert_schema(schema: dict[str, Any], at: str, changes: list[Change]) -> dict[str, Any]:
    for key, value in list(schema.items()):
        child = join_pointer(at, key)
        if key in SCHEMA_KEYS and isinstance(value, dict):
            schema[key] = _convert_schema(value, child, changes)
        elif key in SCHEMA_LIST_KEYS and isinstance(value, list):
            schema[key] = [
                _convert_schema(item, join_pointer(child, i), changes) if isinstance(item, dict) else item
                for i, item in enumerate(value)
            ]
        elif key in SCHEMA_MAP_KEYS and isinstance(value, dict):
            for name, sub in value.items():
                if isinstance(sub, dict):
                    value[name] = _convert_schema(sub, join_pointer(child, name), changes)
    _exclusive_bounds(schema, at, changes)
    if "example" in schema:
        example = schema.pop("example")
        if "examples" not in schema:
            schema["examples"] = [example]
        changes.append(Change(join_pointer(at, "example"), "schema-example", "example -> examples: [example]"))
    return _nullable(schema, at, changes)


def _exclusive_bounds(schema: dict[str, Any], at: str, changes: list[Change]) -> None:
    for flag, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = schema.get(flag)
        if value is True and bound in schema:
            schema[flag] = schema.pop(bound)
            changes.append(
                Change(join_pointer(at, flag), "exclusive-bound", f"{flag}: true + {bound} -> {flag}: <number>")
            )
        elif isinstance(value, bool):  # false, or true without a bound to qualify: no constraint
            del schema[flag]
            changes.append(
                Change(
                    join_pointer(at, flag), "exclusive-bound", f"{flag}: {str(value).lower()} dropped (no constraint)"
                )
            )


def _nullable(schema: dict[str, Any], at: str, changes: list[Change]) -> dict[str, Any]:
    if "nullable" not in schema:
        return schema
    nullable = schema.pop("nullable") is True
    pointer = join_pointer(at, "nullable")
    if not nullable:
        changes.append(Change(pointer, "nullable", "nullable: false dropped (the default)"))
        return schema
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
        if isinstance(schema.get("enum"), list) and None not in schema["enum"]:
            schema["enum"] = [*schema["enum"], None]
        changes.append(Change(pointer, "nullable", f"type: {kind} -> [{kind}, 'null']"))
        return schema
    for combinator in ("oneOf", "anyOf"):
        branches = schema.get(combinator)
        if isinstance(branches, list) and "type" not in schema:
            if {"type": "null"} not in branches:
                schema[combinator] = [*branches, {"type": "null"}]
            changes.append(Change(pointer, "nullable", f"{combinator} gets a {{type: 'null'}} branch"))
            return schema
    if "$ref" in schema or "allOf" in schema:
        # 3.0 ignores a $ref's siblings; allOf has no type to extend.  Annotations stay outside.
        inner = {k: schema.pop(k) for k in ("$ref", "allOf") if k in schema}
        branch = inner if "allOf" not in inner or "$ref" in inner or len(inner["allOf"]) != 1 else inner["allOf"][0]
        changes.append(Change(pointer, "nullable", "nullable reference -> anyOf: [<reference>, {type: 'null'}]"))
        return {"anyOf": [branch, {"type": "null"}], **schema}
    if isinstance(schema.get("enum"), list):
        if None not in schema["enum"]:
            schema["enum"] = [*schema["enum"], None]
        changes.append(Change(pointer, "nullable", "enum without type gets None"))
        return schema
    changes.append(Change(pointer, "nullable", "nullable on a schema without type dropped (it already admits null)"))
    return schema
