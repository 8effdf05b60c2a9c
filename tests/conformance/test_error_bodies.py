"""Error bodies (``default``, ``4XX``) are read as errors: the typed error's ``.parsed``, never a success body."""

from __future__ import annotations

import importlib

import pytest

from tests.conformance import client, flavors
from tests.conformance.discovery import Target, targets, vendors

ERROR_TARGETS = [t for v in vendors() for t in targets(v) if t.kind == "response" and not str(t.status).startswith("2")]


def test_there_are_error_targets() -> None:
    assert ERROR_TARGETS, "no spec declares an error body: the checks below would prove nothing"


@pytest.mark.parametrize("target", ERROR_TARGETS, ids=lambda t: t.id)
def test_error_body_reads_as_the_declared_error_model(target: Target) -> None:
    error_class = flavors.pydantic_model(target).__name__
    models = importlib.import_module(f"{target.vendor.package}.models")
    payload = {"errorCode": "NOT_FOUND", "errorMessage": "no such trigger"}
    if error_class != "V2Error":  # pragma: no cover - only Formance declares error bodies today
        pytest.skip(f"{target.id}: no payload written for {error_class}")
    parsed = client.parse_response(target.vendor, target.operation, str(target.status), payload)
    assert isinstance(parsed, getattr(models, error_class))
    assert parsed.to_dict() == payload


def test_a_body_that_is_not_the_error_model_says_why() -> None:
    target = next(t for t in ERROR_TARGETS if t.status == "default")
    with pytest.raises((KeyError, ValueError, TypeError)):
        client.parse_response(target.vendor, target.operation, "default", {"errorCode": "NOT_A_CODE"})


@pytest.mark.parametrize(
    ("status", "declared", "code"),
    [
        ("2XX", [], 200),
        ("404", [], 404),
        ("4XX", [], 400),
        ("default", ["200"], 400),
        ("default", ["400"], 422),
        ("default", ["4XX"], 500),
    ],
)
def test_answer_code(status: str, declared: list[str], code: int) -> None:
    assert client.answer_code(status, declared) == code
