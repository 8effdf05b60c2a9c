"""A readable spec-level diff: what changed between two versions of a vendor's spec.

No established OpenAPI diff tool fits (the registries' maintained ones are Go or Java
binaries, or download one at install time; the PyPI ones are small and unmaintained), so
this is ours, on ``toolkit.py``: operations (by ``METHOD /path``), their parameters (by
location and name), request bodies and response statuses, component schemas, their
properties, required lists and enum values, and security schemes.  Each line names the
element and says what changed; lines come sorted, so two runs print the same.  It reports
what changed; whether that breaks a caller is the API comparison's call (``changes.py``),
made on the generated code.
"""

from __future__ import annotations

from typing import Any

from generator.spec.toolkit import OperationRef, component_name, iter_operations, resolve

_LIMITS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern")


def diff_specs(before: Any, after: Any) -> list[str]:
    """Lines such as ``GET /things: query parameter `limit` added (optional, integer)``."""
    lines: list[str] = []
    old_ops = {op.endpoint: op for op in iter_operations(before)}
    new_ops = {op.endpoint: op for op in iter_operations(after)}
    for endpoint in sorted(old_ops.keys() - new_ops.keys()):
        lines.append(f"`{endpoint}`: operation removed")
    for endpoint in sorted(new_ops.keys() - old_ops.keys()):
        lines.append(f"`{endpoint}`: operation added ({new_ops[endpoint].display})")
    for endpoint in sorted(old_ops.keys() & new_ops.keys()):
        found = _operation(before, after, old_ops[endpoint], new_ops[endpoint])
        lines += [f"`{endpoint}`: {line}" for line in found]
    old_schemas, new_schemas = _components(before, "schemas"), _components(after, "schemas")
    for name in sorted(old_schemas.keys() - new_schemas.keys()):
        lines.append(f"schema `{name}`: removed")
    for name in sorted(new_schemas.keys() - old_schemas.keys()):
        lines.append(f"schema `{name}`: added ({summary(new_schemas[name])})")
    for name in sorted(old_schemas.keys() & new_schemas.keys()):
        lines += [f"schema `{name}`: {line}" for line in _schema(old_schemas[name], new_schemas[name], "")]
    old_sec, new_sec = _components(before, "securitySchemes"), _components(after, "securitySchemes")
    lines += [f"security scheme `{n}`: removed" for n in sorted(old_sec.keys() - new_sec.keys())]
    lines += [f"security scheme `{n}`: added" for n in sorted(new_sec.keys() - old_sec.keys())]
    lines += [
        f"security scheme `{n}`: changed" for n in sorted(old_sec.keys() & new_sec.keys()) if old_sec[n] != new_sec[n]
    ]
    return lines


def summary(schema: Any) -> str:
    """A schema in a few words: ``string (date-time)``, ``array of Thing``, ``integer 1..100``."""
    if not isinstance(schema, dict):
        return "any"
    name = component_name(schema.get("$ref"))
    if name:
        return name
    for key in ("oneOf", "anyOf", "allOf"):
        if isinstance(schema.get(key), list):
            return f"{key}[{', '.join(summary(s) for s in schema[key])}]"
    kind = schema.get("type", "any")
    text = " | ".join(str(k) for k in kind) if isinstance(kind, list) else str(kind)
    if kind == "array" or (isinstance(kind, list) and "array" in kind):
        text += f" of {summary(schema.get('items'))}"
    if "format" in schema:
        text += f" ({schema['format']})"
    limits = [f"{key}={schema[key]}" for key in _LIMITS if key in schema]
    if limits:
        text += f" [{', '.join(limits)}]"
    if "default" in schema:
        text += f" default {schema['default']!r}"
    return text


def _enum_text(schema: Any) -> str:
    """The values of a new element's enum (a changed one is listed value by value)."""
    values = schema.get("enum") if isinstance(schema, dict) else None
    return f", one of {', '.join(repr(v) for v in values)}" if isinstance(values, list) else ""


def _described(schema: Any) -> str:
    return summary(schema) + _enum_text(schema)


def _components(doc: Any, kind: str) -> dict[str, Any]:
    found = (doc.get("components") or {}).get(kind) if isinstance(doc, dict) else None
    return found if isinstance(found, dict) else {}


def _parameters(doc: Any, operation: dict[str, Any], item: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for raw in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]:
        param = resolve(doc, raw)
        if param:
            found[f"{param.get('in')} parameter `{param.get('name')}`"] = param
    return found


def _param_text(param: dict[str, Any]) -> str:
    required = "required" if param.get("required") else "optional"
    return f"{required}, {summary(param.get('schema'))}"


def _operation(before: Any, after: Any, old_ref: OperationRef, new_ref: OperationRef) -> list[str]:
    lines: list[str] = []
    old, new = old_ref.operation, new_ref.operation
    old_params = _parameters(before, old, old_ref.path_item)
    new_params = _parameters(after, new, new_ref.path_item)
    lines += [f"{key} removed" for key in sorted(old_params.keys() - new_params.keys())]
    lines += [
        f"{key} added ({_param_text(new_params[key])}{_enum_text(new_params[key].get('schema'))})"
        for key in sorted(new_params.keys() - old_params.keys())
    ]
    for key in sorted(old_params.keys() & new_params.keys()):
        was, now = _param_text(old_params[key]), _param_text(new_params[key])
        if was != now:
            lines.append(f"{key}: {was} -> {now}")
        lines += [f"{key}: {line}" for line in _enum(old_params[key].get("schema"), new_params[key].get("schema"))]
    was, now = _body(before, old), _body(after, new)
    if was != now:
        lines.append(f"request body: {was} -> {now}")
    old_status, new_status = _responses(before, old), _responses(after, new)
    lines += [f"response {code} removed" for code in sorted(old_status.keys() - new_status.keys())]
    lines += [f"response {code} added ({new_status[code]})" for code in sorted(new_status.keys() - old_status.keys())]
    lines += [
        f"response {code}: {old_status[code]} -> {new_status[code]}"
        for code in sorted(old_status.keys() & new_status.keys())
        if old_status[code] != new_status[code]
    ]
    return lines


def _content_summary(content: Any) -> str:
    if not isinstance(content, dict) or not content:
        return "no content"
    return ", ".join(
        f"{media} {summary(body.get('schema') if isinstance(body, dict) else None)}"
        for media, body in sorted(content.items())
    )


def _body(doc: Any, operation: dict[str, Any]) -> str:
    body = resolve(doc, operation.get("requestBody"))
    if not body:
        return "none"
    return f"{'required' if body.get('required') else 'optional'} {_content_summary(body.get('content'))}"


def _responses(doc: Any, operation: dict[str, Any]) -> dict[str, str]:
    raw = operation.get("responses")
    if not isinstance(raw, dict):
        return {}
    return {str(code): _content_summary(resolve(doc, response).get("content")) for code, response in raw.items()}


def _enum(old: Any, new: Any) -> list[str]:
    was = old.get("enum") if isinstance(old, dict) else None
    now = new.get("enum") if isinstance(new, dict) else None
    if not isinstance(was, list) or not isinstance(now, list):
        return [] if was == now else [f"enum {was!r} -> {now!r}"]
    return [f"enum value {v!r} removed" for v in was if v not in now] + [
        f"enum value {v!r} added" for v in now if v not in was
    ]


def _schema(old: Any, new: Any, at: str) -> list[str]:
    """Property, required and enum changes of one schema (``at`` prefixes nested properties)."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [] if old == new else [f"{f'property `{at}`' if at else 'schema'} changed"]
    prefix = f"property `{at}`: " if at else ""
    lines = [prefix + line for line in _enum(old, new)]
    if summary(old) != summary(new):
        lines.append(f"{prefix}{summary(old)} -> {summary(new)}")
    old_props, new_props = old.get("properties") or {}, new.get("properties") or {}
    if not isinstance(old_props, dict) or not isinstance(new_props, dict):
        return lines
    old_req, new_req = set(old.get("required") or []), set(new.get("required") or [])

    def named(name: str) -> str:
        return f"{at}.{name}" if at else name

    for name in sorted(old_props.keys() - new_props.keys()):
        lines.append(f"property `{named(name)}` removed")
    for name in sorted(new_props.keys() - old_props.keys()):
        required = "required" if name in new_req else "optional"
        lines.append(f"property `{named(name)}` added ({required}, {_described(new_props[name])})")
    for name in sorted(old_props.keys() & new_props.keys()):
        if (name in old_req) != (name in new_req):
            lines.append(f"property `{named(name)}` is now {'required' if name in new_req else 'optional'}")
        lines += _schema(old_props[name], new_props[name], named(name))
    return lines
