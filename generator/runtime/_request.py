"""The request loop every operation goes through.

One loop, written twice (sync and async: only the I/O differs) around one object that makes
every decision (``_Attempts``: what to send, and what a response or an error leads to):

1. refuse, before anything is sent, an operation that needs credentials the client lacks;
2. build the request with the client's and the call's headers and timeout;
3. add credentials (fetching an OAuth2 token for the operation's scopes when needed; a
   token request that fails with a connection error, a timeout or 429/502/503/504 is retried
   under the same policy, whatever the operation: it is idempotent, and nothing of the
   operation was sent yet);
4. send and receive the whole response within the attempt's deadline (``_response``: the
   read timeout bounds an attempt as a whole) and its decoded body within
   ``max_response_size`` (``ResponseTooLargeError`` past it, not retried); on a connection
   error, timeout, 429/502/503/504 retry an idempotent operation (GET, HEAD, OPTIONS, PUT,
   DELETE, TRACE) or one that carries an idempotency key (below) within the retry policy's
   bounds, waiting for ``Retry-After`` when the server says so (at most
   ``RetryPolicy.max_retry_after``, 60 s by default, per wait); a TLS certificate that fails
   verification is not a passing fault: ``TlsVerificationError`` at once, never retried;
5. on a 401 with refreshable credentials, drop the token and try once more;
6. map any other non-2xx to its ``ApiStatusError`` subclass (with the parsed error model; a
   redirect not followed names its ``Location``), and a 2xx body that does not match the spec
   to ``ResponseValidationError`` (a body nested too deeply to read, JSON or models, too:
   ``RecursionError`` never escapes).  Models are views over the JSON (``_model``): by default
   a value that departs from the spec raises ``ResponseValidationError`` only when its field
   is read, and is reported as drift (``_drift``); ``strict`` (client or call option) reads
   every field before the call returns, and fails it at the first that departs.

A POST or PATCH is never retried without an idempotency key: the server may have acted on an
attempt whose answer was lost.  Where the spec declares an idempotency header
(``OperationInfo.idempotency_header``: ``x-idempotency-header``, or a header parameter named
``Idempotency-Key``), every attempt of the call carries one key: the caller's own (the
operation's argument, or ``request_options={"headers": ...}``) or, when none is given, a
random UUID (``uuid4``) made once per call; with it the operation is retried like a GET.

Async calls use one httpx ``AsyncClient`` per event loop (``_base_client``), so a client may
serve several ``asyncio.run()`` calls in turn.

A 2xx body is parsed into models with the cyclic garbage collector paused (``_parse``): the
models are acyclic, and the collections their many allocations trigger (each walking
everything parsed so far) cost as much as the parsing itself; once resumed, the first
collection walks the new objects once.  Pausing only defers collection, so it is safe with
threads and nesting: whoever paused it resumes it, and a parse that finds it paused already
leaves it alone (a concurrent one may then finish with it running: slower, never wrong).
"""

from __future__ import annotations

import logging
import ssl
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from ._auth import TOKEN_REQUEST, Auth
from ._base_client import BaseClient, RequestOptions, as_timeout, checked_size, retry_policy
from ._exceptions import (
    ApiConnectionError,
    ApiStatusError,
    ApiTimeoutError,
    MissingCredentialsError,
    ResponseTooLargeError,
    ResponseValidationError,
    TlsVerificationError,
    redact,
    status_error,
)
from ._gc import gc_paused
from ._model import Context, bind, validate
from ._parsing import FieldError
from ._response import BodyTooLarge, Response, send_async, send_sync, status_code
from ._retry import RetryPolicy, retry_after_seconds

T = TypeVar("T")
Parse = Callable[[httpx.Response], T]
"""How a response's body is read: into the operation's result type, or its error model."""
logger = logging.getLogger(__name__.split(".")[0])
"""The package's logger (``<vendor>_client``): requests at DEBUG, retries at INFO; never headers."""


@dataclass(frozen=True)
class OperationInfo:
    """What the loop needs to know about an operation (generated in each endpoint module)."""

    name: str
    method: str
    path: str
    security: tuple[str, ...] = ()
    """Names of the security schemes the spec accepts for it."""
    requires_credentials: bool = False
    scopes: tuple[str, ...] = ()
    """OAuth2 scopes a token for this operation is requested with."""
    idempotent: bool = True
    """Whether the method is idempotent (RFC 9110 §9.2.2): retried without an idempotency key."""
    idempotency_header: str | None = None
    """The header the spec declares for an idempotency key (sent by a POST/PATCH on every attempt)."""

    @property
    def retryable(self) -> bool:
        """Whether a failed attempt may be tried again: an idempotent method, or a key that makes it so."""
        return self.idempotent or self.idempotency_header is not None


@dataclass(frozen=True)
class _Call:
    timeout: httpx.Timeout
    retry: RetryPolicy
    headers: dict[str, str]
    max_size: int | None
    strict: bool


def _call_settings(client: BaseClient, options: RequestOptions | None) -> _Call:
    options = options or {}
    timeout = as_timeout(options["timeout"]) if "timeout" in options else client.timeout
    headers = {**client.headers, **options.get("headers", {})}
    if client.user_agent and not any(name.lower() == "user-agent" for name in headers):
        headers = {"User-Agent": client.user_agent, **headers}
    max_size = (
        checked_size(options["max_response_size"]) if "max_response_size" in options else client.max_response_size
    )
    strict = bool(options["strict"]) if "strict" in options else client.strict
    return _Call(timeout, retry_policy(client.retry, options), headers, max_size, strict)


def _credentials(client: BaseClient, operation: OperationInfo) -> Auth | None:
    if client.auth is None and operation.requires_credentials:
        schemes = " or ".join(operation.security)
        raise MissingCredentialsError(
            f"{operation.name} requires credentials ({schemes}) and this {type(client).__name__} has none: "
            "construct an AuthenticatedClient with them; no request was sent",
            operation=operation.name,
        )
    return client.auth if operation.security else None


def _build_request(
    client: BaseClient, http: httpx.Client | httpx.AsyncClient, kwargs: dict[str, Any], call: _Call
) -> httpx.Request:
    arguments = dict(kwargs)
    headers = {**call.headers, **arguments.pop("headers", {})}
    # The client's base URL is the one that counts, whatever httpx client sends the request.
    url = client.base_url.rstrip("/") + "/" + str(arguments.pop("url")).lstrip("/")
    return http.build_request(url=url, **arguments, headers=headers, timeout=call.timeout)


class _Attempts:
    """The decisions of one call's loop, shared by the sync and async versions: each loop only
    sends what ``begin``/``authorize`` prepare and sleeps or returns as ``after_*`` say."""

    def __init__(self, client: BaseClient, operation: OperationInfo, options: RequestOptions | None) -> None:
        self.client = client
        self.operation = operation
        self.call = _call_settings(client, options)
        self.auth = _credentials(client, operation)
        self.count = 0
        self.refreshed = False
        self.started = client.monotonic()
        self.token: str | None = None
        """The last credential an attempt sent (redacted too, even once no longer cached)."""
        self.sent: str | None = None
        """The credential the current attempt sent (None until it has one: a failure before is
        the token request's)."""
        self.idempotency_key: str | None = None
        """The key every attempt sends (the caller's, or one made for this call on the first attempt)."""

    def begin(self, http: httpx.Client | httpx.AsyncClient, kwargs: dict[str, Any]) -> httpx.Request:
        """The next attempt's request, without credentials yet (``authorize`` adds them)."""
        self.sent = None
        request = _build_request(self.client, http, kwargs, self.call)
        header = self.operation.idempotency_header
        if header is not None and not self.operation.idempotent:
            given = request.headers.get(header)
            if given is None:
                self.idempotency_key = self.idempotency_key or str(uuid.uuid4())
                request.headers[header] = self.idempotency_key
            else:
                self.idempotency_key = given
        self.count += 1
        logger.debug("%s: %s %s (attempt %d)", self.operation.name, request.method, request.url, self.count)
        return request

    def authorize(self, request: httpx.Request, token: str) -> None:
        """Sends ``token`` (fetched from ``self.auth`` for the operation's scopes) with ``request``."""
        if self.auth is not None:
            self.token = self.sent = token
            request.headers[self.auth.header_name] = self.auth.header_value(token)

    def after_error(self, error: httpx.RequestError | ApiStatusError | BodyTooLarge) -> float:
        """Seconds to wait before the next attempt after ``error`` (raised sending the request or
        fetching its token: an ``ApiStatusError`` here is the token endpoint's, the API's are
        responses), or raises the error the caller gets."""
        token_request = self.auth is not None and self.sent is None
        if isinstance(error, BodyTooLarge):
            raise self.too_large(error, token_request=token_request) from None
        if isinstance(error, ApiStatusError):
            return self.after_token_status(error)
        return self.after_transport_error(error, token_request=token_request)

    def after_response(
        self, response: httpx.Response, parse: Parse[T], parse_error: Parse[Any] | None
    ) -> Response[T] | float | None:
        """What ``response`` leads to: the call's result, seconds to wait before the next attempt,
        or None to try again at once (with a fresh token); raises the status error."""
        if self.should_refresh(response):
            return None
        if response.is_success:
            return self.result(response, parse)
        wait = self.after_status(response)
        if wait is None:
            raise self.failure(response, parse_error)
        return wait

    def _wait(self, retry_after: float | None, what: str) -> float | None:
        elapsed = self.client.monotonic() - self.started
        wait = self.call.retry.wait(self.count, elapsed, retry_after, self.client.random())
        if wait is not None:
            logger.info("%s: %s; retrying in %.2fs (attempt %d)", self.operation.name, what, wait, self.count + 1)
        return wait

    def after_transport_error(self, exc: httpx.RequestError, *, token_request: bool = False) -> float:
        """Seconds to wait before retrying, or raises the mapped error.  ``token_request``: the
        error came from fetching a token, which is idempotent whatever the operation is."""
        if _certificate_rejected(exc):
            self._untrusted(exc, token_request)
        timed_out = isinstance(exc, httpx.TimeoutException)
        policy = self.call.retry
        retryable = isinstance(exc, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError)
        allowed = policy.retry_timeouts if timed_out else policy.retry_connection_errors
        what = f"{TOKEN_REQUEST}: {type(exc).__name__}" if token_request else type(exc).__name__
        again = token_request or self.operation.retryable
        wait = self._wait(None, what) if again and retryable and allowed else None
        if wait is not None:
            return wait
        error_class = ApiTimeoutError if timed_out else ApiConnectionError
        problem = "no response within the timeout" if timed_out else "connection failed"
        if token_request:
            problem = f"{TOKEN_REQUEST}: {problem}"
        detail = redact(f"{type(exc).__name__}: {exc}", self.secrets())
        tries = f" (after {self.count} attempts)" if self.count > 1 else ""
        raise error_class(
            f"{self.operation.name}: {problem}: {detail}{tries}", operation=self.operation.name, attempts=self.count
        ) from exc

    def _untrusted(self, exc: httpx.RequestError, token_request: bool) -> None:
        try:
            host = exc.request.url.host
        except RuntimeError:  # httpx sets .request on what it raises; a custom transport may not
            host = "the server"
        where = f"{TOKEN_REQUEST} to {host}" if token_request else host
        detail = redact(str(_certificate_rejected(exc)), self.secrets())
        raise TlsVerificationError(
            f"{self.operation.name}: TLS certificate verification failed for {where}: {detail}; not retried "
            "(trust the server's CA with verify_ssl= a CA bundle path or an ssl.SSLContext)",
            operation=self.operation.name,
            attempts=self.count,
        ) from exc

    def too_large(self, exc: BodyTooLarge, *, token_request: bool) -> ResponseTooLargeError:
        response = exc.response
        what = f"{TOKEN_REQUEST}: the" if token_request else "the"
        option = "the token response limit" if token_request else "max_response_size"
        return ResponseTooLargeError(
            f"{self.operation.name}: {what} HTTP {response.status_code} response body is larger than {option} "
            f"({exc.limit} bytes, decoded); reading stopped there. Raise the limit (or pass None for none) "
            "with request_options={'max_response_size': ...} or the client option",
            operation=self.operation.name,
            limit=exc.limit,
            status_code=response.status_code,
            headers=response.headers,
        )

    def should_refresh(self, response: httpx.Response) -> bool:
        token = self.sent
        if response.status_code != 401 or self.refreshed or token is None or self.auth is None:
            return False
        if not self.auth.can_refresh:
            return False
        self.refreshed = True
        self.count -= 1  # a refresh is not a retry: it does not use up an attempt
        self.auth.invalidate(self.operation.scopes, token)
        logger.info("%s: HTTP 401; refreshing the token and trying once more", self.operation.name)
        return True

    def after_status(self, response: httpx.Response) -> float | None:
        if not self.operation.retryable or response.status_code not in self.call.retry.statuses:
            return None
        retry_after = retry_after_seconds(response.headers, self.client.wall_clock())
        return self._wait(retry_after, f"HTTP {response.status_code}")

    def after_token_status(self, error: ApiStatusError) -> float:
        """The token endpoint answered ``error``'s status: seconds to wait before retrying (a
        retryable status, within the policy's bounds), or raises ``error``, counting attempts."""
        if error.status_code in self.call.retry.statuses:
            retry_after = retry_after_seconds(error.headers, self.client.wall_clock())
            wait = self._wait(retry_after, f"{TOKEN_REQUEST}: HTTP {error.status_code}")
            if wait is not None:
                return wait
        if self.count > 1:
            error.attempts = self.count
            error.message = f"{error.message} (after {self.count} attempts)"
            error.args = (error.message,)
        raise error

    def secrets(self) -> tuple[str, ...]:
        if self.auth is None:
            return ()
        return (*self.auth.secrets(), self.token) if self.token is not None else self.auth.secrets()

    def failure(self, response: httpx.Response, parse_error: Parse[Any] | None) -> Exception:
        parsed = None
        if parse_error is not None:
            try:
                parsed = parse_error(response)
            except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
                parsed = None  # the status error stands; ``.body`` still has everything
        return status_error(self.operation.name, response, parsed=parsed, attempts=self.count, secrets=self.secrets())

    def result(self, response: httpx.Response, parse: Parse[T]) -> Response[T]:
        try:
            parsed = _parse(parse, response)
            self.bind(parsed, response)
        except FieldError as exc:
            raise self._invalid(response, exc.pointer, exc.reason) from self._safe_cause(exc)
        except RecursionError:
            # A payload nested deeper than the models can recurse (a recursive schema); the
            # 1,000-frame traceback would only bury the message.
            raise self._invalid(response, "", "the payload nests too deeply to read into models") from None
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise self._invalid(response, "", f"{type(exc).__name__}: {exc}") from self._safe_cause(exc)
        return Response(
            status_code=status_code(response.status_code),
            content=response.content,
            headers=response.headers,
            parsed=parsed,
            http_response=response,
            attempts=self.count,
        )

    def bind(self, parsed: object, response: httpx.Response) -> None:
        """Make ``parsed`` the root of the models read from ``response``: a departing value
        raises this call's ``ResponseValidationError`` when read (tolerant), or now, for the
        first one, when the call is ``strict`` (a ``FieldError`` ``result`` turns into it)."""
        ctx = Context(
            self.operation.name,
            lambda pointer, reason: self._invalid(response, pointer, reason),
            self.client.drift_recorder,
            self.call.strict,
        )
        bind(parsed, ctx)
        if self.call.strict:
            validate(parsed)
            ctx.strict = False

    def _safe_cause(self, error: BaseException) -> BaseException | None:
        """``error`` to chain to the validation error, or None when a traceback would show a
        credential through it (a value quoted from a body in which the server echoed one)."""
        texts, seen = [], 0
        link: BaseException | None = error
        while link is not None and seen < 16:
            texts.append(str(link))
            link, seen = link.__cause__ or link.__context__, seen + 1
        text = "\n".join(texts)
        return error if redact(text, self.secrets()) == text else None

    def _invalid(self, response: httpx.Response, field: str, reason: str) -> ResponseValidationError:
        where = f"at {field}" if field else "in its body"
        message = (
            f"{self.operation.name}: the HTTP {response.status_code} response does not match the spec {where}: {reason}"
        )
        secrets = self.secrets()
        return ResponseValidationError(
            redact(message, secrets),
            operation=self.operation.name,
            field=field,
            reason=redact(reason, secrets),
            status_code=response.status_code,
            headers=response.headers,
            body=response.content,
        )


def _certificate_rejected(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    """The certificate verification failure behind ``exc`` (httpx chains it), if any."""
    link: BaseException | None = exc
    for _ in range(8):
        if link is None:
            return None
        if isinstance(link, ssl.SSLCertVerificationError):
            return link
        link = link.__cause__ or link.__context__
    return None


def _loop_closed() -> RuntimeError:
    return RuntimeError(
        "the async httpx client given to this client (async_http_client= or set_async_httpx_client) belongs to "
        "an event loop that is closed: an httpx.AsyncClient cannot move between event loops. Give each "
        "asyncio.run() its own, or let the client create them (it keeps one per event loop)"
    )


def _parse(parse: Parse[T], response: httpx.Response) -> T:
    """``parse(response)`` with the cyclic GC paused (``_gc``)."""
    with gc_paused():
        return parse(response)


def request_sync(
    client: BaseClient,
    operation: OperationInfo,
    kwargs: dict[str, Any],
    parse: Parse[T],
    parse_error: Parse[Any] | None = None,
    options: RequestOptions | None = None,
) -> Response[T]:
    attempts = _Attempts(client, operation, options)
    http = client.get_httpx_client()
    while True:
        try:
            request = attempts.begin(http, kwargs)
            if attempts.auth is not None:
                attempts.authorize(request, attempts.auth.token_sync(http, operation.scopes))
            response = send_sync(http, request, max_size=attempts.call.max_size)
        except (httpx.RequestError, ApiStatusError, BodyTooLarge) as exc:
            client.sleep(attempts.after_error(exc))
            continue
        outcome = attempts.after_response(response, parse, parse_error)
        if isinstance(outcome, Response):
            return outcome
        if outcome is not None:
            client.sleep(outcome)


async def request_async(
    client: BaseClient,
    operation: OperationInfo,
    kwargs: dict[str, Any],
    parse: Parse[T],
    parse_error: Parse[Any] | None = None,
    options: RequestOptions | None = None,
) -> Response[T]:
    attempts = _Attempts(client, operation, options)
    http = client.get_async_httpx_client()
    while True:
        try:
            request = attempts.begin(http, kwargs)
            if attempts.auth is not None:
                attempts.authorize(request, await attempts.auth.token_async(http, operation.scopes))
            response = await send_async(http, request, max_size=attempts.call.max_size)
        except RuntimeError as exc:
            if str(exc) != "Event loop is closed":
                raise
            raise _loop_closed() from exc
        except (httpx.RequestError, ApiStatusError, BodyTooLarge) as exc:
            await client.async_sleep(attempts.after_error(exc))
            continue
        outcome = attempts.after_response(response, parse, parse_error)
        if isinstance(outcome, Response):
            return outcome
        if outcome is not None:
            await client.async_sleep(outcome)
