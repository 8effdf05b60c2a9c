"""The page's own curl line (``verbatim`` of a ``source: docs`` request example) against ``expect``.

``expect`` is written by hand; this ties it back to the docs.  Everything the curl sends
must be in ``expect``: its method, its path (a ``{placeholder}`` segment matches any one
segment), its query pairs, its headers, its JSON body.  ``expect`` may add to it only
what the spec's note explains, e.g. a required parameter the curl leaves out, and the
host may differ where the page shows a placeholder host (compared: path and query).
"""

from __future__ import annotations

import json
import re
import shlex
import urllib.parse
from typing import Any

from tests.conformance.jsoncompare import json_diff


def parse(verbatim: str) -> dict[str, Any]:
    """method, url, headers and body (JSON or None) of a curl command line."""
    words = shlex.split(verbatim.replace("\\\n", " ").replace("\\ ", " "))
    if not words or words[0] != "curl":
        raise ValueError(f"not a curl command: {verbatim[:60]!r}")
    found: dict[str, Any] = {"method": "GET", "url": "", "headers": {}, "body": None}
    options = iter(words[1:])
    for word in options:
        if word in ("-X", "--request"):
            found["method"] = next(options).upper()
        elif word == "--url":
            found["url"] = next(options)
        elif word in ("-H", "--header"):
            name, _, value = next(options).partition(":")
            found["headers"][name.strip()] = value.strip()
        elif word in ("-d", "--data", "--data-raw"):
            found["body"] = json.loads(next(options))
        elif not word.startswith("-"):
            found["url"] = word
        else:
            raise ValueError(f"curl option {word!r} is not understood by tests/conformance/curl.py")
    return found


def mismatches(verbatim: str, expect: dict[str, Any]) -> list[str]:
    docs = parse(verbatim)
    found: list[str] = []
    if docs["method"] != str(expect.get("method", "")).upper():
        found.append(f"method: the page's curl uses {docs['method']}, expect says {expect.get('method')}")
    page, ours = urllib.parse.urlsplit(docs["url"]), urllib.parse.urlsplit(str(expect.get("url", "")))
    template = re.sub(r"\\\{[^/]*?\\\}", "[^/]+", re.escape(page.path))
    if not re.fullmatch(template, ours.path):
        found.append(f"path: the page's curl has {page.path}, expect has {ours.path}")
    expected_query = [tuple(map(str, pair)) for pair in expect.get("query") or []]
    missing = [p for p in urllib.parse.parse_qsl(page.query, keep_blank_values=True) if p not in expected_query]
    found += [f"query: the page's curl sends {k}={v}, expect does not" for k, v in missing]
    headers = {k.lower(): str(v) for k, v in (expect.get("headers") or {}).items()}
    for name, value in docs["headers"].items():
        if headers.get(name.lower()) != value:
            found.append(f"header: the page's curl sends {name}: {value}, expect has {headers.get(name.lower())!r}")
    if docs["body"] is not None or "body" in expect:
        found += [f"body {d.render()}" for d in json_diff(docs["body"], expect.get("body"))]
    return found
