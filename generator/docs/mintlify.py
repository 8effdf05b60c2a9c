"""Mintlify-style pages (Paxos, Otim, Formance): one fact per line.

The endpoint is drawn as ``GET`` then the path split into ``/`` and segment lines.  Sections
start with a heading line (``Authorizations``, ``Query Parameters``, ``Body``, ``Response``);
inside one, a field is a name line followed by a type line (``string[]``,
``integer<int32>``, ``enum<string>[] | null``), then flag lines (``required``, the
location), the description, ``Available options:`` with one member per line (each but the
last ending in a comma) and ``Example:`` blocks.  A response section opens with
``200 - application/json`` (or ``200`` and ``application/json`` on two lines).
"""

from __future__ import annotations

import re

from generator.docs.capture import Capture
from generator.docs.page import (
    PageAuth,
    PageDoc,
    PageField,
    apply_prose,
    apply_type_expr,
    auth_from_curls,
    find_curls,
    find_json_samples,
    is_type_expr,
)

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_SECTIONS = {
    "Authorizations": "auth",
    "OAuth Scope": "scope",
    "Path Parameters": "path",
    "Query Parameters": "query",
    "Header Parameters": "header",
    "Body": "body",
    "Response": "response",
    "Documentation Index": "other",
}
_NAME = re.compile(r"^[A-Za-z_$][\w.$-]*$")
_STATUS = re.compile(r"^(?P<status>\d{3})(?: - \S+)?$")
_URL = re.compile(r"https?://[^\s'\"]+")
_FLAGS = {"required", "header", "query", "path", "cookie"}


def extract(capture: Capture) -> PageDoc:
    lines = capture.lines
    page = PageDoc()
    _endpoint(lines, page, capture)
    page.curls, spans = find_curls(lines, capture.line_of)
    page.samples = find_json_samples(lines, capture.line_of, spans)
    section, status, current = "", None, None
    in_options = False
    for index, line in enumerate(lines):
        text = line.strip()
        if text in _SECTIONS and not in_options:
            section, current = _SECTIONS[text], None
            if section == "auth":
                page.auth = page.auth or PageAuth(line=capture.line_of(index))
            continue
        if section == "scope" and text:
            page.auth = page.auth or PageAuth(line=capture.line_of(index))
            page.auth.scopes.append(text)
            page.auth.scope_lines[text] = capture.line_of(index)
            continue
        if section == "auth":
            _auth_line(page, text)
            continue
        if section == "response" and (found := _STATUS.match(text)):
            status, current = found.group("status"), None
            page.responses.append((status, capture.line_of(index)))
            continue
        if section in ("path", "query", "header", "body", "response"):
            nxt = lines[index + 1].strip() if index + 1 < len(lines) else ""
            if _NAME.match(text) and is_type_expr(nxt) and not in_options:
                where = "response" if section == "response" else section
                current = PageField(name=text, where=where, line=capture.line_of(index), status=status)
                page.fields.append(current)
                continue
            if current is None:
                continue
            if is_type_expr(text) and current.type is None:
                apply_type_expr(current, text)
            elif text == "required":
                current.required = True
            elif text in _FLAGS:
                continue
            elif text == "Available options:":
                in_options = True
            elif in_options:
                current.enum += (text.rstrip(","),)
                in_options = text.endswith(",")
            elif text and text != "Example:":
                current.description.append(text)
                apply_prose(current, text)
    for found_field in page.fields:
        if found_field.required is None and found_field.where != "path":
            found_field.required = False  # Mintlify marks required fields; the others are optional
    if page.auth is None:
        page.auth = auth_from_curls(page.curls)
    return page


def _endpoint(lines: list[str], page: PageDoc, capture: Capture) -> None:
    """``GET`` / ``/`` / ``orchestration`` / ``/`` / ``orchestrations`` -> GET /orchestration/orchestrations."""
    for index, line in enumerate(lines[:-1]):
        if line.strip() in _METHODS and lines[index + 1].strip() == "/":
            parts, cursor = [], index + 1
            while cursor + 1 < len(lines) and lines[cursor].strip() == "/":
                parts.append(lines[cursor + 1].strip())
                cursor += 2
            page.method, page.path = line.strip(), "/" + "/".join(parts)
            page.heading_line = capture.line_of(index)
            for segment in parts:
                if segment.startswith("{") and segment.endswith("}"):
                    page.fields.append(
                        PageField(name=segment[1:-1], where="path", line=capture.line_of(index), required=True)
                    )
            return


def _auth_line(page: PageDoc, text: str) -> None:
    assert page.auth is not None
    if re.search(r"OAuth ?2", text):
        page.auth.kinds.add("oauth2")
    if "client credentials" in text.lower():
        page.auth.flows.add("clientCredentials")
    if "JWT" in text:
        page.auth.kinds.add("bearer")
        page.auth.bearer_format = "JWT"
    if text == "Authorization":
        page.auth.kinds.add("bearer")
    page.auth.token_urls += _URL.findall(text)
