"""Values into a request: path segments, and parameters declared with ``content:``."""

from __future__ import annotations

import datetime
import json
from enum import Enum
from typing import Any

from ._datetime import format_datetime


def path_value(value: object) -> str:
    """One path parameter's text (before percent-encoding): JSON spelling for booleans,
    enum values, date-times as in a payload."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def encode_content(value: Any, media_type: str) -> str:
    """A parameter declared with ``content: {<media_type>: ...}``: JSON media types as compact
    JSON text, anything else as its text."""
    media = media_type.split(";", 1)[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return value if isinstance(value, str) else str(value)
