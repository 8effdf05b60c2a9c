"""The four checks a payload goes through, each failure located by a JSON pointer.

1. ``schema``: Draft 2020-12 validation with format checks (the validator errata.py builds);
2. ``parse/<flavor>``: it reads into the attrs and into the pydantic models;
3. ``round-trip/<flavor>``: each writes it back as exactly the payload (``json_diff``);
4. ``agree``: the two readings are the same, field by field.

Pointers let the raw-sample check tell which failures an erratum explains.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import pydantic
from jsonschema.protocols import Validator

from generator import names
from generator.spec.errata import Example, example_validator
from generator.spec.toolkit import join_pointer
from tests.conformance.agreement import disagreements
from tests.conformance.discovery import Target, Vendor
from tests.conformance.flavors import FLAVORS, Flavor
from tests.conformance.jsoncompare import deepest_existing, json_diff, related

SCHEMA = "schema"
AGREE = "agree"
CHECKS = (SCHEMA, "parse/attrs", "parse/pydantic", "round-trip/attrs", "round-trip/pydantic", AGREE)


@dataclass(frozen=True)
class Failure:
    check: str
    pointer: str
    message: str

    def render(self) -> str:
        return f"[{self.check}] {self.pointer or '(root)'}: {self.message}"


@dataclass
class Outcome:
    ran: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    parsed: dict[str, Any] = field(default_factory=dict)

    def failed(self, check: str) -> bool:
        return any(f.check == check for f in self.failures)

    def failed_near(self, check: str, pointer: str) -> bool:
        """Whether ``check`` failed at ``pointer``, an ancestor or a descendant of it."""
        return any(f.check == check and related(f.pointer, pointer) for f in self.failures)

    def passed(self, check: str) -> bool:
        return check in self.ran and not self.failed(check)

    def of(self, *checks: str) -> list[Failure]:
        return [f for f in self.failures if f.check in checks]

    def render(self, *checks: str) -> str:
        shown = self.of(*checks) if checks else self.failures
        return "\n".join(f.render() for f in shown) or "(no failures)"


def run_checks(target: Target, payload: Any, flavors: tuple[Flavor, ...] = FLAVORS) -> Outcome:
    outcome = Outcome()
    outcome.ran.append(SCHEMA)
    for error in validator(target).iter_errors(payload):
        at = join_pointer("", *error.absolute_path)
        outcome.failures.append(
            Failure(SCHEMA, at, f"{error.message} (schema: {'/'.join(map(str, error.schema_path))})")
        )
    for flavor in flavors:
        _parse_and_round_trip(target, payload, flavor, outcome)
    if len(outcome.parsed) == 2:
        outcome.ran.append(AGREE)
        attrs_value, pydantic_value = outcome.parsed["attrs"], outcome.parsed["pydantic"]
        for d in disagreements(payload, attrs_value, pydantic_value, component_classes(target.vendor)):
            outcome.failures.append(Failure(AGREE, d.pointer, d.message))
    return outcome


def _parse_and_round_trip(target: Target, payload: Any, flavor: Flavor, outcome: Outcome) -> None:
    parse, round_trip = f"parse/{flavor.name}", f"round-trip/{flavor.name}"
    outcome.ran.append(parse)
    try:
        parsed = flavor.parse(target, payload)
    except pydantic.ValidationError as exc:
        for error in exc.errors():
            at = deepest_existing(payload, list(error["loc"]))
            outcome.failures.append(Failure(parse, at, f"{error['msg']} (at {error['loc']})"))
        return
    except Exception as exc:  # any exception while reading is the failure being checked for
        outcome.failures.append(Failure(parse, "", f"{type(exc).__name__}: {exc}"))
        return
    outcome.parsed[flavor.name] = parsed
    outcome.ran.append(round_trip)
    try:
        written = flavor.dump(parsed)
    except Exception as exc:  # a value that cannot be written as JSON
        outcome.failures.append(Failure(round_trip, "", f"cannot write it back: {type(exc).__name__}: {exc}"))
        return
    outcome.failures += [Failure(round_trip, d.pointer, d.message) for d in json_diff(payload, written)]


@functools.cache
def validator(target: Target) -> Validator:
    probe = Example(target.operation.operation_id, target.key, "", None, target.schema_pointer)
    found = example_validator(target.vendor.doc, probe)
    if found is None:  # pragma: no cover - targets() only yields bodies with a schema
        raise LookupError(f"{target.id} has no schema")
    return found


@functools.cache
def component_classes(vendor: Vendor) -> frozenset[str]:
    """Class names both flavors give component schemas (attrs via the generator's rule, pydantic as named)."""
    schemas = (vendor.doc.get("components") or {}).get("schemas") or {}
    return frozenset(names.class_name(n) for n in schemas) | frozenset(schemas)
