"""Walk ``specs/`` into what the suite tests: vendors, operations, schema targets, samples.

The spec files, the errata and the sample walk are the generator's own (``generator.spec.discover``,
``generator.spec.load``, ``generator.spec.errata``), so the suite sees exactly what generation sees.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import names
from generator.model.build import build_model
from generator.spec.discover import discover
from generator.spec.errata import (
    Erratum,
    Example,
    apply_errata,
    check_errata,
    errata_for,
    find_examples,
    load_errata,
)
from generator.spec.load import load_spec
from generator.spec.normalize import normalize
from generator.spec.toolkit import deref, iter_operations, join_pointer

REPO_ROOT = Path(__file__).resolve().parents[2]
SPECS = REPO_ROOT / "specs"
GENERATED = REPO_ROOT / "generated"
JSON_MEDIA_SUFFIXES = ("/json", "+json")


def ensure_generated_importable() -> None:
    """What tests/conftest.py does, for ``python -m tests.conformance.report`` outside pytest."""
    for project in sorted(GENERATED.glob("*/")):
        if (project / "pyproject.toml").is_file() and str(project) not in sys.path:
            sys.path.insert(0, str(project))


@dataclass(frozen=True)
class Vendor:
    """A vendor is its slug: the rest is what its spec says (compared by slug only, hashable)."""

    slug: str
    doc: dict[str, Any] = field(compare=False)
    errata: tuple[Erratum, ...] = field(compare=False)
    errata_problems: tuple[str, ...] = field(compare=False)
    base_url: str = field(compare=False)
    operations: tuple[Operation, ...] = field(compare=False)

    @property
    def package(self) -> str:
        return names.package_name(self.slug)


@dataclass(frozen=True)
class Operation:
    slug: str
    operation_id: str
    pointer: str
    spec: dict[str, Any] = field(compare=False)
    module: str
    """Dotted import path of the endpoint module: ``paxos_client.api.orchestrations.list_orchestrations``."""

    @property
    def id(self) -> str:
        return f"{self.slug}/{self.operation_id}"

    @property
    def request_examples(self) -> list[dict[str, Any]]:
        found = self.spec.get("x-request-examples")
        return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []


@dataclass(frozen=True)
class Target:
    """A JSON body a schema governs and the model flavors read: a response or a request body."""

    vendor: Vendor = field(compare=False)
    operation: Operation
    kind: str
    """``response`` or ``request``."""
    status: str | None
    media_type: str
    schema_pointer: str

    @property
    def key(self) -> str:
        """``response/200`` or ``request``: an example key without the example name."""
        return f"response/{self.status}" if self.kind == "response" else "request"

    @property
    def id(self) -> str:
        return f"{self.operation.id}/{self.key}"


@dataclass(frozen=True)
class Sample:
    target: Target
    example: Example = field(compare=False)
    errata: tuple[Erratum, ...] = field(compare=False)

    @property
    def id(self) -> str:
        return f"{self.target.operation.id}/{self.example.key}"

    @property
    def raw(self) -> Any:
        return self.example.value

    def corrected(self, errata: tuple[Erratum, ...] | None = None) -> Any:
        """The sample with its errata (or the given subset) applied, and nothing else."""
        return apply_errata(self.example.value, self.errata if errata is None else errata)


@dataclass(frozen=True)
class RequestExample:
    vendor: Vendor = field(compare=False)
    operation: Operation
    entry: dict[str, Any] = field(compare=False)

    @property
    def name(self) -> str:
        return str(self.entry.get("name", "?"))

    @property
    def id(self) -> str:
        return f"{self.operation.id}/call/{self.name}"


@functools.cache
def vendors() -> tuple[Vendor, ...]:
    found, problems = discover(SPECS, REPO_ROOT)
    if problems:
        raise RuntimeError("; ".join(p.render() for p in problems))
    return tuple(_vendor(spec.slug, spec.path, spec.display, spec.errata_path) for spec in found)


def _vendor(slug: str, path: Path, display: str, errata_path: Path) -> Vendor:
    loaded, problems = load_spec(path, REPO_ROOT)
    if loaded is None:
        raise RuntimeError("; ".join(p.render() for p in problems))
    doc = loaded.data
    errata_file, errata_problems = load_errata(errata_path, REPO_ROOT)
    errata_problems += check_errata(errata_file, find_examples(doc))
    # The module path is the generator's own (build_model), so a disagreement between
    # the intermediate model and what openapi-python-client wrote shows as an ImportError.
    modules = {op.operation_id: op.module for op in build_model(slug, path, display, normalize(doc)).operations}
    package = names.package_name(slug)
    servers = doc.get("servers") or [{"url": "/"}]
    return Vendor(
        slug=slug,
        doc=doc,
        errata=errata_file.errata,
        errata_problems=tuple(p.render() for p in errata_problems),
        base_url=str(servers[0].get("url", "/")),
        operations=tuple(
            Operation(slug, op.display, op.pointer, op.operation, f"{package}.{modules.get(op.display, '?')}")
            for op in iter_operations(doc)
        ),
    )


def targets(vendor: Vendor) -> list[Target]:
    """Every JSON request or response body with a schema, in document order."""
    found: list[Target] = []
    for op in vendor.operations:
        owners: list[tuple[str, str | None, Any, str]] = []
        for status, response in (op.spec.get("responses") or {}).items():
            owners.append(("response", str(status), response, join_pointer(op.pointer, "responses", status)))
        if "requestBody" in op.spec:
            owners.append(("request", None, op.spec["requestBody"], join_pointer(op.pointer, "requestBody")))
        for kind, status, ref_or_owner, at in owners:
            owner, owner_at = deref(vendor.doc, ref_or_owner, at)
            content = owner.get("content") if isinstance(owner, dict) else None
            for media, body in (content or {}).items():
                if isinstance(body, dict) and "schema" in body and is_json(media):
                    schema_at = join_pointer(owner_at, "content", media, "schema")
                    found.append(Target(vendor, op, kind, status, media, schema_at))
    return found


def is_json(media_type: str) -> bool:
    return media_type.split(";", maxsplit=1)[0].strip().endswith(JSON_MEDIA_SUFFIXES)


def samples(vendor: Vendor) -> list[Sample]:
    """Every sample whose body is one of ``targets``; ``coverage`` tests that none is left out."""
    by_schema = {(t.operation.operation_id, t.schema_pointer): t for t in targets(vendor)}
    found = []
    for example in find_examples(vendor.doc):
        target = by_schema.get((example.operation, example.schema_pointer or ""))
        if target is not None:
            found.append(Sample(target, example, tuple(errata_for(vendor.errata, example))))
    return found


def request_examples(vendor: Vendor) -> list[RequestExample]:
    return [RequestExample(vendor, op, entry) for op in vendor.operations for entry in op.request_examples]
