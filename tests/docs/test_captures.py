"""The captures in docs/: their header, their digest, and the specs' references to them."""

from __future__ import annotations

import pytest

from generator.docs.capture import LAYOUTS, parse_capture, render_capture
from tests.docs.support import CAPTURES, REPO_ROOT, SLUGS, load


@pytest.mark.parametrize("slug", SLUGS)
def test_each_spec_lists_its_capture_and_the_capture_reads(slug: str) -> None:
    spec = load(REPO_ROOT, slug)
    assert spec.data["info"]["x-docs-captures"] == [CAPTURES[slug]]
    capture, problems = parse_capture((REPO_ROOT / CAPTURES[slug]).read_text(encoding="utf-8"), CAPTURES[slug])
    assert problems == [] and capture is not None
    assert capture.layout in LAYOUTS
    assert capture.captured == "first capture: seed, date unknown"
    operations = [op for item in spec.data["paths"].values() for op in item.values() if isinstance(op, dict)]
    # An operation attributed as a whole (x-oc-source) may name a page nobody captured: the
    # docs check accepts it; every other operation is written from the captured page.
    urls = {op["x-docs-url"] for op in operations if "x-oc-source" not in op}
    assert urls == {capture.url}


def test_render_and_parse_round_trip_the_page_bytes() -> None:
    text = "line one\n  two  \n\nno newline at the end ⌘"
    capture, problems = parse_capture(render_capture("https://x.test/p", "2026-01-01", "stoplight", "t", text), "p")
    assert problems == [] and capture is not None
    assert capture.text == text
    assert capture.lines[capture.first_line - capture.first_line] == "line one"


def test_a_line_number_of_the_page_is_a_line_of_the_file() -> None:
    content = render_capture("https://x.test/p", "now", "mintlify", "t", "first\nsecond")
    capture, _ = parse_capture(content, "p")
    assert capture is not None
    assert content.split("\n")[capture.line_of(1) - 1] == "second"


def test_a_header_without_its_keys_or_marker_is_refused() -> None:
    _, problems = parse_capture("just a page\n", "p")
    assert [p.rule for p in problems] == ["docs/capture"]
    content = render_capture("https://x.test/p", "now", "mintlify", "t", "page").replace("layout: mintlify\n", "")
    _, problems = parse_capture(content, "p")
    assert any("lacks layout" in p.message for p in problems)


def test_an_unknown_layout_is_refused() -> None:
    _, problems = parse_capture(render_capture("https://x.test/p", "now", "wiki", "t", "page"), "p")
    assert any("unknown layout 'wiki'" in p.message for p in problems)
