"""Stoplight/ReadMe-like pages (Brainbase): name, type and flags run together on one line.

The endpoint reads ``GET/v2/orchestrations``.  A parameter is one line such as
``group_idstring · uuidrequired``: the name, the type, an optional `` · format`` and
``required`` or ``optional``, with no separator between name and type.  The type words
are a closed set, so the line splits unambiguously at the last type word that is followed
by a format or a requirement flag.  ``Request`` ends the parameters; ``Response`` is
followed by the sample's language tag and the sample.
"""

from __future__ import annotations

import re

from generator.docs.capture import Capture
from generator.docs.page import PageDoc, PageField, apply_type_expr, auth_from_curls, find_curls, find_json_samples

_ENDPOINT = re.compile(r"^(?P<method>GET|POST|PUT|PATCH|DELETE)(?P<path>/\S*)$")
_PARAM = re.compile(
    r"^(?P<name>[\w.-]+?)(?P<type>string|integer|number|boolean|object|array)(?P<array>\[\])?"
    r"(?: · (?P<format>[\w-]+))?(?P<req>required|optional)$"
)
_SECTIONS = {"Query Parameters": "query", "Path Parameters": "path", "Header Parameters": "header"}


def extract(capture: Capture) -> PageDoc:
    lines = capture.lines
    page = PageDoc()
    page.curls, spans = find_curls(lines, capture.line_of)
    page.samples = find_json_samples(lines, capture.line_of, spans)
    section = ""
    for index, line in enumerate(lines):
        text = line.strip()
        if (found := _ENDPOINT.match(text)) and page.method is None:
            page.method, page.path, page.heading_line = found["method"], found["path"], capture.line_of(index)
        elif text in _SECTIONS:
            section = _SECTIONS[text]
        elif text in ("Request", "Response"):
            section = ""
        elif section and (found := _PARAM.match(text)):
            field = PageField(found["name"], section, capture.line_of(index), required=found["req"] == "required")
            type_expr = found["type"] + (f"<{found['format']}>" if found["format"] else "") + (found["array"] or "")
            apply_type_expr(field, type_expr)
            page.fields.append(field)
    page.auth = auth_from_curls(page.curls)
    return page
