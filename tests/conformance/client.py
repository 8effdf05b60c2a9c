"""The only module that knows how a generated client is built and called.

The runtime is being reworked (OAuth2 client credentials, retries, typed errors): when its
API changes, ``make_client`` and ``to_argument`` are the places to adapt, nothing else.
Every request goes to an ``httpx.MockTransport``; nothing leaves the process.
"""

from __future__ import annotations

import asyncio
import datetime
import enum
import importlib
import json
import types
import typing
from collections.abc import Callable
from typing import Any

import httpx

from generator import names
from tests.conformance.discovery import Operation, Vendor

Handler = Callable[[httpx.Request], httpx.Response]


def make_client(vendor: Vendor, token: str, transport: httpx.MockTransport, *, strict: bool = True) -> Any:
    """An authenticated client of ``vendor``'s package whose requests all go to ``transport``.

    ``httpx_args`` (not ``set_httpx_client``) so the client still builds its own httpx
    clients, with its own auth header: that header is part of what the suite checks.
    ``strict``: the suite checks that the models read the whole payload, so every value is
    read before the call returns (by default a departing value raises only when read).
    """
    package = importlib.import_module(vendor.package)
    return package.AuthenticatedClient(
        base_url=vendor.base_url, token=token, httpx_args={"transport": transport}, strict=strict
    )


def call(vendor: Vendor, operation: Operation, spec_call: dict[str, Any], mode: str, handler: Handler) -> Any:
    """Call ``operation``'s ``sync_detailed`` or ``asyncio_detailed`` as ``x-request-examples`` ``call`` says."""
    module = importlib.import_module(operation.module)
    client = make_client(vendor, str(spec_call.get("token", "")), httpx.MockTransport(handler))
    kwargs = arguments(module.sync_detailed, spec_call)
    if mode == "sync":
        return module.sync_detailed(client=client, **kwargs)
    return asyncio.run(module.asyncio_detailed(client=client, **kwargs))


def parse_response(vendor: Vendor, operation: Operation, status: str, payload: Any) -> Any:
    """What the generated function gives for ``payload`` answered with ``status``.

    A 2xx (or ``2XX``) body is what the call returns (``.parsed``); any other status (a
    ``4XX``, a ``default``) is an error body, read as a user meets it: the typed error the
    call raises, its ``.parsed``. ``default`` is answered with a status the operation does
    not declare, one the client does not retry. The call itself is the operation's first
    request example, so required parameters (a path id, Otim's body) have real values.
    """
    examples = operation.request_examples
    if not examples:
        raise LookupError(f"{operation.id} has no x-request-examples to call it with")
    code = answer_code(status, [str(s) for s in (operation.spec.get("responses") or {})])
    body = json.dumps(payload).encode()

    def answer(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(code, content=body, headers={"Content-Type": "application/json"})

    spec_call = examples[0].get("call") or {}
    if 200 <= code < 300:
        return call(vendor, operation, spec_call, "sync", answer).parsed
    errors = importlib.import_module(f"{vendor.package}.errors")
    try:
        call(vendor, operation, spec_call, "sync", answer)
    except errors.ApiStatusError as exc:
        if exc.parsed is not None:
            return exc.parsed
        # The client keeps the bare status error when the body does not read as the
        # declared model: read it again, unguarded, for the reason.
        module = importlib.import_module(operation.module)
        parsed = module._parse_error(answer(httpx.Request("GET", vendor.base_url)))
        if parsed is None:
            raise LookupError(f"{operation.id}: the client declares no error model for status {status}") from None
        return parsed
    raise AssertionError(f"{operation.id}: an answer with status {code} raised no ApiStatusError")


def answer_code(status: str, declared: list[str]) -> int:
    """The HTTP status that stands for the spec's response key ``status``."""
    if status == "2XX":
        return 200
    if status == "default":
        return next(c for c in (400, 422, 418, 500) if str(c) not in declared and f"{c // 100}XX" not in declared)
    return int(status.replace("X", "0"))


def body_model(operation: Operation) -> Any:
    """The attrs class the operation takes as ``body``."""
    module = importlib.import_module(operation.module)
    hint = typing.get_type_hints(module.sync_detailed).get("body")
    classes = [c for c in _union_members(hint) if hasattr(c, "from_dict")]
    if len(classes) != 1:
        raise LookupError(f"{operation.module}.sync_detailed has no single attrs model for `body` ({hint!r})")
    return classes[0]


def arguments(function: Callable[..., Any], spec_call: dict[str, Any]) -> dict[str, Any]:
    """Spec-named JSON values from ``call`` turned into the function's Python arguments."""
    hints = typing.get_type_hints(function)
    kwargs: dict[str, Any] = {}
    for section in ("path", "query"):
        for spec_name, value in (spec_call.get(section) or {}).items():
            name = names.python_identifier(spec_name)
            if name not in hints:
                raise LookupError(
                    f"{function.__module__}.{function.__name__} takes no {name!r} (spec name {spec_name!r})"
                )
            kwargs[name] = to_argument(hints[name], value)
    if "body" in spec_call:
        kwargs["body"] = to_argument(hints["body"], spec_call["body"])
    return kwargs


def to_argument(annotation: Any, value: Any) -> Any:
    """A JSON value as the Python value ``annotation`` asks for (date-times, enums, models, lists)."""
    members = _union_members(annotation)
    if value is None:
        return None
    if isinstance(value, list):
        item_types = [typing.get_args(m)[0] for m in members if typing.get_origin(m) is list]
        return [to_argument(item_types[0], v) for v in value] if item_types else value
    for member in members:
        if isinstance(member, type) and hasattr(member, "from_dict") and isinstance(value, dict):
            return member.from_dict(value)
        if isinstance(member, type) and issubclass(member, enum.Enum):
            return member(value)
        if member is datetime.datetime and isinstance(value, str):
            return datetime.datetime.fromisoformat(value)
    return value


def _union_members(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return list(typing.get_args(annotation))
    return [annotation]
