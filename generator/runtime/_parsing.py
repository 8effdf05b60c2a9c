"""Reading payloads: where a bad value is, and what a response body must look like.

The models' ``from_dict`` wrap the reading of each field in a ``try`` that calls
``raise_at`` only when something failed, so a mismatch deep in a page is reported as a JSON pointer
(``/items/3/created_at``) at no cost to the happy path (``try`` is free in CPython 3.11+).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, NoReturn

import httpx


class FieldError(ValueError):
    """A value in a payload that does not match the spec, and where it is."""

    def __init__(self, reason: str, path: list[str | int] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path: list[str | int] = path if path is not None else []

    @property
    def pointer(self) -> str:
        """JSON pointer (RFC 6901) to the value, '' for the document itself."""
        return "".join("/" + str(key).replace("~", "~0").replace("/", "~1") for key in self.path)

    def __str__(self) -> str:
        return f"{self.pointer or '(document)'}: {self.reason}"


def at(error: BaseException, key: str | int) -> FieldError:
    """``error``, raised while reading ``key``, as a FieldError whose path starts at ``key``."""
    if isinstance(error, FieldError):
        error.path.insert(0, key)
        return error
    if isinstance(error, KeyError) and error.args == (key,):
        reason = "required field is missing"
    elif isinstance(error, ValueError | TypeError):
        reason = str(error) or type(error).__name__
    else:
        reason = f"{type(error).__name__}: {error}"
    return FieldError(reason, [key])


def raise_at(error: BaseException, key: str | int) -> NoReturn:
    """Raise ``at(error, key)`` (called from the models' ``except`` clauses)."""
    found = at(error, key)
    if found is error:
        raise found
    raise found from error


def expect_object(data: object, type_name: str) -> dict[str, Any]:
    """``data`` as a fresh dict the model may pop from; a FieldError when it is not an object."""
    if type(data) is dict:
        return data.copy()
    if isinstance(data, Mapping):
        return dict(data)
    raise FieldError(f"expected a JSON object ({type_name}), got {_kind(data)}")


def expect_list(data: object) -> list[Any]:
    if isinstance(data, list):
        return data
    raise FieldError(f"expected a JSON array, got {_kind(data)}")


def unknown_tag(data: object, property_name: str, tags: tuple[str, ...], union: str) -> FieldError:
    """The error for a discriminated union whose tag names no branch (the tag is in the message)."""
    if not isinstance(data, Mapping):
        return FieldError(f"expected a JSON object ({union}), got {_kind(data)}")
    if property_name not in data:
        return FieldError(f"{union}: discriminator {property_name!r} is missing", [property_name])
    expected = ", ".join(repr(t) for t in tags)
    return FieldError(
        f"{union}: unknown {property_name!r} tag {data[property_name]!r} (expected one of {expected})",
        [property_name],
    )


def json_body(response: httpx.Response) -> Any:
    """The decoded JSON body; a FieldError for a non-JSON content type or malformed JSON."""
    content_type = response.headers.get("content-type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if media and media != "application/json" and not media.endswith("+json"):
        raise FieldError(f"expected a JSON body (application/json), got Content-Type {media!r}")
    try:
        return json.loads(response.content)
    except UnicodeDecodeError as exc:
        raise FieldError(f"body is not UTF-8 JSON: {exc.reason}") from exc
    except json.JSONDecodeError as exc:
        raise FieldError(f"body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
    except RecursionError:
        # Arrays or objects nested thousands deep: Python's parser recurses once per level.
        raise FieldError("body nests JSON arrays or objects too deeply to read") from None


def _kind(value: object) -> str:
    if value is None:
        return "null"
    names = {str: "a string", bool: "a boolean", int: "a number", float: "a number", list: "an array"}
    for python_type, name in names.items():
        if isinstance(value, python_type):
            return f"{name} ({_excerpt(value)})"
    return type(value).__name__


def _excerpt(value: object) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 40 else text[:37] + "..."
