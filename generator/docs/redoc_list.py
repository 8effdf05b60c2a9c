"""Redoc-like plain-list pages (B3OS): ``name type`` per line, nesting not drawn.

The endpoint is one line, ``GET /v1/executions``.  Parameters read
``limit integer optional query`` followed by their description.  Under ``Responses`` each
status opens with ``200 OK``, then the media type and the fields, one ``name type`` line
each; ``Enum: a, b`` gives the members of the field above and ``Array of:`` says the fields
that follow describe the items of the array above.  The text loses the indentation that
showed nesting, so it is rebuilt from the response sample: a field belongs to the deepest
open object whose sample has that key (a field the sample lacks stays where it is listed).
"""

from __future__ import annotations

import re
from typing import Any

from generator.docs.capture import Capture
from generator.docs.page import (
    JSON_TYPES,
    PageDoc,
    PageField,
    PageSample,
    apply_prose,
    apply_type_expr,
    auth_from_curls,
    find_curls,
    find_json_samples,
)

_ENDPOINT = re.compile(r"^(?P<method>GET|POST|PUT|PATCH|DELETE) (?P<path>/\S*)$")
_PARAM = re.compile(
    r"^(?P<name>[\w.-]+) (?P<type>[a-z]+(?:\[\])?) (?P<req>required|optional) (?P<in>query|path|header)$"
)
_FIELD = re.compile(r"^(?P<name>[\w.-]+) (?P<type>[a-z]+(?:\[\])?)$")
_STATUS = re.compile(r"^(?P<status>\d{3}) [A-Z][\w ]*$")
_SAMPLE_LABEL = re.compile(r"^(?P<status>\d{3}) Response$")


def extract(capture: Capture) -> PageDoc:
    lines = capture.lines
    page = PageDoc()
    page.curls, spans = find_curls(lines, capture.line_of)
    samples = find_json_samples(lines, capture.line_of, spans)
    section, status, current = "", None, None
    response_fields: list[tuple[PageField, bool]] = []
    """Each response field, and whether an ``Array of:`` line opened its items."""
    for index, line in enumerate(lines):
        text = line.strip()
        if (found := _ENDPOINT.match(text)) and page.method is None:
            page.method, page.path, page.heading_line = found["method"], found["path"], capture.line_of(index)
        elif text in ("Query Parameters", "Path Parameters", "Header Parameters"):
            section, current = "parameters", None
        elif text == "Responses":
            section, current = "responses", None
        elif text.startswith("curl "):
            section, current = "", None
        elif section == "parameters" and (found := _PARAM.match(text)):
            current = PageField(found["name"], found["in"], capture.line_of(index), required=found["req"] == "required")
            apply_type_expr(current, found["type"])
            page.fields.append(current)
        elif section == "parameters" and current is not None and text:
            current.description.append(text)
            apply_prose(current, text)
        elif section == "responses" and (found := _STATUS.match(text)):
            status = found["status"]
            page.responses.append((status, capture.line_of(index)))
        elif section == "responses" and (found := _FIELD.match(text)) and found["type"].rstrip("[]") in JSON_TYPES:
            current = PageField(found["name"], "response", capture.line_of(index), status=status)
            apply_type_expr(current, found["type"])
            response_fields.append((current, False))
        elif section == "responses" and text == "Array of:" and response_fields:
            response_fields[-1] = (response_fields[-1][0], True)
        elif section == "responses" and text.startswith("Enum: ") and current is not None:
            current.enum = tuple(v.strip() for v in text.removeprefix("Enum: ").split(","))
    page.samples = _label_samples(lines, samples, capture)
    page.fields += _nest(response_fields, page.samples)
    page.auth = auth_from_curls(page.curls)
    return page


def _label_samples(lines: list[str], samples: list[PageSample], capture: Capture) -> list[PageSample]:
    """A ``200 Response`` line just above a sample names its status."""
    labelled = []
    for sample in samples:
        index = sample.line - capture.first_line
        above = lines[index - 1].strip() if index > 0 else ""
        found = _SAMPLE_LABEL.match(above)
        status = found["status"] if found else None
        labelled.append(PageSample(sample.text, sample.line, sample.value, sample.role, status))
    return labelled


def _nest(fields: list[tuple[PageField, bool]], samples: list[PageSample]) -> list[PageField]:
    """Give each flat-listed response field its parents, using the sample of its status."""
    out: list[PageField] = []
    stack: list[tuple[tuple[str, ...], Any]] = []
    """Open containers: (parents of their children, the sample value at that place)."""
    for field, opens_items in fields:
        sample = next((s.value for s in samples if s.role == "response" and s.status in (field.status, None)), None)
        if not stack or stack[0][1] is not sample:
            stack = [((), sample)]
        holders = [i for i, (_, value) in enumerate(stack) if isinstance(value, dict) and field.name in value]
        del stack[(holders[-1] if holders else len(stack) - 1) + 1 :]
        parents, value = stack[-1]
        field.parents = parents
        out.append(field)
        child = value.get(field.name) if isinstance(value, dict) else None
        if field.type == "object":
            stack.append(((*parents, field.name), child))
        elif field.type == "array" and opens_items:
            first = child[0] if isinstance(child, list) and child else None
            stack.append(((*parents, field.name, "[]"), first))
    return out
