"""Arguments for every operation of a vendor's description that has no request examples: a
JSON value built from each schema (its own example first), and the spec-named call that
``tests.conformance.client.arguments`` turns into a generated function's arguments.

The values only have to be what the description allows, so that Prism's request validation
accepts them: the schema's ``examples``/``example``/``default``/``const``/first ``enum``
value when it has one, else the smallest value of its type (required properties only, one
item per list, the first branch of a union).
"""

from __future__ import annotations

from typing import Any

from generator.spec.toolkit import OperationRef, deref, iter_operations, iter_structural, resolve

FORMATS = {
    "uuid": "497f6eca-6276-4993-bfeb-53cbbbba6f08",
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "email": "someone@example.com",
    "uri": "https://example.com/",
}
MAX_DEPTH = 12


def value_for(doc: dict[str, Any], schema: Any, depth: int = 0) -> Any:
    node = resolve(doc, schema) if isinstance(schema, dict) else {}
    if isinstance(node.get("examples"), list) and node["examples"]:
        return node["examples"][0]
    for key in ("example", "default", "const"):
        if node.get(key) is not None:
            return node[key]
    if isinstance(node.get("enum"), list) and [v for v in node["enum"] if v is not None]:
        return next(v for v in node["enum"] if v is not None)
    if depth > MAX_DEPTH:
        return None
    for key in ("oneOf", "anyOf"):
        branches = [b for b in node.get(key) or [] if resolve(doc, b).get("type") != "null"]
        if branches:
            return value_for(doc, branches[0], depth + 1)
    if node.get("allOf"):
        merged: dict[str, Any] = {}
        for part in node["allOf"]:
            part_value = value_for(doc, part, depth + 1)
            if isinstance(part_value, dict):
                merged.update(part_value)
        return merged
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in node:
        properties = node.get("properties") or {}
        return {
            name: value_for(doc, properties[name], depth + 1)
            for name in node.get("required") or []
            if name in properties
        }
    if kind == "array":
        return [value_for(doc, node.get("items") or {}, depth + 1) for _ in range(max(1, node.get("minItems", 1)))]
    if kind == "integer":
        return int(node.get("minimum", 1))
    if kind == "number":
        return float(node.get("minimum", 1))
    if kind == "boolean":
        return True
    if kind == "string":
        text = FORMATS.get(str(node.get("format")), "x")
        return text * max(1, int(node.get("minLength", 1))) if text == "x" else text
    return None


def parameters(doc: dict[str, Any], op: OperationRef) -> list[dict[str, Any]]:
    """The operation's parameters, path item's first, an operation's own one winning."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for group, at in ((op.path_item.get("parameters"), op.item_pointer), (op.operation.get("parameters"), op.pointer)):
        for raw in group or []:
            param, _ = deref(doc, raw, at)
            found[(str(param.get("name")), str(param.get("in")))] = param
    return list(found.values())


def spec_call(doc: dict[str, Any], op: OperationRef) -> dict[str, Any]:
    """``{"path": ..., "query": ..., "body": ...}``: every path parameter, each required query
    parameter, and the JSON body whenever the operation has one."""
    call: dict[str, Any] = {"path": {}, "query": {}}
    for param in parameters(doc, op):
        where = param.get("in")
        if where == "path" or (where == "query" and param.get("required")):
            call[str(where)][param["name"]] = value_for(doc, param.get("schema") or {})
    body = resolve(doc, op.operation.get("requestBody") or {})
    media = (body.get("content") or {}).get("application/json")
    if isinstance(media, dict):
        call["body"] = value_for(doc, media.get("schema") or {})
    return call


def operations(doc: dict[str, Any]) -> list[OperationRef]:
    return list(iter_operations(doc))


def discriminators_as_consts(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` (in place) with each ``discriminator.mapping`` also said in JSON Schema: the
    branch's tag property limited to the tags that map to it.  For the copy Prism serves only.

    Formance's ``V2Subject`` is ``oneOf`` an ACCOUNT and a WALLET subject whose ``type`` is any
    string, told apart by the discriminator alone; Prism validates its own responses with
    JSON Schema, where every subject matches both branches (``must match exactly one schema in
    oneOf``).  The generated clients read the discriminator (tests/runtime covers it)."""
    for _at, node in iter_structural(doc):
        discriminator = node.get("discriminator")
        if not isinstance(discriminator, dict) or not isinstance(discriminator.get("mapping"), dict):
            continue
        tags: dict[str, list[str]] = {}
        for tag, ref in discriminator["mapping"].items():
            tags.setdefault(str(ref), []).append(tag)
        for ref, values in tags.items():
            branch = resolve(doc, {"$ref": ref})
            prop = (branch.get("properties") or {}).get(discriminator.get("propertyName"))
            if isinstance(prop, dict) and "$ref" not in prop and not {"const", "enum"} & prop.keys():
                prop["enum"] = sorted(values)
    return doc
