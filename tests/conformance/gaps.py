"""KNOWN_GENERATOR_GAPS: the one list of conformance cases expected to fail today, and why.

Each entry is a known defect of the generated code that work in flight will fix; its
cases run as ``xfail(strict=True)``, so the day the fix lands they pass, the strict xfail
turns into a failure, and the entry must be deleted.  An entry matching no case is a
failure too (see test_coverage.py).  Errata never stand in for these: errata are only
for docs that contradict themselves.

Patterns are ``fnmatch`` patterns over case ids (``<vendor>/<operation>/...``).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass


@dataclass(frozen=True)
class Gap:
    reason: str
    cases: tuple[str, ...]


_ATTRS_UNION_FALLBACK = (
    "attrs from_dict of a nullable array of enums (statuses: `type: [array, null]`): a null item "
    "makes OrchestrationStatus(None) raise inside the union parser, whose fallback "
    "(`except (TypeError, ValueError, ...): pass; return cast(...)`) swallows it and keeps the raw "
    "list, so to_dict() then raises AttributeError: an invalid value is neither rejected nor kept "
    "(model template's union parsing; not in the announced runtime work)"
)

_PYDANTIC_POPULATE_BY_NAME = (
    "pydantic models are generated with populate_by_name (gen_models.py "
    "allow_population_by_field_name=True), so an undocumented key spelled like a field's Python "
    "name (to_user_id where toUserId is absent) is read as that field: a valid payload is rejected "
    "or written back under the alias; needs a decision: alias-only models, or by_name=False when "
    "parsing JSON"
)

KNOWN_GENERATOR_GAPS: tuple[Gap, ...] = (
    Gap(
        _ATTRS_UNION_FALLBACK,
        ("otim/list_orchestrations/request/docs/mutation/null-not-nullable/statuses/0",),
    ),
    Gap(
        _PYDANTIC_POPULATE_BY_NAME,
        (
            "b3os/list_executions/response/200/docs/extra-key-like-python-name",
            "formance/get_instance_stage_history/response/200/docs/extra-key-like-python-name",
            "otim/list_orchestrations/response/200/docs/extra-key-like-python-name",
            "otim/list_orchestrations/request/docs/extra-key-like-python-name",
        ),
    ),
)


def gaps_for(case_id: str) -> list[Gap]:
    return [g for g in KNOWN_GENERATOR_GAPS if any(fnmatch.fnmatchcase(case_id, p) for p in g.cases)]


def reason_for(case_id: str) -> str | None:
    found = gaps_for(case_id)
    return " AND ".join(g.reason for g in found) if found else None
