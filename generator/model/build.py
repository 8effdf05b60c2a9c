"""Stage 2b: build the intermediate ``VendorModel`` from a normalized spec."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from generator import names
from generator.model import resources
from generator.model.vendor import (
    FIRST_PACKAGE_VERSION,
    IDEMPOTENT_METHODS,
    Constraints,
    Discriminator,
    Operation,
    Pagination,
    Parameter,
    Security,
    Server,
    ServerVariable,
    VendorModel,
)
from generator.spec.normalize import CONTENT_TYPE_MARK
from generator.spec.toolkit import LITERAL_KEYS, iter_operations, pointer_tokens, resolve


def build_model(
    slug: str, spec_path: Path, spec_display: str, document: dict[str, Any], *, version: str = FIRST_PACKAGE_VERSION
) -> VendorModel:
    """``version``: the package's version, which the pipeline computes (``generator/release.py``)."""
    info = document.get("info") or {}
    schemes = _security_schemes(document)
    servers = tuple(_server(s) for s in document.get("servers") or [] if isinstance(s, dict))
    refs = list(iter_operations(document))
    client_names = resources.client_names([(ref.operation, ref.method, ref.path) for ref in refs])
    operations = tuple(
        _operation(document, ref.path, ref.method, ref.operation, schemes, client=name)
        for ref, name in zip(refs, client_names, strict=True)
    )
    return VendorModel(
        slug=slug,
        spec_path=spec_path,
        spec_display=spec_display,
        title=str(info.get("title", slug)),
        version=version,
        api_version=str(info.get("version", "0.0.0")),
        description=str(info.get("description", "")),
        docs_seed=_docs_captures(info),
        servers=servers,
        operations=operations,
        security_schemes=tuple(schemes.values()),
        discriminators=_discriminators(document),
        naming=resources.client_naming(slug, info),
    )


def _security_schemes(document: dict[str, Any]) -> dict[str, Security]:
    found: dict[str, Security] = {}
    raw = ((document.get("components") or {}).get("securitySchemes")) or {}
    for name, scheme in raw.items():
        kind = scheme.get("type")
        if kind == "oauth2":
            flow = (scheme.get("flows") or {}).get("clientCredentials") or {}
            found[name] = Security(
                scheme=name,
                kind="oauth2",
                token_url=flow.get("tokenUrl"),
                scopes=tuple(flow.get("scopes") or {}),
                description=str(scheme.get("description", "")),
            )
        elif kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
            found[name] = Security(
                scheme=name,
                kind="bearer",
                bearer_format=scheme.get("bearerFormat"),
                description=str(scheme.get("description", "")),
            )
    return found


def _operation(
    document: dict[str, Any],
    path: str,
    method: str,
    op: dict[str, Any],
    schemes: dict[str, Security],
    *,
    client: resources.ClientName,
) -> Operation:
    operation_id = names.operation_name(op.get("operationId"), method, path)
    security: list[Security] = []
    requirements = op.get("security") or []
    for requirement in requirements:
        for scheme_name, scopes in requirement.items():
            base = schemes.get(scheme_name)
            if base is not None:
                security.append(
                    Security(
                        scheme=base.scheme,
                        kind=base.kind,
                        token_url=base.token_url,
                        scopes=tuple(scopes or base.scopes),
                        bearer_format=base.bearer_format,
                        description=base.description,
                    )
                )
    parameters = tuple(_parameter(document, p) for p in _all_parameters(document, path, op))
    body_schema, body_required = _body(document, op)
    body_properties = tuple(
        Parameter(
            name=prop,
            python_name=names.attribute_name(prop),  # an attribute of the body model
            location="body",
            required=prop in (body_schema.get("required") or []),
            schema=resolve(document, sub),
            description=str(resolve(document, sub).get("description", "")),
            constraints=_constraints(document, sub),
        )
        for prop, sub in (body_schema.get("properties") or {}).items()
    )
    tags = op.get("tags") or ["default"]
    pagination = op.get("x-pagination")
    return Operation(
        operation_id=operation_id,
        function_name=names.function_name(operation_id),
        tag=names.python_identifier(str(tags[0])),
        method=method.upper(),
        path=path,
        summary=str(op.get("summary", "")),
        description=str(op.get("description", "")),
        docs_url=str(op.get("x-docs-url", "")),
        security=tuple(security),
        parameters=parameters,
        body_properties=body_properties,
        body_required=body_required,
        pagination=_pagination(document, op, pagination) if isinstance(pagination, dict) else None,
        deprecated=bool(op.get("deprecated", False)),
        security_optional=any(isinstance(r, dict) and not r for r in requirements),
        idempotency_header=_idempotency_header(document, method, op, parameters),
        resource=client.resource,
        method_name=client.method,
        example_call=_example_call(op),
    )


IDEMPOTENCY_KEY = "idempotency-key"
"""A header parameter of this name (any case) declares the operation's idempotency header."""


def _idempotency_header(
    document: dict[str, Any], method: str, op: dict[str, Any], parameters: tuple[Parameter, ...]
) -> str | None:
    """The idempotency header of a non-idempotent operation: ``x-idempotency-header`` on the
    operation, else at the root, else a header parameter named ``Idempotency-Key``; None for
    an idempotent method (retried without one) or when the spec declares none."""
    if method.upper() in IDEMPOTENT_METHODS:
        return None
    declared = op.get("x-idempotency-header", document.get("x-idempotency-header"))
    if isinstance(declared, str) and declared:
        return declared
    return next((p.name for p in parameters if p.location == "header" and p.name.lower() == IDEMPOTENCY_KEY), None)


def _example_call(op: dict[str, Any]) -> dict[str, Any]:
    examples = op.get("x-request-examples")
    first = examples[0] if isinstance(examples, list) and examples and isinstance(examples[0], dict) else {}
    call = first.get("call")
    return dict(call) if isinstance(call, dict) else {}


def _all_parameters(document: dict[str, Any], path: str, op: dict[str, Any]) -> list[dict[str, Any]]:
    path_level = [resolve(document, p) for p in ((document.get("paths") or {}).get(path) or {}).get("parameters") or []]
    op_level = [resolve(document, p) for p in op.get("parameters") or []]
    overridden = {(p.get("name"), p.get("in")) for p in op_level}
    return [p for p in path_level if (p.get("name"), p.get("in")) not in overridden] + op_level


def _parameter(document: dict[str, Any], raw: dict[str, Any]) -> Parameter:
    name = str(raw.get("name", ""))
    content_type = raw.get(CONTENT_TYPE_MARK)
    return Parameter(
        name=name,
        python_name=names.python_identifier(name),
        location=str(raw.get("in", "query")),
        required=bool(raw.get("required", False)),
        schema=resolve(document, raw.get("schema") or {}),
        description=str(raw.get("description", "")),
        constraints=_constraints(document, raw.get("schema") or {}),
        content_type=str(content_type) if content_type else None,
    )


def _body(document: dict[str, Any], op: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    body = resolve(document, op.get("requestBody") or {})
    if not body:
        return {}, False
    media = (body.get("content") or {}).get("application/json") or {}
    return resolve(document, media.get("schema") or {}), bool(body.get("required", False))


def _number(value: Any) -> int | float | None:
    """A usable numeric limit, or None (booleans and non-finite values are not limits)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value if math.isfinite(value) else None


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _constraints(document: dict[str, Any], node: Any) -> Constraints | None:
    """The limits the spec states.  Never the range a ``format`` (int32, int8 ...) implies: the
    docs did not state it, so checking or documenting it would put words in their mouth."""
    schema = resolve(document, node)
    minimum, maximum = _number(schema.get("minimum")), _number(schema.get("maximum"))
    exclusive_minimum, exclusive_maximum = (
        _number(schema.get("exclusiveMinimum")),
        _number(schema.get("exclusiveMaximum")),
    )
    if schema.get("exclusiveMinimum") is True:  # OpenAPI 3.0 spelling: a flag on minimum
        minimum, exclusive_minimum = None, minimum
    if schema.get("exclusiveMaximum") is True:
        maximum, exclusive_maximum = None, maximum
    pattern = schema.get("pattern")
    found = Constraints(
        minimum=minimum,
        maximum=maximum,
        exclusive_minimum=exclusive_minimum,
        exclusive_maximum=exclusive_maximum,
        min_items=_count(schema.get("minItems")),
        max_items=_count(schema.get("maxItems")),
        min_length=_count(schema.get("minLength")),
        max_length=_count(schema.get("maxLength")),
        pattern=pattern if isinstance(pattern, str) else None,
        items=_constraints(document, schema["items"]) if isinstance(schema.get("items"), dict) else None,
    )
    return found if found.as_kwargs() else None


def _pagination(document: dict[str, Any], op: dict[str, Any], raw: dict[str, Any]) -> Pagination:
    style = str(raw["style"])
    position = {"cursor": raw.get("cursor_param"), "page": raw.get("page_param"), "offset": raw.get("offset_param")}
    position_param = position.get(style)
    items = str(raw.get("items", ""))
    location = str(raw.get("in", "query"))
    # In the body, the page size and position are attributes of the body model, else arguments.
    python_name = names.attribute_name if location == "body" else names.python_identifier
    return Pagination(
        style=style,
        location=location,
        items=items,
        size_param=raw.get("size_param"),
        cursor_param=raw.get("cursor_param"),
        next_cursor=raw.get("next_cursor"),
        page_param=raw.get("page_param"),
        offset_param=raw.get("offset_param"),
        has_more=raw.get("has_more"),
        items_path=_python_path(items),
        next_cursor_path=_python_path(raw["next_cursor"]) if raw.get("next_cursor") else None,
        has_more_path=_python_path(raw["has_more"]) if raw.get("has_more") else None,
        size_argument=python_name(raw["size_param"]) if raw.get("size_param") else None,
        position_argument=python_name(position_param) if position_param else None,
        item_type=_item_type(document, op, items),
    )


def _python_path(pointer: str) -> tuple[str, ...]:
    """A JSON pointer into a response as the attribute names of the parsed attrs model."""
    return tuple(names.attribute_name(t) for t in pointer_tokens(pointer))


def _item_type(document: dict[str, Any], op: dict[str, Any], items_pointer: str) -> str | None:
    """Class name of the items at ``items_pointer`` in the first 2xx JSON response, if a named model."""
    responses = op.get("responses") or {}
    schema: Any = None
    for code in sorted(str(c) for c in responses):
        if code.startswith("2"):
            content = (resolve(document, responses.get(code) or responses.get(int(code))).get("content")) or {}
            schema = (content.get("application/json") or {}).get("schema")
            if schema is not None:
                break
    for token in pointer_tokens(items_pointer):
        schema = (resolve(document, schema).get("properties") or {}).get(token)
    array = resolve(document, schema)
    item = array.get("items")
    if (
        isinstance(item, dict)
        and isinstance(item.get("$ref"), str)
        and item["$ref"].startswith("#/components/schemas/")
    ):
        target = resolve(document, item)
        if target.get("type") in ("object", None) and not target.get("enum"):
            return names.class_name(item["$ref"].rsplit("/", 1)[1])
    return None


def _discriminators(document: dict[str, Any]) -> tuple[Discriminator, ...]:
    """Every ``oneOf``/``anyOf`` with a discriminator whose branches are named schemas."""
    found: dict[str, Discriminator] = {}
    pending: list[tuple[str, Any]] = [
        (name, s) for name, s in ((document.get("components") or {}).get("schemas") or {}).items()
    ]
    pending += [("(inline)", document.get("paths"))]
    while pending:
        name, node = pending.pop()
        if isinstance(node, list):
            pending.extend((name, item) for item in node)
            continue
        if not isinstance(node, dict):
            continue
        found_here = _discriminator(name, node)
        if found_here is not None:
            found.setdefault(found_here.key, found_here)
        pending.extend((name, value) for key, value in node.items() if key not in LITERAL_KEYS)
    return tuple(found[key] for key in sorted(found))


def _discriminator(name: str, node: dict[str, Any]) -> Discriminator | None:
    discriminator = node.get("discriminator")
    branches = node.get("oneOf") or node.get("anyOf")
    if not isinstance(discriminator, dict) or not isinstance(branches, list):
        return None
    refs = [b.get("$ref") for b in branches if isinstance(b, dict)]
    if not refs or not all(isinstance(r, str) and r.startswith("#/components/schemas/") for r in refs):
        return None
    schema_names = [str(r).rsplit("/", 1)[1] for r in refs]
    mapping: list[tuple[str, str]] = []
    for tag, target in (discriminator.get("mapping") or {}).items():
        target_name = str(target).rsplit("/", 1)[-1]
        if target_name in schema_names:
            mapping.append((str(tag), names.class_name(target_name)))
    mapped = {class_name for _, class_name in mapping}
    # Branches the mapping does not name are selected by their schema name (OpenAPI 3.1 §4.8.25).
    mapping += [(s, names.class_name(s)) for s in schema_names if names.class_name(s) not in mapped]
    return Discriminator(schema=name, property_name=str(discriminator.get("propertyName", "")), mapping=tuple(mapping))


def _docs_captures(info: dict[str, Any]) -> str:
    """The docs captures the spec lists (``info.x-docs-captures``), for the package README.

    Specs written before captures lived in the repository named a seed file in
    ``x-docs-seed``; that is still shown when there is no capture list.
    """
    captures = info.get("x-docs-captures")
    if isinstance(captures, list) and captures:
        return ", ".join(str(c) for c in captures)
    return str(info.get("x-docs-seed", ""))


def _server(server: dict[str, Any]) -> Server:
    """A server with its variables filled in from their defaults (OpenAPI requires a default)."""
    template = str(server.get("url", ""))
    raw = server.get("variables") or {}
    variables = tuple(
        ServerVariable(
            name=str(name),
            default=str(value.get("default", "")),
            enum=tuple(str(m) for m in value.get("enum") or ()),
            description=str(value.get("description", "")),
        )
        for name, value in raw.items()
        if isinstance(value, dict)
    )
    url = template
    for variable in variables:
        url = url.replace("{" + variable.name + "}", variable.default)
    return Server(
        url=url,
        description=str(server.get("description", "")),
        token_url=server.get("x-token-url"),
        template=template if variables else "",
        variables=variables,
    )
