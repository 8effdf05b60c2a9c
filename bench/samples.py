"""Decode payloads built from the docs' own samples, with varied values.

* Paxos: one ``list_orchestrations`` page with N items, each the docs sample's item
  with new values (ids, amounts, statuses, RFC 3339 times in several spellings).  Only
  ``items`` is filled: ``orchestrations`` is the deprecated duplicate of it.  One item in
  ten carries a field the spec does not declare, because the runtime must keep those.
* Formance: one ``get_instance_stage_history`` response with N stages, each the docs
  sample's stage (errata applied, every activity key present as on the page) with new
  values; the ``V2Subject`` union switches between its ACCOUNT and WALLET branches, and
  about 2% of bigint amounts exceed 64 bits, as the spec says they can.

Values come from ``bench.values.vary`` against the spec's own schemas, so every payload
is valid against them (``tests/bench`` checks a small one with the validation layer's
JSON Schema validator).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.proc import REPO
from bench.values import token, vary
from generator.spec.errata import FORMAT_CHECKER, apply_errata, errata_for, errata_path, find_examples, load_errata
from generator.spec.load import load_spec


@dataclass(frozen=True)
class Payload:
    slug: str
    operation: str
    schema: str
    """Component schema name of the whole response body."""
    data: Any
    body: bytes
    items: int

    @property
    def megabytes(self) -> float:
        return len(self.body) / 1e6


def spec_document(slug: str) -> dict[str, Any]:
    loaded, problems = load_spec(REPO / "specs" / f"{slug}.yaml", REPO)
    if loaded is None:
        raise RuntimeError(f"cannot load specs/{slug}.yaml: {problems[:1]}")
    return loaded.data  # type: ignore[no-any-return]


def docs_sample(slug: str, operation: str) -> Any:
    """The operation's 2xx ``docs`` sample with its errata applied (what the suite reads)."""
    path = REPO / "specs" / f"{slug}.yaml"
    doc = spec_document(slug)
    errata, _ = load_errata(errata_path(path), REPO)
    for example in find_examples(doc):
        if example.operation == operation and example.key.startswith("response/2"):
            return apply_errata(example.value, errata_for(errata.errata, example))
    raise LookupError(f"{slug} {operation} has no 2xx docs sample")


def _encode(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":")).encode()


def paxos_page(items: int, seed: int = 1) -> Payload:
    doc, rng = spec_document("paxos"), random.Random(seed)
    template = docs_sample("paxos", "list_orchestrations")["items"][0]
    schema = {"$ref": "#/components/schemas/Orchestration"}
    rows = []
    for i in range(items):
        row = vary(doc, schema, template, rng)
        if i % 10 == 0:
            row["undocumented_field"] = {"added_by": "a newer API version", "n": i}
        rows.append(row)
    data = {"items": rows, "next_page_cursor": token(rng, 40)}
    return Payload("paxos", "list_orchestrations", "ListOrchestrationsResponse", data, _encode(data), items)


def formance_history(stages: int, seed: int = 2) -> Payload:
    doc, rng = spec_document("formance"), random.Random(seed)
    template = docs_sample("formance", "get_instance_stage_history")["data"][0]
    schema = {"$ref": "#/components/schemas/V2WorkflowInstanceHistoryStage"}
    data = {"data": [vary(doc, schema, template, rng) for _ in range(stages)]}
    return Payload(
        "formance",
        "get_instance_stage_history",
        "V2GetWorkflowInstanceHistoryStageResponse",
        data,
        _encode(data),
        stages,
    )


def schema_errors(payload: Payload, limit: int = 5) -> list[str]:
    """Where ``payload`` breaks its spec's schema (the validation layer's validator and format checks)."""
    import jsonschema  # only the smoke test needs it

    doc = spec_document(payload.slug)
    schema = {
        **doc,
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": f"#/components/schemas/{payload.schema}",
    }
    validator = jsonschema.Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:160]}"
        for e in list(validator.iter_errors(payload.data))[:limit]
    ]


def write_payload(payload: Payload, folder: Path) -> Path:
    path = folder / f"{payload.slug}-{payload.items}.json"
    path.write_bytes(payload.body)
    return path
