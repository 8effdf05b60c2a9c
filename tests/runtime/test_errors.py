"""Errors: one class per status with status, headers, raw body and the spec's error model;
errors for connection failures and timeouts; a response that does not match the spec names
the operation and the field; raw response access beside the parsed model."""

from __future__ import annotations

import httpx
import pytest

from tests.runtime.support import BY_SLUG, MODES, VENDOR_IDS, VENDORS, Server, Vendor, json_response, read_path

PAXOS = BY_SLUG["paxos"]
STATUS_CLASSES = [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (409, "ConflictError"),
    (422, "UnprocessableEntityError"),
    (429, "RateLimitError"),
    (500, "ServerError"),
    (503, "ServerError"),
    (599, "ServerError"),
    (418, "ApiStatusError"),
]


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("status", "class_name"), STATUS_CLASSES)
async def test_each_status_has_its_error_class(mode: str, status: int, class_name: str) -> None:
    body = {"message": f"status {status}"}
    server = Server([json_response(status, body, {"x-request-id": "req-1"})])
    client = BY_SLUG["otim"].client(server, max_retries=0)
    errors = BY_SLUG["otim"].errors
    with pytest.raises(errors.ApiStatusError) as caught:
        await BY_SLUG["otim"].call(client, mode)
    error = caught.value
    assert type(error) is getattr(errors, class_name)
    assert isinstance(error, errors.ApiError)
    assert error.status_code == status and error.headers["x-request-id"] == "req-1"
    assert error.json() == body and error.body == error.content
    assert error.operation == "list_orchestrations"
    assert str(error).startswith(f"list_orchestrations: HTTP {status}") and f"status {status}" in str(error)
    assert error.parsed is None  # Otim declares no error schema


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("vendor", VENDORS, ids=VENDOR_IDS)
async def test_every_operation_maps_statuses_and_keeps_the_raw_response(vendor: Vendor, mode: str) -> None:
    server = Server([json_response(404, {"error": "missing"})])
    with pytest.raises(vendor.errors.NotFoundError) as caught:
        await vendor.call(vendor.client(server), mode)
    assert caught.value.status_code == 404 and caught.value.text == '{"error": "missing"}'
    assert isinstance(caught.value, vendor.errors.ApiStatusError)
    assert not hasattr(vendor.errors, "UnexpectedStatus")  # no alias for a client that never existed


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("vendor", VENDORS, ids=VENDOR_IDS)
async def test_raw_response_beside_the_parsed_model(vendor: Vendor, mode: str) -> None:
    server = Server([json_response(200, vendor.ok_body, {"x-request-id": "abc"})])
    response = await vendor.call(vendor.client(server), mode)
    assert response.status_code == 200 and response.headers["x-request-id"] == "abc"
    assert response.json() == vendor.ok_body and response.content == response.http_response.content
    assert response.parsed is not None and response.attempts == 1
    assert response.http_response.request.url == server.requests[0].url


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("vendor", VENDORS, ids=VENDOR_IDS)
async def test_malformed_json_is_a_response_validation_error(vendor: Vendor, mode: str) -> None:
    server = Server([httpx.Response(200, content=b'{"items": [', headers={"content-type": "application/json"})])
    with pytest.raises(vendor.errors.ResponseValidationError, match="body is not valid JSON") as caught:
        await vendor.call(vendor.client(server), mode)
    error = caught.value
    assert error.operation == vendor.module.OPERATION.name and error.operation in str(error)
    assert error.field == "" and error.status_code == 200 and error.body == b'{"items": ['


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("vendor", VENDORS, ids=VENDOR_IDS)
async def test_wrong_content_type_is_a_response_validation_error(vendor: Vendor, mode: str) -> None:
    server = Server([httpx.Response(200, text="<html>maintenance</html>", headers={"content-type": "text/html"})])
    with pytest.raises(vendor.errors.ResponseValidationError, match="got Content-Type 'text/html'"):
        await vendor.call(vendor.client(server), mode)


FIELD_CASES = [
    (
        "paxos",
        {"items": [{"id": "e5f6a7b8-9c0d-1e2f-3a4b-c5d6e7f8a9b0"}, {"created_at": "yesterday"}]},
        "/items/1/created_at",
    ),
    ("paxos", {"items": [{"source": "<object>"}]}, "/items/0/source"),
    ("otim", [{"id": "not-a-uuid"}], "/0/id"),
    ("b3os", {"data": {"items": ["<object>"]}}, "/data/items/0"),
    ("formance", {"data": [{"name": "n", "input": {}, "terminated": True, "attempt": 1}]}, "/data/0/startedAt"),
    ("brainbase", {"items": [{"edges": [{"created_at": 5}]}]}, "/items/0/edges/0/created_at"),
]


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("slug", "body", "field"), FIELD_CASES)
async def test_a_value_of_the_wrong_shape_is_reported_with_its_field(
    slug: str, body: object, field: str, mode: str
) -> None:
    vendor = BY_SLUG[slug]
    server = Server([json_response(200, body), json_response(200, body)])
    with pytest.raises(vendor.errors.ResponseValidationError) as caught:
        await vendor.call(vendor.client(server, strict=True), mode)
    error = caught.value
    assert error.field == field
    assert f"{vendor.module.OPERATION.name}: the HTTP 200 response does not match the spec at {field}: " in str(error)
    # By default the call returns, and reading the departing value raises the same error.
    response = await vendor.call(vendor.client(server), mode)
    with pytest.raises(vendor.errors.ResponseValidationError) as on_read:
        read_path(response.parsed, field)
    assert on_read.value.field == field and str(on_read.value) == str(error)


def test_missing_required_field_says_so() -> None:
    vendor = BY_SLUG["formance"]
    server = Server(
        [
            json_response(
                200, {"data": [{"input": {}, "startedAt": "2023-11-07T05:31:56Z", "terminated": True, "attempt": 1}]}
            )
        ]
    )
    with pytest.raises(vendor.errors.ResponseValidationError, match="at /data/0/name: required field is missing"):
        vendor.module.sync(client=vendor.client(server, strict=True), **vendor.arguments())


def test_errors_survive_pickling() -> None:
    import pickle

    vendor = BY_SLUG["b3os"]
    server = Server([json_response(404, {"error": "missing"}, {"x-request-id": "r-9"})])
    with pytest.raises(vendor.errors.NotFoundError) as caught:
        vendor.module.sync(client=vendor.client(server))
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is vendor.errors.NotFoundError and str(copy) == str(caught.value)
    assert (copy.status_code, copy.body, copy.headers["x-request-id"], copy.operation) == (
        404,
        b'{"error": "missing"}',
        "r-9",
        "list_executions",
    )
