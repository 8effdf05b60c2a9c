"""The suite covers everything the specs hold, and can fail.

Checked against the generator's own walkers (``find_examples``, ``iter_operations``), not
the suite's discovery, so a sample or an operation the suite would skip is reported.
"""

from __future__ import annotations

import importlib

import pytest

from generator.spec.errata import find_examples
from generator.spec.toolkit import iter_operations
from tests.conformance import discovery, mutations
from tests.conformance.cases import all_cases, mutation_outcome
from tests.conformance.checks import AGREE, CHECKS
from tests.conformance.wire import MODES
from tests.gaps import stale_patterns

VENDORS = discovery.vendors()
CASE_IDS = {case.id for case in all_cases()}


def test_there_are_vendors() -> None:
    assert VENDORS, "no specs/*.yaml found: the suite would pass vacuously"


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda v: v.slug)
def test_every_spec_has_its_generated_package(vendor: discovery.Vendor) -> None:
    importlib.import_module(vendor.package)
    importlib.import_module(f"{vendor.package}.pydantic_models")


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda v: v.slug)
def test_every_example_runs_every_check(vendor: discovery.Vendor) -> None:
    """Each example has a JSON body schema (else it could not be checked) and all its cases."""
    covered = {(s.example.operation, s.example.key) for s in discovery.samples(vendor)}
    examples = find_examples(vendor.doc)
    assert examples, f"{vendor.slug}: no samples at all"
    missing = [f"{e.operation} {e.key}" for e in examples if (e.operation, e.key) not in covered]
    assert not missing, f"examples without a JSON body schema the suite can check: {missing}"
    for sample in discovery.samples(vendor):
        wanted = {f"{sample.id}/{check}" for check in CHECKS} | {f"{sample.id}/errata"}
        assert wanted <= CASE_IDS, f"missing cases: {sorted(wanted - CASE_IDS)}"
        assert any(i.startswith(f"{sample.id}/mutation/") for i in CASE_IDS), f"{sample.id} has no mutation"


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda v: v.slug)
def test_every_operation_is_called_sync_and_async(vendor: discovery.Vendor) -> None:
    operation_ids = [op.operation.get("operationId") for op in iter_operations(vendor.doc)]
    assert [op.operation_id for op in vendor.operations] == operation_ids
    for operation in vendor.operations:
        module = importlib.import_module(operation.module)
        for function in ("sync", "sync_detailed", "asyncio", "asyncio_detailed"):
            assert callable(getattr(module, function, None)), f"{operation.module} has no {function}()"
        examples = operation.request_examples
        assert examples, f"{operation.id} has no x-request-examples (specs/CONVENTIONS.md requires one)"
        names = [e.get("name") for e in examples]
        assert len(set(names)) == len(names), f"{operation.id}: request example names repeat: {names}"
        for example in discovery.request_examples(vendor):
            assert {"call", "expect"} <= set(example.entry), f"{example.id} lacks call or expect"
            assert {f"{example.id}/{m}" for m in MODES} <= CASE_IDS


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda v: v.slug)
def test_every_body_schema_has_property_cases(vendor: discovery.Vendor) -> None:
    targets = discovery.targets(vendor)
    assert any(t.kind == "response" for t in targets), f"{vendor.slug}: no response schema"
    for target in targets:
        wanted = {f"{target.id}/property/{name}" for name in ("attrs", "pydantic", AGREE)}
        assert wanted <= CASE_IDS, f"missing: {sorted(wanted - CASE_IDS)}"


def test_every_known_gap_still_names_a_case() -> None:
    stale = stale_patterns("conformance", CASE_IDS)
    assert not stale, f"conformance gaps in tests/gaps.py that match no case (remove them): {stale}"


def test_every_mutation_kind_is_exercised() -> None:
    used = {m.kind.name for v in VENDORS for s in discovery.samples(v) for m in mutations.mutations(s)}
    assert used == set(mutations.KINDS), f"never applied: {sorted(set(mutations.KINDS) - used)}"


def test_every_check_is_shown_to_fail() -> None:
    """Across all schema-breaking mutations, and the sabotage cases, each check fails somewhere."""
    failed: set[str] = set()
    for vendor in VENDORS:
        for sample in discovery.samples(vendor):
            for mutation in mutations.mutations(sample):
                outcome = mutation_outcome(sample, mutation)
                failed |= {c for c in CHECKS if outcome.failed_near(c, mutation.pointer)}
    sabotaged = {
        check
        for check, marker in (("round-trip/attrs", "/attrs"), ("round-trip/pydantic", "/pydantic"), (AGREE, "/agree"))
        if any("/sabotage/" in i and i.endswith(marker) for i in CASE_IDS)
    }
    assert set(CHECKS) <= failed | sabotaged, f"never shown to fail: {sorted(set(CHECKS) - failed - sabotaged)}"
    assert {"schema", "parse/attrs", "parse/pydantic"} <= failed, "mutations must break the schema and both parsers"
