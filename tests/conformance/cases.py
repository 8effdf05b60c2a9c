"""The registry: every conformance case, built by walking the specs.

A case is an id (``<vendor>/<operation>/<what>``) and a function that raises
``AssertionError`` with a readable message when the generated code does not conform.
pytest parametrizes over these (test_conformance.py) and report.py runs the same ones, so
the report can never disagree with the suite.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, assume, given, settings

from tests.conformance import curl, discovery, mutations, probes, sabotage, wire
from tests.conformance.agreement import disagreements
from tests.conformance.checks import AGREE, CHECKS, SCHEMA, Outcome, component_classes, run_checks
from tests.conformance.discovery import RequestExample, Sample, Target, Vendor
from tests.conformance.flavors import ATTRS, FLAVORS, PYDANTIC, Flavor
from tests.conformance.jsoncompare import related
from tests.conformance.payloads import payloads

PROPERTY_EXAMPLES = int(os.environ.get("CONFORMANCE_EXAMPLES", "30"))
"""Per schema and flavor: enough to meet every spelling and branch, small enough for CI."""


@dataclass(frozen=True)
class Case:
    id: str
    group: str
    """sample | errata | request | property | mutation | sabotage"""
    vendor: str
    run: Callable[[], None]


@functools.cache
def all_cases() -> tuple[Case, ...]:
    found: list[Case] = []
    for vendor in discovery.vendors():
        found.append(Case(f"{vendor.slug}/errata-file", "errata", vendor.slug, functools.partial(_errata_file, vendor)))
        for sample in discovery.samples(vendor):
            found += _sample_cases(sample)
        for example in discovery.request_examples(vendor):
            found += [
                Case(f"{example.id}/{m}", "request", vendor.slug, functools.partial(_request, example, m))
                for m in wire.MODES
            ]
        for target in discovery.targets(vendor):
            for name in ("attrs", "pydantic", AGREE):
                found.append(
                    Case(
                        f"{target.id}/property/{name}",
                        "property",
                        vendor.slug,
                        functools.partial(_property, target, name),
                    )
                )
    return tuple(found)


def _sample_cases(sample: Sample) -> list[Case]:
    slug = sample.target.vendor.slug
    found = [
        Case(f"{sample.id}/{check}", "sample", slug, functools.partial(_sample_check, sample, check))
        for check in CHECKS
    ]
    probe = probes.python_name_extra(sample)
    if probe is not None:
        run = functools.partial(_python_name_extra, sample, *probe)
        found.append(Case(f"{sample.id}/extra-key-like-python-name", "sample", slug, run))
    big = probes.big_integers(sample)
    if big is not None:
        found.append(
            Case(f"{sample.id}/big-integers", "sample", slug, functools.partial(_all_checks_pass, sample, big))
        )
    found.append(Case(f"{sample.id}/errata", "errata", slug, functools.partial(errata_explain, sample)))
    for m in mutations.mutations(sample):
        found.append(
            Case(
                f"{sample.id}/mutation/{m.kind.name}{m.pointer}",
                "mutation",
                slug,
                functools.partial(_mutation, sample, m),
            )
        )
    for tamper in sabotage.round_trip_tampers(sample.corrected()):
        for flavor in FLAVORS:
            case_id = f"{sample.id}/sabotage/{tamper.name}/{flavor.name}"
            found.append(Case(case_id, "sabotage", slug, functools.partial(_tampered, sample, tamper, flavor)))
    change = sabotage.agree_change(sample)
    if change is not None:
        run = functools.partial(_agree_sabotage, sample, *change)
        found.append(Case(f"{sample.id}/sabotage/{AGREE}", "sabotage", slug, run))
    return found


# --- samples: the four checks after errata ------------------------------------------------

_outcomes: dict[tuple[str, tuple[str, ...]], Outcome] = {}


def sample_outcome(sample: Sample) -> Outcome:
    key = (sample.id, tuple(e.id for e in sample.errata))
    if key not in _outcomes:
        _outcomes[key] = run_checks(sample.target, sample.corrected())
    return _outcomes[key]


def _sample_check(sample: Sample, check: str) -> None:
    outcome = sample_outcome(sample)
    if check not in outcome.ran:
        prerequisite = "parse/attrs and parse/pydantic" if check == AGREE else check.replace("round-trip", "parse")
        raise AssertionError(f"{check} could not run, {prerequisite} failed:\n{outcome.render()}")
    assert outcome.passed(check), f"{sample.id} fails {check}:\n{outcome.render(check)}"


def _python_name_extra(sample: Sample, pointer: str, payload: Any) -> None:
    # Only what the extra key changes counts; the sample's own failures are other cases'.
    before = {(f.check, f.pointer) for f in sample_outcome(sample).failures}
    outcome = run_checks(sample.target, payload)
    new = [f.render() for f in outcome.failures if (f.check, f.pointer) not in before]
    assert not new, f"undocumented key {pointer} is not kept as an extra:\n" + "\n".join(new)


def _all_checks_pass(sample: Sample, payload: Any) -> None:
    outcome = run_checks(sample.target, payload)
    assert not outcome.failures, f"{sample.id} with integers past 64 bits:\n{outcome.render()}"


# --- errata: exactly the recorded errata explain the raw sample's failures ------------------


def _errata_file(vendor: Vendor) -> None:
    assert not vendor.errata_problems, "\n".join(vendor.errata_problems)


def errata_explain(sample: Sample) -> None:
    raw = run_checks(sample.target, sample.raw)
    fixed = sample_outcome(sample)
    problems: list[str] = []
    for failure in raw.failures:
        if any(related(failure.pointer, e.pointer) for e in sample.errata):
            continue
        if failure.check == SCHEMA:
            problems.append(f"no erratum covers {failure.render()}")
        elif not fixed.failed(failure.check):
            # A model failure that persists after the errata is the generator's, reported by
            # the sample's own case; one the errata make vanish must be one they point at.
            problems.append(f"errata change this result but none points at it: {failure.render()}")
    for erratum in sample.errata:
        others = tuple(e for e in sample.errata if e.id != erratum.id)
        if not run_checks(sample.target, sample.corrected(others), flavors=()).failed(SCHEMA):
            problems.append(f"stale erratum {erratum.id}: the sample validates without it ({erratum.pointer})")
    assert not problems, "\n".join(problems)


# --- request examples ---------------------------------------------------------------------


def _request(example: RequestExample, mode: str) -> None:
    found = wire.mismatches(wire.capture(example, mode), example.entry.get("expect") or {})
    assert not found, f"{example.id} ({mode}) does not send what the docs show:\n" + "\n".join(found)


def _docs_curl(example: RequestExample) -> None:
    verbatim = example.entry.get("verbatim")
    assert isinstance(verbatim, str), f"{example.id} is `source: docs` but has no `verbatim` curl text"
    found = curl.mismatches(verbatim, example.entry.get("expect") or {})
    assert not found, f"{example.id}: expect does not send what the page's curl sends:\n" + "\n".join(found)


# --- property-based payloads --------------------------------------------------------------


def _property(target: Target, name: str) -> None:
    flavors = FLAVORS if name == AGREE else tuple(f for f in FLAVORS if f.name == name)
    checks = [AGREE] if name == AGREE else [f"parse/{name}", f"round-trip/{name}"]

    @settings(
        max_examples=PROPERTY_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(payloads(target.vendor.doc, target.schema_pointer))
    def holds(payload: Any) -> None:
        outcome = run_checks(target, payload, flavors)
        assert outcome.passed(SCHEMA), (
            f"suite bug: the payload generator made an invalid payload:\n{outcome.render(SCHEMA)}"
        )
        if name == AGREE:
            assume(AGREE in outcome.ran)  # agreement is about payloads both flavors read
        for check in checks:
            assert outcome.passed(check), f"{target.id}: {check} fails for a valid payload:\n{outcome.render(check)}"

    holds()


# --- mutations and sabotage: every check can fail -----------------------------------------

_mutation_outcomes: dict[tuple[str, str, str], Outcome] = {}


def mutation_outcome(sample: Sample, mutation: mutations.Mutation) -> Outcome:
    key = (sample.id, mutation.kind.name, mutation.pointer)
    if key not in _mutation_outcomes:
        _mutation_outcomes[key] = run_checks(sample.target, mutation.payload)
    return _mutation_outcomes[key]


def _mutation(sample: Sample, mutation: mutations.Mutation) -> None:
    outcome = mutation_outcome(sample, mutation)
    at = mutation.pointer
    what = f"{mutation.kind.name} at {at} ({mutation.description})"
    # Only failures at the mutated place count: a failure elsewhere (another case's
    # gap) must not make a mutation look caught.
    for group in mutation.kind.must_fail:
        assert any(outcome.failed_near(c, at) for c in group), (
            f"{what}: none of {group} failed there\n{outcome.render()}"
        )
    for flavor in mutation.kind.keep_or_reject:
        rejected = outcome.failed(f"parse/{flavor}")
        altered = f"round-trip/{flavor}" not in outcome.ran or outcome.failed_near(f"round-trip/{flavor}", at)
        assert rejected or not altered, f"{what}: {flavor} accepted it but did not keep it\n{outcome.render()}"


def _tampered(sample: Sample, tamper: sabotage.Tamper, flavor: Flavor) -> None:
    broken = Flavor(flavor.name, flavor.parse, lambda parsed: tamper.apply(flavor.dump(parsed)))
    outcome = run_checks(sample.target, sample.corrected(), (broken,))
    check = f"round-trip/{flavor.name}"
    assert any(f.pointer == tamper.pointer for f in outcome.of(check)), (
        f"{check} missed a {tamper.name} at {tamper.pointer}:\n{outcome.render()}"
    )


def _agree_sabotage(sample: Sample, pointer: str, changed: Any) -> None:
    target = sample.target
    found = disagreements(
        sample.corrected(),
        ATTRS.parse(target, sample.corrected()),
        PYDANTIC.parse(target, changed),
        component_classes(target.vendor),
    )
    assert any(d.pointer == pointer for d in found), f"{AGREE} missed a changed field at {pointer}: {found}"
