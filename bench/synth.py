"""Synthetic vendor specs of any size, written to follow specs/CONVENTIONS.md.

``python -m bench.synth OUT.yaml --operations 1000 [--extra-schemas 35]``

Operations come in resources of four (list with cursor pagination, get, create, update)
so every size exercises the same constructs the real specs use: query arrays
(form/explode), dotted names, path parameters, request bodies, nullable fields, string
maps, enums, a 404 with a schema, ``x-pagination`` and ``x-request-examples``.  The
schema-heavy variant adds ``extra_schemas`` wide component schemas per resource plus a
discriminated ``oneOf``, which is where datamodel-code-generator and the model templates
spend their time.  Every sample is made from its own schema (``bench.values.make``), so
the specs pass the project's validation rules, including examples-against-schemas.
"""

from __future__ import annotations

import argparse
import math
import random
from pathlib import Path
from typing import Any

import yaml

from bench.values import make

SERVER = "https://api.synthetic.test/v1"
DOCS = "https://docs.synthetic.test/api"
SECURITY: list[dict[str, list[str]]] = [{"bearer": []}]
RESOURCES_PER_TAG = 10


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _resource_schemas(name: str, extra: int) -> dict[str, Any]:
    schemas: dict[str, Any] = {
        f"{name}Status": {
            "type": "string",
            "description": f"Lifecycle state of a {name}.",
            "enum": ["active", "pending", "closed"],
        },
        name: {
            "type": "object",
            "description": f"A {name} resource.",
            "required": ["id", "name"],
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "name": {"type": "string", "description": "Display name."},
                "status": _ref(f"{name}Status"),
                "amount": {"type": "integer", "format": "int64", "minimum": 0, "description": "Amount in minor units."},
                "created_at": {"type": "string", "format": "date-time"},
                "note": {"type": ["string", "null"], "description": "Free text, null when unset."},
                "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                "labels": {"type": "array", "maxItems": 20, "items": {"type": "string"}},
                "owner": _ref("Owner"),
            },
        },
        f"{name}Page": {
            "type": "object",
            "description": f"A page of {name} resources.",
            "properties": {
                "items": {"type": "array", "items": _ref(name)},
                "next_cursor": {"type": ["string", "null"]},
            },
        },
        f"{name}Create": {
            "type": "object",
            "description": f"Fields of a new {name}.",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "status": _ref(f"{name}Status"),
                "amount": {"type": "integer", "format": "int64", "minimum": 0},
                "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        },
        f"{name}Update": {
            "type": "object",
            "description": f"Fields of a {name} to change.",
            "properties": {
                "name": {"type": "string"},
                "status": _ref(f"{name}Status"),
                "note": {"type": ["string", "null"]},
            },
        },
    }
    if extra:
        schemas.update(_heavy_schemas(name, extra))
        props = schemas[name]["properties"]
        props["method"] = _ref(f"{name}Method")
        for k in range(1, extra + 1):
            props[f"detail_{k:02d}"] = _ref(f"{name}Detail{k:02d}")
    return schemas


def _heavy_schemas(name: str, extra: int) -> dict[str, Any]:
    schemas: dict[str, Any] = {
        f"{name}Method": {
            "description": "How it is paid, told apart by `type`.",
            "oneOf": [_ref(f"{name}Card"), _ref(f"{name}Bank")],
            "discriminator": {
                "propertyName": "type",
                "mapping": {"CARD": f"#/components/schemas/{name}Card", "BANK": f"#/components/schemas/{name}Bank"},
            },
        },
        f"{name}Card": {
            "type": "object",
            "description": "A card.",
            "required": ["type", "last4"],
            "properties": {
                "type": {"type": "string", "const": "CARD"},
                "last4": {"type": "string"},
                "expires_at": {"type": "string", "format": "date-time"},
            },
        },
        f"{name}Bank": {
            "type": "object",
            "description": "A bank account.",
            "required": ["type", "iban"],
            "properties": {
                "type": {"type": "string", "const": "BANK"},
                "iban": {"type": "string"},
                "verified": {"type": "boolean"},
            },
        },
    }
    for k in range(1, extra + 1):
        schemas[f"{name}Detail{k:02d}"] = {
            "type": "object",
            "description": f"Detail record {k} of a {name}.",
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "label": {"type": "string"},
                "level": {"type": "integer", "format": "int32", "minimum": 0, "maximum": 100},
                "ratio": {"type": "number"},
                "kind": {"type": "string", "enum": ["alpha", "beta", "gamma", "delta"]},
                "active": {"type": "boolean"},
                "seen_at": {"type": ["string", "null"], "format": "date-time"},
                "attributes": {"type": "object", "additionalProperties": {"type": "string"}},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
        }
    return schemas


def _param(name: str, where: str, schema: dict[str, Any], description: str, **more: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": description,
        "schema": schema,
        **more,
    }


def _json(schema_name: str, sample: Any) -> dict[str, Any]:
    return {
        "application/json": {
            "schema": _ref(schema_name),
            "examples": {"docs": {"summary": "Sample response from the docs page", "value": sample}},
        }
    }


def _request_example(
    method: str, url: str, path: dict[str, Any], query: dict[str, Any], body: Any
) -> list[dict[str, Any]]:
    call: dict[str, Any] = {"token": "<token>", "path": path, "query": query}
    expect: dict[str, Any] = {
        "method": method.upper(),
        "url": url,
        "query": [[k, str(v)] for k, v in query.items()],
        "headers": {"Authorization": "Bearer <token>"},
    }
    if body is not None:
        call["body"], expect["body"] = body, body
    else:
        expect["absent_headers"] = ["Content-Type"]
    return [{"name": "docs-curl", "source": "derived", "call": call, "expect": expect}]


def _operations(doc: dict[str, Any], name: str, count: int, rng: random.Random) -> dict[str, Any]:
    """Up to four operations on resource ``name`` as path items."""
    snake, tag = name.lower(), f"group{int(name[3:]) // RESOURCES_PER_TAG:03d}"
    collection, item = f"/{snake}s", f"/{snake}s/{{{snake}_id}}"
    rid = "3f0c8a4e-1b2d-4c3e-8f9a-0b1c2d3e4f5a"
    one, page = (
        make(doc, _ref(name), rng),
        {"items": [make(doc, _ref(name), rng) for _ in range(2)], "next_cursor": None},
    )
    body_create = make(doc, _ref(f"{name}Create"), rng)
    body_update = make(doc, _ref(f"{name}Update"), rng)
    path_param = _param(f"{snake}_id", "path", {"type": "string", "format": "uuid"}, f"The {name}'s id.")

    def op(op_id: str, summary: str, **rest: Any) -> dict[str, Any]:
        return {
            "operationId": op_id,
            "summary": summary,
            "description": f"{summary}. Synthetic operation for the benchmarks.",
            "tags": [tag],
            "x-docs-url": f"{DOCS}/{snake}/{op_id}",
            "security": SECURITY,
            **rest,
        }

    list_op = op(
        f"list_{snake}s",
        f"List {name} resources",
        parameters=[
            _param(
                "limit",
                "query",
                {"type": "integer", "format": "int32", "minimum": 1, "maximum": 1000, "default": 100},
                "Page size.",
            ),
            _param("cursor", "query", {"type": "string"}, "Cursor from the previous page's next_cursor."),
            _param(
                "status",
                "query",
                {"type": "array", "maxItems": 10, "items": _ref(f"{name}Status")},
                "Only these states.",
                style="form",
                explode=True,
            ),
            _param(
                "created_at.gte",
                "query",
                {"type": "string", "format": "date-time"},
                "Created at or after this time (RFC 3339).",
            ),
        ],
        responses={
            "200": {"description": "A page.", "content": _json(f"{name}Page", page)},
            "400": {"description": "Bad request."},
        },
        **{
            "x-pagination": {
                "style": "cursor",
                "in": "query",
                "items": "/items",
                "cursor_param": "cursor",
                "next_cursor": "/next_cursor",
                "size_param": "limit",
            },
            "x-request-examples": _request_example("get", SERVER + collection, {}, {"limit": 5}, None),
        },
    )
    not_found = {"description": "No such resource.", "content": {"application/json": {"schema": _ref("Error")}}}
    get_op = op(
        f"get_{snake}",
        f"Get a {name}",
        parameters=[path_param],
        responses={"200": {"description": "The resource.", "content": _json(name, one)}, "404": not_found},
        **{"x-request-examples": _request_example("get", f"{SERVER}/{snake}s/{rid}", {f"{snake}_id": rid}, {}, None)},
    )
    create_op = op(
        f"create_{snake}",
        f"Create a {name}",
        requestBody={
            "required": True,
            "content": {
                "application/json": {
                    "schema": _ref(f"{name}Create"),
                    "examples": {"docs": {"summary": "Sample request from the docs page", "value": body_create}},
                }
            },
        },
        responses={
            "201": {"description": "Created.", "content": _json(name, one)},
            "400": {"description": "Bad request."},
        },
        **{"x-request-examples": _request_example("post", SERVER + collection, {}, {}, body_create)},
    )
    update_op = op(
        f"update_{snake}",
        f"Update a {name}",
        parameters=[path_param],
        requestBody={
            "required": True,
            "content": {
                "application/json": {
                    "schema": _ref(f"{name}Update"),
                    "examples": {"docs": {"summary": "Sample request from the docs page", "value": body_update}},
                }
            },
        },
        responses={"200": {"description": "Updated.", "content": _json(name, one)}, "404": not_found},
        **{
            "x-request-examples": _request_example(
                "patch", f"{SERVER}/{snake}s/{rid}", {f"{snake}_id": rid}, {}, body_update
            )
        },
    )
    chosen = [
        ("get", collection, list_op),
        ("get", item, get_op),
        ("post", collection, create_op),
        ("patch", item, update_op),
    ][:count]
    paths: dict[str, Any] = {}
    for method, path, operation in chosen:
        paths.setdefault(path, {})[method] = operation
    return paths


def build(operations: int, *, extra_schemas: int = 0, seed: int = 0) -> dict[str, Any]:
    """An OpenAPI 3.1 document with exactly ``operations`` operations."""
    rng = random.Random(seed)
    resources = max(1, math.ceil(operations / 4))
    names = [f"Res{i:04d}" for i in range(resources)]
    schemas: dict[str, Any] = {
        "Owner": {
            "type": "object",
            "description": "Who owns a resource.",
            "properties": {"id": {"type": "string", "format": "uuid"}, "email": {"type": "string"}},
        },
        "Error": {
            "type": "object",
            "description": "An error.",
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        },
    }
    for name in names:
        schemas.update(_resource_schemas(name, extra_schemas))
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": f"Synthetic API ({operations} operations)",
            "version": "1.0.0",
            "description": "Generated by bench/synth.py for the benchmarks; not a real vendor.",
            "x-docs-seed": "none.txt",
        },
        "servers": [{"url": SERVER, "description": "Production"}],
        "security": SECURITY,
        "tags": [
            {"name": f"group{g:03d}", "description": f"Resources {g * RESOURCES_PER_TAG}+."}
            for g in range(math.ceil(resources / RESOURCES_PER_TAG))
        ],
        "paths": {},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
            "schemas": schemas,
        },
    }
    left = operations
    for name in names:
        doc["paths"].update(_operations(doc, name, min(4, left), rng))
        left -= 4
    return doc


def count(doc: dict[str, Any]) -> tuple[int, int]:
    """(operations, component schemas) of a document."""
    ops = sum(1 for item in doc["paths"].values() for key in item if key in {"get", "post", "put", "patch", "delete"})
    return ops, len(doc["components"]["schemas"])


def write(doc: dict[str, Any], path: Path) -> Path:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: 1,000 operations dump in well under a second
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(doc, Dumper=dumper, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__)
    parser.add_argument("out", type=Path, help="where to write the spec (its stem becomes the vendor slug)")
    parser.add_argument("--operations", type=int, default=100)
    parser.add_argument(
        "--extra-schemas", type=int, default=0, help="extra component schemas per resource (schema-heavy variant)"
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    doc = build(args.operations, extra_schemas=args.extra_schemas, seed=args.seed)
    write(doc, args.out)
    ops, schemas = count(doc)
    print(f"{args.out}: {ops} operations, {schemas} schemas")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
