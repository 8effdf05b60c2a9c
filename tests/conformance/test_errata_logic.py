"""The raw-sample check fails for a stale erratum and for a failure no erratum covers.

Built from whatever samples the specs hold (no vendor named): the first sample with
errata loses them, and any sample gains an erratum that changes nothing.
"""

from __future__ import annotations

import dataclasses

import pytest

from generator.spec.errata import Erratum
from tests.conformance import discovery
from tests.conformance.cases import errata_explain

SAMPLES = [s for v in discovery.vendors() for s in discovery.samples(v)]


def test_a_failure_no_erratum_covers_fails() -> None:
    with_errata = [s for s in SAMPLES if s.errata]
    if not with_errata:
        pytest.skip("no sample needs an erratum today")
    bare = dataclasses.replace(with_errata[0], errata=())
    with pytest.raises(AssertionError, match="no erratum covers"):
        errata_explain(bare)


def test_a_stale_erratum_fails() -> None:
    sample = SAMPLES[0]
    key = next(iter(sample.raw)) if isinstance(sample.raw, dict) else "0"
    value = sample.raw[key] if isinstance(sample.raw, dict) else sample.raw[0]
    useless = Erratum(
        "conformance-useless",
        sample.example.operation,
        sample.example.key,
        f"/{key}",
        "changes nothing",
        value,
        "/errata/99",
    )
    with pytest.raises(AssertionError, match="stale erratum conformance-useless"):
        errata_explain(dataclasses.replace(sample, errata=(*sample.errata, useless)))
