"""A synthetic vendor-published OpenAPI 3.0.3 description of any size, for the import bench.

``python -m bench.vendor30 OUT.yaml --operations 200``

It is ``bench.synth``'s 3.1 document (resources of four operations: a cursor-paginated
list, get, create, update; refs, path and query parameters, request bodies, a 404 with a
schema) said the way a 3.0 vendor says it, so the importer has real work to do:
``type: [X, "null"]`` becomes ``type: X`` + ``nullable: true``, ``const`` becomes a
one-value ``enum``, and every resource's create schema carries a schema-level
``example`` (3.0) instead of ``examples`` (3.1), beside a 3.0 boolean ``exclusiveMinimum``.
``generator.spec.importer.import_description`` converts all of it back.

``bare=True`` (what bench section 6 imports) is the description as a vendor publishes it:
none of the project's extensions (``x-docs-url``, ``x-request-examples``, ``x-pagination``)
and camelCase operationIds (``listRes0000s``); an imported spec is marked
``x-oc-conventions: imported``, so our convention rules are warnings for it.  Without
``bare`` the extensions and snake_case operationIds are kept, and the imported spec also
passes the rules for hand-written specs.  Deterministic: the same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bench import synth

OUR_EXTENSIONS = ("x-docs-url", "x-request-examples", "x-pagination", "x-docs-seed")


def build(operations: int, *, extra_schemas: int = 0, seed: int = 0, bare: bool = False) -> dict[str, Any]:
    """An OpenAPI 3.0.3 document with exactly ``operations`` operations."""
    doc = synth.build(operations, extra_schemas=extra_schemas, seed=seed)
    doc["openapi"] = "3.0.3"
    schemas = doc["components"]["schemas"]
    for name, schema in schemas.items():
        schemas[name] = _to_30(schema)
        if name.endswith("Create"):  # a 3.0 bound and a 3.0 schema example on every resource
            amount = schemas[name]["properties"]["amount"]
            amount.update({"minimum": 0, "exclusiveMinimum": False, "example": 1250})
    for item in doc["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                parameter["schema"] = _to_30(parameter["schema"])
    if bare:
        _drop_extensions(doc)
        for item in doc["paths"].values():
            for operation in item.values():
                operation["operationId"] = _camel(operation["operationId"])
    return doc


def _camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(word[:1].upper() + word[1:] for word in rest)


def _to_30(schema: Any) -> Any:
    """``schema`` (and its subschemas) in the 3.0 dialect."""
    if isinstance(schema, list):
        return [_to_30(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "type" and isinstance(value, list) and "null" in value:
            kinds = [k for k in value if k != "null"]
            out["type"] = kinds[0]
            out["nullable"] = True
        elif key == "const":
            out["enum"] = [value]
        elif key in {"properties", "additionalProperties", "items", "oneOf", "anyOf", "allOf"}:
            out[key] = {k: _to_30(v) for k, v in value.items()} if key == "properties" else _to_30(value)
        else:
            out[key] = value
    return out


def _drop_extensions(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _drop_extensions(item)
    elif isinstance(node, dict):
        for key in OUR_EXTENSIONS:
            node.pop(key, None)
        for value in node.values():
            _drop_extensions(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.vendor30", description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--operations", type=int, default=200)
    parser.add_argument("--bare", action="store_true", help="without the project's x- extensions")
    args = parser.parse_args(argv)
    doc = build(args.operations, bare=args.bare)
    synth.write(doc, args.out)
    ops, schemas = synth.count(doc)
    print(f"{args.out}: OpenAPI 3.0.3, {ops} operations, {schemas} schemas")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
