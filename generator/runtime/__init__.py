"""The client runtime this package carries with it (so it can be vendored alone).

Generated endpoint modules only describe an operation (its request, how to parse its
responses); everything that happens around a call lives here, written once:

- ``_base_client``: the client's settings (base URL, credentials, timeout, retry policy,
  headers, the httpx clients); ``_request``: the request loop every call goes through (sync
  and async): auth, retries, timeouts, error mapping, raw response access (``_response``).
- ``_auth``: bearer tokens and OAuth2 client credentials (cached, refreshed, shared safely).
- ``_retry``: which failures are retried and how long to wait (backoff, ``Retry-After``).
- ``_exceptions``: one exception hierarchy for every failure of a call.
- ``_pagination``: pages and pagers over the list operations.
- ``_parsing``, ``_datetime``, ``_enums``: what the models need to read tomorrow's payloads
  (field locations in errors, exact date-time text, enum values the spec does not list).
- ``_checks``: documented limits, checked before a request is sent; ``_serialize``: path
  segments and ``content:`` parameters.

Everything here is private API: import it through the package's public modules
(``client``, ``errors``, ``types``, ``pagination``).
"""
