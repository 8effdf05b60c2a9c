"""Every failure of an API call, as one exception hierarchy.

    ApiError
    ├── ApiStatusError            the server answered with a non-2xx status
    │   ├── BadRequestError           400
    │   ├── AuthenticationError       401
    │   ├── PermissionDeniedError     403
    │   ├── NotFoundError             404
    │   ├── ConflictError             409
    │   ├── UnprocessableEntityError  422
    │   ├── RateLimitError            429
    │   └── ServerError               5xx
    ├── ApiConnectionError        no response at all (refused, reset, DNS, TLS ...)
    │   ├── ApiTimeoutError
    │   └── TlsVerificationError      the server's certificate is not trusted (never retried)
    ├── ResponseValidationError   a response that does not match the spec (or nests too deeply)
    ├── ResponseTooLargeError     a body larger than ``max_response_size`` (decoded)
    └── MissingCredentialsError   the operation needs credentials; nothing was sent

A 3xx the client does not follow (``follow_redirects=False``, the default, and always for an
OAuth2 token request) is an ``ApiStatusError`` whose message names the ``Location``.

Messages never carry credentials: no request headers are kept, and server text shown in a
message is redacted of the client's secrets first, in every spelling a server may echo them
in (see ``redact``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, quote_plus

import httpx

BODY_SNIPPET = 300
"""How much of an error body a message quotes (the whole body stays in ``.body``)."""


REDACTED = "<redacted>"
_PERCENT_ESCAPE = re.compile(r"%[0-9A-F]{2}")


def spellings(secret: str) -> set[str]:
    """``secret`` as a server may echo it: as is, form-encoded (``quote_plus``, how a form body
    carries it) or percent-encoded (``quote``, with and without ``/`` kept), with upper- or
    lower-case hex digits, and JSON-escaped (``\\/`` too, as PHP writes it)."""
    encoded = {quote_plus(secret), quote(secret, safe=""), quote(secret)}
    encoded |= {_PERCENT_ESCAPE.sub(lambda escape: escape.group().lower(), form) for form in encoded}
    escaped = json.dumps(secret)[1:-1]
    return {secret, *encoded, escaped, escaped.replace("/", "\\/"), json.dumps(secret, ensure_ascii=False)[1:-1]}


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every spelling of every secret replaced, for servers that echo credentials
    back (the longest first, so no part of one survives).  Secrets shorter than 4 characters
    are left alone: replacing them would garble the text and hide nothing."""
    forms = {form for secret in secrets if len(secret) >= 4 for form in spellings(secret)}
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, REDACTED)
    return text


class ApiError(Exception):
    """Base of every error this package raises about an API call."""

    def __init__(self, message: str, *, operation: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.operation = operation
        """The operation (its Python name) the call was for."""

    def __reduce__(self) -> tuple[Any, ...]:
        # pickle's default, cls(*args), cannot call keyword-only constructors (worker pools,
        # task queues pickle exceptions): rebuild from the message and the attributes.
        return (_rebuild, (type(self), self.message), self.__dict__.copy())


def _rebuild(error_class: type[ApiError], message: str) -> ApiError:
    error = error_class.__new__(error_class)
    Exception.__init__(error, message)
    return error


class _ResponseError(ApiError):
    """An error about a response the server sent: its status and headers are kept (the
    credentials the request sent are not: they were never part of the response)."""

    def __init__(self, message: str, *, operation: str, status_code: int, headers: httpx.Headers) -> None:
        super().__init__(message, operation=operation)
        self.status_code = status_code
        self.headers = headers


class ApiStatusError(_ResponseError):
    """The server answered with a status that is not 2xx."""

    def __init__(
        self,
        message: str,
        *,
        operation: str,
        status_code: int,
        headers: httpx.Headers,
        body: bytes,
        parsed: Any = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message, operation=operation, status_code=status_code, headers=headers)
        self.body = body
        self.parsed = parsed
        """The error model the spec declares for this status, when the body parses as one."""
        self.attempts = attempts

    @property
    def content(self) -> bytes:
        """The raw body (the name openapi-python-client's ``UnexpectedStatus`` used)."""
        return self.body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON (raises ``ValueError`` when it is not JSON)."""
        return json.loads(self.body)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(operation={self.operation!r}, status_code={self.status_code})"


class BadRequestError(ApiStatusError):
    """400"""


class AuthenticationError(ApiStatusError):
    """401: missing, wrong or expired credentials (after one token refresh, for OAuth2)."""


class PermissionDeniedError(ApiStatusError):
    """403: the credentials are valid but not allowed this (e.g. a missing OAuth2 scope)."""


class NotFoundError(ApiStatusError):
    """404"""


class ConflictError(ApiStatusError):
    """409"""


class UnprocessableEntityError(ApiStatusError):
    """422"""


class RateLimitError(ApiStatusError):
    """429, once retries (if any) are used up."""


class ServerError(ApiStatusError):
    """Any 5xx, once retries (if any) are used up."""


_BY_STATUS: dict[int, type[ApiStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[ApiStatusError]:
    if 500 <= status_code <= 599:
        return ServerError
    return _BY_STATUS.get(status_code, ApiStatusError)


def status_error(
    operation: str,
    response: httpx.Response,
    *,
    parsed: Any,
    attempts: int,
    secrets: Iterable[str],
    what: str = "",
    redirect_note: str = "not followed: follow_redirects is off",
) -> ApiStatusError:
    """The exception for a non-2xx ``response``: class by status, message with a body excerpt
    (and, for a redirect, where to and ``redirect_note``: why it was not followed)."""
    reason = response.reason_phrase or ""
    message = f"{what or operation}: HTTP {response.status_code} {reason}".rstrip()
    location = response.headers.get("location")
    if 300 <= response.status_code < 400 and location is not None:
        message += f" (redirect to {location!r}, {redirect_note})"
    snippet = response.content[:BODY_SNIPPET].decode("utf-8", errors="replace").strip()
    if snippet:
        message += f": {snippet}" + ("..." if len(response.content) > BODY_SNIPPET else "")
    if attempts > 1:
        message += f" (after {attempts} attempts)"
    return status_error_class(response.status_code)(
        redact(message, secrets),
        operation=operation,
        status_code=response.status_code,
        headers=response.headers,
        body=response.content,
        parsed=parsed,
        attempts=attempts,
    )


class ApiConnectionError(ApiError):
    """No response: the connection failed (refused, reset, DNS, TLS, protocol error)."""

    def __init__(self, message: str, *, operation: str, attempts: int = 1) -> None:
        super().__init__(message, operation=operation)
        self.attempts = attempts


class ApiTimeoutError(ApiConnectionError):
    """No response within the timeout (connect, read, write or pool)."""


class TlsVerificationError(ApiConnectionError):
    """The server's TLS certificate failed verification (untrusted, expired, wrong host).
    Not transient, so never retried: trust the server's CA with ``verify_ssl=`` (a CA bundle
    path or an ``ssl.SSLContext``) if it is the server you mean to reach."""


class ResponseTooLargeError(_ResponseError):
    """A response body (decoded: after gzip/deflate) larger than the call's
    ``max_response_size``; reading stopped there, so memory stays bounded.  ``limit`` is the
    limit in bytes; raise it (or pass None) with ``request_options`` or the client option."""

    def __init__(self, message: str, *, operation: str, limit: int, status_code: int, headers: httpx.Headers) -> None:
        super().__init__(message, operation=operation, status_code=status_code, headers=headers)
        self.limit = limit


class ResponseValidationError(_ResponseError):
    """A response that does not match the spec: not JSON, wrong content type, or a value of
    the wrong shape.  ``field`` is a JSON pointer to the value ('' for the whole body)."""

    def __init__(
        self,
        message: str,
        *,
        operation: str,
        field: str,
        reason: str,
        status_code: int,
        headers: httpx.Headers,
        body: bytes,
    ) -> None:
        super().__init__(message, operation=operation, status_code=status_code, headers=headers)
        self.field = field
        self.reason = reason
        self.body = body


class MissingCredentialsError(ApiError):
    """The operation requires credentials and the client has none; nothing was sent."""
