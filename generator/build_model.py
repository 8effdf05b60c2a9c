"""Stage 2b: build the intermediate ``VendorModel`` from a normalized spec."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import names
from generator.model import Operation, Pagination, Parameter, Security, Server, VendorModel
from generator.normalize import iter_operations


def build_model(slug: str, spec_path: Path, spec_display: str, document: dict[str, Any]) -> VendorModel:
    info = document.get("info") or {}
    schemes = _security_schemes(document)
    servers = tuple(
        Server(url=str(s.get("url", "")), description=str(s.get("description", "")), token_url=s.get("x-token-url"))
        for s in document.get("servers") or [{"url": "/"}]
    )
    operations = tuple(
        _operation(document, path, method, op, schemes) for path, method, op in iter_operations(document)
    )
    return VendorModel(
        slug=slug,
        spec_path=spec_path,
        spec_display=spec_display,
        title=str(info.get("title", slug)),
        version=str(info.get("version", "0.0.0")),
        description=str(info.get("description", "")),
        docs_seed=str(info.get("x-docs-seed", "")),
        servers=servers,
        operations=operations,
        security_schemes=tuple(schemes.values()),
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
    document: dict[str, Any], path: str, method: str, op: dict[str, Any], schemes: dict[str, Security]
) -> Operation:
    operation_id = str(op.get("operationId") or f"{method}_{path}")
    security: list[Security] = []
    for requirement in op.get("security") or []:
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
            python_name=names.python_identifier(prop),
            location="body",
            required=prop in (body_schema.get("required") or []),
            schema=_resolve(document, sub),
            description=str(_resolve(document, sub).get("description", "")),
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
        pagination=_pagination(pagination) if isinstance(pagination, dict) else None,
        deprecated=bool(op.get("deprecated", False)),
    )


def _all_parameters(document: dict[str, Any], path: str, op: dict[str, Any]) -> list[dict[str, Any]]:
    path_level = [_resolve(document, p) for p in ((document.get("paths") or {}).get(path) or {}).get("parameters") or []]
    op_level = [_resolve(document, p) for p in op.get("parameters") or []]
    overridden = {(p.get("name"), p.get("in")) for p in op_level}
    return [p for p in path_level if (p.get("name"), p.get("in")) not in overridden] + op_level


def _parameter(document: dict[str, Any], raw: dict[str, Any]) -> Parameter:
    name = str(raw.get("name", ""))
    return Parameter(
        name=name,
        python_name=names.python_identifier(name),
        location=str(raw.get("in", "query")),
        required=bool(raw.get("required", False)),
        schema=_resolve(document, raw.get("schema") or {}),
        description=str(raw.get("description", "")),
    )


def _body(document: dict[str, Any], op: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    body = _resolve(document, op.get("requestBody") or {})
    if not body:
        return {}, False
    media = (body.get("content") or {}).get("application/json") or {}
    return _resolve(document, media.get("schema") or {}), bool(body.get("required", False))


def _pagination(raw: dict[str, Any]) -> Pagination:
    return Pagination(
        style=str(raw["style"]),
        location=str(raw.get("in", "query")),
        items=str(raw.get("items", "")),
        size_param=raw.get("size_param"),
        cursor_param=raw.get("cursor_param"),
        next_cursor=raw.get("next_cursor"),
        page_param=raw.get("page_param"),
        offset_param=raw.get("offset_param"),
        has_more=raw.get("has_more"),
    )


def _resolve(document: dict[str, Any], node: Any) -> dict[str, Any]:
    """Follow local ``$ref``s (validation has already refused any other kind)."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"] not in seen:
        ref = node["$ref"]
        seen.add(ref)
        target: Any = document
        for token in ref.removeprefix("#/").split("/"):
            token = token.replace("~1", "/").replace("~0", "~")
            target = target.get(token) if isinstance(target, dict) else None
        node = target
    return node if isinstance(node, dict) else {}
