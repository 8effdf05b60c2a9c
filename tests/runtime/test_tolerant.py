"""Tolerant by default, strict on request (issue 14), for every vendor.

Each docs sample of a 2xx response is broken the ways ``tests/conformance/mutations.py``
breaks it (wrong type, null where not nullable, malformed uuid / date-time, numeric string,
unknown enum value, a required key dropped; the first and the last eligible site, so one deep
inside a list), and given one undocumented field.  By default the call returns; every other
field reads typed; the departing one raises ``ResponseValidationError`` with its pointer when
read (an unknown enum value reads as an open member); ``to_dict()`` is the payload; the drift
report names the departure once.  With ``strict=True`` the call fails with the same pointer.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

import httpx
import pytest

from tests.conformance import client as calls
from tests.conformance.discovery import Sample, ensure_generated_importable, samples, vendors
from tests.conformance.flavors import attrs_dump
from tests.conformance.mutations import Mutation, mutations
from tests.runtime.support import read_path

ensure_generated_importable()

UNDOCUMENTED = "x_oc_undocumented"


def _success_samples() -> list[Sample]:
    return [
        s
        for v in vendors()
        for s in samples(v)
        if s.target.kind == "response" and str(s.target.status).startswith("2") and s.target.operation.request_examples
    ]


CASES = [pytest.param(s, m, id=f"{s.id}/{m.kind.name}{m.pointer}") for s in _success_samples() for m in mutations(s)]


def _call(sample: Sample, payload: Any, *, strict: bool) -> tuple[Any, Any]:
    """(client, parsed) of the sample's operation answering ``payload``."""
    operation = sample.target.operation
    body = json.dumps(payload).encode()
    transport = httpx.MockTransport(
        lambda _r: httpx.Response(200, content=body, headers={"Content-Type": "application/json"})
    )
    spec_call = operation.request_examples[0].get("call") or {}
    client = calls.make_client(sample.target.vendor, str(spec_call.get("token", "")), transport, strict=strict)
    module = importlib.import_module(operation.module)
    return client, module.sync(client=client, **calls.arguments(module.sync_detailed, spec_call))


def departures(value: Any, errors: Any) -> dict[str, str]:
    """Read every field of every model in ``value``: {pointer: reason} of those that raise."""
    found: dict[str, str] = {}
    if isinstance(value, list):
        for item in value:
            found |= departures(item, errors)
    elif hasattr(value, "_fields_"):
        for field in type(value)._fields_:
            try:
                read = getattr(value, field.name)
            except errors.ResponseValidationError as exc:
                found[exc.field] = exc.reason
                continue
            found |= departures(read, errors)
        try:
            extras = value.additional_properties if value.additional_keys else {}
        except errors.ResponseValidationError as exc:
            found[exc.field] = exc.reason
        else:
            found |= departures(list(extras.values()), errors)
    return found


@pytest.mark.parametrize(("sample", "mutation"), CASES)
def test_a_departing_value_fails_only_its_own_read(sample: Sample, mutation: Mutation) -> None:
    errors = importlib.import_module(f"{sample.target.vendor.package}.errors")
    client, parsed = _call(sample, mutation.payload, strict=False)
    assert attrs_dump(parsed) == mutation.payload
    found = departures(parsed, errors)
    drift = client.drift_report()
    if not found and (_in_raw_json(parsed, mutation.pointer) or _kept(parsed, mutation)):
        pass  # inside a union branch no model reads: kept as JSON, exactly (above)
    elif mutation.kind.name == "date-only" and not found:
        assert read_path(parsed, mutation.pointer).tzinfo is None  # read as midnight, written as it came
    elif mutation.kind.name == "enum-out-of-range":
        assert found == {}
        member = read_path(parsed, mutation.pointer)
        assert member.is_known is False
        assert [d.pointer for d in drift if d.kind == "unknown-enum-value"] == [mutation.pointer]
    else:
        assert list(found) == [mutation.pointer], found
        with pytest.raises(errors.ResponseValidationError) as caught:
            _touch(read_path(parsed, mutation.pointer))
        assert caught.value.field == mutation.pointer
        assert caught.value.operation == sample.target.operation.operation_id
        if mutation.kind.name != "drop-required":
            kind = "null-not-nullable" if mutation.kind.name == "null-not-nullable" else "wrong-type"
            assert [(d.kind, d.pointer) for d in drift] == [(kind, mutation.pointer)]
            assert drift[0].spec_location.startswith(f"specs/{sample.target.vendor.slug}.yaml#/")
    assert attrs_dump(parsed) == mutation.payload  # reading changed nothing
    assert client.drift_report() == drift  # each departure once, however often it is read
    if found:
        with pytest.raises(errors.ResponseValidationError) as strict:
            _call(sample, mutation.payload, strict=True)
        assert strict.value.field == mutation.pointer


def _kept(parsed: Any, mutation: Mutation) -> bool:
    """Whether the mutated value reads as the JSON it is (an open union's branch of JSON as is)."""
    expected: Any = mutation.payload
    for token in mutation.pointer.split("/")[1:]:
        expected = expected[int(token)] if isinstance(expected, list) else expected[token]
    return bool(read_path(parsed, mutation.pointer) == expected)


def _touch(value: Any) -> None:
    """Read a model as a user would (every field), when the pointer names a whole array item."""
    if hasattr(value, "_fields_"):
        for field in type(value)._fields_:
            getattr(value, field.name)
        value.additional_properties  # noqa: B018


def _in_raw_json(value: Any, pointer: str) -> bool:
    """Whether the value at ``pointer`` sits in JSON a model keeps as it is (an open union's)."""
    for token in pointer.split("/")[1:-1]:
        if isinstance(value, list):
            value = value[int(token)]
        elif hasattr(value, "_fields_"):
            fields = {f.key: f.name for f in type(value)._fields_}
            value = getattr(value, fields[token]) if token in fields else value.additional_properties[token]
        else:
            return True
    return not hasattr(value, "_fields_") and not isinstance(value, list)


def _with_undocumented(value: Any, payload: Any, pointer: str = "") -> str | None:
    """Add an undocumented key to the first model in ``value`` that reports them; its pointer."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _with_undocumented(item, payload[index], f"{pointer}/{index}")
            if found:
                return found
    elif hasattr(value, "_fields_"):
        if type(value)._reports_extras_:
            payload[UNDOCUMENTED] = {"n": 1}
            return f"{pointer}/{UNDOCUMENTED}"
        for field in type(value)._fields_:
            if field.key in payload:
                found = _with_undocumented(getattr(value, field.name), payload[field.key], f"{pointer}/{field.key}")
                if found:
                    return found
    return None


@pytest.mark.parametrize("sample", [pytest.param(s, id=s.id) for s in _success_samples()])
def test_an_undocumented_field_is_kept_and_reported_once(sample: Sample) -> None:
    payload = sample.corrected()
    _client, parsed = _call(sample, payload, strict=True)
    payload = json.loads(json.dumps(payload))
    pointer = _with_undocumented(parsed, payload)
    if pointer is None:
        pytest.skip("no model of this response reports undocumented keys (free-form or a map)")
    client, parsed = _call(sample, payload, strict=False)
    errors = importlib.import_module(f"{sample.target.vendor.package}.errors")
    assert departures(parsed, errors) == {}
    assert attrs_dump(parsed) == payload
    drift = client.drift_report()
    assert [(d.kind, d.pointer, d.field) for d in drift] == [("undocumented-field", pointer, UNDOCUMENTED)]
    assert drift[0].spec_location.endswith("/properties")
    _call(sample, payload, strict=True)  # an undocumented field is no failure, strict or not


def _paxos_page(payload: Any, **options: Any) -> tuple[Any, Any]:
    from tests.runtime.support import BY_SLUG, Server, json_response

    vendor = BY_SLUG["paxos"]
    client = vendor.client(Server([json_response(200, payload)] * 3), **options)
    return client, vendor.module


def test_drift_is_logged_once_per_field_on_the_package_logger(caplog: pytest.LogCaptureFixture) -> None:
    from paxos_client.errors import ResponseValidationError

    item = {"x_new": 1, "created_at": None}
    client, module = _paxos_page({"items": [item, item]})
    with caplog.at_level("WARNING", logger="paxos_client.drift"):
        for _ in range(2):
            page = module.sync(client=client)
            for o in page.items:
                with pytest.raises(ResponseValidationError):
                    o.created_at  # noqa: B018
    logged = [r.getMessage() for r in caplog.records if r.name == "paxos_client.drift"]
    assert len(logged) == 2, logged
    assert logged[0].startswith("spec drift: undocumented field 'x_new' on Orchestration (seen in list_orchestrations")
    assert "edit specs/paxos.yaml#/components/schemas/Orchestration/properties/created_at" in logged[1]
    assert [d.kind for d in client.drift_report()] == ["undocumented-field", "null-not-nullable"]
    assert client.with_options(timeout=5).drift_report() == client.drift_report()  # shared with copies


def test_drift_reports_can_be_turned_off(caplog: pytest.LogCaptureFixture) -> None:
    client, module = _paxos_page({"items": [{"x_new": 1, "created_at": None}]}, report_drift=False)
    with caplog.at_level("WARNING", logger="paxos_client.drift"):
        page = module.sync(client=client)
        with pytest.raises(Exception, match="/items/0/created_at"):
            page.items[0].created_at  # noqa: B018
    assert client.drift_report() == [] and not [r for r in caplog.records if r.name == "paxos_client.drift"]
