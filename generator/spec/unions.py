"""Normalize unions the way vendors write them into the shape both generators handle.

Measured on the Otim API's published description (``ActionArguments``, ``ActivityData``),
openapi-python-client 0.29.1 and datamodel-code-generator 0.89.0:

* An inline ``oneOf``/``anyOf`` branch with a ``title`` becomes a model class named by the
  title alone.  Two unions whose branches share a title (``Transfer`` in both) then make
  two classes of one name: openapi-python-client drops the second union ("Attempted to
  generate duplicate models", "Invalid property in union") and every operation that
  returns it loses its response.  Such a branch is hoisted into ``components/schemas`` under
  ``<Union><Title>`` (its title moved to ``x-oc-title``) and referenced from the union.
  A discriminator mapping that pointed at the inline branch (``#/components/schemas/
  ActionArguments/oneOf/0``) is pointed at the hoisted schema.
* ``type: object`` beside a ``oneOf``/``anyOf`` whose every branch is an object says nothing
  the branches do not say; openapi-python-client reads the pair as a union of the object and
  its branches.  The ``type`` is dropped.
* A ``discriminator`` whose ``propertyName`` some branch does not declare (Otim's
  ``ActionArguments`` names ``type``; its branches are ``{"refuelERC20": {...}}`` wrappers
  with no ``type``) can tag no payload: OpenAPI requires the property in every branch, and
  JSON Schema ignores the keyword.  It is dropped, and the union is decoded as untagged
  (by the branch that declares most of the payload's keys, ``runtime/_codec.py``), as a
  validator reads it.

Both rewrites keep what the document means: the same JSON validates before and after.
"""

from __future__ import annotations

import re
from typing import Any

from generator.spec.toolkit import escape_token, resolve, subschemas

TITLE_MARK = "x-oc-title"
UNION_KEYS = ("oneOf", "anyOf")


def normalize_unions(document: dict[str, Any]) -> None:
    """Rewrite ``document`` in place (the caller owns the copy)."""
    schemas = (document.get("components") or {}).get("schemas")
    if not isinstance(schemas, dict):
        return
    for name in list(schemas):
        schema = schemas[name]
        if not isinstance(schema, dict):
            continue
        pending: list[tuple[dict[str, Any], str]] = [(schema, f"#/components/schemas/{escape_token(name)}")]
        while pending:
            node, at = pending.pop()
            _hoist_titled_branches(document, schemas, name, node, at)
            _drop_object_type_beside_union(document, node)
            _drop_unusable_discriminator(document, node)
            pending.extend(
                (sub, sub_at)
                for _key, sub_at, sub in subschemas(node, at)
                if isinstance(sub, dict) and "$ref" not in sub
            )


def _hoist_titled_branches(
    document: dict[str, Any], schemas: dict[str, Any], owner: str, node: dict[str, Any], at: str
) -> None:
    moved: dict[str, str] = {}
    for key in UNION_KEYS:
        branches = node.get(key)
        if not isinstance(branches, list):
            continue
        for index, branch in enumerate(branches):
            if not (isinstance(branch, dict) and "$ref" not in branch and isinstance(branch.get("title"), str)):
                continue
            if not _is_object(document, branch):
                continue
            hoisted = dict(branch)
            hoisted[TITLE_MARK] = hoisted.pop("title")
            new_name = _free_name(schemas, owner + _pascal(hoisted[TITLE_MARK]))
            schemas[new_name] = hoisted
            branches[index] = {"$ref": f"#/components/schemas/{escape_token(new_name)}"}
            moved[f"{at}/{key}/{index}"] = branches[index]["$ref"]
    mapping = (node.get("discriminator") or {}).get("mapping") if isinstance(node.get("discriminator"), dict) else None
    if isinstance(mapping, dict) and moved:
        for tag, target in list(mapping.items()):
            mapping[tag] = moved.get(target, target)


def _drop_unusable_discriminator(document: dict[str, Any], node: dict[str, Any]) -> None:
    discriminator = node.get("discriminator")
    if not isinstance(discriminator, dict):
        return
    tag = discriminator.get("propertyName")
    branches = [b for key in UNION_KEYS for b in node.get(key) or [] if isinstance(b, dict)]
    for branch in branches:
        schema = resolve(document, branch)
        if "allOf" in schema:
            return  # the property may come from a part: left to the tools
        if tag not in (schema.get("properties") or {}):
            del node["discriminator"]
            return


def _drop_object_type_beside_union(document: dict[str, Any], node: dict[str, Any]) -> None:
    if node.get("type") != "object" or node.get("properties") or node.get("additionalProperties") is not None:
        return
    for key in UNION_KEYS:
        branches = node.get(key)
        if isinstance(branches, list) and branches and all(_is_object(document, b) for b in branches):
            del node["type"]
            return


def _is_object(document: dict[str, Any], branch: Any) -> bool:
    schema = resolve(document, branch) if isinstance(branch, dict) else {}
    return schema.get("type") == "object" or (schema.get("type") is None and isinstance(schema.get("properties"), dict))


def _pascal(title: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", title)
    return "".join(w[:1].upper() + w[1:] for w in words) or "Branch"


def _free_name(schemas: dict[str, Any], wanted: str) -> str:
    name, n = wanted, 2
    while name in schemas:
        name, n = f"{wanted}{n}", n + 1
    return name


__all__ = ["TITLE_MARK", "normalize_unions"]
