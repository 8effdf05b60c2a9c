"""No capture text makes an extractor or the check raise: it yields problems or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.docs.capture import parse_capture, render_capture
from generator.docs.layouts import EXTRACTORS
from tests.docs.pages import MINTLIFY, REDOC_LIST, STOPLIGHT
from tests.docs.support import CAPTURES, check, copy_repo

_FRAGMENTS = st.sampled_from(
    [
        "GET",
        "/",
        "{id}",
        "Query Parameters",
        "Response",
        "Responses",
        "Authorizations",
        "Body",
        "Available options:",
        "Array of:",
        "Enum: a, b",
        "200 OK",
        "200 - application/json",
        "200 Response",
        "name string",
        "x integer optional query",
        "idstring · uuidrequired",
        "string<uuid>[] | null",
        "required",
        "curl --request GET \\",
        "--data '",
        "'",
        "{",
        "}",
        "[",
        '{"a": [1, {"b": null}]}',
        "[" * 5000,
        "Defaults to 7. Maximum 9.",
        "",
    ]
)
_PAGES = st.lists(st.one_of(_FRAGMENTS, st.text(max_size=40)), max_size=60).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_PAGES, layout=st.sampled_from(sorted(EXTRACTORS)))
def test_extractors_never_raise(text: str, layout: str) -> None:
    capture, problems = parse_capture(render_capture("https://x.test/p", "t", layout, "t", text), "p")
    assert capture is not None, problems
    page = EXTRACTORS[layout](capture)
    assert all(capture.first_line <= f.line <= capture.first_line + text.count("\n") for f in page.fields)


@pytest.mark.parametrize("page", [MINTLIFY, REDOC_LIST, STOPLIGHT, "", "[" * 100_000])
def test_the_check_reports_a_strange_page_instead_of_raising(tmp_path: Path, page: str) -> None:
    root = copy_repo(tmp_path)
    path = root / CAPTURES["otim"]
    capture, _ = parse_capture(path.read_text(encoding="utf-8"), CAPTURES["otim"])
    assert capture is not None
    path.write_text(render_capture(capture.url, "t", capture.layout, "t", page), encoding="utf-8")
    problems = check(root, "otim")
    assert problems, "a page that is not Otim's page cannot agree with Otim's spec"
