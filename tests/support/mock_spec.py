"""The spec copy Prism serves: ``specs/<slug>.yaml`` (its overlay applied, if any) with the vendor's errata applied.

Prism answers each operation with its first example, and the ``docs`` examples are verbatim
docs samples, some with placeholders that contradict their own schema (``"<object>"`` where
an object belongs).  ``specs/errata/<slug>.yaml`` says what to read instead; the generator's
own ``apply_errata`` applies it here, so Prism serves what the client must be able to parse,
and Prism's ``--errors`` check of its own responses against the schema passes.  The copy is
JSON (Prism reads either) and goes to a temporary directory: specs/ is never touched.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from generator.spec.discover import discover
from generator.spec.errata import apply_errata, errata_for, errata_path, find_examples, load_errata
from generator.spec.overlay import load_corrected
from generator.spec.toolkit import pointer_tokens

REPO_ROOT = Path(__file__).resolve().parents[2]
SPECS = REPO_ROOT / "specs"


def vendor_slugs() -> list[str]:
    """Every vendor, as the generator finds them (so a new spec is mocked without a change here)."""
    found, problems = discover(SPECS, REPO_ROOT)
    if problems:
        raise ValueError("; ".join(p.render() for p in problems))
    return [spec.slug for spec in found]


def corrected_spec(slug: str) -> dict[str, Any]:
    """The spec of ``slug`` as data, every example with its errata applied."""
    if slug not in vendor_slugs():
        raise ValueError(f"no spec for vendor {slug!r}: expected one of {', '.join(vendor_slugs())}")
    path = SPECS / f"{slug}.yaml"
    loaded, problems = load_corrected(path, REPO_ROOT)  # an imported spec: with our overlay applied
    errata, errata_problems = load_errata(errata_path(path), REPO_ROOT)
    if loaded is None or problems or errata_problems:
        raise ValueError("; ".join(p.render() for p in [*problems, *errata_problems]))
    doc: dict[str, Any] = copy.deepcopy(loaded.data)
    for example in find_examples(loaded.data):
        fixes = errata_for(errata.errata, example)
        if fixes:
            _replace(doc, example.pointer, apply_errata(example.value, fixes))
    return doc


def write_mock_spec(slug: str, directory: Path) -> Path:
    target = directory / f"{slug}.json"
    target.write_text(json.dumps(corrected_spec(slug), indent=1, ensure_ascii=False), encoding="utf-8")
    return target


def _replace(doc: Any, pointer: str, value: Any) -> None:
    # An example's pointer always names an existing mapping key (``.../examples/docs/value``).
    *parents, last = pointer_tokens(pointer)
    node = doc
    for token in parents:
        node = node[int(token)] if isinstance(node, list) else node[token]
    node[last] = value
