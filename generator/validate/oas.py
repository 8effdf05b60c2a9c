"""openapi-spec-validator (OpenAPI 3.1), with every error located in the spec.

Its keyword validators report paths relative to the node they were handed (a schema's
errors say ``properties/id/type``, a duplicate operationId says nothing).  Wrapping each
one records that node's path on the errors it yields, innermost first, so every finding
gets a real JSON pointer (and so a line).  No resolver handlers are registered: a
non-local ``$ref`` is never fetched (generator/validate/rules.py does not even run this while
one exists; lint/local-refs reports it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from jsonschema.exceptions import ValidationError, best_match
from jsonschema.validators import validator_for
from jsonschema_path import SchemaPath
from jsonschema_specifications import REGISTRY as JSON_SCHEMA_SPECIFICATIONS  # type: ignore[import-untyped]
from openapi_spec_validator import OpenAPIV31SpecValidator
from openapi_spec_validator.schemas import schema_v31
from openapi_spec_validator.validation import keywords as oas_keywords
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator.spec.toolkit import deref, join_pointer

Finding = tuple[str, str, str]


def is_crash(exc: BaseException) -> bool:
    """Whether ``exc`` is a validator failing on its input, not the process being stopped.

    rpds (under jsonschema's ``referencing``) turns a RecursionError raised inside its Rust code
    into pyo3's ``PanicException``, which derives from BaseException, not Exception."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


_CRASHED_AT: dict[int, tuple[BaseException, tuple[Any, ...]]] = {}
"""id(exception) -> (exception, path of the innermost node being validated when it was raised);
filled while ``openapi_spec_findings`` runs the validator, emptied when it returns."""


def _located(cls: type[Any]) -> type[Any]:
    class Located(cls):  # type: ignore[misc]
        def __call__(self, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
            node = next((a for a in args if isinstance(a, SchemaPath)), None)
            try:
                for raw in super().__call__(*args, **kwargs):
                    error = raw
                    if node is not None and not hasattr(error, "spec_base"):
                        if not isinstance(
                            error, OpenAPIValidationError
                        ):  # the library would re-wrap it, dropping our note
                            error = OpenAPIValidationError.create_from(raw)
                        # A value validator checks a schema's `default`: its paths are inside that value.
                        base = (*node.parts, "default") if isinstance(self, oas_keywords.ValueValidator) else node.parts
                        setattr(error, "spec_base", tuple(base))  # noqa: B010 - not a declared attribute
                    yield error
            except BaseException as exc:
                # The innermost wrapper (with stack to spare) notes where the validator was, so a
                # crash (a RecursionError, a $ref inside a sample it followed) comes out located.
                if is_crash(exc) and node is not None and id(exc) not in _CRASHED_AT:
                    _CRASHED_AT[id(exc)] = (exc, tuple(node.parts))  # some exceptions are frozen: kept aside
                raise

    return Located


@cache
def _document_schema_validator() -> Any:
    """The validator of the OpenAPI 3.1 JSON schema (what ``OpenAPIV31SpecValidator`` uses),
    with its registry crawled once, up front.

    The library's own is built with the schema uncrawled, and jsonschema keeps the registry a
    lookup crawls only for that lookup: every ``$dynamicRef: #meta`` (one per Schema object in
    the document) crawled the whole OpenAPI schema again, about 60% of validating a large
    spec.  A crawled registry holds the same resources and anchors, so the findings are the
    same; only the repeated crawls go."""
    schema = dict(schema_v31)
    cls: Any = validator_for(schema)  # its attrs-made __init__ takes the private _resolver
    resource = Resource.from_contents(schema, default_specification=DRAFT202012)
    uri = resource.id() or ""
    registry = JSON_SCHEMA_SPECIFICATIONS.combine(Registry().with_resource(uri, resource)).crawl()
    return cls(schema, _resolver=registry.resolver(base_uri=uri))


class _Validator(OpenAPIV31SpecValidator):
    resolver_handlers: Any = {}  # noqa: RUF012 - no http/file handlers: a non-local $ref is never fetched
    keyword_validators: Any = {k: _located(v) for k, v in OpenAPIV31SpecValidator.keyword_validators.items()}  # noqa: RUF012

    @property
    def schema_validator(self) -> Any:  # type: ignore[override]
        return _document_schema_validator()


def _real_pointer(doc: dict[str, Any], tokens: Iterable[Any]) -> str:
    """The validator walks through $refs; map its path to where the node is written."""
    node, at = doc, ""
    for token in map(str, tokens):
        node, at = deref(doc, node, at)
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            break
        at = join_pointer(at, token)
    return at


_OAS_FIXES = {
    "DuplicateOperationIDError": "give every operation its own operationId",
    "UnresolvableParameterError": "declare each {name} in the path as an `in: path` parameter, and no others",
    "ParameterDuplicateError": "declare each (name, in) parameter once",
}


def openapi_spec_findings(doc: dict[str, Any], run_validator: bool = True) -> Iterator[Finding]:
    """The version check, then (when ``run_validator``) every validator error, located."""
    version = doc.get("openapi")
    if not (isinstance(version, str) and version.startswith("3.1.")):
        yield "/openapi", f"openapi is {version!r}: this project writes OpenAPI 3.1", "write `openapi: 3.1.0`"
        return
    if not run_validator:
        return
    try:
        errors = list(_Validator(doc).iter_errors())
    except BaseException as exc:  # a validator crash must still come out as a located Problem
        if not is_crash(exc):
            raise
        at = _real_pointer(doc, _CRASHED_AT.get(id(exc), (exc, ()))[1])
        if isinstance(exc, RecursionError) or "RecursionError" in str(exc):
            yield (
                at,
                "openapi-spec-validator recursed without end inside this schema (RecursionError): it reaches itself"
                " through $ref and allOf/anyOf/oneOf/not, or a chain of schemas that only combine the next is too"
                " long",
                "break the loop (lint/schema-cycle names its steps), or define the schemas of a long chain directly",
            )
        else:
            yield (
                at,
                f"openapi-spec-validator stopped inside this object: {type(exc).__name__}: {short(str(exc))}",
                "fix the problem it names; report a bug in this rule if it names none",
            )
        return
    finally:
        _CRASHED_AT.clear()
    for raw in errors:
        error = best_match(raw.context) if raw.context else raw  # a failed oneOf/anyOf: its closest branch says more
        tokens = (*getattr(raw, "spec_base", ()), *error.absolute_path)  # a context error's path includes its parent's
        yield (
            _real_pointer(doc, tokens),
            short(error.message, 240),
            _OAS_FIXES.get(type(error).__name__, "make this object valid OpenAPI 3.1 (spec.openapis.org/oas/v3.1.0)"),
        )
