"""`import`: a vendor's description in, specs/<slug>.yaml and our overlay out (generator/spec/importer.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from generator.spec.importer import import_description, overlay_path
from generator.spec.overlay import apply_overlay

REFERENCE = Path(os.environ.get("OC_REFERENCE_DIR") or Path(__file__).resolve().parents[3] / "shared" / "reference")


def _vendor(tmp_path: Path, doc: dict[str, Any], name: str = "vendor.yaml") -> Path:
    path = tmp_path / name
    path.write_text(
        json.dumps(doc) if name.endswith(".json") else yaml.safe_dump(doc, sort_keys=False), encoding="utf-8"
    )
    return path


def _doc() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Vendor", "version": "2", "description": "line one\nline two\n"},
        "paths": {
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {"Thing": {"type": "object", "properties": {"note": {"type": "string", "nullable": True}}}}
        },
    }


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", ["vendor.yaml", "vendor.json"])
def test_import_writes_the_converted_spec_and_an_overlay(tmp_path: Path, name: str) -> None:
    specs = tmp_path / "specs"
    result = import_description(_vendor(tmp_path, _doc(), name), "acme", specs)
    assert result.problems == []
    assert result.written == [specs / "acme.yaml", specs / "overlays" / "acme.yaml"]
    spec = yaml.safe_load((specs / "acme.yaml").read_text(encoding="utf-8"))
    assert spec["openapi"] == "3.1.0"
    assert spec["components"]["schemas"]["Thing"]["properties"]["note"] == {"type": ["string", "null"]}
    assert spec["info"]["description"] == "line one\nline two\n", "the vendor's text is kept"
    validate(spec)
    overlay = yaml.safe_load(overlay_path(specs / "acme.yaml").read_text(encoding="utf-8"))
    assert overlay["x-oc-conventions"] == "imported"
    applied, problems = apply_overlay(spec, overlay, "overlay")
    assert problems == [] and applied["info"]["x-oc-imported-from"] == name


def test_import_is_deterministic(tmp_path: Path) -> None:
    source = _vendor(tmp_path, _doc())
    first = import_description(source, "acme", tmp_path / "a")
    second = import_description(source, "acme", tmp_path / "b")
    assert first.problems == second.problems == []
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")


def test_reimport_keeps_our_overlay_and_reports_stale_corrections(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    assert import_description(_vendor(tmp_path, _doc()), "acme", specs).problems == []
    overlay_file = overlay_path(specs / "acme.yaml")
    overlay = yaml.safe_load(overlay_file.read_text(encoding="utf-8"))
    overlay["actions"].append({"target": "$.paths['/things'].get", "update": {"x-oc-python-name": "list"}})
    overlay_file.write_text(yaml.safe_dump(overlay, sort_keys=False), encoding="utf-8")

    newer = _doc()
    newer["info"]["version"] = "3"
    assert import_description(_vendor(tmp_path, newer), "acme", specs).problems == []
    assert yaml.safe_load(overlay_file.read_text(encoding="utf-8")) == overlay, "our corrections survive a re-import"
    assert yaml.safe_load((specs / "acme.yaml").read_text(encoding="utf-8"))["info"]["version"] == "3"

    renamed = _doc()
    renamed["paths"] = {"/v2/things": renamed["paths"]["/things"]}
    before = _snapshot(specs)
    result = import_description(_vendor(tmp_path, renamed), "acme", specs)
    assert [(p.rule, p.pointer) for p in result.problems] == [("overlay", "/actions/1/target")]
    assert result.problems[0].line is not None, "located in the overlay file"
    assert _snapshot(specs) == before, "nothing is written when a correction no longer applies"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("openapi: 3.0.3\ninfo: [unclosed\n", "yaml-syntax"),
        ("swagger: '2.0'\ninfo: {}\n", "import/version"),
        ("- just\n- a list\n", "import/not-openapi"),
    ],
)
def test_bad_input_is_located_and_writes_nothing(tmp_path: Path, text: str, rule: str) -> None:
    source = tmp_path / "vendor.yaml"
    source.write_text(text, encoding="utf-8")
    result = import_description(source, "acme", tmp_path / "specs")
    assert [p.rule for p in result.problems] == [rule]
    assert result.problems[0].file.endswith("vendor.yaml")
    assert not (tmp_path / "specs").exists()


def test_a_description_that_reaches_out_is_refused(tmp_path: Path) -> None:
    doc = _doc()
    doc["components"]["schemas"]["Other"] = {"$ref": "https://example.com/schemas.yaml#/Other"}
    doc["components"]["examples"] = {"far": {"$ref": "examples.yaml#/far"}}
    doc["components"]["schemas"]["Thing"]["examples"] = [{"$ref": "data, not a reference"}]
    result = import_description(_vendor(tmp_path, doc), "acme", tmp_path / "specs")
    assert [(p.rule, p.pointer) for p in result.problems] == [
        ("import/remote-ref", "/components/schemas/Other/$ref"),
        ("import/remote-ref", "/components/examples/far/$ref"),
    ]
    assert result.problems[0].line is not None
    assert not (tmp_path / "specs").exists()


@pytest.mark.parametrize("name", ["formance-orchestration-v2.yaml", "otim-api.yaml"])
def test_reference_descriptions_import_into_valid_31_specs(tmp_path: Path, name: str) -> None:
    source = REFERENCE / name
    if not source.is_file():
        pytest.skip(f"{source} is absent (the vendors' published descriptions live in ../shared/reference/)")
    result = import_description(source, "vendor", tmp_path)
    assert [p for p in result.problems if p.severity.value == "error"] == []
    validate(yaml.safe_load((tmp_path / "vendor.yaml").read_text(encoding="utf-8")))
