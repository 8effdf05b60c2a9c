"""pytest parameters from the case registry, with the conformance gaps of tests/gaps.py attached as strict xfails."""

from __future__ import annotations

import pytest

from tests.conformance.cases import all_cases
from tests.conformance.discovery import ensure_generated_importable
from tests.gaps import gap_marks

ensure_generated_importable()


def case_params(group: str) -> list[object]:
    params: list[object] = []
    for case in all_cases():
        if case.group != group:
            continue
        params.append(pytest.param(case, id=case.id, marks=gap_marks("conformance", case.id)))
    return params
