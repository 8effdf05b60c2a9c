"""What a docs page states, whatever renderer drew it: the extractors' common output.

Each layout module (``mintlify``, ``redoc_list``, ``stoplight``) turns a capture's text into
a ``PageDoc``; ``check`` compares that with the spec.  The helpers here read the parts that
look the same under every renderer: curl commands, JSON samples, type expressions such as
``integer<int32> | null`` and the limits pages state in prose ("Defaults to 100", "max 100",
"a limit of 100 ... in a single request").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

JSON_TYPES = ("string", "integer", "number", "boolean", "object", "array")


@dataclass
class PageField:
    """A parameter, request body field or response field, as the page lists it."""

    name: str
    where: str
    """``query``, ``path``, ``header``, ``body`` (request body) or ``response``."""
    line: int
    parents: tuple[str, ...] = ()
    """Enclosing field names for nested fields (``"[]"`` steps into an array's items)."""
    type: str | None = None
    format: str | None = None
    items_type: str | None = None
    items_format: str | None = None
    nullable: bool = False
    required: bool | None = None
    """None: the page does not say."""
    default: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    max_items: int | None = None
    enum: tuple[str, ...] = ()
    deprecated: bool = False
    status: str | None = None
    """For response fields: the status code they belong to."""
    description: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PageSample:
    text: str
    """The JSON text exactly as on the page."""
    line: int
    value: Any
    role: str
    """``request`` (a curl's --data) or ``response``."""
    status: str | None = None


@dataclass(frozen=True)
class PageCurl:
    text: str
    line: int


@dataclass
class PageAuth:
    line: int
    kinds: set[str] = field(default_factory=set)
    """``oauth2`` and/or ``bearer``."""
    scopes: list[str] = field(default_factory=list)
    scope_lines: dict[str, int] = field(default_factory=dict)
    token_urls: list[str] = field(default_factory=list)
    bearer_format: str | None = None
    flows: set[str] = field(default_factory=set)
    """OAuth2 flows the page names (``clientCredentials``)."""


@dataclass
class PageDoc:
    method: str | None = None
    path: str | None = None
    heading_line: int = 1
    fields: list[PageField] = field(default_factory=list)
    samples: list[PageSample] = field(default_factory=list)
    curls: list[PageCurl] = field(default_factory=list)
    auth: PageAuth | None = None
    responses: list[tuple[str, int]] = field(default_factory=list)
    """Status codes the page lists, with their lines."""


# --- type expressions ----------------------------------------------------------------------

_TYPE_EXPR = re.compile(r"^(?P<base>[a-z]+)(?:<(?P<fmt>[\w.-]+)>)?(?P<array>\[\])?(?P<null> \| null)?$")


def is_type_expr(text: str) -> bool:
    match = _TYPE_EXPR.match(text)
    return match is not None and (match.group("base") in JSON_TYPES or match.group("base") == "enum")


def apply_type_expr(target: PageField, text: str) -> None:
    """``string<date-time>``, ``enum<string>[] | null``, ``object[]`` -> type, format, items."""
    match = _TYPE_EXPR.match(text)
    if not match:
        return
    base, fmt = match.group("base"), match.group("fmt")
    if base == "enum":  # enum<string>: the members follow as "Available options"
        base, fmt = fmt or "string", None
    if match.group("array"):
        target.type, target.items_type, target.items_format = "array", base, fmt
    else:
        target.type, target.format = base, fmt
    target.nullable = bool(match.group("null"))


# --- limits stated in prose ----------------------------------------------------------------

_DEFAULT = re.compile(r"\b[Dd]efaults? (?:to )?(?P<value>[^\s,.()]+)")
_MAXIMUM = re.compile(r"\b[Mm]ax(?:imum)?\.? (?P<value>-?\d+)")
_MINIMUM = re.compile(r"\b[Mm]in(?:imum)?\.? (?P<value>-?\d+)")
_ITEM_LIMIT = re.compile(r"\blimit of (?P<value>\d+) .*\bin a single request")


def apply_prose(target: PageField, text: str) -> None:
    """The limits a description states in words; an explicit value already found wins."""
    if (found := _DEFAULT.search(text)) and target.default is None:
        target.default = found.group("value")
    if (found := _ITEM_LIMIT.search(text)) and target.max_items is None:
        target.max_items = int(found.group("value"))
    if (found := _MAXIMUM.search(text)) and target.maximum is None:
        target.maximum = int(found.group("value"))
    if (found := _MINIMUM.search(text)) and target.minimum is None:
        target.minimum = int(found.group("value"))
    if text.startswith("Deprecated"):
        target.deprecated = True


# --- curl commands and JSON samples ---------------------------------------------------------


def find_curls(lines: list[str], line_of: Any) -> tuple[list[PageCurl], list[tuple[int, int]]]:
    """Every curl command: its text and its span of 0-based line indices (end exclusive).

    A command goes on while a line ends with a backslash or a single quote is still open
    (a ``--data '`` body spans lines).
    """
    curls: list[PageCurl] = []
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        if not lines[index].startswith("curl "):
            index += 1
            continue
        end = index + 1
        text = lines[index]
        while end < len(lines) and (text.rstrip().endswith("\\") or text.count("'") % 2 == 1):
            text += "\n" + lines[end]
            end += 1
        curls.append(PageCurl(text, line_of(index)))
        spans.append((index, end))
        index = end
    return curls, spans


def find_json_samples(lines: list[str], line_of: Any, curl_spans: list[tuple[int, int]]) -> list[PageSample]:
    """Every JSON object or array that starts a line; inside a curl command it is the request."""
    samples: list[PageSample] = []
    decoder = json.JSONDecoder()
    text = "\n".join(lines)
    starts = _line_starts(lines)
    index = 0
    while index < len(lines):
        if lines[index][:1] not in ("{", "["):
            index += 1
            continue
        try:
            value, end = decoder.raw_decode(text, starts[index])
        except (ValueError, RecursionError):  # not JSON, or nested deeper than any sample
            index += 1
            continue
        in_curl = any(lo <= index < hi for lo, hi in curl_spans)
        samples.append(
            PageSample(text[starts[index] : end], line_of(index), value, "request" if in_curl else "response")
        )
        index = text.count("\n", 0, end) + 1
    return samples


def _line_starts(lines: list[str]) -> list[int]:
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return starts


_BEARER = re.compile(r"Authorization: Bearer ", re.IGNORECASE)


def auth_from_curls(curls: list[PageCurl]) -> PageAuth | None:
    """Pages without an auth section still show the header their curl sends."""
    for curl in curls:
        if _BEARER.search(curl.text):
            return PageAuth(line=curl.line, kinds={"bearer"})
    return None


def without_insignificant_whitespace(json_text: str) -> str:
    """JSON text with the whitespace between tokens removed; strings keep every byte."""
    out: list[str] = []
    in_string = escaped = False
    for char in json_text:
        if in_string:
            out.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
            out.append(char)
        elif char not in " \t\r\n":
            out.append(char)
    return "".join(out)
