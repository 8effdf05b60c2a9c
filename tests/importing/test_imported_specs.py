"""An imported spec in the pipeline: `python -m generator import`, its overlay applied at every
load (validate, check, generate), the manifest's inputs, and our conventions as warnings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import cli
from generator.api import check_spec
from generator.pipeline import _vendor_inputs
from generator.problems import Severity
from generator.spec.discover import discover
from generator.validate.report import validate_specs
from generator.validate.rules import CONVENTION_RULES

REPO = Path(__file__).resolve().parents[2]


def _vendor_doc() -> dict[str, Any]:
    """A vendor's 3.0 description: camelCase and missing operationIds, no docs URLs, no samples."""
    ok = {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Acme", "version": "2"},
        "servers": [{"url": "https://api.acme.test"}],
        "paths": {
            "/things": {"get": {"operationId": "listThings", "summary": "List", "responses": {"200": ok}}},
            "/things/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "delete": {"responses": {"204": {"description": "gone"}}},
            },
        },
        "components": {"schemas": {"Thing": {"type": "object", "properties": {"note": {"type": "string"}}}}},
    }


def _import(tmp_path: Path, doc: dict[str, Any] | None = None) -> Path:
    source = tmp_path / "acme-openapi.json"
    source.write_text(json.dumps(doc or _vendor_doc()), encoding="utf-8")
    assert cli.main(["import", str(source), "--slug", "acme", "--specs", str(tmp_path / "specs")]) == 0
    return tmp_path / "specs" / "acme.yaml"


def _add_action(spec: Path, action: dict[str, Any]) -> Path:
    overlay = spec.parent / "overlays" / spec.name
    data = yaml.safe_load(overlay.read_text(encoding="utf-8"))
    data["actions"].append(action)
    overlay.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return overlay


def test_cli_import_writes_the_spec_and_overlay_and_says_what_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _import(tmp_path)
    out = capsys.readouterr().out
    assert "converted to OpenAPI 3.1: " in out and "wrote " in out and "make generate" in out
    assert spec.is_file() and (spec.parent / "overlays" / "acme.yaml").is_file()


@pytest.mark.parametrize(
    ("content", "slug", "expected"),
    [
        ("openapi: [unclosed", "acme", "yaml-syntax"),
        (json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"$ref": "https://x.test/a.yaml"}}}), "acme", "import/remote-ref"),
        ("{}", "Acme", "slug"),
    ],
)  # fmt: skip
def test_cli_import_of_bad_input_is_located_exits_1_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, slug: str, expected: str
) -> None:
    source = tmp_path / "vendor.yaml"
    source.write_text(content, encoding="utf-8")
    assert cli.main(["import", str(source), "--slug", slug, "--specs", str(tmp_path / "specs")]) == 1
    assert f"[{expected}]" in capsys.readouterr().err
    assert not (tmp_path / "specs").exists()


def test_an_imported_spec_validates_with_our_conventions_as_warnings_only(tmp_path: Path) -> None:
    spec = _import(tmp_path)
    report = validate_specs([spec])
    assert not report.failed, "\n".join(p.render() for p in report.problems)
    assert {p.rule for p in report.problems} >= {"lint/operation-docs-url", "lint/request-examples-missing"}
    assert {p.rule for p in report.problems} <= CONVENTION_RULES
    assert all(p.severity is Severity.WARNING for p in report.problems)


def test_the_same_spec_without_the_imported_mark_fails_on_our_conventions(tmp_path: Path) -> None:
    spec = _import(tmp_path)
    overlay = spec.parent / "overlays" / spec.name
    overlay.write_text(overlay.read_text(encoding="utf-8").replace("x-oc-conventions: imported\n", ""), "utf-8")
    report = validate_specs([spec])
    assert report.failed and {p.severity for p in report.problems} == {Severity.ERROR}


def test_correctness_rules_stay_errors_for_an_imported_spec(tmp_path: Path) -> None:
    doc = _vendor_doc()
    doc["paths"]["/things"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Missing"
    }
    report = validate_specs([_import(tmp_path, doc)])
    errors = [p for p in report.problems if p.severity is Severity.ERROR]
    assert [p.rule for p in errors] == ["lint/local-refs"]


def test_the_overlay_is_applied_at_every_load(tmp_path: Path) -> None:
    spec = _import(tmp_path)
    _add_action(spec, {"target": "$.paths['/things'].get", "update": {"x-oc-python-name": "list_all_things"}})
    loaded, problems = check_spec(spec, tmp_path)
    assert loaded is not None and loaded.imported, "\n".join(p.render() for p in problems)
    assert loaded.data["paths"]["/things"]["get"]["x-oc-python-name"] == "list_all_things"
    assert "x-oc-python-name" not in spec.read_text(encoding="utf-8")  # the vendor's file is not touched


def test_a_stale_or_broken_overlay_is_an_error_located_in_the_overlay(tmp_path: Path) -> None:
    spec = _import(tmp_path)
    overlay = _add_action(spec, {"target": "$.paths['/gone'].get", "update": {"summary": "x"}})
    loaded, problems = check_spec(spec, tmp_path)
    assert loaded is None
    (stale,) = [p for p in problems if p.severity is Severity.ERROR]
    assert stale.file == str(overlay.relative_to(tmp_path)) and stale.line is not None
    assert stale.rule == "overlay" and "no longer applies" in stale.message
    overlay.write_text("overlay: 1.0.0\nx-oc-conventions: sometimes\ninfo: {title: t, version: '1'}\nactions: []\n")
    loaded, problems = check_spec(spec, tmp_path)
    assert loaded is None and [p.pointer for p in problems] == ["/x-oc-conventions"]


def test_the_overlay_is_an_input_of_the_manifest(tmp_path: Path) -> None:
    spec = _import(tmp_path)
    (found,), _problems = discover(spec.parent, tmp_path)
    before = _vendor_inputs("toolchain", found)
    _add_action(spec, {"target": "$.info", "update": {"x-note": "changed"}})
    assert _vendor_inputs("toolchain", found) != before


def test_an_import_never_replaces_a_hand_written_spec(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ours = tmp_path / "specs" / "acme.yaml"
    ours.parent.mkdir()
    ours.write_text("# ours\n", encoding="utf-8")
    source = tmp_path / "acme-openapi.json"
    source.write_text(json.dumps(_vendor_doc()), encoding="utf-8")
    assert cli.main(["import", str(source), "--slug", "acme", "--specs", str(tmp_path / "specs")]) == 1
    assert "[import/exists]" in capsys.readouterr().err
    assert ours.read_text(encoding="utf-8") == "# ours\n" and not (ours.parent / "overlays").exists()


def test_an_imported_operation_id_needs_no_rename_and_an_orphan_overlay_is_reported(tmp_path: Path) -> None:
    spec = _import(tmp_path)
    report = validate_specs([spec])
    (op_id,) = [p for p in report.problems if p.rule == "lint/operation-id" and "listThings" in p.message]
    assert op_id.fix.startswith("nothing to do") and "x-oc-python-name" in op_id.fix
    orphan = spec.parent / "overlays" / "gone.yaml"
    orphan.write_text("overlay: 1.0.0\n", encoding="utf-8")
    report = validate_specs([spec], spec.parent)
    assert [(p.rule, p.file) for p in report.problems if p.severity is Severity.ERROR] == [
        ("overlay/orphan", str(orphan.relative_to(Path.cwd())) if orphan.is_relative_to(Path.cwd()) else str(orphan))
    ]


@pytest.mark.parametrize("project_rules", [True, False])
def test_an_undefined_scheme_of_an_imported_spec_is_fixed_in_its_overlay(tmp_path: Path, project_rules: bool) -> None:
    doc = _vendor_doc()
    doc["paths"]["/things"]["get"]["security"] = [{"Authorization": ["things:read"]}]
    spec = _import(tmp_path, doc)
    loaded, problems = check_spec(spec, tmp_path, project_rules=project_rules)
    (error,) = [p for p in problems if p.severity is Severity.ERROR]
    assert loaded is None and error.rule == "safety/undefined-security-scheme" and error.file == "specs/acme.yaml"
    assert error.pointer == "/paths/~1things/get/security/0/Authorization" and error.line is not None
    assert "its overlay specs/overlays/acme.yaml" in error.fix and "target: $" in error.fix
    scheme = {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "/oauth/token", "scopes": {}}}}
    _add_action(spec, {"target": "$", "update": {"components": {"securitySchemes": {"Authorization": scheme}}}})
    loaded, problems = check_spec(spec, tmp_path, project_rules=project_rules)
    assert loaded is not None, "\n".join(p.render() for p in problems)  # the fix the error names is enough
    assert "securitySchemes" not in spec.read_text(encoding="utf-8")


def test_an_undefined_scheme_of_a_hand_written_spec_is_fixed_in_the_spec(tmp_path: Path) -> None:
    doc = _vendor_doc()
    doc["paths"]["/things"]["get"]["security"] = [{"Authorization": []}]
    spec = _import(tmp_path, doc)
    (spec.parent / "overlays" / spec.name).unlink()  # no overlay: a spec of ours
    _loaded, problems = check_spec(spec, tmp_path, project_rules=False)
    (error,) = [p for p in problems if p.rule == "safety/undefined-security-scheme"]
    assert "overlay" not in error.fix and error.fix.startswith(
        "define 'Authorization' under components.securitySchemes"
    )
