"""The client runtime this package carries with it (so it can be vendored alone).

Generated endpoint modules only describe an operation (its request, how to parse its
responses); everything that happens around a call lives here, written once:

- ``_base_client``: the client's settings (base URL, credentials, timeout, retry policy,
  headers, ``max_response_size``, TLS verification, the httpx clients: one async client per
  event loop); ``_request``: the request loop every call goes through (sync and async): auth,
  retries, timeouts, error mapping, raw response access (``_response``: each body read within
  the attempt's deadline and, decoded, within ``max_response_size``, 64 MiB by default).
- ``_auth``: bearer tokens and OAuth2 client credentials (cached, refreshed, shared safely;
  token requests never follow redirects; ``expires_in`` clamped to 1 s .. 24 h).
- ``_retry``: which failures are retried and how long to wait (backoff, ``Retry-After`` up to
  ``max_retry_after``, 60 s).
- ``_logs``: a logging filter, installed on the package's logger and on httpx's and
  httpcore's, that redacts every live client's credentials from log records (httpcore logs
  response headers at DEBUG, and a server may echo ``Authorization`` in one).
- ``_exceptions``: one exception hierarchy for every failure of a call.
- ``_pagination``: pages and pagers over the list operations.
- ``_parsing``, ``_datetime``, ``_enums``: what the models need to read tomorrow's payloads
  (field locations in errors, exact date-time text, enum values the spec does not list).
- ``_checks``: documented limits, checked before a request is sent; ``_serialize``: path
  segments and ``content:`` parameters.

Everything here is private API: import it through the package's public modules
(``client``, ``errors``, ``types``, ``pagination``).
"""
