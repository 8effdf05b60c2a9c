"""The comparison primitives are as strict as the issue asks (JSON types, spellings, absence)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conformance import curl
from tests.conformance.jsoncompare import deepest_existing, json_diff, related


@pytest.mark.parametrize(
    ("expected", "actual", "where"),
    [
        ({"n": 1}, {"n": 1.0}, "/n"),  # integers as integers
        ({"b": True}, {"b": 1}, "/b"),  # True == 1 in Python, not in JSON
        ({"t": "2023-11-07T05:31:56Z"}, {"t": "2023-11-07T05:31:56+00:00"}, "/t"),  # the sample's spelling
        ({}, {"x": None}, "/x"),  # absent stays absent
        ({"x": None}, {}, "/x"),  # null stays null
        ({"a": [1, 2]}, {"a": [2, 1]}, "/a/0"),
        ({"k": 2**70}, {"k": float(2**70)}, "/k"),  # big integers stay integers
    ],
)
def test_json_diff_reports_the_place(expected: Any, actual: Any, where: str) -> None:
    assert where in [d.pointer for d in json_diff(expected, actual)]


def test_json_diff_accepts_equal_json() -> None:
    value = {"a": [1, {"b": None, "c": "x"}], "d": 2**80}
    assert json_diff(value, {"d": 2**80, "a": [1, {"c": "x", "b": None}]}) == []


def test_pointer_relations() -> None:
    assert related("/a/b", "/a")
    assert related("", "/anything")
    assert not related("/a/b", "/a/c")
    assert deepest_existing({"a": [{"b": 1}]}, ["a", 0, "b", "function-after[...]"]) == "/a/0/b"


def test_curl_comparison_finds_each_difference() -> None:
    page = "curl --request POST \\\n --url https://x.test/a/{id}/b?q=1 \\\n --header 'Authorization: Bearer T' --data '{\"k\": 1}'"
    same = {
        "method": "POST",
        "url": "https://x.test/a/42/b",
        "query": [["q", "1"]],
        "headers": {"Authorization": "Bearer T"},
    }
    assert curl.mismatches(page, {**same, "body": {"k": 1}}) == []
    broken = {"method": "GET", "url": "https://x.test/a/42/c", "query": [], "headers": {}, "body": {"k": 1.0}}
    found = " ".join(curl.mismatches(page, broken))
    for part in ("method", "path", "query", "header", "body /k"):
        assert part in found
