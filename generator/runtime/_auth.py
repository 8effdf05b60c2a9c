"""Credentials: a static bearer token, or OAuth2 client credentials.

``OAuth2ClientCredentials`` fetches a token for an operation's scopes, caches it per scope
set until shortly before it expires, and is shared safely: concurrent callers that find no
fresh token wait for one token request instead of each making their own (a
``threading.Lock`` for threads, an ``asyncio.Lock`` per event loop for tasks).  On a 401 the
request loop calls ``invalidate`` with the token it used and retries once; only the first
caller to report a given token drops it, so a burst of 401s causes one refresh.

Secrets stay out of ``repr``, logs and error messages: ``secrets()`` names everything that
would give a credential away, as the runtime sends it (the client secret, the HTTP Basic
credentials built from it, the access tokens), and ``_exceptions.redact`` removes each of them,
in every spelling a server may echo it in, from any server text a message quotes.

A token request goes through the request loop's retry policy like the call it is for (it is an
idempotent POST, so it is retried even when the operation is not): a connection error, a
timeout or a 429/502/503/504 from the token endpoint is retried, honouring ``Retry-After``,
and counts as one of the call's attempts.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import threading
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote_plus

import httpx

from ._exceptions import ResponseValidationError, status_error
from ._parsing import FieldError, json_body
from ._response import send_async, send_sync

TOKEN_REQUEST = "OAuth2 token request"
logger = logging.getLogger(__name__.split(".")[0])


class Auth:
    """What a client authenticates with.  ``token_sync``/``token_async`` return the credential
    for one request; ``header_value`` turns it into the ``Authorization`` header."""

    header_name = "Authorization"
    can_refresh = False
    """Whether a 401 can be fixed by fetching a new token (then the call is retried once)."""

    def token_sync(self, http: httpx.Client, scopes: Sequence[str]) -> str:
        raise NotImplementedError

    async def token_async(self, http: httpx.AsyncClient, scopes: Sequence[str]) -> str:
        raise NotImplementedError

    def header_value(self, token: str) -> str:
        return f"Bearer {token}"

    def invalidate(self, scopes: Sequence[str], token: str) -> None:
        """The server refused ``token``: drop it if it is still the cached one."""

    def secrets(self) -> tuple[str, ...]:
        """Everything that must never be shown (for redacting server text in messages): each
        credential as the runtime sends it; ``redact`` adds the encoded spellings of each."""
        return ()


class BearerToken(Auth):
    """A fixed token (API key, JWT, or an OAuth2 access token obtained elsewhere)."""

    def __init__(self, token: str, *, header_name: str = "Authorization", prefix: str = "Bearer") -> None:
        if not token:
            raise ValueError("BearerToken needs a non-empty token")
        self._token = token
        self.header_name = header_name
        self._prefix = prefix

    def token_sync(self, http: httpx.Client, scopes: Sequence[str]) -> str:
        return self._token

    async def token_async(self, http: httpx.AsyncClient, scopes: Sequence[str]) -> str:
        return self._token

    def header_value(self, token: str) -> str:
        return f"{self._prefix} {token}" if self._prefix else token

    def secrets(self) -> tuple[str, ...]:
        return (self._token,)

    def __repr__(self) -> str:
        return "BearerToken(token=<redacted>)"


@dataclass(frozen=True)
class _Token:
    value: str
    refresh_at: float | None
    """Monotonic time after which the token is refreshed before use (None: until a 401)."""


class OAuth2ClientCredentials(Auth):
    """OAuth2 client-credentials grant (RFC 6749 §4.4), tokens cached per scope set.

    ``auth_method``: how the client authenticates to the token endpoint, the id and secret
    in the form body (``client_secret_post``, what Paxos documents) or HTTP Basic
    (``client_secret_basic``).  ``refresh_margin``: seconds before expiry at which a token is
    replaced (at most half its lifetime).  ``clock``: a monotonic clock (tests pass a fake).
    """

    can_refresh = True

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        token_url: str,
        *,
        auth_method: Literal["client_secret_post", "client_secret_basic"] = "client_secret_post",
        extra_params: Mapping[str, str] | None = None,
        refresh_margin: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not client_id or not client_secret:
            raise ValueError("OAuth2ClientCredentials needs a client_id and a client_secret")
        self.client_id = client_id
        self._client_secret = client_secret
        # RFC 6749 §2.3.1: both parts form-encoded before they are joined and base64-encoded.
        pair = f"{quote_plus(client_id)}:{quote_plus(client_secret)}"
        self._basic_credentials = base64.b64encode(pair.encode()).decode("ascii")
        # What the header carries, and the unencoded pair a careless server might have built,
        # each without its "=" padding too (an echo may have lost it).
        basic = {self._basic_credentials, base64.b64encode(f"{client_id}:{client_secret}".encode()).decode("ascii")}
        self._static_secrets = (client_secret, *sorted(basic), *sorted({form.rstrip("=") for form in basic}))
        self.token_url = token_url
        self._auth_method = auth_method
        self._extra_params = dict(extra_params or {})
        self._refresh_margin = refresh_margin
        self._clock = clock
        self._tokens: dict[tuple[str, ...], _Token] = {}
        self._thread_lock = threading.Lock()
        self._loop_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        self.token_requests = 0
        """How many tokens were fetched (observability; tests assert on it)."""

    def __repr__(self) -> str:
        return f"OAuth2ClientCredentials(client_id={self.client_id!r}, client_secret=<redacted>, token_url={self.token_url!r})"

    def secrets(self) -> tuple[str, ...]:
        return (*self._static_secrets, *(token.value for token in list(self._tokens.values())))

    def token_sync(self, http: httpx.Client, scopes: Sequence[str]) -> str:
        key = _scope_key(scopes)
        fresh = self._fresh(key)
        if fresh is not None:
            return fresh
        with self._thread_lock:
            fresh = self._fresh(key)  # another thread may have fetched it while we waited
            if fresh is not None:
                return fresh
            self.token_requests += 1
            response = send_sync(http, self._token_request(http, key))
            return self._store(key, response)

    async def token_async(self, http: httpx.AsyncClient, scopes: Sequence[str]) -> str:
        key = _scope_key(scopes)
        fresh = self._fresh(key)
        if fresh is not None:
            return fresh
        async with self._loop_lock():
            fresh = self._fresh(key)
            if fresh is not None:
                return fresh
            self.token_requests += 1
            response = await send_async(http, self._token_request(http, key))
            return self._store(key, response)

    def invalidate(self, scopes: Sequence[str], token: str) -> None:
        key = _scope_key(scopes)
        cached = self._tokens.get(key)
        if cached is not None and cached.value == token:
            self._tokens.pop(key, None)

    def _loop_lock(self) -> asyncio.Lock:
        # An asyncio.Lock belongs to one event loop; a client may outlive several loops.
        loop = asyncio.get_running_loop()
        lock = self._loop_locks.get(loop)
        if lock is None:
            lock = self._loop_locks[loop] = asyncio.Lock()
        return lock

    def _fresh(self, key: tuple[str, ...]) -> str | None:
        token = self._tokens.get(key)
        if token is None or (token.refresh_at is not None and self._clock() >= token.refresh_at):
            return None
        return token.value

    def _token_request(self, http: httpx.Client | httpx.AsyncClient, key: tuple[str, ...]) -> httpx.Request:
        logger.debug("%s to %s for scopes %r", TOKEN_REQUEST, self.token_url, " ".join(key))
        form = {"grant_type": "client_credentials", **self._extra_params}
        if key:
            form["scope"] = " ".join(key)
        auth_header: dict[str, str] = {}
        if self._auth_method == "client_secret_basic":
            auth_header = {"Authorization": f"Basic {self._basic_credentials}"}
        else:
            form.update(client_id=self.client_id, client_secret=self._client_secret)
        return http.build_request(
            "POST", self.token_url, data=form, headers={"Accept": "application/json", **auth_header}
        )

    def _store(self, key: tuple[str, ...], response: httpx.Response) -> str:
        what = f"{TOKEN_REQUEST} to {self.token_url}"
        if not response.is_success:
            raise status_error(TOKEN_REQUEST, response, parsed=None, attempts=1, secrets=self.secrets(), what=what)
        try:
            payload: Any = json_body(response)
            if not isinstance(payload, dict):
                raise FieldError("expected a JSON object")
            access_token = payload.get("access_token")
            if not isinstance(access_token, str) or not access_token:
                raise FieldError("access_token is missing or not a string", ["access_token"])
            expires_in = payload.get("expires_in")
            if expires_in is not None and (isinstance(expires_in, bool) or not isinstance(expires_in, int | float)):
                raise FieldError("expires_in is not a number", ["expires_in"])
        except FieldError as exc:
            raise ResponseValidationError(
                f"{what}: the token response does not match RFC 6749 at {exc.pointer or 'the body'}: {exc.reason}",
                operation=TOKEN_REQUEST,
                field=exc.pointer,
                reason=exc.reason,
                status_code=response.status_code,
                headers=response.headers,
                body=b"<token response withheld>",
            ) from None
        refresh_at = None
        if expires_in is not None:
            margin = min(self._refresh_margin, max(float(expires_in), 0.0) / 2)
            refresh_at = self._clock() + float(expires_in) - margin
        self._tokens[key] = _Token(access_token, refresh_at)
        return access_token


def _scope_key(scopes: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(set(scopes)))
