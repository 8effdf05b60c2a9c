"""One extractor per page layout, each on a small page of its layout."""

from __future__ import annotations

from generator.docs import mintlify, redoc_list, stoplight
from generator.docs.page import PageDoc, PageField, without_insignificant_whitespace
from tests.docs.pages import MINTLIFY, REDOC_LIST, STOPLIGHT, capture


def _field(page: PageDoc, name: str, where: str) -> PageField:
    found = [f for f in page.fields if f.name == name and f.where == where]
    assert len(found) == 1, [(f.name, f.where) for f in page.fields]
    return found[0]


def _line(text: str, needle: str, start: int = 0) -> int:
    """Capture-file line of the first page line equal to ``needle`` after page line ``start``."""
    lines = text.split("\n")
    return capture("mintlify", text).first_line + lines.index(needle, start)


def test_mintlify_endpoint_and_path_parameter() -> None:
    page = mintlify.extract(capture("mintlify", MINTLIFY))
    assert (page.method, page.path) == ("GET", "/widgets/{widgetID}")
    widget = _field(page, "widgetID", "path")
    assert widget.required is True and widget.type is None


def test_mintlify_parameters_with_types_limits_and_options() -> None:
    page = mintlify.extract(capture("mintlify", MINTLIFY))
    size = _field(page, "size", "query")
    assert (size.type, size.format, size.default, size.maximum, size.required) == ("integer", "int32", "25", 200, False)
    assert size.line == _line(MINTLIFY, "size")
    kind = _field(page, "kind", "query")
    assert (kind.type, kind.enum) == ("string", ("round", "square"))
    ids = _field(page, "ids", "query")
    assert (ids.type, ids.items_type, ids.items_format, ids.nullable, ids.max_items) == (
        "array",
        "string",
        "uuid",
        True,
        50,
    )


def test_mintlify_response_fields_auth_and_samples() -> None:
    page = mintlify.extract(capture("mintlify", MINTLIFY))
    assert page.responses == [("200", _line(MINTLIFY, "200 - application/json"))]
    assert _field(page, "id", "response").required is True
    legacy = _field(page, "legacy_id", "response")
    assert legacy.deprecated is True and legacy.required is False and legacy.status == "200"
    assert _field(page, "tags", "response").items_type == "string"
    assert page.auth is not None
    assert (page.auth.kinds, page.auth.scopes, page.auth.bearer_format) == ({"bearer"}, ["widgets:read"], "JWT")
    [sample] = page.samples
    assert (sample.role, sample.value, sample.line) == ("response", {"id": "w1", "tags": ["a"]}, _line(MINTLIFY, "{"))
    [curl] = page.curls
    assert curl.text.endswith("--header 'Authorization: Bearer <token>'") and curl.text.count("\n") == 2


def test_redoc_list_parameters_and_statuses() -> None:
    page = redoc_list.extract(capture("redoc-list", REDOC_LIST))
    assert (page.method, page.path) == ("GET", "/v1/widgets")
    limit = _field(page, "limit", "query")
    assert (limit.type, limit.required, limit.default, limit.maximum) == ("integer", False, "10", 50)
    assert _field(page, "cursor", "query").required is True
    assert [status for status, _ in page.responses] == ["200", "404"]


def test_redoc_list_rebuilds_nesting_from_the_sample() -> None:
    page = redoc_list.extract(capture("redoc-list", REDOC_LIST))
    nesting = {f.name: f.parents for f in page.fields if f.where == "response"}
    assert nesting == {
        "page": (),
        "items": ("page",),
        "name": ("page", "items", "[]"),
        "state": ("page", "items", "[]"),
        "total": ("page",),
        "more": (),
    }
    assert _field(page, "state", "response").enum == ("on", "off")
    [sample] = page.samples
    assert sample.status == "200" and sample.value["more"] is False
    assert page.auth is not None and page.auth.kinds == {"bearer"}


def test_stoplight_parameters_run_together() -> None:
    page = stoplight.extract(capture("stoplight", STOPLIGHT))
    assert (page.method, page.path) == ("GET", "/v2/widgets")
    owner = _field(page, "owner_id", "query")
    assert (owner.type, owner.format, owner.required) == ("string", "uuid", True)
    assert (_field(page, "page", "query").type, _field(page, "page", "query").required) == ("integer", False)
    assert _field(page, "filters", "query").type == "object"
    [sample] = page.samples
    assert sample.role == "response" and sample.value == {"items": []}
    assert page.auth is not None and page.auth.kinds == {"bearer"}


def test_a_curl_data_body_is_the_request_sample() -> None:
    text = 'GET\n/\nx\ncurl --request GET \\\n  --data \'\n{\n  "a": 1\n}\n\'\n{"b": 2}'
    page = mintlify.extract(capture("mintlify", text))
    assert [(s.role, s.value) for s in page.samples] == [("request", {"a": 1}), ("response", {"b": 2})]
    assert page.curls[0].text.endswith("\n'")


def test_whitespace_outside_strings_only_is_insignificant() -> None:
    assert without_insignificant_whitespace('{ "a b" :\n [1, 2] }') == '{"a b":[1,2]}'
    assert without_insignificant_whitespace('{"s": "x\\" y"}') == '{"s":"x\\" y"}'
