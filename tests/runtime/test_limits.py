"""Documented client-side limits are checked before anything is sent, with a ValueError
that names the argument: Paxos limit <= 1000 and at most 100 values per filter, B3OS limit
1..100 and offset >= 0, Otim's int8 perPage / int16 page in the body, Brainbase's
key:value metadata pattern."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from otim_client.models import GetOrchestrationsRequest, OrchestrationDirection

from generator.api import TEMPLATES as TEMPLATE_ROOT
from generator.emit.client import generate_client
from generator.model.build import build_model
from generator.spec.normalize import normalize
from tests.runtime.support import BY_SLUG, MODES, Server, json_response

TEMPLATES = TEMPLATE_ROOT / "client"

PAXOS_FILTERS = [
    "orchestration_rule_id",
    "source_asset",
    "destination_asset",
    "status",
    "orchestration_id",
    "profile_id",
    "ref_id",
]
GROUP = UUID("306db4e0-7449-4501-b76f-075576fe2d8f")


def otim_body(**fields: Any) -> dict[str, Any]:
    return {"body": GetOrchestrationsRequest(direction=OrchestrationDirection.FROM, **fields)}


CASES = [
    ("paxos", {"limit": 1001}, r"^limit must be at most 1000 \(got 1001\)$"),
    *[
        ("paxos", {name: ["x"] * 101}, rf"^{name} accepts at most 100 values per request \(got 101\)$")
        for name in PAXOS_FILTERS
    ],
    ("b3os", {"limit": 101}, r"^limit must be at most 100"),
    ("b3os", {"limit": 0}, r"^limit must be at least 1"),
    ("b3os", {"offset": -1}, r"^offset must be at least 0"),
    ("otim", otim_body(per_page=128), r"^body\.per_page \('perPage'\) must be at most 127 \(got 128\)$"),
    ("otim", otim_body(per_page=-129), r"^body\.per_page \('perPage'\) must be at least -128"),
    ("otim", otim_body(page=40000), r"^body\.page must be at most 32767"),
    ("brainbase", {"group_id": GROUP, "metadata": ["team:ops", "env"]}, r"^metadata\[1\] must match the pattern"),
]


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("slug", "arguments", "message"), CASES)
async def test_a_documented_limit_is_checked_before_sending(
    slug: str, arguments: dict[str, Any], message: str, mode: str
) -> None:
    vendor = BY_SLUG[slug]
    server = Server([json_response(200, vendor.ok_body)])
    client = vendor.client(server)
    with pytest.raises(ValueError, match=message):
        if mode == "sync":
            vendor.module.sync(client=client, **arguments)
        else:
            await vendor.module.asyncio(client=client, **arguments)
    assert server.requests == [] and server.token_requests == []


@pytest.mark.parametrize(
    ("slug", "arguments"),
    [
        ("paxos", {"limit": 1000, "status": ["x"] * 100}),
        ("b3os", {"limit": 100, "offset": 0}),
        ("b3os", {"limit": 1}),
        ("otim", otim_body(per_page=127, page=-32768)),
        ("otim", otim_body(per_page=None)),
        ("brainbase", {"group_id": GROUP, "metadata": ["team:ops", "env:prod:eu"]}),
    ],
)
def test_values_at_the_limits_are_sent(slug: str, arguments: dict[str, Any]) -> None:
    vendor = BY_SLUG[slug]
    server = Server([json_response(200, vendor.ok_body)])
    vendor.module.sync(client=vendor.client(server), **arguments)
    assert len(server.requests) == 1


def test_an_int32_format_is_no_documented_limit(tmp_path: Path) -> None:
    """Only the limits a spec states are checked and documented: ``format: int32`` on an
    integer with no ``minimum``/``maximum`` gets no check, and the README names no bound."""
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/things": {
                "get": {
                    "operationId": "list_things",
                    "parameters": [
                        {"name": "count", "in": "query", "schema": {"type": "integer", "format": "int32"}},
                        {"name": "size", "in": "query", "schema": {"type": "integer", "format": "int32", "maximum": 9}},
                    ],
                    "responses": {"204": {"description": "none"}},
                }
            }
        },
    }
    vendor = build_model("things", tmp_path / "things.yaml", "things.yaml", normalize(spec))
    count, size = vendor.operations[0].parameters
    assert count.constraints is None
    assert size.constraints is not None and size.constraints.as_kwargs() == (("maximum", 9),)
    assert generate_client(vendor, normalize(spec), tmp_path, TEMPLATES) == []
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "`size` `<= 9`" in readme and "2147483647" not in readme and "`count`" not in readme.split("Limits")[-1]


def test_paxos_limit_has_only_its_documented_maximum() -> None:
    # The docs state "Maximum 1000" and no minimum: a negative limit is the server's to judge.
    vendor = BY_SLUG["paxos"]
    server = Server([json_response(200, vendor.ok_body)])
    vendor.module.sync(client=vendor.client(server), limit=-2147483649)
    assert [r.url.params["limit"] for r in server.requests] == ["-2147483649"]
    source = inspect.getsource(vendor.module)
    assert "2147483648" not in source and "2147483647" not in source
