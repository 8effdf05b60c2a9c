"""Spec validation: openapi-spec-validator (3.1) plus the project's own rules.

``validate_spec`` returns located ``Problem`` values, never raises on bad input.  Each
project rule is a small generator registered under a stable name (``RULES``); it yields
``(pointer, message, fix)`` and the runner turns that into a Problem with the line from
``LoadedSpec.where``.  Rules are written to be independent, so a spec that breaks one
convention is reported under exactly one rule name (tests/validation/broken/ relies on it).
The openapi-spec-validator adapter lives in oas.py, the ``$ref`` and cycle rules in refs.py,
the x-pagination, x-request-examples and x-idempotency-header rules in extensions.py, the
correctness rules that hold for every spec (security, enums, paths, servers) in safety.py; every walk of the document
goes through generator/spec/toolkit.py.  Nothing here opens the network or reads a file
other than the spec and its errata.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from jsonschema.exceptions import ValidationError, best_match

from generator.names import slug_problem
from generator.problems import Problem, Severity
from generator.spec.errata import (
    ErrataFile,
    Erratum,
    Example,
    apply_errata,
    check_errata,
    errata_for,
    errata_path,
    example_validator,
    find_examples,
    load_errata,
)
from generator.spec.load import LoadedSpec
from generator.spec.overlay import OVERLAY_FOLDER as OVERLAYS
from generator.spec.overlay import load_corrected
from generator.spec.toolkit import OperationRef, deref, get_pointer, iter_operations, join_pointer, subschemas
from generator.validate.extensions import RULES as EXTENSION_RULES
from generator.validate.oas import is_crash, openapi_spec_findings, short
from generator.validate.refs import bad_refs, ref_cycles, schema_cycles
from generator.validate.safety import SAFETY_RULES, safety_fix

Finding = tuple[str, str, str]
"""(JSON pointer in the spec, what is wrong, how to fix it)."""


@dataclass
class Context:
    spec: LoadedSpec
    errata: ErrataFile
    examples: list[Example]

    @property
    def doc(self) -> dict[str, Any]:
        return self.spec.data  # type: ignore[no-any-return]  # validate_spec checked it is a mapping

    @cached_property
    def bad_refs(self) -> list[Finding]:
        return list(bad_refs(self.doc))

    @cached_property
    def ref_cycles(self) -> list[Finding]:
        return list(ref_cycles(self.doc))

    @cached_property
    def schema_cycles(self) -> list[Finding]:
        return list(schema_cycles(self.doc))


RULES: dict[str, Callable[[Context], Iterable[Finding]]] = {}

CONVENTION_RULES = frozenset(
    {
        "lint/operation-id",
        "lint/operation-summary",
        "lint/operation-docs-url",
        "lint/parameter-description",
        "lint/response-example",
        "lint/request-examples-missing",
        "lint/client-names",
    }
)
"""Our own conventions for the specs we write (a snake_case operationId, the docs page's
title, URL, parameter texts and samples, request examples): errors for a hand-written spec,
warnings for an imported one (``LoadedSpec.imported``), which generates without invented
data.  Every other rule is about correctness and stays an error for every spec."""


def as_advice(problems: list[Problem]) -> list[Problem]:
    """``problems`` with every error a warning: our conventions, for an imported spec."""
    return [dataclasses.replace(p, severity=Severity.WARNING) for p in problems]


def rule(name: str) -> Callable[[Callable[[Context], Iterable[Finding]]], Callable[[Context], Iterable[Finding]]]:
    def register(fn: Callable[[Context], Iterable[Finding]]) -> Callable[[Context], Iterable[Finding]]:
        RULES[name] = fn
        return fn

    return register


def validate_spec(spec: LoadedSpec, errata: ErrataFile | Path | None = None) -> list[Problem]:
    """Every problem of ``spec`` (already loaded) and of its errata against it.

    ``errata`` is a loaded errata file, or the path of one (its own problems are then
    included; a missing file means no errata), or None for none.
    """
    problems: list[Problem] = []
    if isinstance(errata, Path):
        errata, problems = load_errata(errata)  # shown relative to the working directory, like load_spec
    errata = errata or ErrataFile(str(errata_path(Path(spec.display_path))))
    if not isinstance(spec.data, dict):
        return [
            *problems,
            spec.problem("", "the spec is not a mapping", "write an OpenAPI 3.1 document", "openapi-spec"),
        ]
    ctx = Context(spec, errata, find_examples(spec.data))
    for name, fn in RULES.items():
        found = [spec.problem(at, message, safety_fix(spec, name, at, fix), name) for at, message, fix in fn(ctx)]
        problems += as_advice(found) if spec.imported and name in CONVENTION_RULES else found
    return problems + check_errata(errata, ctx.examples) + _stale_errata(ctx)


def validate_file(path: Path, root: Path | None = None) -> tuple[LoadedSpec | None, list[Problem]]:
    """Load ``path`` (with ``overlays/<same name>`` applied) and ``errata/<same name>`` beside
    it, then validate both."""
    spec, problems = load_corrected(path, root)
    errata, errata_problems = load_errata(errata_path(path), root)
    problems += errata_problems
    return spec, problems if spec is None else problems + validate_spec(spec, errata)


# --- the document -------------------------------------------------------------------


def is_vendor_slug(stem: str) -> bool:
    return slug_problem(stem) is None  # the rule lives in generator/names.py only


@rule("lint/slug")
def _slug(ctx: Context) -> Iterator[Finding]:
    stem = ctx.spec.path.stem
    if not is_vendor_slug(stem):
        suggestion = re.sub(r"[^a-z0-9]", "", stem.lower()) or "vendor"
        yield (
            "",
            f"file name {stem!r} is not a vendor slug (a lowercase letter, then up to 39 lowercase letters or"
            " digits, not a Python keyword, not a Windows device name such as con or lpt1): it becomes the"
            " package name and the folder generated/<slug>/",
            f"rename the spec and its errata file, e.g. to {suggestion if is_vendor_slug(suggestion) else 'vendor'}.yaml",
        )


@rule("lint/local-refs")
def _local_refs(ctx: Context) -> Iterator[Finding]:
    yield from ctx.bad_refs


@rule("lint/ref-cycle")
def _ref_cycle(ctx: Context) -> Iterator[Finding]:
    yield from ctx.ref_cycles


@rule("lint/schema-cycle")
def _schema_cycle(ctx: Context) -> Iterator[Finding]:
    yield from ctx.schema_cycles


# --- operations -----------------------------------------------------------------------


_SNAKE_CASE = re.compile(r"[a-z][a-z0-9_]*")


def _snake_case(text: str) -> str | None:
    """``listThings`` / ``List-Things`` -> ``list_things``; None when no usable name is left."""
    spaced = re.sub(r"([a-z0-9])([A-Z])|([A-Z]+)([A-Z][a-z])", r"\1\3_\2\4", text)
    snake = re.sub(r"[^a-z0-9]+", "_", spaced.lower()).strip("_")
    return snake if _SNAKE_CASE.fullmatch(snake) else None


def _text_problem(owner: dict[str, Any], key: str) -> str:
    """What is wrong with the text field ``key`` of ``owner``: "missing", "not text", "empty" or ""."""
    if key not in owner:
        return "missing"
    if owner[key] is None:
        return "empty"  # `key:` with nothing after it
    if not isinstance(owner[key], str):
        return "not text"
    return "" if owner[key].strip() else "empty"


@rule("lint/operation-id")
def _operation_id(ctx: Context) -> Iterator[Finding]:
    why = "it is the generated function's name"
    for op in iter_operations(ctx.doc):
        op_id, at = op.operation.get("operationId"), join_pointer(op.pointer, "operationId")
        if "operationId" not in op.operation:
            yield (
                op.pointer,
                f"{op.endpoint} has no operationId",
                f"add `operationId: <verb>_<noun>` in snake_case: {why}",
            )
        elif not isinstance(op_id, str) or not op_id.strip():
            shown = "is empty" if op_id is None or isinstance(op_id, str) else f"{op_id!r} is not text"
            yield at, f"{op.endpoint}: operationId {shown}", f"write `<verb>_<noun>` in snake_case there: {why}"
        elif not _SNAKE_CASE.fullmatch(op_id):
            suggestion = _snake_case(op_id)
            fix = (
                f"rename it to `{suggestion}`" if suggestion else "rename it to `<verb>_<noun>` in snake_case"
            ) + f": {why} (an erratum that names the operation must be renamed too)"
            if ctx.spec.imported:  # the vendor's text stays; the generator snake-cases it
                fix = f"nothing to do: the function is named after it in snake_case; to choose the name, add `x-oc-python-name` to the operation in specs/{OVERLAYS}/{ctx.spec.path.name}"
            yield (
                at,
                f"{op.endpoint}: operationId {op_id!r} is not snake_case (a lowercase letter, then lowercase letters,"
                " digits and underscores)",
                fix,
            )


@rule("lint/operation-summary")
def _operation_summary(ctx: Context) -> Iterator[Finding]:
    for op in iter_operations(ctx.doc):
        problem = _text_problem(op.operation, "summary")
        if problem == "missing":
            yield op.pointer, f"{op.display} has no summary", "add `summary:` with the page's title for the endpoint"
        elif problem:
            value = op.operation["summary"]
            shown = "is empty" if problem == "empty" else f"{value!r} is not text"
            yield (
                join_pointer(op.pointer, "summary"),
                f"{op.display}: summary {shown}",
                "write the page's title for the endpoint there",
            )


@rule("lint/operation-docs-url")
def _operation_docs_url(ctx: Context) -> Iterator[Finding]:
    for op in iter_operations(ctx.doc):
        url = op.operation.get("x-docs-url")
        if "x-docs-url" not in op.operation:
            yield (
                op.pointer,
                f"{op.display} has no x-docs-url",
                "add `x-docs-url: https://...` with the URL of the docs page the operation comes from",
            )
        elif not isinstance(url, str) or not re.match(r"https?://\S+$", url):
            yield (
                join_pointer(op.pointer, "x-docs-url"),
                f"{op.display}: x-docs-url {'is empty' if url is None else f'{url!r} is not an http(s) URL'}",
                "write the full https://... URL of the docs page the operation comes from",
            )


def _parameters(ctx: Context) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every parameter object once, at its real location: path item, operation, components."""
    groups: list[tuple[str, Any]] = []
    for op in iter_operations(ctx.doc):
        groups += [
            (join_pointer(op.item_pointer, "parameters"), op.path_item.get("parameters")),
            (join_pointer(op.pointer, "parameters"), op.operation.get("parameters")),
        ]
    components = ctx.doc.get("components")
    if isinstance(components, dict):
        groups.append(("/components/parameters", components.get("parameters")))
    seen: set[str] = set()
    for group_at, group in groups:
        items = group.items() if isinstance(group, dict) else enumerate(group) if isinstance(group, list) else ()
        for key, ref_or_param in items:
            param, at = deref(ctx.doc, ref_or_param, join_pointer(group_at, key))
            if isinstance(param, dict) and at not in seen:
                seen.add(at)
                yield at, param


@rule("lint/parameter-description")
def _parameter_description(ctx: Context) -> Iterator[Finding]:
    for at, param in _parameters(ctx):
        problem, name = _text_problem(param, "description"), param.get("name")
        if problem == "missing":
            yield (
                at,
                f"parameter {name!r} has no description",
                "add `description:` with the page's text for the parameter",
            )
        elif problem:
            shown = "is empty" if problem == "empty" else f"{param['description']!r} is not text"
            yield (
                join_pointer(at, "description"),
                f"parameter {name!r}: description {shown}",
                "write the page's text for the parameter there",
            )


def _responses(ctx: Context, op: OperationRef) -> Iterator[tuple[str, str, dict[str, Any]]]:
    responses = op.operation.get("responses")
    for code, ref_or_response in responses.items() if isinstance(responses, dict) else ():
        response, at = deref(ctx.doc, ref_or_response, join_pointer(op.pointer, "responses", code))
        if isinstance(response, dict):
            yield str(code), at, response


@rule("lint/response-example")
def _response_example(ctx: Context) -> Iterator[Finding]:
    sampled = {(ex.operation, ex.key.rsplit("/", 1)[0]) for ex in ctx.examples}
    for op in iter_operations(ctx.doc):
        for code, at, response in _responses(ctx, op):
            if code.startswith("2") and response.get("content") and (op.display, f"response/{code}") not in sampled:
                yield (
                    at,
                    f"{op.display}: {code} response has no sample",
                    "add the page's sample as content.<media>.examples.docs.value (verbatim)",
                )


def _schema_nodes(doc: dict[str, Any], schema: Any, at: str, seen: set[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every (sub)schema reachable from ``schema``, following $refs, each location once, in preorder.

    Iterative: a long chain of $refs must not exhaust the stack."""
    pending: list[tuple[Any, str]] = [(schema, at)]
    while pending:
        node, node_at = deref(doc, *pending.pop())
        if not isinstance(node, dict) or node_at in seen:
            continue
        seen.add(node_at)
        yield node_at, node
        pending.extend(reversed([(sub, sub_at) for _key, sub_at, sub in subschemas(node, node_at)]))


@rule("lint/no-additional-properties-false")
def _no_additional_properties_false(ctx: Context) -> Iterator[Finding]:
    seen: set[str] = set()
    for op in iter_operations(ctx.doc):
        for _, at, response in _responses(ctx, op):
            content = response.get("content")
            for media, body in content.items() if isinstance(content, dict) else ():
                if isinstance(body, dict) and "schema" in body:
                    for node_at, node in _schema_nodes(
                        ctx.doc, body["schema"], join_pointer(at, "content", media, "schema"), seen
                    ):
                        if node.get("additionalProperties") is False:
                            yield (
                                join_pointer(node_at, "additionalProperties"),
                                "`additionalProperties: false` in a response schema: a new vendor field would break every client",
                                "delete it (use `additionalProperties: {type: ...}` only for maps)",
                            )


# --- samples and errata ----------------------------------------------------------------------


def _usable(ctx: Context, ex: Example) -> list[Erratum]:
    """The sample's errata whose pointer exists in the raw sample (check_errata reports the others)."""
    usable = []
    for erratum in errata_for(ctx.errata.errata, ex):
        try:
            get_pointer(ex.value, erratum.pointer)
        except LookupError:
            continue
        usable.append(erratum)
    return usable


def _errors(ctx: Context, ex: Example, errata: list[Erratum]) -> list[ValidationError] | None:
    """The sample's errors with ``errata`` applied; None when its schema itself is unusable."""
    if ctx.schema_cycles:
        return None  # a schema that never stops expanding judges no sample: lint/schema-cycle comes first
    validator = example_validator(ctx.doc, ex)
    if validator is None:
        return []
    try:
        found = list(validator.iter_errors(apply_errata(ex.value, errata)))
    except BaseException as exc:  # unknown type, bad regex, dangling $ref: openapi-spec / lint/local-refs say which
        if not is_crash(exc):
            raise
        return None
    return sorted(found, key=lambda e: list(map(str, e.absolute_path)))


@rule("lint/example-schema")
def _example_schema(ctx: Context) -> Iterator[Finding]:
    slug = ctx.spec.path.stem
    for ex in ctx.examples:
        for error in _errors(ctx, ex, _usable(ctx, ex)) or []:
            inner = join_pointer("", *error.absolute_path)
            detail = short(error.message)
            if error.context:
                closest = best_match(error.context)
                detail += (
                    f" (closest: {short(closest.message, 100)} at {join_pointer('', *closest.absolute_path) or '/'})"
                )
            yield (
                join_pointer(ex.pointer, *error.absolute_path),
                f"{ex.operation} {ex.key} at {inner or '/'}: {detail}",
                f"if the page really shows this, keep it verbatim and add an erratum in specs/errata/{slug}.yaml "
                f"(operation: {ex.operation}, example: {ex.key}, pointer: {inner!r}); otherwise fix the schema",
            )


def _stale_errata(ctx: Context) -> list[Problem]:
    """An erratum is needed when dropping it (keeping the others) brings back an error."""
    problems = []
    for ex in ctx.examples:
        usable = _usable(ctx, ex)
        if not usable:
            continue
        baseline = _errors(ctx, ex, usable)
        if baseline is None:
            continue
        keys = {_error_key(e) for e in baseline}
        for erratum in usable:
            without = _errors(ctx, ex, [e for e in usable if e is not erratum])
            if without is not None and {_error_key(e) for e in without} <= keys:
                problems.append(
                    ctx.errata.problem(
                        erratum.at,
                        f"erratum {erratum.id} is stale: {ex.operation} {ex.key} fails its schema no differently without it",
                        "delete the erratum if the sample now passes, or point it at the value that still fails",
                        "errata/stale",
                    )
                )
    return problems


def _error_key(error: ValidationError) -> tuple[tuple[str, ...], tuple[str, ...]]:
    # Messages quote the instance, which an erratum changes; location and failing keyword do not.
    return tuple(map(str, error.absolute_path)), tuple(map(str, error.absolute_schema_path))


@rule("openapi-spec")
def _openapi_spec(ctx: Context) -> Iterator[Finding]:
    # With a remote or dangling $ref the validator would try to fetch it or crash, and with
    # a $ref cycle it recurses until RecursionError: the version is still checked, the rest
    # waits until lint/local-refs and lint/ref-cycle are satisfied.
    yield from openapi_spec_findings(ctx.doc, run_validator=not (ctx.bad_refs or ctx.ref_cycles or ctx.schema_cycles))


def _on_doc(fn: Callable[[dict[str, Any]], Iterable[Finding]]) -> Callable[[Context], Iterable[Finding]]:
    return lambda ctx: fn(ctx.doc)


RULES.update({name: _on_doc(fn) for name, fn in EXTENSION_RULES.items()})
RULES.update({name: _on_doc(fn) for name, fn in SAFETY_RULES.items()})
