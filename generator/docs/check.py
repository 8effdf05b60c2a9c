"""The docs-to-spec check: what each captured page states against what its spec states.

Public entry: ``check_docs(spec, root)``.  It reads the captures the spec lists in
``info.x-docs-captures`` (paths relative to ``root``, the repository), extracts each page
with the extractor of its layout, and compares it with every operation whose ``x-docs-url``
is the capture's URL.  It returns problems, located in both files; it never prints.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from generator.docs.attribution import KEY, attribution_of, attribution_problem
from generator.docs.capture import Capture, read_capture
from generator.docs.layouts import extract
from generator.docs.operation import OperationCheck
from generator.docs.page import PageDoc
from generator.docs.report import ATTRIBUTE_FIX, Reporter
from generator.problems import Problem
from generator.spec.load import LoadedSpec
from generator.spec.toolkit import LITERAL_KEYS, iter_operations, join_pointer

CAPTURES_KEY = "x-docs-captures"


def check_docs(spec: LoadedSpec, root: Path) -> list[Problem]:
    """Every difference between ``spec`` and the docs captures it lists (see the module doc)."""
    info = spec.data.get("info") if isinstance(spec.data, dict) else None
    listed = info.get(CAPTURES_KEY) if isinstance(info, dict) else None
    at = join_pointer("/info", CAPTURES_KEY)
    if not isinstance(listed, list) or not listed or not all(isinstance(p, str) for p in listed):
        return [
            spec.problem(
                "/info" if listed is None else at,
                f"info.{CAPTURES_KEY} must list the spec's docs captures (paths under docs/)",
                fix=f"add `{CAPTURES_KEY}: [docs/<slug>/<page>.txt]` (specs/CONVENTIONS.md)",
                rule="docs/no-capture",
            )
        ]
    problems = _attribution_shapes(spec, spec.data, "")
    pages: list[tuple[Capture, PageDoc, str]] = []
    unreadable = False
    """A listed capture could not be read: operations without a page are its consequence, not reported."""
    for index, relative in enumerate(listed):
        entry_at = join_pointer(at, index)
        path = PurePosixPath(relative)
        if path.is_absolute() or ".." in path.parts or path.parts[:1] != ("docs",):
            problems.append(
                spec.problem(entry_at, f"capture path {relative!r} is not inside docs/", rule="docs/no-capture")
            )
            continue
        capture, found = read_capture(root / path, relative)
        problems += found
        unreadable = unreadable or capture is None
        if capture is not None:
            pages.append((capture, extract(capture), entry_at))
    spec_text = spec.path.read_text(encoding="utf-8")
    used: set[str] = set()
    for op in iter_operations(spec.data):
        url = op.operation.get("x-docs-url")
        match = next(((c, p) for c, p, _ in pages if c.url == url), None)
        if match is None:
            if attribution_of(op.operation) is None and not unreadable:
                problems.append(
                    spec.problem(
                        op.pointer,
                        f"{op.display}: no capture in info.{CAPTURES_KEY} has its x-docs-url {url!r}",
                        fix="capture the page into docs/ and list it, or " + ATTRIBUTE_FIX,
                        rule="docs/unattributed",
                    )
                )
            continue
        capture, page = match
        used.add(capture.url)
        report = Reporter(spec, capture)
        OperationCheck(report, op, page, spec_text).run()
        problems += report.problems
    for capture, _page, entry_at in pages:
        if capture.url not in used:
            problems.append(
                spec.problem(
                    entry_at,
                    f"capture {capture.display} ({capture.url}) documents no operation: none has that x-docs-url",
                    fix="set the operation's x-docs-url to the capture's url, or drop the capture",
                    rule="docs/no-capture",
                )
            )
    return problems


def _attribution_shapes(spec: LoadedSpec, node: Any, at: str) -> list[Problem]:
    """Malformed ``x-oc-source`` values anywhere outside literal data."""
    found: list[Problem] = []
    if isinstance(node, dict):
        message = attribution_problem(node)
        if message:
            found.append(spec.problem(join_pointer(at, KEY), message, fix=ATTRIBUTE_FIX, rule="docs/attribution"))
        for key, value in node.items():
            if key not in LITERAL_KEYS and key != KEY:
                found += _attribution_shapes(spec, value, join_pointer(at, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _attribution_shapes(spec, value, join_pointer(at, index))
    return found
