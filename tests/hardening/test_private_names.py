"""Endpoint functions bind and read only '_' names besides their arguments.

Their arguments are spec parameters, whose Python names never start with '_' (the tool
prefixes ``field_``), are lower case and are never builtins (the tool suffixes those with
'_').  So if every other lowercase name a function uses starts with '_', no parameter can
shadow it (templates/openapi_python_client/endpoint_module.py.jinja).  Checked on the
committed packages; test_gaps.py runs the hostile corpus spec.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from generator import names
from tests.hardening.cases import REPO_ROOT

MODULES = sorted((REPO_ROOT / "generated").glob("*/*_client/api/*/*.py"))


def _exposed(name: str) -> bool:
    """Could a spec parameter be called ``name``?  (Not if the tool would spell it otherwise.)"""
    return names.python_identifier(name) == name


def unprotected_names(source: str) -> list[str]:
    """``function: name`` for every exposed name a function with spec arguments uses besides them."""
    found = []
    for function in ast.parse(source).body:
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if function.name.startswith("_") and function.name != "_get_kwargs":
            continue  # private helpers take no spec parameters
        arguments = {a.arg for a in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs)}
        # The body only: annotations and defaults are evaluated where the function is defined.
        nodes = [node for statement in function.body for node in ast.walk(statement)]
        used = {node.id for node in nodes if isinstance(node, ast.Name)}
        used |= {node.arg for node in nodes if isinstance(node, ast.arg)}  # lambda parameters
        found += [f"{function.name}: {name}" for name in sorted(used - arguments) if _exposed(name)]
    return found


def test_the_check_sees_an_unprotected_name() -> None:
    source = "def sync(*, client, params):\n    kwargs = quote(params)\n    return [k for k in kwargs]\n"
    assert unprotected_names(source) == ["sync: k", "sync: kwargs", "sync: quote"]


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(REPO_ROOT / "generated")))
def test_endpoint_functions_use_only_private_names(module: Path) -> None:
    assert unprotected_names(module.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("identifier", "paginated", "refused"),
    [
        ("params", True, False),
        ("iter_pages", True, False),
        ("page_size", False, False),
        ("page_size", True, True),
        ("max_items", True, True),
        ("body", False, True),
        ("request_options", False, True),
        ("client", False, True),
        ("url", False, True),
        ("self", False, True),  # resource methods take self
    ],
)
def test_only_arguments_of_our_own_are_refused(identifier: str, paginated: bool, refused: bool) -> None:
    assert (names.argument_problem(identifier, paginated) is not None) == refused


def test_a_size_parameter_named_page_size_is_the_pagers_own() -> None:
    """``pageSize`` as the x-pagination size parameter: the pagers set it from ``page_size``."""
    assert names.argument_problem("page_size", True, size_argument="page_size") is None
    assert names.argument_problem("page_size", True, size_argument="limit") is not None
    assert names.argument_problem("max_items", True, size_argument="max_items") is not None
