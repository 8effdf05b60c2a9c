"""Stage 2a: rewrite a validated spec into the subset the generators handle correctly.

Each rewrite here fixes a measured defect of a generator (see shared notes
generator-traps.md) by stating, explicitly, what the spec already means:

* Operation security defaults to the document's ``security`` (OpenAPI 3.1 §4.8.10.1).
  openapi-python-client only looks at the operation, so an operation covered by the top
  level alone would accept an unauthenticated client.  We copy it down.
* A parameter declared with ``content:`` instead of ``schema:`` is dropped by
  openapi-python-client without a word.  We turn it into ``schema:`` and mark it with
  ``x-oc-content-type`` so the endpoint template serializes it as that media type.
* Unions as vendors write them (titled inline branches, ``type: object`` beside
  ``oneOf``): ``generator.spec.unions``.
* Every operation gets the operationId the generators name its function after
  (``generator.names.operation_name``: ``x-oc-python-name`` when given, the vendor's
  operationId in any style, or ``<method>_<path>`` when it has none), so that our model
  and openapi-python-client derive one name.
* Our own ``x-`` extensions are left in place: both generators ignore them.

The input is never mutated; a deep copy is returned.
"""

from __future__ import annotations

import copy
from typing import Any

from generator import names
from generator.spec import toolkit
from generator.spec.unions import normalize_unions

CONTENT_TYPE_MARK = "x-oc-content-type"


def iter_operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) in document order.

    Deprecated: kept only so generator/model/build.py imports while it moves onto
    ``generator.spec.toolkit.iter_operations``; remove once nothing imports it.
    """
    return [(op.path, op.method, op.operation) for op in toolkit.iter_operations(document)]


def normalize(document: dict[str, Any]) -> dict[str, Any]:
    result = copy.deepcopy(document)
    top_security = result.get("security")
    for ref in toolkit.iter_operations(result):
        operation = ref.operation
        operation["operationId"] = names.operation_name(
            operation.get("operationId"), ref.method, ref.path, operation.get(names.PYTHON_NAME_KEY)
        )
        if "security" not in operation and top_security is not None:
            operation["security"] = copy.deepcopy(top_security)
        for parameter in operation.get("parameters") or []:
            if isinstance(parameter, dict):
                _content_to_schema(parameter)
    for item in (result.get("paths") or {}).values():
        for parameter in (item or {}).get("parameters") or []:
            if isinstance(parameter, dict):
                _content_to_schema(parameter)
    # Parameters referenced with $ref are rewritten where they are defined.
    for parameter in ((result.get("components") or {}).get("parameters") or {}).values():
        if isinstance(parameter, dict):
            _content_to_schema(parameter)
    normalize_unions(result)
    return result


def _content_to_schema(parameter: dict[str, Any]) -> None:
    content = parameter.get("content")
    if "schema" in parameter or not isinstance(content, dict) or len(content) != 1:
        return
    ((media_type, media),) = content.items()
    parameter["schema"] = copy.deepcopy((media or {}).get("schema", {}))
    parameter[CONTENT_TYPE_MARK] = media_type
    del parameter["content"]
