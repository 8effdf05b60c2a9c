"""KNOWN_RUNTIME_GAPS: the one list of fault cases the runtime gets wrong today, and how.

The runtime (generator/runtime) is not this suite's to change: a case it fails is
recorded here with the exact failing behaviour and runs as ``xfail(strict=True)``.  When
the runtime is fixed the case passes, the strict xfail fails the run, and the entry must be
deleted.  Keys are fault ids (both modes) or ``<fault id>/<sync|async>``; a key naming no
case fails ``test_every_known_gap_names_a_case``.
"""

from __future__ import annotations

import pytest

KNOWN_RUNTIME_GAPS: dict[str, str] = {}


def gap_marks(case_id: str, mode: str) -> list[pytest.MarkDecorator]:
    reason = KNOWN_RUNTIME_GAPS.get(f"{case_id}/{mode}") or KNOWN_RUNTIME_GAPS.get(case_id)
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
