"""Finding and driving the generated packages without assuming one runtime version.

The client runtime is being rewritten while this bench is written, so everything here
probes for what exists (new ``_parse_response(response)`` or stock
``_parse_response(client=, response=)``, ``AuthenticatedClient(token=)`` with
``httpx_args``, ``iter_items`` in the endpoint module or ``iter_<op>`` in
``<pkg>.pagination``) and says which path it used instead of guessing silently.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from bench.proc import REPO

GENERATED = REPO / "generated"
BASE_URL = "http://bench.invalid"


def import_vendor(slug: str, root: Path = GENERATED) -> ModuleType:
    project = str(root / slug)
    if project not in sys.path:
        sys.path.insert(0, project)  # what tests/conftest.py does: the package without installing it
    return importlib.import_module(f"{slug}_client")


def endpoint_module(slug: str, operation: str, root: Path = GENERATED) -> ModuleType:
    package = import_vendor(slug, root)
    found = sorted((root / slug / package.__name__ / "api").glob(f"*/{operation}.py"))
    if not found:
        raise LookupError(f"no api/<tag>/{operation}.py in {root / slug}")
    return importlib.import_module(f"{package.__name__}.api.{found[0].parent.name}.{operation}")


def model_class(slug: str, schema: str, root: Path = GENERATED) -> Any:
    package = import_vendor(slug, root)
    return getattr(importlib.import_module(f"{package.__name__}.models"), schema)


def make_client(slug: str, base_url: str = BASE_URL, **httpx_args: Any) -> Any:
    """An authenticated client with a bearer token (both the stock and the new runtime take these)."""
    package = import_vendor(slug)
    options: dict[str, Any] = {"httpx_args": httpx_args} if httpx_args else {}
    try:
        return package.AuthenticatedClient(base_url=base_url, token="bench-token", **options)
    except TypeError:
        return package.Client(base_url=base_url, **options)


def parse_response_fn(module: ModuleType, client: Any) -> Callable[[Any], Any]:
    """The endpoint's own response parser, adapted to one argument (the httpx.Response)."""
    parse = module._parse_response
    if "client" in inspect.signature(parse).parameters:
        return lambda response: parse(client=client, response=response)
    return parse  # type: ignore[no-any-return]


def pagination_fns(slug: str, operation: str) -> tuple[str, Callable[..., Any], Callable[..., Any]]:
    """(where, iter_fn, aiter_fn) of the generated pagination helpers, or LookupError."""
    package = import_vendor(slug)
    try:
        helpers = importlib.import_module(f"{package.__name__}.pagination")
        return (
            f"{package.__name__}.pagination",
            getattr(helpers, f"iter_{operation}"),
            getattr(helpers, f"aiter_{operation}"),
        )
    except (ImportError, AttributeError):
        pass
    module = endpoint_module(slug, operation)
    if hasattr(module, "iter_items") and hasattr(module, "aiter_items"):
        return f"{module.__name__}.iter_items", module.iter_items, module.aiter_items
    raise LookupError(
        f"no iter_{operation}/aiter_{operation} in {package.__name__}.pagination and no iter_items in {module.__name__}"
    )
