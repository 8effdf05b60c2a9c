"""Smoke tests of bench/ so the benchmarks do not rot: they run, never time anything.

The quick run (``python -m bench --quick``: tiny inputs, one run) is split by section so
``pytest -n 2`` spreads it over both cores; most of its time is the generators' start-up.
The inputs the bench makes (synthetic specs, decode payloads) are checked against the
same rules and schemas the real specs are held to.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import samples, synth, vendor30
from bench.stats import Series, exponent, ratios

REPO = Path(__file__).resolve().parents[2]
SECTIONS = {
    1: "Full generation",
    2: "No-op generation",
    3: "Scaling",
    4: "Typed decoding",
    5: "Pagination",
    6: "Import + generate",
}


@pytest.mark.parametrize("number", sorted(SECTIONS))
def test_quick_run_of_each_section_completes(number: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--only", str(number)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert f"== {number}. {SECTIONS[number]}" in done.stdout
    assert "BROKE" not in done.stdout, done.stdout[-3000:]
    assert "== summary" in done.stdout


def test_synthetic_specs_pass_the_project_validation(tmp_path: Path) -> None:
    validate = pytest.importorskip("generator.validate.rules")
    for operations, extra in ((6, 0), (5, 2)):
        spec = synth.write(synth.build(operations, extra_schemas=extra), tmp_path / f"s{operations}" / "synth.yaml")
        _, problems = validate.validate_file(spec, tmp_path)
        assert problems == [], "\n".join(map(str, problems[:10]))
        assert synth.count(synth.build(operations, extra_schemas=extra))[0] == operations


def test_decode_payloads_are_valid_against_their_schemas() -> None:
    for payload in (samples.paxos_page(30), samples.formance_history(8)):
        assert samples.schema_errors(payload) == [], payload.slug
        assert payload.items in (30, 8)


def test_ratios_are_pair_by_pair_and_linear_growth_has_exponent_one() -> None:
    assert ratios(Series("s", [2.0, 4.0]), Series("s", [1.0, 1.0])).runs == [2.0, 4.0]
    assert exponent([10, 100, 1000], [1.0, 10.0, 100.0]) == pytest.approx(1.0)
    assert Series("s", [3.0, 1.0, 2.0]).show() == "2.00 s [1.00-3.00]"


def test_vendor_description_imports_with_conversions_and_passes_the_project_validation(tmp_path: Path) -> None:
    importer = pytest.importorskip("generator.spec.importer")
    validate = pytest.importorskip("generator.validate.rules")
    doc = vendor30.build(6)
    assert doc["openapi"] == "3.0.3" and synth.count(doc)[0] == 6
    assert (
        synth.write(doc, tmp_path / "a.yaml").read_bytes()
        == synth.write(vendor30.build(6), tmp_path / "b.yaml").read_bytes()
    )
    result = importer.import_description(tmp_path / "a.yaml", "vendor", tmp_path / "specs")
    assert result.problems == [] and len(result.written) == 2
    assert {c.rule for c in result.changes} == {"version", "nullable", "schema-example", "exclusive-bound"}
    _, problems = validate.validate_file(tmp_path / "specs" / "vendor.yaml", tmp_path)
    assert problems == [], "\n".join(map(str, problems[:10]))
    bare = json.dumps(vendor30.build(6, bare=True))
    assert not any(key in bare for key in vendor30.OUR_EXTENSIONS), "bare: as a vendor publishes it"


def test_bare_vendor_description_imports_through_the_cli_as_an_imported_spec(tmp_path: Path) -> None:
    """What section 6 times: ``python -m generator import`` on the description a vendor publishes."""
    validate = pytest.importorskip("generator.validate.rules")
    problems_module = pytest.importorskip("generator.problems")
    source = synth.write(vendor30.build(6, bare=True), tmp_path / "vendor.yaml")
    op_ids = [op["operationId"] for item in vendor30.build(6, bare=True)["paths"].values() for op in item.values()]
    assert "listRes0000s" in op_ids and all("_" not in op_id for op_id in op_ids), op_ids
    command = [sys.executable, "-m", "generator", "import", str(source), "--slug", "vendor", "--specs", "specs"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    overlay = (tmp_path / "specs" / "overlays" / "vendor.yaml").read_text(encoding="utf-8")
    assert "x-oc-conventions: imported" in overlay
    _, problems = validate.validate_file(tmp_path / "specs" / "vendor.yaml", tmp_path)
    assert not problems_module.has_errors(problems), "\n".join(map(str, problems[:10]))
    assert any(p.rule == "lint/operation-id" for p in problems), "camelCase ids: a warning for an imported spec"
