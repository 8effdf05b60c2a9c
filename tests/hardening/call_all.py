"""``python call_all.py LOG PROJECT...``: import every module of each generated package and
call every endpoint function (all four flavours, and the pagers of a paginated operation, read
to the end) and every model's parsers, under the audit hook.

Requests go to an ``httpx.MockTransport`` that answers ``{}``: nothing leaves the process.
A payload in the spec that became code would run here (``os.system``, a started process,
a connection, a file opened outside the packages) and be logged to LOG.  Prints a JSON
summary: functions called, models parsed, URLs requested (and their headers), and every exception
raised on the way.
"""

from __future__ import annotations

import asyncio
import enum
import importlib
import inspect
import json
import pkgutil
import sys
import typing
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE.parents[1]))  # for tests.hardening.audit

from tests.hardening import audit  # noqa: E402 - after the path is set

FLAVOURS = ("sync_detailed", "sync", "asyncio_detailed", "asyncio")
PAGERS = ("iter_pages", "iter_items", "aiter_pages", "aiter_items")


def _value(hint: Any) -> Any:
    """A plain value for a parameter of type ``hint`` (the first usable member of a union)."""
    for option in typing.get_args(hint) or (hint,):
        if option is str:
            return "x"
        if option is bool:
            return True
        if option is int:
            return 5
        if inspect.isclass(option) and issubclass(option, enum.Enum):
            return next(iter(option))
        if hasattr(option, "from_dict"):
            return option.from_dict({})
    return inspect.Parameter.empty


def _arguments(function: Any, client: Any) -> dict[str, Any]:
    hints = typing.get_type_hints(function)
    arguments: dict[str, Any] = {}
    for name in inspect.signature(function).parameters:
        if name == "client":
            arguments[name] = client
        elif name != "request_options" and (value := _value(hints.get(name))) is not inspect.Parameter.empty:
            arguments[name] = value
    return arguments


def _finish(flavour: str, result: Any) -> None:
    """Await a coroutine; read a pager to its end."""
    if inspect.iscoroutine(result):
        asyncio.run(result)
    elif flavour in PAGERS and hasattr(result, "__aiter__"):

        async def read() -> None:
            async for _ in result:
                pass

        asyncio.run(read())
    elif flavour in PAGERS:
        list(result)


def exercise(package_name: str, summary: dict[str, Any]) -> None:
    import httpx  # after the hook, so its imports are audited too

    package = importlib.import_module(package_name)

    def answer(request: httpx.Request) -> httpx.Response:
        summary["requests"].append(str(request.url))
        summary["headers"].append(dict(request.headers))
        return httpx.Response(200, json={})

    transport = httpx.MockTransport(answer)
    client = package.AuthenticatedClient(
        "https://api.example.test/v1",
        token="t",
        http_client=httpx.Client(base_url="https://api.example.test/v1", transport=transport),
        async_http_client=httpx.AsyncClient(base_url="https://api.example.test/v1", transport=transport),
    )
    for info in pkgutil.walk_packages(package.__path__, f"{package_name}."):
        module = importlib.import_module(info.name)
        summary["modules"] += 1
        for flavour in (*FLAVOURS, *PAGERS) if ".api." in info.name else ():
            function = getattr(module, flavour, None)
            if function is None:
                continue
            try:
                _finish(flavour, function(**_arguments(function, client)))
                summary["calls"].append(f"{info.name}.{flavour}")
            except Exception as exc:  # reported, the test judges
                summary["errors"].append(f"{info.name}.{flavour}: {type(exc).__name__}: {exc}")
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and cls.__module__ == info.name and hasattr(cls, "from_dict"):
                try:
                    cls.from_dict({}).to_dict()
                    summary["models"].append(name)
                except Exception as exc:
                    summary["errors"].append(f"{info.name}.{name}: {type(exc).__name__}: {exc}")


if __name__ == "__main__":
    log, *projects = sys.argv[1:]
    audit.install(log, [*projects, str(HERE)])
    sys.path[:0] = projects
    result: dict[str, Any] = {"modules": 0, "calls": [], "models": [], "errors": [], "requests": [], "headers": []}
    for project in projects:
        exercise(f"{Path(project).name}_client", result)
    print(json.dumps(result))
