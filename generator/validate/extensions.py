"""Project rules for the spec extensions: ``x-pagination``, ``x-request-examples``,
``x-idempotency-header`` and the client-naming ones (``info.x-client-name``,
``info.x-client-env``, ``x-client-resource``, ``x-client-method``).

Their shapes are defined in specs/CONVENTIONS.md.  The generated clients and the
conformance suite act on them, so a field that names no real parameter or response
property would fail far from its cause; here it fails at its own line.  Each rule takes the spec document and yields
``(pointer, message, fix)``; generator/validate/rules.py registers them under ``RULES`` names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from generator.model import resources
from generator.spec.toolkit import OperationRef, deref, iter_operations, join_pointer, pointer_tokens

Finding = tuple[str, str, str]


def _op_params(doc: dict[str, Any], op: OperationRef) -> dict[str, set[str]]:
    """Parameter names by location (query, path, header, cookie); operation-level ones win."""
    found: dict[str, set[str]] = {}
    for group in (op.path_item.get("parameters"), op.operation.get("parameters")):
        for ref_or_param in group if isinstance(group, list) else ():
            param, _ = deref(doc, ref_or_param, "")
            if isinstance(param, dict) and isinstance(param.get("name"), str):
                found.setdefault(str(param.get("in")), set()).add(param["name"])
    return found


_UNRESOLVED = object()
"""A $ref on the way did not resolve: lint/local-refs reports it, the pointer is not judged."""


def _child_schema(doc: dict[str, Any], schema: Any, token: str) -> Any:
    """The subschema for ``token`` (a property, or an index into an array), None if there is none.

    Searches the schema, then its allOf/anyOf/oneOf branches depth-first in order; each schema
    once, without recursion, so a branch that leads back to its schema (lint/schema-cycle
    reports it) or a long chain of them ends."""
    if schema is _UNRESOLVED:
        return _UNRESOLVED
    unresolved, seen, pending = False, set(), [schema]
    while pending:
        node, _ = deref(doc, pending.pop(), "")
        if isinstance(node, dict) and "$ref" in node:
            unresolved = True
            continue
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        properties = node.get("properties")
        if isinstance(properties, dict) and token in properties:
            return properties[token]
        if token.isdigit() and "items" in node:
            return node["items"]
        pending.extend(reversed(_branches(node)))
    return _UNRESOLVED if unresolved else None


def _branches(schema: dict[str, Any]) -> list[Any]:
    """The subschemas of allOf / anyOf / oneOf, where a property may be declared."""
    return [b for kw in ("allOf", "anyOf", "oneOf") if isinstance(schema.get(kw), list) for b in schema[kw]]


def _json_schema(doc: dict[str, Any], owner: Any, owner_at: str) -> Any:
    """The JSON media type's schema of a response or request body (None when there is none)."""
    body, _ = deref(doc, owner, owner_at)
    content = body.get("content") if isinstance(body, dict) else None
    for media, entry in content.items() if isinstance(content, dict) else ():
        if re.fullmatch(r"application/([\w.-]+\+)?json", media) and isinstance(entry, dict):
            return entry.get("schema")
    return None


_PAGINATION = {"cursor": {"cursor_param", "next_cursor"}, "page": {"page_param"}, "offset": {"offset_param"}}
_PAGINATION_OPTIONAL = {"cursor": {"size_param"}, "page": {"size_param"}, "offset": {"size_param", "has_more"}}


def _pagination_shape(pg: Any) -> str:
    if not isinstance(pg, dict):
        return "x-pagination must be a mapping"
    style = pg.get("style")
    if not isinstance(style, str) or style not in _PAGINATION:
        return f"x-pagination style {style!r} is not one of cursor, page, offset"
    if pg.get("in") not in ("query", "body"):
        return f"x-pagination in {pg.get('in')!r} is not query or body"
    required = {"style", "in", "items"} | _PAGINATION[style]
    if required - set(pg):
        return f"x-pagination ({style}) lacks {', '.join(sorted(required - set(pg)))}"
    if set(pg) - required - _PAGINATION_OPTIONAL[style]:
        return f"x-pagination ({style}) has key(s) it does not use: {', '.join(sorted(set(pg) - required - _PAGINATION_OPTIONAL[style]))}"
    if any(not isinstance(v, str) for v in pg.values()):
        return "x-pagination values must be strings (parameter names or JSON pointers)"
    bad = [
        k
        for k in ("items", "next_cursor", "has_more")
        if k in pg and not (pg[k].startswith("/") or (k == "items" and not pg[k]))
    ]
    return f"x-pagination {', '.join(bad)} must be JSON pointer(s) starting with '/'" if bad else ""


def _paginated(doc: dict[str, Any]) -> Iterator[tuple[str, OperationRef, Any]]:
    for op in iter_operations(doc):
        if "x-pagination" in op.operation:
            yield join_pointer(op.pointer, "x-pagination"), op, op.operation["x-pagination"]


def _pagination_shape_rule(doc: dict[str, Any]) -> Iterator[Finding]:
    for at, op, pg in _paginated(doc):
        if shape := _pagination_shape(pg):
            yield at, f"{op.display}: {shape}", "follow the x-pagination shape in specs/CONVENTIONS.md"


def _pagination_param(doc: dict[str, Any]) -> Iterator[Finding]:
    for at, op, pg in _paginated(doc):
        if _pagination_shape(pg):
            continue
        if pg["in"] == "query":
            known, where = _op_params(doc, op).get("query", set()), "query parameters"
        else:
            schema = _json_schema(doc, op.operation.get("requestBody"), "")
            known, where = _property_names(doc, schema), "JSON request body properties"
        for key in sorted(k for k in pg if k.endswith("_param")):
            if pg[key] not in known:
                yield (
                    join_pointer(at, key),
                    f"{op.display}: x-pagination {key} {pg[key]!r} is not one of its {where}",
                    f"use one of: {', '.join(sorted(known)) or '(none declared)'}",
                )


def _property_names(doc: dict[str, Any], schema: Any) -> set[str]:
    """The property names of ``schema`` and of its allOf/anyOf/oneOf branches (each schema once)."""
    names: set[str] = set()
    seen, pending = set(), [schema]
    while pending:
        node, _ = deref(doc, pending.pop(), "")
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        properties = node.get("properties")
        names |= set(properties) if isinstance(properties, dict) else set()
        pending.extend(_branches(node))
    return names


def _pagination_pointer(doc: dict[str, Any]) -> Iterator[Finding]:
    for at, op, pg in _paginated(doc):
        if _pagination_shape(pg):
            continue
        name = op.display
        responses = op.operation.get("responses")
        success = [r for c, r in sorted(responses.items()) if c.startswith("2")] if isinstance(responses, dict) else []
        schema = next((s for r in success if (s := _json_schema(doc, r, "")) is not None), None)
        if schema is None:
            yield (
                op.pointer,
                f"{name} has x-pagination but no 2xx JSON response schema",
                "declare the page's response schema",
            )
            continue
        for key in ("items", "next_cursor", "has_more"):
            if key not in pg:
                continue
            node: Any = schema
            for token in pointer_tokens(pg[key]):
                node = _child_schema(doc, node, token)
            resolved, _ = deref(doc, node, "")
            types = resolved.get("type") if isinstance(resolved, dict) else None
            if node is _UNRESOLVED or (isinstance(resolved, dict) and "$ref" in resolved):
                continue
            if node is None:
                yield (
                    join_pointer(at, key),
                    f"{name}: x-pagination {key} {pg[key]!r} is not a property of the response",
                    "point at the response property (JSON pointer into the response schema)",
                )
            elif key == "items" and "array" not in (types if isinstance(types, list) else [types]):
                yield (
                    join_pointer(at, key),
                    f"{name}: x-pagination items {pg[key]!r} is not an array in the response schema",
                    "point at the array of items ('' when the response itself is the array)",
                )


_CALL_KEYS, _EXPECT_KEYS = (
    {"token", "path", "query", "body"},
    {"method", "url", "query", "headers", "absent_headers", "body"},
)


def _request_example_shape(entry: Any, method: str) -> str:
    if not isinstance(entry, dict):
        return "an x-request-examples entry must be a mapping"
    if missing := {"name", "source", "call", "expect"} - set(entry):
        return f"entry lacks {', '.join(sorted(missing))}"
    if unknown := set(entry) - {"name", "source", "verbatim", "call", "expect", "description", "note"}:
        return f"entry has unknown key(s) {', '.join(sorted(unknown))} (allowed besides the conventions': description, note)"
    if not isinstance(entry["name"], str) or entry["source"] not in ("docs", "derived"):
        return "name must be a string and source one of docs, derived"
    if (entry["source"] == "docs") != isinstance(entry.get("verbatim"), str):
        return "verbatim (the page's curl text) is required for source: docs and only for it"
    call, expect = entry["call"], entry["expect"]
    if (
        not isinstance(call, dict)
        or set(call) - _CALL_KEYS
        or not all(isinstance(call.get(k, {}), dict) for k in ("path", "query"))
    ):
        return f"call is a mapping of {', '.join(sorted(_CALL_KEYS))} (path and query are mappings)"
    if not isinstance(expect, dict) or set(expect) - _EXPECT_KEYS or not {"method", "url"} <= set(expect):
        return f"expect is a mapping of {', '.join(sorted(_EXPECT_KEYS))} with method and url"
    if expect["method"] != method.upper() or not re.match(r"https?://[^?#\s]+$", str(expect["url"])):
        return f"expect.method must be {method.upper()} and expect.url a full URL without the query"
    pairs = expect.get("query", [])
    if not isinstance(pairs, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) for s in p) for p in pairs
    ):
        return "expect.query is a list of [key, value] pairs of strings (what goes over the wire)"
    headers, absent = expect.get("headers", {}), expect.get("absent_headers", [])
    if (
        not isinstance(headers, dict)
        or not all(isinstance(v, str) for v in headers.values())
        or not isinstance(absent, list)
    ):
        return "expect.headers maps names to string values; expect.absent_headers is a list of names"
    return ""


def _request_examples(doc: dict[str, Any]) -> Iterator[Finding]:
    for op in iter_operations(doc):
        at, name, entries = op.pointer, op.display, op.operation.get("x-request-examples")
        if "x-request-examples" not in op.operation:
            continue  # lint/request-examples-missing
        if not isinstance(entries, list) or not entries:
            yield (
                join_pointer(at, "x-request-examples"),
                f"{name}: x-request-examples is {'an empty list' if entries == [] else 'not a list'}",
                "make it a list with at least the page's curl as a `source: docs` entry (specs/CONVENTIONS.md)",
            )
            continue
        names: set[Any] = set()
        for i, entry in enumerate(entries):
            shape = _request_example_shape(entry, op.method)
            if not shape and entry["name"] in names:
                shape = f"name {entry['name']!r} is used twice in this operation"
            if shape:
                yield (
                    join_pointer(at, "x-request-examples", i),
                    f"{name}: {shape}",
                    "follow the x-request-examples shape in specs/CONVENTIONS.md",
                )
            if not shape:
                names.add(entry["name"])


def _request_examples_missing(doc: dict[str, Any]) -> Iterator[Finding]:
    """Apart from the shape rule: a missing list is a convention (a warning for an imported
    spec), a malformed one is an error everywhere."""
    for op in iter_operations(doc):
        if "x-request-examples" not in op.operation:
            yield (
                op.pointer,
                f"{op.display} has no x-request-examples",
                "add at least the page's curl as a `source: docs` entry",
            )


def _request_example_params(doc: dict[str, Any]) -> Iterator[Finding]:
    for op in iter_operations(doc):
        name, entries = op.display, op.operation.get("x-request-examples")
        params = _op_params(doc, op)
        for i, entry in enumerate(entries if isinstance(entries, list) else ()):
            if _request_example_shape(entry, op.method):
                continue
            entry_at = join_pointer(op.pointer, "x-request-examples", i)
            used = [("path", join_pointer(entry_at, "call", "path", k), k) for k in entry["call"].get("path", {})]
            used += [("query", join_pointer(entry_at, "call", "query", k), k) for k in entry["call"].get("query", {})]
            used += [
                ("query", join_pointer(entry_at, "expect", "query", n), p[0])
                for n, p in enumerate(entry["expect"].get("query", []))
            ]
            for where, used_at, key in used:
                if key not in params.get(where, set()):
                    yield (
                        used_at,
                        f"{name}: request example {entry['name']!r} uses {where} parameter {key!r}, which the operation does not declare",
                        f"use the spec names of its {where} parameters: {', '.join(sorted(params.get(where, set()))) or '(none)'}",
                    )


_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
"""An HTTP field name (RFC 9110 §5.1: a token)."""
_IDEMPOTENT = frozenset({"get", "head", "options", "put", "delete", "trace"})


def idempotency_header(doc: dict[str, Any]) -> Iterator[Finding]:
    """``x-idempotency-header`` (root or operation): the header a POST/PATCH sends its
    idempotency key in, which makes the generated client retry it.  Registered with the
    correctness rules (``safety.py``: a bad header name breaks every call), not ``RULES``."""
    places = [("", doc, None)] + [(op.pointer, op.operation, op) for op in iter_operations(doc)]
    for owner_at, owner, op in places:
        if "x-idempotency-header" not in owner:
            continue
        at, value = join_pointer(owner_at, "x-idempotency-header"), owner["x-idempotency-header"]
        if not isinstance(value, str) or not _HEADER_NAME.fullmatch(value):
            yield (
                at,
                f"x-idempotency-header {value!r} is not an HTTP header name",
                "write the header the vendor documents for idempotency keys, e.g. `Idempotency-Key`",
            )
        elif op is not None and op.method in _IDEMPOTENT:
            yield (
                at,
                f"{op.display}: x-idempotency-header on a {op.method.upper()}, which is idempotent and retried without a key",
                "delete it: only a POST or PATCH sends an idempotency key",
            )


def _client_info(doc: dict[str, Any]) -> Iterator[Finding]:
    found = doc.get("info")
    info: dict[str, Any] = found if isinstance(found, dict) else {}
    name = info.get("x-client-name")
    if name is not None and not (isinstance(name, str) and resources.CLIENT_NAME.fullmatch(name)):
        yield (
            "/info/x-client-name",
            f"x-client-name {name!r} is not a class name",
            "a capitalised ASCII name of letters and digits, e.g. Paxos or B3OS (Async<name> is the async client)",
        )
    env = info.get("x-client-env")
    if env is None:
        return
    if not isinstance(env, dict):
        yield "/info/x-client-env", "x-client-env must be a mapping", f"keys among {', '.join(resources.ENV_KEYS)}"
        return
    for key, value in env.items():
        if key not in resources.ENV_KEYS:
            yield (
                join_pointer("/info/x-client-env", str(key)),
                f"x-client-env has an unknown key {key!r}",
                (f"use one of {', '.join(resources.ENV_KEYS)}"),
            )
        elif not (isinstance(value, str) and resources.ENV_NAME.fullmatch(value)):
            yield (
                join_pointer("/info/x-client-env", key),
                f"x-client-env {key}: {value!r} is not a variable name",
                ("upper-case letters, digits and _, starting with a letter (e.g. ACME_API_KEY)"),
            )


def _client_methods(doc: dict[str, Any]) -> Iterator[Finding]:
    """Names an extension gives that cannot work (a derived name is resolved: ``_client_names``)."""
    refs = list(iter_operations(doc))
    chosen = resources.client_names([(op.operation, op.method, op.path) for op in refs])
    seen: dict[tuple[str, str], str] = {}
    for op, name in zip(refs, chosen, strict=True):
        for key in ("x-client-resource", "x-client-method"):
            value = op.operation.get(key)
            if value is not None and not isinstance(value, str):
                yield join_pointer(op.pointer, key), f"{op.display}: {key} must be a string", "a snake_case name"
        why = resources.resource_problem(name.resource) or resources.method_problem(name.method)
        if why:
            yield (
                op.pointer,
                f"{op.display}: client.{name.resource}.{name.method}: {why}",
                ("set x-client-resource / x-client-method on the operation to another snake_case name"),
            )
        elif (name.resource, name.method) in seen and seen[name.resource, name.method] != op.display:
            yield (
                op.pointer,
                f"{op.display}: client.{name.resource}.{name.method} is also {seen[name.resource, name.method]}",
                ("give one of them another name with x-client-method (or x-client-resource)"),
            )
        seen.setdefault((name.resource, name.method), op.display)
        # (Two operations with one operationId are lint/operation-id's: they name one method.)


def _client_names(doc: dict[str, Any]) -> Iterator[Finding]:
    """A derived name the generator had to change (a convention: advice for an imported spec)."""
    refs = list(iter_operations(doc))
    chosen = resources.client_names([(op.operation, op.method, op.path) for op in refs])
    functions = [resources.function_name(op.operation, op.method, op.path) for op in refs]
    for op, name, function in zip(refs, chosen, functions, strict=True):
        if name.resolved and functions.count(function) == 1:  # (one operationId twice: lint/operation-id's)
            yield (
                op.pointer,
                f"{op.display}: client.{name.resource}.{name.method}: {name.resolved}",
                ("name it with x-client-method / x-client-resource (the generated name is used otherwise)"),
            )


RULES: dict[str, Callable[[dict[str, Any]], Iterable[Finding]]] = {
    "lint/client-info": _client_info,
    "lint/client-methods": _client_methods,
    "lint/client-names": _client_names,
    "lint/pagination-shape": _pagination_shape_rule,
    "lint/pagination-param": _pagination_param,
    "lint/pagination-pointer": _pagination_pointer,
    "lint/request-examples": _request_examples,
    "lint/request-examples-missing": _request_examples_missing,
    "lint/request-example-params": _request_example_params,
}
