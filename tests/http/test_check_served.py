"""check_served judges an empty response by what the spec declares, without Prism."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tests.conformance.discovery import Operation, Vendor, vendors
from tests.http.prism_calls import check_served


@dataclass
class Served:
    status_code: int
    content: bytes = b""
    parsed: Any = None
    headers: httpx.Headers = field(default_factory=httpx.Headers)


def operation(slug: str, operation_id: str) -> tuple[Vendor, Operation]:
    vendor = next(v for v in vendors() if v.slug == slug)
    return vendor, next(o for o in vendor.operations if o.operation_id == operation_id)


def test_a_204_without_a_body_is_served_as_the_spec_says() -> None:
    vendor, op = operation("formance", "delete_trigger")
    check_served(vendor, op, Served(204))


def test_an_empty_body_where_the_spec_declares_one_fails() -> None:
    vendor, op = operation("formance", "read_trigger")
    with pytest.raises(AssertionError, match="empty HTTP 200"):
        check_served(vendor, op, Served(200))


def test_a_client_that_parses_something_out_of_nothing_fails() -> None:
    vendor, op = operation("formance", "delete_trigger")
    with pytest.raises(AssertionError, match="empty body"):
        check_served(vendor, op, Served(204, parsed=object()))
