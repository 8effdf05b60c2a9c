"""Names of the one-object client: its class, its resources and their methods, and the
environment variables it reads (specs/CONVENTIONS.md, "The client object").

Derived from the spec, each overridable by an extension:
- the class: ``info.x-client-name``, else the slug capitalised (``Paxos``; ``AsyncPaxos`` beside it);
- environment variables: ``<SLUG>_BASE_URL``, and ``<SLUG>_CLIENT_ID`` / ``<SLUG>_CLIENT_SECRET`` for
  OAuth2 client credentials or ``<SLUG>_API_TOKEN`` for a bearer token (and ``<SLUG>_TOKEN_URL``, another OAuth2 token
  URL); ``info.x-client-env`` replaces any of them (keys ``base_url``, ``client_id``,
  ``client_secret``, ``token``, ``token_url``);
- an operation's resource: ``x-client-resource``, else its tag when the tag is a plain word
  (``Orchestrations`` -> ``orchestrations``), else the first path noun after the prefix every
  path shares (``/api/orchestration/v2/triggers/{id}`` -> ``triggers``);
- its method: ``x-client-method``, else the operation's function name (its operationId
  snake-cased, ``<method>_<path>`` without one: names.operation_name) without the resource's noun
  (``list_orchestrations`` -> ``list``, ``get_instance_stage_history`` -> ``stage_history``:
  a leading ``get`` goes when more words follow).

A derived name that would not work is resolved here, the same way for validate and build
(``client_names``), never refused: a resource named like a client attribute or a keyword takes a
trailing ``_`` (``auth`` -> ``auth_``); a method that is not an identifier, or that two operations
of one resource would share, is the full function name (``get_config_chains``), and a ``_2``,
``_3`` ... after the first if even that is shared.  A name given by an extension is kept as
written (lint/client-methods refuses a bad one).
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator import names

CLIENT_MEMBERS = frozenset(
    {
        "auth",
        "base_url",
        "close",
        "aclose",
        "headers",
        "max_response_size",
        "retry",
        "timeout",
        "with_options",
        "with_headers",
        "with_timeout",
        "with_cookies",
        "with_raw_response",
        "set_httpx_client",
        "set_async_httpx_client",
        "get_httpx_client",
        "get_async_httpx_client",
        "default_base_url",
        "user_agent",
        "sleep",
        "async_sleep",
        "monotonic",
        "wall_clock",
        "random",
    }
)
"""Attributes every client has: a resource may not be called like one of them."""
CLIENT_NAME = re.compile(r"^[A-Z][A-Za-z0-9]{0,39}$")
ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]{0,63}$")
SNAKE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
ENV_KEYS = ("base_url", "client_id", "client_secret", "token", "token_url")


@dataclass(frozen=True)
class ClientNaming:
    class_name: str
    """``Paxos``: the sync client; the async one is ``Async`` + this."""
    env_base_url: str
    env_client_id: str
    env_client_secret: str
    env_token: str
    env_token_url: str

    @property
    def async_class_name(self) -> str:
        return f"Async{self.class_name}"


def client_naming(slug: str, info: dict[str, Any]) -> ClientNaming:
    name = info.get("x-client-name")
    env = info.get("x-client-env")
    env = env if isinstance(env, dict) else {}
    prefix = slug.upper()
    defaults = {
        "base_url": f"{prefix}_BASE_URL",
        "client_id": f"{prefix}_CLIENT_ID",
        "client_secret": f"{prefix}_CLIENT_SECRET",
        "token": f"{prefix}_API_TOKEN",
        "token_url": f"{prefix}_TOKEN_URL",
    }
    chosen = {key: str(env.get(key) or default) for key, default in defaults.items()}
    return ClientNaming(
        class_name=str(name) if isinstance(name, str) and name else slug.capitalize(),
        env_base_url=chosen["base_url"],
        env_client_id=chosen["client_id"],
        env_client_secret=chosen["client_secret"],
        env_token=chosen["token"],
        env_token_url=chosen["token_url"],
    )


def path_prefix(paths: list[str]) -> int:
    """How many leading segments every path shares (one less than the shortest has, at most)."""
    split = [p.strip("/").split("/") for p in paths]
    if not split:
        return 0
    limit = min(len(s) for s in split) - 1
    count = 0
    while count < limit and len({s[count] for s in split}) == 1:
        count += 1
    return count


def resource_name(op: dict[str, Any], path: str, prefix: int) -> str:
    given = op.get("x-client-resource")
    if isinstance(given, str) and given:
        return given
    tags = op.get("tags")
    tag = str(tags[0]) if isinstance(tags, list) and tags else ""
    if re.fullmatch(r"[A-Za-z]+( [A-Za-z]+)*", tag):
        return tag.lower().replace(" ", "_")
    segments = [s for s in path.strip("/").split("/")[prefix:] if s and not s.startswith("{")]
    noun = segments[0] if segments else "default"
    return re.sub(r"[^a-z0-9_]", "_", noun.lstrip("_").lower()) or "default"


def method_name(op: dict[str, Any], function_name: str, resource: str) -> str:
    given = op.get("x-client-method")
    if isinstance(given, str) and given:
        return given
    nouns = {resource, resource.removesuffix("s"), re.sub(r"ies$", "y", resource)}
    words = [w for w in function_name.split("_") if w and w not in nouns]
    if len(words) > 1 and words[0] == "get":
        words = words[1:]
    return "_".join(words) or function_name


def function_name(op: dict[str, Any], method: str, path: str) -> str:
    """The operation's Python function name, as normalize gives it (``post_auth_login`` without an operationId)."""
    return names.function_name(names.operation_name(op.get("operationId"), method, path, op.get(names.PYTHON_NAME_KEY)))


@dataclass(frozen=True)
class ClientName:
    resource: str
    method: str
    resolved: str = ""
    """Why a derived name was changed (empty when it was not): lint/client-names reports it."""


def _given(op: dict[str, Any], key: str) -> bool:
    value = op.get(key)
    return isinstance(value, str) and bool(value)


def client_names(operations: Sequence[tuple[dict[str, Any], str, str]]) -> list[ClientName]:
    """``(resource, method)`` of each ``(operation, method, path)``, every clash of derived names resolved."""
    prefix = path_prefix([path for _, _, path in operations])
    functions = [function_name(op, method, path) for op, method, path in operations]
    found: list[tuple[str, str]] = []
    notes = ["" for _ in operations]
    for i, (op, _, path) in enumerate(operations):
        noun = resource_name(op, path, prefix)
        resource = noun
        if not _given(op, "x-client-resource") and (noun in CLIENT_MEMBERS or keyword.iskeyword(noun)):
            resource = f"{noun}_"
            notes[i] = f"resource {noun!r} would hide the client's own attribute or a keyword: {resource!r}"
        method = method_name(op, functions[i], noun)
        if not _given(op, "x-client-method") and method_problem(method) and method != functions[i]:
            notes[i] = f"method {method!r} is not a lowercase identifier: {functions[i]!r}"
            method = functions[i]
        found.append((resource, method))
    changed = True
    while changed:  # each pass turns at least one more derived method into its function name
        changed = False
        owners: dict[tuple[str, str], list[int]] = {}
        for i, key in enumerate(found):
            owners.setdefault(key, []).append(i)
        for (resource, method), group in owners.items():
            for i in group if len(group) > 1 else ():
                op = operations[i][0]
                if not _given(op, "x-client-method") and method != functions[i]:
                    notes[i] = f"method {method!r} is shared by {len(group)} operations: {functions[i]!r}"
                    found[i] = (resource, functions[i])
                    changed = True
    taken = set(found)
    seen: set[tuple[str, str]] = set()
    for i, (resource, method) in enumerate(found):
        if (resource, method) in seen and not _given(operations[i][0], "x-client-method"):
            n = 2
            while (resource, f"{method}_{n}") in taken:
                n += 1
            notes[i] = f"method {method!r} is another operation's too: {method}_{n!s}"
            found[i] = (resource, f"{method}_{n}")
            taken.add(found[i])
        seen.add(found[i])
    return [ClientName(r, m, note) for (r, m), note in zip(found, notes, strict=True)]


def resource_problem(resource: str) -> str | None:
    if not SNAKE_NAME.fullmatch(resource) or keyword.iskeyword(resource):
        return f"resource {resource!r} is not a lowercase Python identifier"
    if resource in CLIENT_MEMBERS:
        return f"resource {resource!r} would hide the client's own attribute of that name"
    return None


def method_problem(method: str) -> str | None:
    if not SNAKE_NAME.fullmatch(method) or keyword.iskeyword(method):
        return f"method {method!r} is not a lowercase Python identifier"
    return None
