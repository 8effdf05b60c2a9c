"""The spec toolkit: the one place that knows how to walk an OpenAPI document.

JSON pointers (RFC 6901), local ``$ref`` resolution, operation iteration, the table of
which keys hold schemas, names or literal data, and the walks built on that table.  Every
stage, test and benchmark walks a spec through these; none keeps its own copy.  Nothing
here raises on a malformed document: a value of the wrong shape is skipped or resolves to
``{}``.  Imports nothing from the project, so any module may import it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
"""The operation keys of a Path Item, in the order the OpenAPI specification lists them."""


# --- JSON pointers ------------------------------------------------------------------------


def escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer_tokens(pointer: str) -> list[str]:
    """``/paths/~1a/get`` -> ``["paths", "/a", "get"]``; a leading ``#`` is allowed.

    ``ValueError`` for text that is not a pointer (neither empty nor starting with ``/``):
    ``a/b`` used to lose its first token and name another node without a word.
    """
    pointer = pointer.removeprefix("#")
    if pointer and not pointer.startswith("/"):
        raise ValueError(f"{pointer!r} is not a JSON pointer ('' or starting with '/')")
    return [unescape_token(t) for t in pointer.split("/")[1:]] if pointer else []


def join_pointer(base: str, *tokens: str | int) -> str:
    return base + "".join("/" + escape_token(str(t)) for t in tokens)


def get_pointer(doc: Any, pointer: str) -> Any:
    """The value at ``pointer``; ``LookupError`` says which token failed (or that it is no pointer)."""
    try:
        tokens = pointer_tokens(pointer)
    except ValueError as exc:
        raise LookupError(str(exc)) from None
    node, walked = doc, ""
    for token in tokens:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise LookupError(f"{walked or 'the root'} has no {token!r}")
        walked = join_pointer(walked, token)
    return node


# --- $ref --------------------------------------------------------------------------------


def ref_pointer(ref: object) -> str | None:
    """The JSON pointer a local ``$ref`` names, or None for any other ref.

    ``#`` -> ``""``, ``#/components/schemas/A`` -> ``/components/schemas/A``.  The fragment is
    a URI fragment, so it is percent-decoded (``#/paths/~1a%7Bid%7D`` names ``/a{id}``) as
    jsonschema and openapi-spec-validator decode it.  ``#anchor`` (a plain-name fragment),
    another file or a URL is not local: None.
    """
    if not isinstance(ref, str) or not (ref == "#" or ref.startswith("#/")):
        return None
    return unquote(ref[1:])


def deref(doc: Any, node: Any, at: str) -> tuple[Any, str]:
    """Follow local ``$ref`` chains; return the target and its real pointer.

    A non-local, dangling or looping ref returns the ``$ref`` node itself: the
    ``lint/local-refs`` and ``lint/ref-cycle`` rules report those, every other caller just
    sees "not a schema it can use".
    """
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        target = ref_pointer(node["$ref"])
        if target is None or target in seen:
            break
        seen.add(target)
        try:
            node, at = get_pointer(doc, target), target
        except LookupError:
            break
    return node, at


def resolve(doc: Any, node: Any) -> dict[str, Any]:
    """``node`` with local ``$ref``s followed, or ``{}`` when that is not an object."""
    target, _at = deref(doc, node, "")
    if not isinstance(target, dict) or "$ref" in target:
        return {}  # not an object, or a ref deref could not follow
    return target


def component_name(ref: object, kind: str = "schemas") -> str | None:
    """``#/components/<kind>/Name`` -> ``Name``; None for any other ref."""
    pointer = ref_pointer(ref)
    if pointer is None:
        return None
    tokens = pointer_tokens(pointer)
    return tokens[2] if len(tokens) == 3 and tokens[:2] == ["components", kind] else None


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
    def item_pointer(self) -> str:
        """The pointer of the path item that holds the operation."""
        return join_pointer("", "paths", self.path)

    @property
    def endpoint(self) -> str:
        """``GET /things``: names the operation whatever its operationId."""
        return f"{self.method.upper()} {self.path}"

    @property
    def display(self) -> str:
        """The operationId, or ``METHOD /path`` when it has none."""
        op_id = self.operation.get("operationId")
        return op_id if isinstance(op_id, str) else self.endpoint


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
    | {"else", "propertyNames", "contentSchema"}
)
"""JSON Schema keywords whose value is one schema.  (``schema`` of a parameter, header or media
type is an OpenAPI field, not a keyword: a walk that starts there hands its value in.)"""
SCHEMA_LIST_KEYS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
"""Keywords whose value is a list of schemas."""
SCHEMA_MAP_KEYS = frozenset({"properties", "patternProperties", "$defs", "dependentSchemas"})
"""Keywords whose value maps names to schemas."""
IN_PLACE_KEYS = frozenset({"allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas"})
"""Keywords whose subschemas apply to the very value the schema applies to (not to a part of
it, as ``properties`` or ``items`` do): a schema that reaches itself through these alone
(or ``$ref``) never stops expanding."""
NAME_MAP_KEYS = frozenset(
    {"schemas", "responses", "parameters", "examples", "requestBodies", "headers", "securitySchemes", "links"}
    | {"callbacks", "pathItems", "properties", "patternProperties", "$defs", "dependentSchemas", "content"}
    | {"variables", "mapping", "scopes", "encoding", "paths", "webhooks"}
)
"""Keys whose value maps user-chosen names (never keywords) to objects: a response named
``default``, a property named ``enum`` or a webhook named ``example`` is a name, not a keyword."""
LITERAL_KEYS = frozenset({"example", "examples", "default", "enum", "const", "value", "x-request-examples"})
"""Keys whose value is data (a sample, a default, enum values), never a schema or a name.

``examples`` is the one key of two kinds: in a schema it is JSON Schema's list of sample
values (data); in a media type, parameter or ``components`` it maps names to Example
Objects, which hold no schema and no name (their ``value`` is data again) but may be
``$ref``s.  A walk for schemas or names may skip it whole; a walk for ``$ref``s must use
``is_literal`` (or ``iter_structural``), which walks the mapping form."""


def is_literal(key: str, value: Any) -> bool:
    """Whether ``value``, found under ``key`` in a structural object, is data: never walked for
    ``$ref``s, schemas or names.  ``x-`` extensions are data to every stage but their own rule."""
    if key == "examples":
        return not isinstance(value, dict)
    return key in LITERAL_KEYS or key.startswith("x-")


def iter_structural(doc: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, object) for every object in a structural position, in document order (preorder).

    Structural: not inside literal data (``is_literal``), and not the mapping itself of a name
    map (``properties``, ``responses``, ...), whose keys are names; the objects it maps are.
    Iterative, so a deep document cannot exhaust the stack.
    """
    pending: list[tuple[Any, str, bool]] = [(doc, "", False)]
    while pending:
        node, at, is_name_map = pending.pop()
        children: list[tuple[Any, str, bool]] = []
        if isinstance(node, list):
            children = [(item, join_pointer(at, i), False) for i, item in enumerate(node)]
        elif isinstance(node, dict):
            if not is_name_map:
                yield at, node
            for key, value in node.items():
                if is_name_map:
                    children.append((value, join_pointer(at, key), False))
                elif not is_literal(key, value):
                    children.append((value, join_pointer(at, key), key in NAME_MAP_KEYS))
        pending.extend(reversed(children))


def subschemas(schema: dict[str, Any], at: str) -> Iterator[tuple[str, str, Any]]:
    """(keyword, pointer, subschema) for each direct subschema of ``schema`` (``$ref``s not followed)."""
    for key, value in schema.items():
        if key in SCHEMA_KEYS:
            yield key, join_pointer(at, key), value
        elif key in SCHEMA_LIST_KEYS and isinstance(value, list):
            for i, sub in enumerate(value):
                yield key, join_pointer(at, key, i), sub
        elif key in SCHEMA_MAP_KEYS and isinstance(value, dict):
            for name, sub in value.items():
                yield key, join_pointer(at, key, name), sub
