"""The generated packages as a user drives them: import one from ``generated/`` without
installing it, make a client with a token, find an operation's module, model class and pagers."""

from __future__ import annotations

import importlib
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
    """An ``AuthenticatedClient`` with a bearer token; ``httpx_args`` go to its httpx clients."""
    package = import_vendor(slug)
    return package.AuthenticatedClient(base_url=base_url, token="bench-token", httpx_args=httpx_args or None)


def pagination_fns(slug: str, operation: str) -> tuple[str, Callable[..., Any], Callable[..., Any]]:
    """(module name, ``iter_items``, ``aiter_items``) of the operation's module (``api.<tag>.<operation>``)."""
    package = import_vendor(slug)
    api = importlib.import_module(f"{package.__name__}.api")
    for tag in sorted(p.name for p in Path(api.__file__ or "").parent.iterdir() if (p / f"{operation}.py").is_file()):
        module = importlib.import_module(f"{api.__name__}.{tag}.{operation}")
        return module.__name__, module.iter_items, module.aiter_items
    raise LookupError(f"{package.__name__} has no operation module {operation!r}")
