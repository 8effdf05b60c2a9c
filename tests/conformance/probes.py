"""Valid payloads built to probe one known way a model could fail to keep a payload exactly."""

from __future__ import annotations

from typing import Any

from generator import names
from generator.spec.toolkit import join_pointer
from tests.conformance.discovery import Sample
from tests.conformance.jsoncompare import exists, with_value, without
from tests.conformance.mutations import sites


def python_name_extra(sample: Sample) -> tuple[str, Any] | None:
    """(pointer, valid payload with an undocumented key spelled like a field's Python name), if possible.

    ``max_runs`` where ``maxRuns`` is documented is just an undocumented field, and both
    flavors must keep it as one.  An optional documented field is taken out for it: that
    is when a model that also accepts Python names reads the extra key as the field.
    """
    payload = sample.corrected()
    candidates: list[tuple[bool, str, str]] = []
    for site in sites(sample.target.vendor, sample.target.schema_pointer, payload):
        properties = site.schema.get("properties") or {}
        if not isinstance(site.value, dict) or site.schema.get("additionalProperties") is False:
            continue
        required = set(site.schema.get("required") or [])
        for key in properties:
            python = names.python_identifier(key)
            # camelCase keys: there both naming rules (attrs, pydantic) give the same snake_case name.
            camel = any(c.isupper() for c in key)
            if camel and python != key and python not in site.value and python not in properties:
                candidates.append(
                    (key in required, join_pointer(site.pointer, key), join_pointer(site.pointer, python))
                )
    if not candidates:
        return None
    is_required, documented, pointer = min(candidates, key=lambda c: c[0])  # an optional field first
    changed = with_value(payload, pointer, "undocumented")
    if not is_required and exists(changed, documented):
        changed = without(changed, documented)
    return pointer, changed


BIG = 2**100 + 7
"""Past int64 and uint64: what an arbitrary-size amount (Formance's bigint) can be."""


def big_integers(sample: Sample) -> Any | None:
    """The sample with every integer that has no upper bound (or one past 64 bits) made huge, if it has one."""
    payload = sample.corrected()
    changed = payload
    for site in sites(sample.target.vendor, sample.target.schema_pointer, payload):
        types = site.schema.get("type")
        integer = types == "integer" or (isinstance(types, list) and "integer" in types)
        unbounded = site.schema.get("maximum", BIG) >= BIG
        if integer and unbounded and site.pointer and isinstance(site.value, int) and not isinstance(site.value, bool):
            changed = with_value(changed, site.pointer, BIG + site.value)
    return None if changed is payload else changed
