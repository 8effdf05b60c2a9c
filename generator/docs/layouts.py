"""Which extractor reads which capture layout (the capture header's ``layout``)."""

from __future__ import annotations

from collections.abc import Callable

from generator.docs import mintlify, redoc_list, stoplight
from generator.docs.capture import Capture
from generator.docs.page import PageDoc

EXTRACTORS: dict[str, Callable[[Capture], PageDoc]] = {
    "mintlify": mintlify.extract,
    "redoc-list": redoc_list.extract,
    "stoplight": stoplight.extract,
}


def extract(capture: Capture) -> PageDoc:
    return EXTRACTORS[capture.layout](capture)
