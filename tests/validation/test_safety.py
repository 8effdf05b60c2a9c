"""The ``safety/*`` rules run inside ``generate``, for every spec, conventions on or off.

Each broken fragment under ``broken/safety/<rule>/`` is handed to ``generate_vendor`` with the
project's conventions off (as test fixtures are generated): the generation stops with that
rule's located error and writes nothing.  Also: where the idempotency header of an operation
comes from (``x-idempotency-header`` on the operation or at the root, or an ``Idempotency-Key``
header parameter), and that idempotent methods never get one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.api import check_spec, generate_vendor
from generator.model.build import build_model
from generator.problems import Severity
from generator.validate.safety import SAFETY_RULES, unsupported_reason

HERE = Path(__file__).resolve().parent
SAFETY = sorted((HERE / "broken" / "safety").rglob("*.yaml"))


@pytest.mark.parametrize("path", SAFETY, ids=lambda p: p.relative_to(HERE / "broken").as_posix())
def test_generate_refuses_the_fragment_with_its_rule(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    problems = generate_vendor(path, out, root=HERE.parents[1], project_rules=False)
    rule = path.parent.relative_to(HERE / "broken").as_posix()
    assert problems, f"{path.name} generated, but it breaks {rule}"
    assert {p.rule for p in problems} == {rule}, "\n".join(p.render() for p in problems)
    assert all(p.severity is Severity.ERROR and p.line is not None and p.pointer for p in problems)
    assert not out.exists() or not any(out.iterdir()), "nothing is written"


def test_every_safety_rule_has_a_fragment() -> None:
    assert {p.parent.relative_to(HERE / "broken").as_posix() for p in SAFETY} == set(SAFETY_RULES)


@pytest.mark.parametrize(
    ("scheme", "reason"),
    [
        ({"type": "http", "scheme": "Bearer"}, None),
        ({"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "/t", "scopes": {}}}}, None),
        ({"type": "oauth2", "flows": {"implicit": {}, "password": {}}}, "OAuth2 with only the implicit, password"),
        ({"type": "apiKey", "in": "header", "name": "X-Key"}, "an API key in the header 'X-Key'"),
        ({"type": "http", "scheme": "digest"}, "HTTP digest authentication"),
        ({"type": "openIdConnect"}, "OpenID Connect"),
        ({"type": "mutualTLS"}, "mutual TLS"),
    ],
)
def test_what_the_client_can_send(scheme: dict[str, Any], reason: str | None) -> None:
    found = unsupported_reason(scheme)
    assert found is None if reason is None else found is not None and found.startswith(reason)


def test_an_alternative_the_client_can_send_is_enough(tmp_path: Path) -> None:
    path = HERE / "broken" / "safety" / "unsupported-security-scheme" / "httpbasic.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["paths"]["/things"]["get"]["security"].append({"bearer": []})
    doc["components"]["securitySchemes"]["bearer"] = {"type": "http", "scheme": "bearer"}
    spec = tmp_path / "vendor.yaml"
    spec.write_text(yaml.safe_dump(doc, sort_keys=False))
    loaded, problems = check_spec(spec, project_rules=False)
    assert loaded is not None and problems == [], "\n".join(p.render() for p in problems)


def _operation(method: str, **extra: Any) -> dict[str, Any]:
    return {"operationId": f"{method}_thing", "responses": {"204": {"description": "none"}}, **extra}


KEY_PARAMETER = {"name": "IDEMPOTENCY-KEY", "in": "header", "schema": {"type": "string"}}


@pytest.mark.parametrize(
    ("root", "operation", "expected"),
    [
        ({}, _operation("post"), None),
        ({"x-idempotency-header": "Idempotency-Key"}, _operation("post"), "Idempotency-Key"),
        ({"x-idempotency-header": "Idempotency-Key"}, _operation("patch"), "Idempotency-Key"),
        ({"x-idempotency-header": "Idempotency-Key"}, _operation("get"), None),
        ({"x-idempotency-header": "A"}, _operation("post", **{"x-idempotency-header": "B"}), "B"),
        ({}, _operation("post", parameters=[KEY_PARAMETER]), "IDEMPOTENCY-KEY"),
        ({}, _operation("put", parameters=[KEY_PARAMETER]), None),
    ],
)
def test_where_an_operations_idempotency_header_comes_from(
    root: dict[str, Any], operation: dict[str, Any], expected: str | None, tmp_path: Path
) -> None:
    method = str(operation["operationId"]).split("_")[0]
    spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, **root, "paths": {"/t": {method: operation}}}
    (op,) = build_model("things", tmp_path / "things.yaml", "things.yaml", spec).operations
    assert op.idempotency_header == expected
