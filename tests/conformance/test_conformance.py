"""Every case of the registry, one pytest test each (ids like ``paxos/list_orchestrations/response/200/docs/schema``)."""

from __future__ import annotations

import pytest

from tests.conformance.cases import Case
from tests.conformance.params import case_params


@pytest.mark.parametrize("case", case_params("sample"))
def test_sample(case: Case) -> None:
    """Samples after errata: schema, parse and round-trip in both flavors, the flavors agree."""
    case.run()


@pytest.mark.parametrize("case", case_params("errata"))
def test_errata(case: Case) -> None:
    """Raw samples: exactly the recorded errata explain what fails; errata files are well formed."""
    case.run()


@pytest.mark.parametrize("case", case_params("request"))
def test_request(case: Case) -> None:
    """x-request-examples reproduced on the wire, sync and async."""
    case.run()


@pytest.mark.parametrize("case", case_params("property"))
def test_property(case: Case) -> None:
    """Generated valid payloads (extras, nulls, every date-time spelling, big ints) parse and round-trip."""
    case.run()


@pytest.mark.parametrize("case", case_params("mutation"))
def test_mutation(case: Case) -> None:
    """Schema-breaking mutations of each sample make the relevant checks fail."""
    case.run()


@pytest.mark.parametrize("case", case_params("sabotage"))
def test_sabotage(case: Case) -> None:
    """Wrong model output (re-spelled timestamps, ints as floats, nulls) is caught where it is."""
    case.run()
