"""The decode path's two speedups keep their promises: the cyclic GC is paused only while a
2xx body is parsed (and left as it was found, whatever happens), and a date-time is a plain
``datetime`` exactly when writing it back gives its text, else it remembers the text."""

from __future__ import annotations

import datetime
import gc
import re
import weakref
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import given
from paxos_client._runtime._datetime import ParsedDateTime, format_datetime, parse_datetime
from paxos_client._runtime._request import request_async, request_sync
from paxos_client.api.orchestrations import list_orchestrations
from paxos_client.errors import ResponseValidationError

from tests.conformance.payloads import rfc3339_date_times
from tests.runtime.support import BY_SLUG, MODES, Server, json_response

PAXOS = BY_SLUG["paxos"]
KWARGS = {"method": "get", "url": "/orchestration/orchestrations"}


@pytest.fixture
def gc_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    try:
        yield
    finally:
        (gc.enable if enabled else gc.disable)()


async def _request(mode: str, parse: object) -> object:
    client = PAXOS.client(Server([json_response(200, {"items": []})]), max_retries=0)
    if mode == "sync":
        return request_sync(client, list_orchestrations.OPERATION, dict(KWARGS), parse)  # type: ignore[arg-type]
    return await request_async(client, list_orchestrations.OPERATION, dict(KWARGS), parse)  # type: ignore[arg-type]


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("enabled", [True, False], ids=["gc-on", "gc-off"])
@pytest.mark.parametrize("fails", [False, True], ids=["parses", "raises"])
@pytest.mark.usefixtures("gc_restored")
async def test_gc_is_paused_while_parsing_and_left_as_it_was(mode: str, enabled: bool, fails: bool) -> None:
    (gc.enable if enabled else gc.disable)()
    during: list[bool] = []

    def parse(response: httpx.Response) -> int:
        during.append(gc.isenabled())
        if fails:
            raise ValueError("not what the spec says")
        return response.status_code

    if fails:
        with pytest.raises(ResponseValidationError):
            await _request(mode, parse)
    else:
        await _request(mode, parse)
    assert during == [False]
    assert gc.isenabled() is enabled


@pytest.mark.usefixtures("gc_restored")
def test_gc_is_not_paused_outside_parsing() -> None:
    gc.enable()
    seen: list[bool] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(gc.isenabled())
        return Server([json_response(200, {"items": []})])(request)

    list_orchestrations.sync(client=PAXOS.client(handler))
    assert seen == [True, True] and gc.isenabled()  # token request and API request


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("timeout", [60.0, None], ids=["deadline", "no-deadline"])
@pytest.mark.usefixtures("gc_restored")
async def test_a_response_is_freed_as_soon_as_it_is_dropped(mode: str, timeout: float | None) -> None:
    # httpx leaves a response and its spent stream referring to each other: without the
    # runtime untying them, a page's body would wait for the next full cyclic collection.
    gc.collect()
    gc.disable()
    client = PAXOS.client(Server([json_response(200, {"items": []})]), timeout=timeout)
    response = await PAXOS.call(client, mode)
    raw = weakref.ref(response.http_response)
    assert response.http_response.content == b'{"items": []}'
    del response
    assert raw() is None


CANONICAL = [
    "2026-04-20T12:30:01Z",
    "2026-04-20T12:30:01.397730Z",
    "2026-04-20T12:30:01.000001Z",
    "2026-04-20T14:30:01+02:00",
    "2026-04-20T14:30:01.500000-05:30",
    "2026-04-20T12:30:01",  # naive: written back as read
]
REMEMBERED = [
    "2026-04-20T12:30:01+00:00",
    "2026-04-20T12:30:01-00:00",
    "2026-04-20T12:30:01.000000Z",
    "2027-04-13T16:22:54.591+00:00",
    "2026-04-20T12:30:01.3977301Z",
    "2026-04-20T12:30:01.3Z",
    "2026-04-20t12:30:01z",
    "2026-04-20t12:30:01Z",
    "2026-04-20 12:30:01Z",
    "2026-W16-1T12:30:01Z",  # an ISO week date, the length of a canonical one
    "2026-04-20T123001.39773012Z",  # basic-format time, the length of a canonical one
    "2026-04-20T12:30:01,397730Z",
    "2026-04-20T12:30:01+0200",
    "2026-04-20T12:30:01.18324Z",  # five digits and Z: the length of a naive canonical one
    "2026-04-20T12:30:01.397730+05:30:15",  # an offset with seconds (written back, but kept anyway)
    "2026-04-20",
]


@pytest.mark.parametrize("text", CANONICAL)
def test_canonical_text_parses_to_a_plain_datetime(text: str) -> None:
    value = parse_datetime(text)
    assert type(value) is datetime.datetime
    assert format_datetime(value) == text


@pytest.mark.parametrize("text", REMEMBERED)
def test_other_spellings_remember_their_text(text: str) -> None:
    value = parse_datetime(text)
    assert type(value) is ParsedDateTime and value.source_text == text
    assert format_datetime(value) == text
    plain = datetime.datetime.fromisoformat(text.upper())
    assert value == plain and value.utcoffset() == plain.utcoffset() and value.fold == 0
    assert format_datetime(value + datetime.timedelta(0)) == format_datetime(plain)  # computed: no text


@given(rfc3339_date_times())
def test_every_rfc3339_spelling_round_trips_and_is_plain_only_when_canonical(text: str) -> None:
    value = parse_datetime(text)
    assert format_datetime(value) == text
    plain = datetime.datetime.fromisoformat(text.upper())
    assert value == plain and value.utcoffset() == plain.utcoffset()
    written = plain.isoformat()
    if plain.utcoffset() == datetime.timedelta(0):
        written = re.sub(r"\+00:00$", "Z", written)
    assert (type(value) is datetime.datetime) == (written == text)


@pytest.mark.parametrize("text", ["not-a-date-time", "2026-13-01T00:00:00Z", "", "2026-04-20T25:00:00Z"])
def test_what_is_not_a_date_time_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not an RFC 3339 date-time"):
        parse_datetime(text)


def test_a_non_string_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        parse_datetime(1_700_000_000)
