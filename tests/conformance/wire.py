"""Request examples: call the generated function and compare what goes over the wire with ``expect``.

The comparison is on the raw request: the encoded path (``%2F`` stays ``%2F``), the query
pairs in order (repeated keys for arrays, dotted names verbatim), header values, and the
body as JSON compared strictly (``null`` where the caller passed None, no key where the
caller passed nothing, no body at all when ``expect`` has no ``body``).
"""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

import httpx

from tests.conformance import client
from tests.conformance.discovery import RequestExample, samples
from tests.conformance.jsoncompare import json_diff

MODES = ("sync", "async")


def capture(example: RequestExample, mode: str) -> httpx.Request:
    """The one request the call sends; the reply is the operation's documented success sample.

    The client validates what it gets back, so an empty reply would fail the call after the
    request was made; answering with the docs sample keeps the case about the request.
    """
    captured: list[httpx.Request] = []
    status, body = success_reply(example)

    def record(request: httpx.Request) -> httpx.Response:
        request.read()
        captured.append(request)
        return httpx.Response(status, content=body, headers={"Content-Type": "application/json"})

    client.call(example.vendor, example.operation, example.entry.get("call") or {}, mode, record)
    if len(captured) != 1:
        raise AssertionError(f"expected exactly one request, the client sent {len(captured)}")
    return captured[0]


def success_reply(example: RequestExample) -> tuple[int, bytes]:
    """(status, JSON body) of the first 2xx response sample of the operation (after errata)."""
    for sample in samples(example.vendor):
        status = sample.target.status or ""
        if sample.target.operation == example.operation and status.startswith("2") and status.isdigit():
            return int(status), json.dumps(sample.corrected()).encode()
    return 200, b"{}"


def mismatches(request: httpx.Request, expect: dict[str, Any]) -> list[str]:
    """Every way ``request`` differs from ``expect`` (empty when it is exactly what the docs show)."""
    found: list[str] = []
    if request.method != str(expect.get("method", "")).upper():
        found.append(f"method: expected {expect.get('method')}, sent {request.method}")
    url = request.url
    sent_url = f"{url.scheme}://{url.netloc.decode('ascii')}{url.raw_path.decode('ascii').split('?')[0]}"
    if sent_url != expect.get("url"):
        found.append(f"url: expected {expect.get('url')}, sent {sent_url}")
    sent_query = [list(p) for p in urllib.parse.parse_qsl(url.query.decode("ascii"), keep_blank_values=True)]
    expected_query = [[str(k), str(v)] for k, v in expect.get("query") or []]
    if sent_query != expected_query:
        found.append(f"query: expected {expected_query}, sent {sent_query}")
    for name, value in (expect.get("headers") or {}).items():
        if request.headers.get(name) != str(value):
            found.append(f"header {name}: expected {value!r}, sent {request.headers.get(name)!r}")
    found += [
        f"header {n}: must be absent, sent {request.headers[n]!r}"
        for n in expect.get("absent_headers") or []
        if n in request.headers
    ]
    found += _body_mismatches(request.content, expect)
    return found


def _body_mismatches(content: bytes, expect: dict[str, Any]) -> list[str]:
    if "body" not in expect:
        return [] if not content else [f"body: expected none, sent {content[:200]!r}"]
    try:
        sent = json.loads(content)
    except ValueError:
        return [f"body: expected JSON {expect['body']!r}, sent {content[:200]!r}"]
    return [f"body {d.render()}" for d in json_diff(expect["body"], sent)]
