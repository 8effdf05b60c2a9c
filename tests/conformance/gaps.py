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


KNOWN_GENERATOR_GAPS: tuple[Gap, ...] = ()


def gaps_for(case_id: str) -> list[Gap]:
    return [g for g in KNOWN_GENERATOR_GAPS if any(fnmatch.fnmatchcase(case_id, p) for p in g.cases)]


def reason_for(case_id: str) -> str | None:
    found = gaps_for(case_id)
    return " AND ".join(g.reason for g in found) if found else None
