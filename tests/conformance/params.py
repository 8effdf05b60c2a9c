"""pytest parameters from the case registry, with KNOWN_GENERATOR_GAPS attached as strict xfails."""

from __future__ import annotations

import pytest

from tests.conformance.cases import all_cases
from tests.conformance.discovery import ensure_generated_importable
from tests.conformance.gaps import reason_for

ensure_generated_importable()


def case_params(group: str) -> list[object]:
    params: list[object] = []
    for case in all_cases():
        if case.group != group:
            continue
        reason = reason_for(case.id)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(case, id=case.id, marks=marks))
    return params
