"""The spec toolkit: the one place that knows how to walk an OpenAPI document.

JSON pointers (RFC 6901), local ``$ref`` resolution, operation iteration and the table of
which keys hold schemas and which hold literal data.  Every stage, test and benchmark walks
a spec through these; none keeps its own copy.  Nothing here raises on a malformed
document: a value of the wrong shape is skipped or resolves to ``{}``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
"""The operation keys of a Path Item, in the order the OpenAPI specification lists them."""


# --- JSON pointers ------------------------------------------------------------------------


def escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer_tokens(pointer: str) -> list[str]:
    """``/paths/~1a/get`` -> ``["paths", "/a", "get"]``; a leading ``#`` is allowed."""
    pointer = pointer.removeprefix("#")
    return [unescape_token(t) for t in pointer.split("/")[1:]] if pointer else []


def join_pointer(base: str, *tokens: str | int) -> str:
    return base + "".join("/" + escape_token(str(t)) for t in tokens)


def get_pointer(doc: Any, pointer: str) -> Any:
    """The value at ``pointer``; ``LookupError`` says which token failed."""
    node, walked = doc, ""
    for token in pointer_tokens(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise LookupError(f"{walked or 'the root'} has no {token!r}")
        walked = join_pointer(walked, token)
    return node


# --- $ref --------------------------------------------------------------------------------


def deref(doc: Any, node: Any, at: str) -> tuple[Any, str]:
    """Follow local ``$ref`` chains; return the target and its real pointer.

    A non-local, dangling or looping ref returns the ``$ref`` node itself: the
    ``lint/local-refs`` and ``lint/ref-cycle`` rules report those, every other caller just
    sees "not a schema it can use".
    """
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if not ref.startswith("#") or ref in seen:
            break
        seen.add(ref)
        try:
            node, at = get_pointer(doc, ref[1:]), ref[1:]
        except LookupError:
            break
    return node, at


def resolve(doc: Any, node: Any) -> dict[str, Any]:
    """``node`` with local ``$ref``s followed, or ``{}`` when that is not an object."""
    target, _at = deref(doc, node, "")
    if isinstance(target, dict) and isinstance(target.get("$ref"), str):
        return {}
    return target if isinstance(target, dict) else {}


def component_name(ref: object, kind: str = "schemas") -> str | None:
    """``#/components/<kind>/Name`` -> ``Name``; None for any other ref."""
    prefix = f"#/components/{kind}/"
    if isinstance(ref, str) and ref.startswith(prefix) and "/" not in ref[len(prefix) :]:
        return unescape_token(ref[len(prefix) :])
    return None


# --- operations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OperationRef:
    path: str
    method: str
    """Lower case, as in the document."""
    operation: dict[str, Any]
    path_item: dict[str, Any]

    @property
    def pointer(self) -> str:
        return join_pointer("", "paths", self.path, self.method)

    @property
    def display(self) -> str:
        """The operationId, or ``METHOD /path`` when it has none."""
        op_id = self.operation.get("operationId")
        return op_id if isinstance(op_id, str) else f"{self.method.upper()} {self.path}"


def iter_operations(doc: Any) -> Iterator[OperationRef]:
    """Every operation under ``paths``, in document order (methods in ``HTTP_METHODS`` order)."""
    paths = doc.get("paths") if isinstance(doc, dict) else None
    if not isinstance(paths, dict):
        return
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield OperationRef(str(path), method, op, item)


# --- which keys hold what -------------------------------------------------------------------

SCHEMA_KEYS = frozenset(
    {"items", "not", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "contains", "if", "then"}
    | {"else", "propertyNames", "contentSchema", "schema"}
)
"""Keys whose value is one schema."""
SCHEMA_LIST_KEYS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
"""Keys whose value is a list of schemas."""
SCHEMA_MAP_KEYS = frozenset({"properties", "patternProperties", "$defs", "dependentSchemas"})
"""Keys whose value maps names to schemas."""
NAME_MAP_KEYS = frozenset(
    {"schemas", "responses", "parameters", "examples", "requestBodies", "headers", "securitySchemes", "links"}
    | {"callbacks", "pathItems", "properties", "patternProperties", "$defs", "dependentSchemas", "content"}
    | {"variables", "mapping", "scopes", "encoding"}
)
"""Keys whose value maps user-chosen names (never keywords) to objects."""
LITERAL_KEYS = frozenset({"example", "examples", "default", "enum", "const", "value", "x-request-examples"})
"""Keys whose value is data (a sample, a default, enum values), never schema or structure:
walkers must not look inside them for ``$ref``s, schemas or names.  ``examples`` is literal
inside a schema (JSON Schema's list of values); in a media type or parameter it maps names to
Example Objects, whose ``value`` is literal again, so skipping it whole is right for both."""
