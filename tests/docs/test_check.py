"""The docs-to-spec check: clean on the five captures, and located failures on broken copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.docs import check_docs
from generator.problems import Problem
from tests.docs.support import CAPTURES, REPO_ROOT, SLUGS, check, copy_repo, edit_spec, line_of, load, recapture


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_repo(tmp_path)


def _only(problems: list[Problem], rule: str) -> Problem:
    found = [p for p in problems if p.rule == rule]
    assert len(found) == 1, [p.render() for p in problems]
    assert len(problems) == 1, [p.render() for p in problems]
    return found[0]


@pytest.mark.parametrize("slug", SLUGS)
def test_the_five_specs_agree_with_their_captures(slug: str) -> None:
    assert check_docs(load(REPO_ROOT, slug), REPO_ROOT) == []


def test_an_extra_query_parameter_on_the_page(root: Path) -> None:
    recapture(
        root,
        "paxos",
        "ref_id\nstring[]\n",
        "customer_id\nstring[]\n\nOptionally filter by customers.\n\nref_id\nstring[]\n",
    )
    problem = _only(check(root, "paxos"), "docs/spec-lacks")
    assert "query parameter 'customer_id'" in problem.message
    assert problem.file == CAPTURES["paxos"]
    assert problem.line == _nth_line(root, CAPTURES["paxos"], "customer_id", after="Query Parameters")
    assert problem.pointer == "/paths/~1orchestration~1orchestrations/get"
    assert "specs/paxos.yaml:" in problem.message


def _nth_line(root: Path, relative: str, text: str, *, after: str) -> int:
    lines = (root / relative).read_text(encoding="utf-8").split("\n")
    start = lines.index(after)
    return next(i + 1 for i, line in enumerate(lines) if i > start and line == text)


def test_an_extra_response_field_on_the_page(root: Path) -> None:
    recapture(root, "b3os", "workflowId string\n", "workflowId string\nretryCount integer\n")
    problem = _only(check(root, "b3os"), "docs/spec-lacks")
    assert "field 'retryCount'" in problem.message
    assert "response 200.data.items[]" in problem.message
    assert problem.line == line_of(root, CAPTURES["b3os"], "retryCount integer")
    assert problem.pointer == "/components/schemas/Execution"
    assert f"specs/b3os.yaml:{load(root, 'b3os').where('/components/schemas/Execution')[0]}" in problem.message


def test_an_extra_enum_value_on_the_page(root: Path) -> None:
    recapture(root, "otim", "cancelled,\ndraft\ncreatedAt", "cancelled,\ndraft,\narchived\ncreatedAt")
    problem = _only(check(root, "otim"), "docs/spec-lacks")
    assert "enum member 'archived'" in problem.message
    assert "response 200[].status" in problem.message
    assert problem.line == _nth_line(root, CAPTURES["otim"], "status", after="Response")
    assert problem.pointer == "/components/schemas/Orchestration/properties/status"


def test_a_changed_default_on_the_page(root: Path) -> None:
    recapture(root, "paxos", "Defaults to 100 if no limit", "Defaults to 50 if no limit")
    problem = _only(check(root, "paxos"), "docs/contradiction")
    assert "query parameter 'limit'" in problem.message
    assert "default (page 50, spec 100)" in problem.message
    spec = load(root, "paxos")
    assert problem.file == "specs/paxos.yaml"
    assert problem.pointer == "/paths/~1orchestration~1orchestrations/get/parameters/9"
    assert problem.line == spec.where(problem.pointer)[0]
    assert f"{CAPTURES['paxos']}:{line_of(root, CAPTURES['paxos'], 'integer<int32>') - 1}" in problem.message


def test_a_changed_sample_on_the_page(root: Path) -> None:
    recapture(root, "brainbase", '"trigger_type": "schedule"', '"trigger_type": "webhook"')
    problems = check(root, "brainbase")
    assert {p.rule for p in problems} == {"docs/sample"} and len(problems) == 2, [p.render() for p in problems]
    in_spec = next(p for p in problems if p.file == "specs/brainbase.yaml")
    assert "differs from every response sample on the page" in in_spec.message
    assert "schedule" in in_spec.message and "webhook" in in_spec.message
    assert in_spec.pointer.endswith("/responses/200/content/application~1json/examples/docs/value")
    assert in_spec.line == load(root, "brainbase").where(in_spec.pointer)[0]
    sample_line = line_of(root, CAPTURES["brainbase"], '"items": [') - 1
    assert f"{CAPTURES['brainbase']}:{sample_line}" in in_spec.message
    on_page = next(p for p in problems if p.file == CAPTURES["brainbase"])
    assert "sample is not recorded" in on_page.message and on_page.line == sample_line


def test_a_sample_is_compared_token_for_token_not_as_parsed_values(root: Path) -> None:
    """100 and 100.0 parse to equal Python values; the page's bytes differ, so the check fails."""
    edit_spec(root, "formance", '"attempt": 123,', '"attempt": 123.0,')
    problems = check(root, "formance")
    in_spec = next(p for p in problems if p.file == "specs/formance.yaml")
    assert in_spec.rule == "docs/sample"
    assert "after '" in in_spec.message and '"attempt":123' in in_spec.message and "(spec '.0," in in_spec.message
    assert {p.rule for p in problems} == {"docs/sample"} and len(problems) == 2


def test_whitespace_between_tokens_is_not_a_difference(root: Path) -> None:
    edit_spec(root, "paxos", '"next_page_cursor": "<string>",', '"next_page_cursor"  :   "<string>" ,')
    assert check(root, "paxos") == []


def test_a_changed_curl_on_the_page(root: Path) -> None:
    recapture(root, "brainbase", "Bearer YOUR_API_KEY'", "Bearer YOUR_API_TOKEN'")
    problems = check(root, "brainbase")
    assert {p.rule for p in problems} == {"docs/sample"}
    assert any(p.file == CAPTURES["brainbase"] and "curl command is not recorded" in p.message for p in problems)
    assert any(p.file == "specs/brainbase.yaml" and "verbatim curl is not on the page" in p.message for p in problems)


def test_a_spec_property_nobody_attributes(root: Path) -> None:
    edit_spec(
        root,
        "otim",
        '        maxRuns:\n          type: [integer, "null"]',
        '        archivedAt:\n          type: string\n        maxRuns:\n          type: [integer, "null"]',
    )
    problem = _only(check(root, "otim"), "docs/unattributed")
    assert "property 'archivedAt'" in problem.message
    assert problem.pointer == "/components/schemas/Orchestration/properties/archivedAt"
    assert problem.file == "specs/otim.yaml"
    assert problem.line == load(root, "otim").where(problem.pointer)[0]
    assert problem.line in (
        line_of(root, "specs/otim.yaml", "archivedAt:"),
        line_of(root, "specs/otim.yaml", "archivedAt:") + 1,
    )


def test_the_same_property_passes_once_attributed(root: Path) -> None:
    edit_spec(
        root,
        "otim",
        '        maxRuns:\n          type: [integer, "null"]',
        "        archivedAt:\n          type: string\n          x-oc-source: vendor-description\n"
        '        maxRuns:\n          type: [integer, "null"]',
    )
    assert check(root, "otim") == []


def test_removing_an_attribution_reports_every_fact_it_covered(root: Path) -> None:
    edit_spec(
        root,
        "b3os",
        "          x-oc-source: our-reading\n          description: >-\n            Number",
        "          description: >-\n            Number",
    )
    problem = _only(check(root, "b3os"), "docs/unattributed")
    assert "query parameter 'limit'" in problem.message and "minimum 1" in problem.message


def test_page_differs_silences_only_the_listed_fact(root: Path) -> None:
    edit_spec(root, "brainbase", "page-differs: [type]", "page-differs: [format]")
    problem = _only(check(root, "brainbase"), "docs/contradiction")
    assert "type (page object, spec array)" in problem.message


def test_a_malformed_attribution(root: Path) -> None:
    edit_spec(
        root,
        "b3os",
        "          x-oc-source: our-reading\n          description: >-\n            Number",
        "          x-oc-source: hearsay\n          description: >-\n            Number",
    )
    problems = check(root, "b3os")
    assert {p.rule for p in problems} == {"docs/attribution", "docs/unattributed"}


def test_a_spec_without_captures(root: Path) -> None:
    edit_spec(root, "paxos", "  x-docs-captures: [docs/paxos/list-orchestrations.txt]\n", "")
    problem = _only(check(root, "paxos"), "docs/no-capture")
    assert problem.pointer == "/info"


def test_a_capture_path_outside_docs(root: Path) -> None:
    edit_spec(root, "paxos", "[docs/paxos/list-orchestrations.txt]", "[docs/../specs/paxos.yaml]")
    problems = check(root, "paxos")
    assert any(p.rule == "docs/no-capture" and "not inside docs/" in p.message for p in problems)


def test_an_operation_whose_page_is_not_captured(root: Path) -> None:
    edit_spec(
        root,
        "b3os",
        "x-docs-url: https://docs.b3os.org/api-reference/executions/list-executions",
        "x-docs-url: https://docs.b3os.org/api-reference/executions/get-execution",
    )
    rules = sorted(p.rule for p in check(root, "b3os"))
    assert rules == ["docs/no-capture", "docs/unattributed"]


def test_a_hand_edited_capture_is_refused(root: Path) -> None:
    path = root / CAPTURES["otim"]
    path.write_text(path.read_text(encoding="utf-8").replace("perPage", "per_page"), encoding="utf-8")
    problem = _only(check(root, "otim"), "docs/capture-digest")
    assert problem.file == CAPTURES["otim"]


def test_a_changed_format_on_the_page(root: Path) -> None:
    recapture(root, "otim", "perPage\ninteger<int8> | null", "perPage\ninteger<int16> | null")
    problem = _only(check(root, "otim"), "docs/contradiction")
    assert "request body.perPage" in problem.message and "format (page int16, spec int8)" in problem.message
    assert problem.pointer == "/components/schemas/GetOrchestrationsRequest/properties/perPage"


def test_a_field_the_page_now_requires(root: Path) -> None:
    recapture(root, "otim", "toUserId\nstring<uuid> | null\n", "toUserId\nstring<uuid> | null\nrequired\n")
    problem = _only(check(root, "otim"), "docs/spec-lacks")
    assert "response 200[].toUserId: the page states required" in problem.message
    assert problem.line == _nth_line(root, CAPTURES["otim"], "toUserId", after="Response")


def test_an_enum_member_only_the_spec_has(root: Path) -> None:
    edit_spec(
        root, "b3os", "        - workflow_cancelled\n", "        - workflow_cancelled\n        - workflow_paused\n"
    )
    problem = _only(check(root, "b3os"), "docs/unattributed")
    assert "enum member 'workflow_paused'" in problem.message
    assert problem.pointer == "/components/schemas/Execution/properties/status"


def test_a_new_oauth_scope_on_the_page(root: Path) -> None:
    recapture(
        root,
        "paxos",
        "OAuth Scope\norchestration:read_orchestration\n",
        "OAuth Scope\norchestration:read_orchestration\nfunding:read\n",
    )
    problem = _only(check(root, "paxos"), "docs/spec-lacks")
    assert "OAuth scope 'funding:read'" in problem.message
    assert problem.pointer == "/components/securitySchemes/oauth2"
    assert problem.line == line_of(root, CAPTURES["paxos"], "funding:read")


def test_a_security_scheme_nobody_attributes(root: Path) -> None:
    edit_spec(root, "formance", "      type: oauth2\n      x-oc-source: vendor-description\n", "      type: oauth2\n")
    problem = _only(check(root, "formance"), "docs/unattributed")
    assert "tokenUrl /api/auth/oauth/token" in problem.message and "scope orchestration:read" in problem.message


def test_the_page_now_sends_requests_elsewhere(root: Path) -> None:
    recapture(root, "otim", "--url https://api.otim.com/orchestrations", "--url https://api.otim.io/orchestrations")
    problems = check(root, "otim")
    lacks = next(p for p in problems if p.rule == "docs/spec-lacks")
    assert "https://api.otim.io" in lacks.message and lacks.file == CAPTURES["otim"]
    unstated = next(p for p in problems if p.rule == "docs/unattributed")
    assert "server 'https://api.otim.com'" in unstated.message and unstated.pointer == "/servers/0"


def test_the_page_documents_another_path(root: Path) -> None:
    recapture(root, "paxos", "/\norchestrations\nList Orchestrations", "/\nruns\nList Orchestrations")
    problem = _only(check(root, "paxos"), "docs/contradiction")
    assert "the page documents GET /orchestration/runs, the spec GET /orchestration/orchestrations" in problem.message
    assert problem.pointer == "/paths/~1orchestration~1orchestrations/get"
    assert f"{CAPTURES['paxos']}:{line_of(root, CAPTURES['paxos'], 'Skip to main content') + 1}" in problem.message
