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
- its method: ``x-client-method``, else the operation id without the resource's noun
  (``list_orchestrations`` -> ``list``, ``get_instance_stage_history`` -> ``stage_history``:
  a leading ``get`` goes when more words follow).
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from typing import Any

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
