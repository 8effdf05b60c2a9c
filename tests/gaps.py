"""KNOWN_GAPS: the one list of test cases expected to fail today, and why, for every suite.

A gap is a known defect in code the failing suite does not own (the generated code for
``conformance``, the generator's handling of hostile input for ``hardening``, the runtime
for ``faults``) that work in flight will fix.  Its cases run as ``xfail(strict=True)``: the
day the fix lands they pass, strict xfail turns that into a failure of the run, and the
entry must be deleted (``tests/test_gaps.py`` proves that an entry whose case passes fails
the run).  Each suite also fails on an entry that matches none of its cases
(``stale_patterns``).  Errata never stand in for these: errata are only for docs that
contradict themselves.

Cases are named by ``fnmatch`` patterns over the suite's case ids: conformance
``<vendor>/<operation>/...``, faults ``<fault id>/<sync|async>`` (``<fault id>/*`` for both
modes), hardening the test function's name.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import pytest

Suite = Literal["conformance", "hardening", "faults"]


@dataclass(frozen=True)
class Gap:
    suite: Suite
    cases: tuple[str, ...]
    """``fnmatch`` patterns over the suite's case ids."""
    reason: str
    """What the code gets wrong today, exactly enough to recognise the fix."""


KNOWN_GAPS: tuple[Gap, ...] = (
    Gap(
        suite="conformance",
        cases=("formance/get_instance_history/response/200/built/mutation/numeric-string/data/0/input/amount/amount",),
        reason=(
            "ambiguous-anyof-of-open-objects: V2Stage (an instance history entry's input) is an anyOf of "
            "four object schemas with no discriminator, three of which (V2StageSend, V2StageDelay, "
            "V2Update) require nothing and allow any key, so a send whose amount is the string '100' is "
            "still schema-valid (it matches V2StageDelay): `schema` cannot catch the mutation, and the "
            "flavours then read it differently (pydantic coerces it into V2StageSend, attrs, which does "
            "not coerce, reads it into another branch that keeps amount as an extra key, the string intact). The choice between branches that both "
            "read a payload is settled (both flavours take the one declaring most of its keys); this "
            "case needs the spec's branches made exclusive or the mutation suite told the schema is "
            "ambiguous here."
        ),
    ),
)


def gaps_for(suite: Suite, case_id: str, known: Iterable[Gap] = KNOWN_GAPS) -> list[Gap]:
    return [g for g in known if g.suite == suite and any(fnmatch.fnmatchcase(case_id, p) for p in g.cases)]


def reason_for(suite: Suite, case_id: str, known: Iterable[Gap] = KNOWN_GAPS) -> str | None:
    found = gaps_for(suite, case_id, known)
    return " AND ".join(g.reason for g in found) if found else None


def gap_marks(suite: Suite, case_id: str, known: Iterable[Gap] = KNOWN_GAPS) -> list[pytest.MarkDecorator]:
    """The marks of one case: a strict xfail when a gap names it, else none."""
    reason = reason_for(suite, case_id, known)
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def stale_patterns(suite: Suite, case_ids: Iterable[str], known: Iterable[Gap] = KNOWN_GAPS) -> list[str]:
    """The suite's patterns that match none of ``case_ids``: entries to remove."""
    ids = list(case_ids)
    return [p for g in known if g.suite == suite for p in g.cases if not fnmatch.filter(ids, p)]
