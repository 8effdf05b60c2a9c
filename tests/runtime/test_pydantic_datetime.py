"""The pydantic models' date-times (``_runtime/_pydantic.py``: ``WireDateTime``) are the attrs
models' (``_runtime/_datetime.py``): the same parser and writer, so every RFC 3339 spelling is
written back exactly and both flavours read it as the same value; only the schema's stricter
text check is pydantic's own."""

from __future__ import annotations

import copy
import datetime
import json
import pickle
from typing import Any

import pytest
from hypothesis import given
from paxos_client._runtime._datetime import ParsedDateTime, format_datetime, parse_datetime
from paxos_client.pydantic_models import Orchestration
from paxos_client.pydantic_types import WireDateTime
from pydantic import TypeAdapter, ValidationError

from tests.conformance.payloads import rfc3339_date_times

DATE_TIMES: TypeAdapter[list[WireDateTime]] = TypeAdapter(list[WireDateTime])


def read(text: str) -> Any:
    return Orchestration.model_validate_json(json.dumps({"created_at": text})).created_at


@given(rfc3339_date_times())
def test_every_rfc3339_spelling_round_trips_as_the_attrs_models_read_it(text: str) -> None:
    value = read(text)
    attrs_value = parse_datetime(text)
    assert type(value) is type(attrs_value)  # plain exactly when the text is canonical
    assert value == attrs_value and value.utcoffset() == attrs_value.utcoffset()
    assert Orchestration.model_validate({"created_at": text}).model_dump(mode="json") == {"created_at": text}
    assert json.loads(DATE_TIMES.dump_json(DATE_TIMES.validate_json(json.dumps([text])))) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "2026-04-20T12:30:01.000000Z",
        "2026-04-20T12:30:01-00:00",
        "2026-04-20T12:30:01.3977301z",
        "2026-04-20t12:30:01Z",
    ],
)
def test_spellings_pydantic_would_rewrite_are_kept(text: str) -> None:
    value = read(text)
    assert type(value) is ParsedDateTime and value.source_text == text
    assert json.loads(Orchestration(created_at=value).model_dump_json()) == {"created_at": text}


@pytest.mark.parametrize(
    "text",
    [
        "2026-04-20 12:30:01Z",  # fromisoformat (the attrs models) takes these: the schema does not
        "2026-04-20T12:30:01",
        "2026-04-20",
        "2026-W16-1T12:30:01Z",
        "2026-04-20T12:30:01,397730Z",
        "2026-04-20T12:30:01+0200",
        "1700000000",
        "2026-13-01T00:00:00Z",
        "2026-04-20T25:00:00Z",
    ],
)
def test_what_is_not_rfc3339_is_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="created_at"):
        read(text)


def test_a_number_or_a_naive_datetime_is_refused() -> None:
    for value in (1_700_000_000, datetime.datetime(2026, 4, 20, 12, 30, 1)):
        with pytest.raises(ValidationError, match="created_at"):
            Orchestration.model_validate({"created_at": value})


def test_a_datetime_made_in_code_is_written_with_z_for_utc() -> None:
    made = datetime.datetime(2006, 1, 2, 15, 4, 5, tzinfo=datetime.UTC)
    model = Orchestration(created_at=made)
    assert model.created_at is made
    assert model.model_dump(mode="json") == {"created_at": "2006-01-02T15:04:05Z"}
    offset = datetime.timezone(datetime.timedelta(hours=-5))
    model.created_at = datetime.datetime(2006, 1, 2, 10, 4, 5, tzinfo=offset)  # assigned: not validated
    assert model.model_dump(mode="json") == {"created_at": "2006-01-02T10:04:05-05:00"}


def test_python_mode_keeps_the_datetime() -> None:
    value = read("2026-04-20T12:30:01+00:00")
    assert Orchestration(created_at=value).model_dump() == {"created_at": value}


def test_copies_and_pickles_keep_the_text_arithmetic_does_not() -> None:
    text = "2026-04-20T12:30:01.3977301Z"
    model = Orchestration.model_validate({"created_at": text})
    for copied in (copy.deepcopy(model), pickle.loads(pickle.dumps(model)), model.model_copy(deep=True)):
        assert copied.model_dump(mode="json") == {"created_at": text}
    value = parse_datetime(text)
    for clone in (copy.copy(value), copy.deepcopy(value), pickle.loads(pickle.dumps(value, protocol=2))):
        assert type(clone) is ParsedDateTime and clone == value and format_datetime(clone) == text
    computed = value + datetime.timedelta(seconds=1)
    assert format_datetime(pickle.loads(pickle.dumps(computed))) == "2026-04-20T12:30:02.397730Z"


def test_the_json_schema_still_says_date_time() -> None:
    assert DATE_TIMES.json_schema() == {"items": {"format": "date-time", "type": "string"}, "type": "array"}
