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

A token request never follows a redirect, whatever ``follow_redirects`` says on the client or
on your own httpx client: the form body carries the client secret, and a 307/308 would send it
to the redirect target (and then use whatever token that host returns).  A 3xx is an
``ApiStatusError`` naming the ``Location``.  Its response body is read up to
``max_response_size`` (``OAuth2ClientCredentials``' option, 1 MiB by default: a token response
is a few hundred bytes), past which ``ResponseTooLargeError``.

``expires_in`` (a number, or a numeric string as some servers send it) is clamped to
``[MIN_TOKEN_LIFETIME, MAX_TOKEN_LIFETIME]`` (1 s to 24 h): ``NaN``, ``Infinity`` and huge
values cache a token 24 h at most (a 401 still refreshes it earlier), and 0 or a negative
value counts as 1 s, so a burst of calls shares one token instead of fetching one per call.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import math
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
MIN_TOKEN_LIFETIME = 1.0
"""Seconds a token is used at least, whatever ``expires_in`` says (0 or negative included)."""
MAX_TOKEN_LIFETIME = 24 * 3600.0
"""Seconds a token is cached at most (``NaN``, ``Infinity`` and huge ``expires_in`` included)."""
TOKEN_RESPONSE_LIMIT = 1024 * 1024
"""Default largest token response read, in bytes (decoded)."""
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
    replaced (at most half its lifetime, which ``expires_in`` gives, clamped to 1 s .. 24 h).
    ``max_response_size``: largest token response read (bytes, decoded; None for no limit).
    ``clock``: a monotonic clock (tests pass a fake).  Token requests never follow redirects.
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
        max_response_size: int | None = TOKEN_RESPONSE_LIMIT,
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
        self.max_response_size = max_response_size
        self._clock = clock
        self._tokens: dict[tuple[str, ...], _Token] = {}
        self._thread_lock = threading.Lock()
        self._loop_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        self.token_requests: int = 0
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
            request = self._token_request(http, key)
            response = send_sync(http, request, max_size=self.max_response_size, follow_redirects=False)
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
            request = self._token_request(http, key)
            response = await send_async(http, request, max_size=self.max_response_size, follow_redirects=False)
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
            raise status_error(
                TOKEN_REQUEST,
                response,
                parsed=None,
                attempts=1,
                secrets=self.secrets(),
                what=what,
                redirect_note="not followed: a token request never follows redirects (its body has the client secret)",
            )
        try:
            payload: Any = json_body(response)
            if not isinstance(payload, dict):
                raise FieldError("expected a JSON object")
            access_token = payload.get("access_token")
            if not isinstance(access_token, str) or not access_token:
                raise FieldError("access_token is missing or not a string", ["access_token"])
            lifetime = token_lifetime(payload.get("expires_in"))
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
        if lifetime is not None:
            refresh_at = self._clock() + lifetime - min(self._refresh_margin, lifetime / 2)
        self._tokens[key] = _Token(access_token, refresh_at)
        return access_token


def token_lifetime(expires_in: object) -> float | None:
    """Seconds a token may be used, from a token response's ``expires_in`` (None: absent, cache
    it until a 401), clamped to ``[MIN_TOKEN_LIFETIME, MAX_TOKEN_LIFETIME]``."""
    if expires_in is None:
        return None
    if isinstance(expires_in, str):
        try:
            expires_in = float(expires_in)
        except ValueError:
            raise FieldError("expires_in is a string that is not a number", ["expires_in"]) from None
    if isinstance(expires_in, bool) or not isinstance(expires_in, int | float):
        raise FieldError("expires_in is not a number", ["expires_in"])
    if isinstance(expires_in, int):  # JSON integers have no size limit; float() of a huge one overflows
        expires_in = min(max(expires_in, 0), int(MAX_TOKEN_LIFETIME))
    seconds = float(expires_in)
    if math.isnan(seconds):
        return MAX_TOKEN_LIFETIME
    return min(max(seconds, MIN_TOKEN_LIFETIME), MAX_TOKEN_LIFETIME)


def _scope_key(scopes: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(set(scopes)))
