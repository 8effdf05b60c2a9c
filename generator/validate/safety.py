"""Correctness rules: what would otherwise generate a client that runs and is silently wrong.

Unlike the project's conventions (docs URLs, samples, request examples: ``rules.py``), these
hold for every spec, hand-written, imported or a test fixture, so ``generate`` runs them even
where the conventions are off (``generator.api.check_spec(project_rules=False)``), and they
are always errors (``SAFETY_RULES``).  Spectral's ``spectral:oas`` correctness rules that
openapi-spec-validator does not already enforce live here; ARCHITECTURE.md maps each of
Spectral's rules to ours.

- Security (``oas3-operation-security-defined`` and beyond): a requirement naming a scheme
  ``components.securitySchemes`` does not define; an operation whose every requirement needs a
  scheme the runtime cannot send (it sends one ``Authorization`` credential: OAuth2 client
  credentials or an HTTP bearer token); schemes declared that no ``security`` requirement uses,
  so every operation would go out without credentials.
- Paths (``path-declarations-must-exist``, ``path-not-include-query``): an empty ``{}`` or a
  query string / fragment in a path key.
- Enums (``typed-enum``, ``duplicated-entry-in-enum``): a member of another type than the
  schema's, or a member listed twice (the Enum class would lose or misname it).
- Responses (``operation-success-response``): an operation with no 2xx or 3xx response has no
  result type.
- Servers (``oas3-server-variables``): a ``{name}`` in a server URL without a variable, a
  variable the URL does not use, a default outside the variable's enum (the client's default
  base URL would keep a literal ``{name}`` or a value the server refuses).
- ``x-idempotency-header`` (extensions.py): a header name, on a POST or PATCH only.

Each rule takes the spec document and yields ``(pointer, message, fix)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from generator.problems import Problem
from generator.spec.load import LoadedSpec
from generator.spec.overlay import overlay_path
from generator.spec.toolkit import OperationRef, iter_operations, iter_structural, join_pointer
from generator.validate.extensions import idempotency_header

Finding = tuple[str, str, str]
SUPPORTED = "OAuth2 client credentials or an HTTP bearer token"
"""What the generated client can send (generator/runtime/_auth.py)."""


def _schemes(doc: dict[str, Any]) -> dict[str, Any]:
    components = doc.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    return schemes if isinstance(schemes, dict) else {}


def _requirements(owner: dict[str, Any], owner_at: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, requirement) for each Security Requirement Object of ``owner.security``."""
    security = owner.get("security")
    for i, requirement in enumerate(security if isinstance(security, list) else ()):
        if isinstance(requirement, dict):
            yield join_pointer(owner_at, "security", i), requirement


def _owners(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], OperationRef | None]]:
    """The root, then every operation that writes its own ``security``."""
    yield "", doc, None
    for op in iter_operations(doc):
        if "security" in op.operation:
            yield op.pointer, op.operation, op


def _undefined_scheme(doc: dict[str, Any]) -> Iterator[Finding]:
    schemes = _schemes(doc)
    for owner_at, owner, op in _owners(doc):
        for at, requirement in _requirements(owner, owner_at):
            for name in requirement:
                if name not in schemes:
                    where = op.display if op is not None else "the top-level security"
                    known = ", ".join(sorted(map(str, schemes))) or "none"
                    yield (
                        join_pointer(at, name),
                        f"{where} requires security scheme {name!r}, which components.securitySchemes does not define"
                        " (the client would send no credential for it)",
                        f"define {name!r} under components.securitySchemes, or name a defined one (defined: {known})",
                    )


def unsupported_reason(scheme: Any) -> str | None:
    """Why the generated client cannot send ``scheme`` (a Security Scheme Object), or None if it can."""
    if not isinstance(scheme, dict):
        return "it is not a security scheme object"
    kind = scheme.get("type")
    if kind == "oauth2":
        flows = scheme.get("flows")
        flows = flows if isinstance(flows, dict) else {}
        if "clientCredentials" in flows:
            return None
        return f"OAuth2 with only the {', '.join(map(str, flows)) or 'no'} flow(s)"
    if kind == "http":
        name = str(scheme.get("scheme", ""))
        return None if name.lower() == "bearer" else f"HTTP {name or 'without a scheme'} authentication"
    if kind == "apiKey":
        return f"an API key in the {scheme.get('in', '?')} {scheme.get('name', '')!r}"
    return {"openIdConnect": "OpenID Connect discovery", "mutualTLS": "mutual TLS"}.get(str(kind), f"type {kind!r}")


def _unsupported_scheme(doc: dict[str, Any]) -> Iterator[Finding]:
    schemes = _schemes(doc)
    root_users = [op.display for op in iter_operations(doc) if "security" not in op.operation]
    for owner_at, owner, op in _owners(doc):
        if op is None and not root_users:
            continue
        alternatives = [(at, r) for at, r in _requirements(owner, owner_at) if r]
        judged = [(at, r) for at, r in alternatives if all(name in schemes for name in r)]
        if not judged or len(judged) < len(alternatives):
            continue  # no credentials required, or safety/undefined-security-scheme reports it
        reasons = []
        for _at, requirement in judged:
            if len(requirement) > 1:
                reasons.append(f"{' and '.join(map(str, requirement))} together (the client sends one credential)")
            else:
                name = next(iter(requirement))
                reason = unsupported_reason(schemes[name])
                if reason is None:
                    break
                reasons.append(f"{name!r}: {reason}")
        else:
            what = op.display if op is not None else f"the top-level security (used by {', '.join(root_users)})"
            optional = any(not r for _at, r in _requirements(owner, owner_at))
            anonymous = " (or none: it could only be called anonymously)" if optional else ""
            yield (
                join_pointer(owner_at, "security"),
                f"{what} accepts only credentials the generated client cannot send{anonymous}: {'; '.join(reasons)}",
                f"the client sends {SUPPORTED}: add a requirement for such a scheme if the API accepts one,"
                " or leave the operation out of the spec",
            )


def _unused_schemes(doc: dict[str, Any]) -> Iterator[Finding]:
    schemes = _schemes(doc)
    if not schemes or "security" in doc or any("security" in op.operation for op in iter_operations(doc)):
        return
    first = next(iter(schemes))
    yield (
        "/components/securitySchemes",
        f"security schemes are declared ({', '.join(map(str, schemes))}) but no `security` requirement uses them:"
        " every operation would be generated without credentials",
        f"require it at the top level, `security: [{{{first}: []}}]` (and `security: []` on the operations that need"
        " none), or delete the schemes if the API takes no credentials",
    )


def _path_template(doc: dict[str, Any]) -> Iterator[Finding]:
    paths = doc.get("paths")
    for path in paths if isinstance(paths, dict) else ():
        at = join_pointer("/paths", path)
        if "{}" in str(path):
            yield (
                at,
                f"path {path!r} has an empty parameter `{{}}`",
                "name the parameter: `{name}`, declared `in: path`",
            )
        if re.search(r"[?#]", str(path)):
            yield (
                at,
                f"path {path!r} includes a query string or fragment (the client would send it escaped)",
                "keep only the path; declare each query value as an `in: query` parameter",
            )


_JSON_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


def _enums(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], list[Any]]]:
    for at, node in iter_structural(doc):
        if isinstance(node.get("enum"), list):
            yield at, node, node["enum"]


def _enum_type(doc: dict[str, Any]) -> Iterator[Finding]:
    for at, node, members in _enums(doc):
        declared = node.get("type")
        types = [declared] if isinstance(declared, str) else declared if isinstance(declared, list) else []
        checks = [_JSON_TYPES[t] for t in types if isinstance(t, str) and t in _JSON_TYPES]
        if not checks or len(checks) < len(types):
            continue  # no type to hold the members to (or one openapi-spec rejects)
        for i, member in enumerate(members):
            if not any(check(member) for check in checks):
                yield (
                    join_pointer(at, "enum", i),
                    f"enum member {member!r} is not of the schema's type {declared!r}",
                    "write the member as the type says (e.g. quote it), or add its type to `type`"
                    + (" (`null` for None)" if member is None else ""),
                )


def _enum_duplicate(doc: dict[str, Any]) -> Iterator[Finding]:
    for at, _node, members in _enums(doc):
        seen: list[Any] = []
        for i, member in enumerate(members):
            if any(type(member) is type(s) and member == s for s in seen):
                yield join_pointer(at, "enum", i), f"enum member {member!r} is listed twice", "delete the repeat"
            seen.append(member)


def _success_response(doc: dict[str, Any]) -> Iterator[Finding]:
    for op in iter_operations(doc):
        responses = op.operation.get("responses")
        if isinstance(responses, dict) and not any(str(code)[0] in "23" for code in responses):
            yield (
                join_pointer(op.pointer, "responses"),
                f"{op.display} declares no 2xx or 3xx response: the client would have no result for it",
                "declare the success response the API sends (e.g. `200` with its schema, or `204`)",
            )


def _server_variables(doc: dict[str, Any]) -> Iterator[Finding]:
    servers = [("/servers", doc.get("servers"))]
    for op in iter_operations(doc):
        servers += [(join_pointer(op.item_pointer, "servers"), op.path_item.get("servers"))]
        servers += [(join_pointer(op.pointer, "servers"), op.operation.get("servers"))]
    for group_at, group in servers:
        for i, server in enumerate(group if isinstance(group, list) else ()):
            if isinstance(server, dict) and isinstance(server.get("url"), str):
                yield from _server_findings(join_pointer(group_at, i), server)


def _server_findings(at: str, server: dict[str, Any]) -> Iterator[Finding]:
    url, variables = server["url"], server.get("variables")
    variables = variables if isinstance(variables, dict) else {}
    used = re.findall(r"\{([^{}]*)\}", url)
    for name in dict.fromkeys(used):
        if name not in variables:
            yield (
                join_pointer(at, "url"),
                f"server URL {url!r} uses {{{name}}}, which its `variables` do not define",
                f"define it in the server's `variables` ({name}: {{default: ...}}); the client fills in the default",
            )
    for name, variable in variables.items():
        if name not in used:
            yield (
                join_pointer(at, "variables", name),
                f"server variable {name!r} is not used in {url!r}",
                f"delete it, or put {{{name}}} where it belongs in the URL",
            )
        elif isinstance(variable, dict) and isinstance(variable.get("enum"), list):
            if variable.get("default") not in variable["enum"]:
                yield (
                    join_pointer(at, "variables", name, "default"),
                    f"server variable {name!r} defaults to {variable.get('default')!r}, which is not in its enum",
                    "make the default one of the enum's values (the client uses it as the default base URL)",
                )


SAFETY_RULES: dict[str, Callable[[dict[str, Any]], Iterable[Finding]]] = {
    "safety/undefined-security-scheme": _undefined_scheme,
    "safety/unsupported-security-scheme": _unsupported_scheme,
    "safety/unused-security-schemes": _unused_schemes,
    "safety/path-template": _path_template,
    "safety/enum-type": _enum_type,
    "safety/enum-duplicate": _enum_duplicate,
    "safety/success-response": _success_response,
    "safety/server-variables": _server_variables,
    "safety/idempotency-header": idempotency_header,
}
"""Errors for every spec, whatever its other rules' severities."""


def safety_fix(spec: LoadedSpec, rule: str, pointer: str, fix: str) -> str:
    """``fix``, or for a scheme an imported spec does not define, where our correction goes: the
    spec file is the vendor's, rewritten by every re-import, so the scheme belongs in its overlay."""
    if rule != "safety/undefined-security-scheme" or not spec.imported:
        return fix
    name = pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
    overlay = overlay_path(Path(spec.display_path)).as_posix()
    return (
        f"the description is the vendor's and a re-import rewrites it: define {name!r} in its overlay {overlay},"
        f" an action `target: $` with `update: {{components: {{securitySchemes: {{{name}: ...}}}}}}`"
        f" (the scheme the vendor documents, e.g. `type: oauth2` with a clientCredentials flow), saying where it comes from"
    )


def safety_problems(spec: LoadedSpec) -> list[Problem]:
    """The correctness rules alone (for specs whose project conventions are off)."""
    doc = spec.data
    if not isinstance(doc, dict):
        return []
    return [
        spec.problem(at, message, safety_fix(spec, name, at, fix), name)
        for name, fn in SAFETY_RULES.items()
        for at, message, fix in fn(doc)
    ]
