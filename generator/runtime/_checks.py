"""Documented limits (maximum, items per filter, sized integers, patterns), checked before a
request is sent: a request the server would refuse fails here with a ``ValueError`` that
names the argument, instead of a round trip and a vendor-specific 400."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ._types import Unset


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def check(
    name: str,
    value: object,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    exclusive_minimum: float | None = None,
    exclusive_maximum: float | None = None,
    min_items: int | None = None,
    max_items: int | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    pattern: str | None = None,
    items: tuple[tuple[str, Any], ...] | None = None,
) -> None:
    """Raise ``ValueError`` naming ``name`` when ``value`` breaks a limit; unset values pass."""
    if value is None or isinstance(value, Unset):
        return
    if isinstance(value, int | float) and not isinstance(value, bool):
        _check_number(name, value, minimum, maximum, exclusive_minimum, exclusive_maximum)
    elif isinstance(value, str):
        _check_text(name, value, min_length, max_length, pattern)
    elif isinstance(value, list | tuple):
        if max_items is not None and len(value) > max_items:
            raise ValueError(f"{name} accepts at most {max_items} values per request (got {len(value)})")
        if min_items is not None and len(value) < min_items:
            raise ValueError(f"{name} needs at least {min_items} values (got {len(value)})")
        if items:
            item_limits = dict(items)
            for index, item in enumerate(value):
                check(f"{name}[{index}]", getattr(item, "value", item), **item_limits)


def _check_number(
    name: str,
    value: float,
    minimum: float | None,
    maximum: float | None,
    exclusive_minimum: float | None,
    exclusive_maximum: float | None,
) -> None:
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum} (got {value!r})")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum} (got {value!r})")
    if exclusive_maximum is not None and value >= exclusive_maximum:
        raise ValueError(f"{name} must be less than {exclusive_maximum} (got {value!r})")
    if exclusive_minimum is not None and value <= exclusive_minimum:
        raise ValueError(f"{name} must be greater than {exclusive_minimum} (got {value!r})")


def _check_text(name: str, value: str, min_length: int | None, max_length: int | None, pattern: str | None) -> None:
    if max_length is not None and len(value) > max_length:
        raise ValueError(f"{name} must be at most {max_length} characters (got {len(value)})")
    if min_length is not None and len(value) < min_length:
        raise ValueError(f"{name} must be at least {min_length} characters (got {len(value)})")
    if pattern is not None and _compiled(pattern).search(value) is None:
        raise ValueError(f"{name} must match the pattern {pattern!r} (got {value!r})")
