"""How the Prism tests call operations and judge what Prism answered.

The operations and their arguments come from the specs (``x-request-examples``, through the
conformance suite's discovery and argument conversion), so a new vendor or operation is
called here without a change.  ``accepted_by_prism`` turns Prism's refusal of a request into
a test failure that quotes Prism's own violation message.
"""

from __future__ import annotations

import contextlib
import importlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator.spec.toolkit import resolve
from tests.conformance.client import arguments
from tests.conformance.discovery import Operation, Vendor, samples, vendors
from tests.support.loopback import LoopbackServer

CLIENT_ID = "prism-client"
CLIENT_SECRET = "prism-client-secret-0123456789"


@dataclass(frozen=True)
class Call:
    """One ``x-request-examples`` entry: an operation and the arguments it is called with."""

    vendor: Vendor = field(compare=False)
    operation: Operation
    name: str
    spec_call: dict[str, Any] = field(compare=False)

    @property
    def id(self) -> str:
        return f"{self.operation.id}/{self.name}"

    @property
    def module(self) -> ModuleType:
        return importlib.import_module(self.operation.module)

    def kwargs(self) -> dict[str, Any]:
        return arguments(self.module.sync_detailed, self.spec_call)


def all_calls() -> list[Call]:
    return [
        Call(vendor, operation, str(entry.get("name")), dict(entry.get("call") or {}))
        for vendor in vendors()
        for operation in vendor.operations
        for entry in operation.request_examples
    ]


def first_calls() -> list[Call]:
    """Each operation's first request example (a valid way to call it)."""
    found: dict[str, Call] = {}
    for call in all_calls():
        found.setdefault(call.operation.id, call)
    return list(found.values())


def uses_oauth2(vendor: Vendor) -> bool:
    schemes = (vendor.doc.get("components") or {}).get("securitySchemes") or {}
    return any(isinstance(s, dict) and s.get("type") == "oauth2" for s in schemes.values())


def make_client(vendor: Vendor, base_url: str, tokens: LoopbackServer, token: str, **options: Any) -> Any:
    """An authenticated client of ``vendor``'s package talking to ``base_url``.

    OAuth2 vendors fetch real tokens from our loopback token endpoint (Prism issues none),
    so the token request and the Authorization header are the client's own.  No retries:
    a refused request must surface at once, with Prism's message.
    """
    package = importlib.import_module(vendor.package)
    settings: dict[str, Any] = {"timeout": 15.0, "max_retries": 0, **options}
    if uses_oauth2(vendor):
        return package.AuthenticatedClient(
            base_url, client_id=CLIENT_ID, client_secret=CLIENT_SECRET, token_url=tokens.token_url, **settings
        )
    return package.AuthenticatedClient(base_url, token=token or "mock-token", **settings)


def prism_report(headers: httpx.Headers, body: bytes) -> str:
    """Prism's own words: the ``sl-violations`` header and the problem+json body."""
    parts = []
    violations = headers.get("sl-violations")
    if violations:
        parts.append(f"sl-violations: {violations}")
    if body:
        parts.append(body.decode("utf-8", errors="replace"))
    return "\n".join(parts) or "(Prism sent neither a body nor an sl-violations header)"


@contextlib.contextmanager
def accepted_by_prism(vendor: Vendor) -> Iterator[None]:
    """Fail the test with Prism's violation message if Prism refuses a request in the block."""
    errors = importlib.import_module(f"{vendor.package}.errors")
    try:
        yield
    except errors.ApiStatusError as error:
        message = f"Prism refused the request of {error.operation} (HTTP {error.status_code}):\n" + prism_report(
            error.headers, error.body
        )
        # from None: the client's exception adds nothing to Prism's words but a traceback.
        raise pytest.fail.Exception(message, pytrace=False) from None


def served_example(vendor: Vendor, operation: Operation, status: int) -> Any:
    """The example Prism serves for ``status``: the first one, errata applied (what it was given)."""
    for sample in samples(vendor):
        target = sample.target
        if target.operation == operation and target.kind == "response" and target.status == str(status):
            return sample.corrected()
    raise LookupError(f"{operation.id} has no JSON example for HTTP {status}")


def as_json(value: Any) -> Any:
    """A parsed result back as JSON data (the models' own ``to_dict``)."""
    if isinstance(value, list):
        return [as_json(item) for item in value]
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else value


def declares_content(vendor: Vendor, operation: Operation, status: int) -> bool:
    """Whether the spec gives the response for ``status`` (its own key, ``NXX`` or ``default``) a body."""
    responses = operation.spec.get("responses") or {}
    for key in (str(status), f"{status // 100}XX", "default"):
        if key in responses:
            return bool(resolve(vendor.doc, responses[key]).get("content"))
    return False


def check_served(vendor: Vendor, operation: Operation, response: Any) -> None:
    """Prism flagged nothing, served our example, and the client parsed all of it."""
    violations = response.headers.get("sl-violations")
    if violations:
        pytest.fail(f"Prism flagged the exchange of {operation.id}: {violations}", pytrace=False)
    if not response.content:
        # A 204 (or any response the spec declares without content): nothing to read.
        declared = declares_content(vendor, operation, response.status_code)
        assert not declared, f"Prism served an empty HTTP {response.status_code} the spec gives a body"
        assert response.parsed is None, "the client made something of an empty body"
        return
    served = json.loads(response.content)
    assert served == served_example(vendor, operation, response.status_code), "Prism served another body"
    assert response.parsed is not None
    assert as_json(response.parsed) == served, "the parsed model does not give back what was served"
