"""The spec validation layer: every rule rejects its broken fragment, and only with its name.

``broken/<rule>/<slug>.yaml`` is a small complete spec (a copy of ``good/minimal.yaml``)
that breaks exactly the rule its directory is named after; errata cases keep their
errata file where a real spec does, in ``errata/<slug>.yaml`` beside it.
"""

from __future__ import annotations

import copy
import socket
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import cli, names
from generator.problems import Severity
from generator.spec.errata import (
    ErrataFile,
    Erratum,
    Example,
    apply_errata,
    example_validator,
    find_examples,
    load_errata,
)
from generator.spec.load import load_spec
from generator.validate.report import orphan_errata
from generator.validate.rules import RULES, validate_file, validate_spec

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
BROKEN = HERE / "broken"
GOOD = sorted((HERE / "good").glob("*.yaml"))
REAL_SPECS = sorted((REPO_ROOT / "specs").glob("*.yaml"))
# Rules checked outside RULES: the errata file's own checks, and the CLI's orphan check.
ERRATA_RULES = {
    "errata/shape",
    "errata/duplicate-id",
    "errata/unknown-operation",
    "errata/unknown-example",
    "errata/bad-pointer",
    "errata/stale",
}


def _broken_specs() -> list[Path]:
    return sorted(p for p in BROKEN.rglob("*.yaml") if p.parent.name != "errata")


def _rule_of(path: Path) -> str:
    return path.parent.relative_to(BROKEN).as_posix()


def _id(path: Path) -> str:
    return path.relative_to(HERE).as_posix()


@pytest.mark.parametrize("path", _broken_specs(), ids=_id)
def test_broken_fragment_is_rejected_with_exactly_its_rule(path: Path) -> None:
    spec, problems = validate_file(path, REPO_ROOT)
    assert spec is not None, "a fragment must load: it breaks a rule, not the YAML"
    rule = _rule_of(path)
    assert problems, f"{_id(path)} passed, but it breaks {rule}"
    assert {p.rule for p in problems} == {rule}, "\n".join(p.render() for p in problems)
    for problem in problems:
        assert problem.severity is Severity.ERROR
        assert problem.line is not None, problem.render()
        assert problem.fix, problem.render()
        assert problem.file.endswith(path.name), problem.render()  # the spec, or errata/<same name>


def test_every_rule_has_a_broken_fragment() -> None:
    covered = {_rule_of(p) for p in _broken_specs()}
    assert set(RULES) | ERRATA_RULES == covered


@pytest.mark.parametrize("path", GOOD, ids=_id)
def test_good_spec_passes(path: Path) -> None:
    _, problems = validate_file(path, REPO_ROOT)
    assert problems == [], "\n".join(p.render() for p in problems)


@pytest.mark.parametrize("path", REAL_SPECS, ids=lambda p: p.name)
def test_real_spec_validates_clean(path: Path) -> None:
    _, problems = validate_file(path, REPO_ROOT)
    assert problems == [], "\n".join(p.render() for p in problems)


def test_openapi_spec_problem_points_at_the_schema_line() -> None:
    # The keyword validators of openapi-spec-validator report paths relative to the schema;
    # the line must still be the offending `type:` inside components.
    path = BROKEN / "openapi-spec" / "badtype.yaml"
    (problem,) = validate_file(path, REPO_ROOT)[1]
    assert problem.pointer == "/components/schemas/Thing/properties/created_at/type"
    assert problem.line is not None
    assert "type: datetime" in path.read_text().splitlines()[problem.line - 1]


def test_validate_spec_takes_an_errata_path(tmp_path: Path) -> None:
    # The generation pipeline passes the errata file's path (missing file: no errata).
    spec, _ = load_spec(HERE / "good" / "erratum.yaml")
    assert spec is not None
    assert validate_spec(spec, HERE / "good" / "errata" / "erratum.yaml") == []
    rules = {p.rule for p in validate_spec(spec, tmp_path / "absent.yaml")}
    assert rules == {"lint/example-schema"}


def test_remote_refs_are_never_fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("validation tried to open a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    text = (HERE / "good" / "minimal.yaml").read_text()
    spec = tmp_path / "remote.yaml"
    spec.write_text(
        text.replace('$ref: "#/components/schemas/Thing"', '$ref: "https://schemas.example.test/thing.json"')
    )
    problems = validate_file(spec, tmp_path)[1]
    assert {p.rule for p in problems} == {"lint/local-refs"}


@pytest.mark.parametrize(
    "slug",
    [
        *("paxos", "b3os", "a", "x" * 40, "x" * 41, "B3os", "3os", "with-dash", "class", "_x"),
        *("con", "nul", "com0", "lpt9", "com10", "console", "auxiliary"),
    ],
)
def test_slug_rule_is_the_generators(slug: str, tmp_path: Path) -> None:
    # lint/slug refuses exactly the file names generator/names.py refuses (the one rule).
    spec = tmp_path / f"{slug}.yaml"
    spec.write_text((HERE / "good" / "minimal.yaml").read_text())
    refused = "lint/slug" in {p.rule for p in validate_file(spec, tmp_path)[1]}
    assert refused == (names.slug_problem(slug) is not None)


def test_windows_device_names_are_refused(tmp_path: Path) -> None:
    # A spec named nul.yaml would make generated/nul/, which Windows cannot check out.
    spec = tmp_path / "nul.yaml"
    spec.write_text((HERE / "good" / "minimal.yaml").read_text())
    (problem,) = validate_file(spec, tmp_path)[1]
    assert problem.rule == "lint/slug" and "Windows device name" in problem.message
    assert "nul.yaml" not in problem.fix, "the suggested name must itself be a slug"


def test_ref_cycle_is_reported_once_at_the_ref_that_closes_it(tmp_path: Path) -> None:
    text = (HERE / "broken" / "lint" / "ref-cycle" / "vendor.yaml").read_text()
    spec = tmp_path / "vendor.yaml"
    # A third schema in the loop, and a $ref into it from outside: still one problem.
    spec.write_text(
        text.replace(
            'ThingAlias:\n      $ref: "#/components/schemas/Thing"',
            'ThingAlias:\n      $ref: "#/components/schemas/Third"',
        )
        + '    Third:\n      $ref: "#/components/schemas/Thing"\n    Outside:\n      $ref: "#/components/schemas/Third"\n'
    )
    problems = validate_file(spec, tmp_path)[1]
    assert [p.rule for p in problems] == ["lint/ref-cycle"], "\n".join(p.render() for p in problems)
    assert problems[0].pointer == "/components/schemas/Third/$ref"
    assert "Thing -> /components/schemas/ThingAlias -> /components/schemas/Third -> /components/schemas/Thing" in (
        problems[0].message
    )


# --- errata API (imported by the conformance suite and the generator) --------------------------


def _erratum(pointer: str, use: Any, example: str = "response/200/docs") -> Erratum:
    return Erratum("e", "op", example, pointer, "why", use, "/errata/0")


def test_apply_errata_copies_and_replaces() -> None:
    sample = {"items": [{"meta": "<object>", "n": 1}]}
    fixed = apply_errata(sample, [_erratum("/items/0/meta", {"k": []})])
    assert fixed == {"items": [{"meta": {"k": []}, "n": 1}]}
    assert sample == {"items": [{"meta": "<object>", "n": 1}]}, "the verbatim sample must stay untouched"
    assert apply_errata(sample, [_erratum("", [])]) == []
    assert apply_errata([1, 2], [_erratum("/1", 3)]) == [1, 3]
    assert apply_errata({"a/b": {"~": 0}}, [_erratum("/a~1b/~0", 1)]) == {"a/b": {"~": 1}}
    replacement: dict[str, Any] = {}
    fixed = apply_errata({"x": 1}, [_erratum("/x", replacement)])
    assert fixed["x"] is not replacement, "a later edit of the result must not change the erratum"


def test_apply_errata_rejects_a_missing_pointer() -> None:
    with pytest.raises(LookupError):
        apply_errata({"items": []}, [_erratum("/items/0", 1)])


def test_find_examples_follows_refs_and_names_them_as_errata_do() -> None:
    doc: dict[str, Any] = {
        "paths": {
            "/x": {
                "post": {
                    "operationId": "make",
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {"type": "object"},
                                "examples": {"docs": {"value": {"a": 1}}},
                            }
                        }
                    },
                    "responses": {"201": {"$ref": "#/components/responses/Made"}},
                }
            }
        },
        "components": {
            "responses": {
                "Made": {
                    "description": "made",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/M"},
                            "examples": {"docs": {"$ref": "#/components/examples/MadeDocs"}},
                        }
                    },
                }
            },
            "examples": {"MadeDocs": {"value": {"id": 1}}},
            "schemas": {"M": {"type": "object", "properties": {"id": {"type": "integer"}}}},
        },
    }
    by_key = {(ex.operation, ex.key): ex for ex in find_examples(doc)}
    assert set(by_key) == {("make", "request/docs"), ("make", "response/201/docs")}
    request, response = by_key["make", "request/docs"], by_key["make", "response/201/docs"]
    assert request.pointer == "/paths/~1x/post/requestBody/content/application~1json/examples/docs/value"
    assert response.pointer == "/components/examples/MadeDocs/value"
    assert response.schema_pointer == "/components/responses/Made/content/application~1json/schema"
    validator = example_validator(doc, response)
    assert validator is not None
    assert validator.is_valid(response.value)
    assert not validator.is_valid({"id": "one"})


def test_example_validator_checks_formats() -> None:
    spec, _ = load_spec(HERE / "good" / "minimal.yaml")
    assert spec is not None
    (ex,) = find_examples(spec.data)
    validator = example_validator(spec.data, ex)
    assert validator is not None
    bad: Any = {"items": [{"id": "nope", "created_at": "yesterday", "meta": {}}]}
    assert {e.validator for e in validator.iter_errors(bad)} == {"format"}


def test_integer_width_formats() -> None:
    doc = {"components": {"schemas": {"N": {"type": "integer", "format": "int8"}}}}
    ex = Example("op", "response/200/docs", "/x", 200, "/components/schemas/N")
    validator = example_validator(doc, ex)
    assert validator is not None
    assert not validator.is_valid(200)
    assert validator.is_valid(-128)


def test_load_errata_missing_and_empty(tmp_path: Path) -> None:
    errata, problems = load_errata(tmp_path / "none.yaml")
    assert (errata.errata, problems) == ((), [])
    (tmp_path / "empty.yaml").write_text("errata:\n")
    errata, problems = load_errata(tmp_path / "empty.yaml")
    assert (errata.errata, problems) == ((), [])
    assert isinstance(errata, ErrataFile)


# --- CLI ---------------------------------------------------------------------------------------


def test_cli_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", *map(str, GOOD)]) == 0
    out = capsys.readouterr().out
    assert out.count(": ok (") == len(GOOD)
    assert cli.main(["validate", str(BROKEN / "lint" / "operation-summary" / "vendor.yaml"), str(GOOD[0])]) == 1
    out = capsys.readouterr().out
    assert "[lint/operation-summary]" in out
    assert "1 error(s)" in out


def test_cli_default_checks_the_repository_specs(capsys: pytest.CaptureFixture[str]) -> None:
    if not REAL_SPECS:
        pytest.skip("no specs/*.yaml yet")
    assert cli.main(["validate", "--specs", str(REPO_ROOT / "specs")]) == 0, capsys.readouterr().out
    assert capsys.readouterr().out.count(": ok (") == len(REAL_SPECS)


def test_cli_reports_orphan_errata(tmp_path: Path) -> None:
    (tmp_path / "errata").mkdir()
    (tmp_path / "acme.yaml").write_text("openapi: 3.1.0\n")
    (tmp_path / "errata" / "acme.yaml").write_text("errata: []\n")
    (tmp_path / "errata" / "acmee.yaml").write_text("errata: []\n")
    (problem,) = orphan_errata(tmp_path, [tmp_path / "acme.yaml"])
    assert problem.rule == "errata/orphan"
    assert problem.file.endswith("acmee.yaml")


# --- robustness: bad input gives Problems, never an exception ----------------------------------

_JUNK = st.sampled_from([None, 1, "x", [], {}, [1], ["a"], {"a": None}, True, {"$ref": "#/nope"}, {"$ref": "x.yaml"}])


def _paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [at]
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        found += _paths(child, (*at, key))
    return found


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mangled_spec_never_raises(data: st.DataObject) -> None:
    spec, _ = load_spec(HERE / "good" / "erratum.yaml")
    assert spec is not None
    errata, _ = load_errata(HERE / "good" / "errata" / "erratum.yaml")
    for _ in range(data.draw(st.integers(1, 3))):
        *parents, last = data.draw(st.sampled_from(_paths(spec.data)[1:]))
        node = spec.data
        for key in parents:
            node = node[key]
        node[last] = copy.deepcopy(data.draw(_JUNK))  # a shared [1] put inside itself would loop _paths
    for problem in validate_spec(spec, errata):
        assert problem.rule
