"""The spec corrections of issue 14 (item 3), through both model flavours and the client.

Paxos: ids are plain strings, ``status`` is an open enum of five members, and the fields the
sample does not show (rule, identity and account ids, transfers, fail reason, the crypto and
fiat sources, the fiat and profile destinations) are typed.  Brainbase: every field of an
orchestration, its edges and triggers is X-or-null.  B3OS: an execution's strings and
free-form objects are X-or-null.  Each payload is also checked against the spec's own schema
(JSON Schema 2020-12 with format checks), so strict validation and the models agree.
"""

from __future__ import annotations

import copy
import functools
import json
from typing import Any

import jsonschema
import pytest
from b3os_client.api.executions import list_executions
from b3os_client.models import Execution
from b3os_client.pydantic_models import ListExecutionsResponse as PydanticExecutions
from brainbase_client.api.orchestrations import list_orchestrations as brainbase_list
from brainbase_client.models import Orchestration as BrainbaseOrchestration
from brainbase_client.pydantic_models import OrchestrationList as PydanticBrainbaseList
from paxos_client.api.orchestrations import list_orchestrations as paxos_list
from paxos_client.models import (
    ListOrchestrationsResponse,
    OrchestrationStatus,
    OrchestrationTransferStatus,
)
from paxos_client.pydantic_models import ListOrchestrationsResponse as PydanticPaxosPage
from paxos_client.pydantic_models import OrchestrationStatus as PydanticOrchestrationStatus

from generator.spec.errata import FORMAT_CHECKER
from tests.conformance.discovery import vendors
from tests.runtime.support import BY_SLUG, Server, json_response

PAXOS_ITEM: dict[str, Any] = {
    "id": "orch_01J8Z6Q4W7M2",
    "profile_id": "prof_7c4e8f2a",
    "customer_id": "cust_a1b2c3d4",
    "identity_id": "ident_5e6f7a8b",
    "account_id": "acct_9c0de1f2",
    "ref_id": "orch-usdc-usdg-a3b1c2d4",
    "orchestration_rule_id": "",
    "source_asset": "USDC",
    "destination_asset": "USD",
    "source_amount": "100.50",
    "status": "REJECTED",
    "source": {"crypto": {"address_id": "addr_1", "address": "0xabc", "network": "ETHEREUM"}},
    "destination": {"fiat": {"bank_account_id": "bank_1", "memo": "invoice 7"}},
    "source_transfer": {"transfer_id": "xfer_1", "status": "COMPLETED"},
    "destination_transfer": {"transfer_id": "xfer_2", "status": "FAILED"},
    "fail_reason": {"detail": "bank account closed"},
    "created_at": "2026-04-20T12:30:01.397730Z",
    "updated_at": "2026-04-20T12:30:02Z",
    "metadata": {"my_id": "x"},
}
PAXOS_OTHER_VARIANTS: dict[str, Any] = {
    "id": "orch_01J8Z6Q4W7M3",
    "status": "PENDING",
    "source": {"fiat": {"deposit_instructions_id": "dep_1", "memo": "wire 12"}},
    "destination": {"profile": {"profile_id": "prof_2"}},
}
BRAINBASE_ITEM: dict[str, Any] = {
    "id": "497f6eca-6276-4993-bfeb-53cbbbba6f08",
    "name": "nightly",
    "description": None,
    "icon": None,
    "credit_limit": None,
    "metadata": None,
    "members": None,
    "edges": [{"id": "497f6eca-6276-4993-bfeb-53cbbbba6f08", "description": None, "payload_schema": None}],
    "triggers": [
        {
            "id": "497f6eca-6276-4993-bfeb-53cbbbba6f08",
            "trigger_type": "schedule",
            "cron_expression": None,
            "configured_props": None,
            "last_run_at": None,
            "trigger_count": 0,
            "edges": [{"id": "497f6eca-6276-4993-bfeb-53cbbbba6f08", "payload_schema": None, "created_at": None}],
        }
    ],
    "created_at": "2019-08-24T14:15:22Z",
    "updated_at": None,
}
B3OS_ITEM: dict[str, Any] = {
    "id": "exec_1",
    "status": "workflow_running",
    "clientSafeMetadata": None,
    "requestPayload": {"amount": 5},
    "responsePayload": None,
    "finishedAt": None,
    "statusReason": None,
    "startedAt": "2026-04-20T12:30:01Z",
}


@functools.cache
def _spec(slug: str) -> dict[str, Any]:
    return next(v.doc for v in vendors() if v.slug == slug)


def schema_errors(slug: str, component: str, payload: Any) -> list[str]:
    """What the spec's own schema (``components/schemas/<component>``) says against ``payload``."""
    schema = {**_spec(slug), "$schema": "https://json-schema.org/draft/2020-12/schema"}
    schema["$ref"] = f"#/components/schemas/{component}"
    validator = jsonschema.Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(payload)]


# --- Paxos ---------------------------------------------------------------------------


def test_a_paxos_id_that_is_no_uuid_decodes_through_the_client() -> None:
    page = {"items": [{"id": "orch_01J8Z6Q4W7M2", "profile_id": "prof_1"}], "next_page_cursor": ""}
    server = Server([json_response(200, page)])
    result = paxos_list.sync(client=BY_SLUG["paxos"].client(server))
    assert isinstance(result.items, list)
    assert type(result.items[0].id) is str and result.items[0].id == "orch_01J8Z6Q4W7M2"
    assert result.to_dict() == page
    assert schema_errors("paxos", "ListOrchestrationsResponse", page) == []


@pytest.mark.parametrize("item", [PAXOS_ITEM, PAXOS_OTHER_VARIANTS], ids=["crypto-to-fiat", "fiat-to-profile"])
def test_the_paxos_fields_of_the_published_description_are_typed_and_round_trip(item: dict[str, Any]) -> None:
    payload = {"items": [copy.deepcopy(item)]}
    page = ListOrchestrationsResponse.from_dict(payload)
    assert isinstance(page.items, list)
    parsed = page.items[0]
    assert parsed.additional_properties == {}, "every field is declared now"
    assert page.to_dict() == payload
    pydantic_page = PydanticPaxosPage.model_validate_json(json.dumps(payload))
    assert pydantic_page.model_dump(mode="json") == payload
    assert schema_errors("paxos", "ListOrchestrationsResponse", payload) == []


def test_paxos_transfers_sources_destinations_and_fail_reason_read_as_typed_values() -> None:
    parsed = ListOrchestrationsResponse.from_dict({"items": [PAXOS_ITEM, PAXOS_OTHER_VARIANTS]}).items
    assert isinstance(parsed, list)
    item, other = parsed
    assert item.status is OrchestrationStatus.REJECTED and item.status.is_known
    assert item.source_transfer.status is OrchestrationTransferStatus.COMPLETED  # type: ignore[union-attr]
    assert item.destination_transfer.transfer_id == "xfer_2"  # type: ignore[union-attr]
    assert item.fail_reason.detail == "bank account closed"  # type: ignore[union-attr]
    assert item.source.crypto.network == "ETHEREUM"  # type: ignore[union-attr]
    assert item.destination.fiat.bank_account_id == "bank_1"  # type: ignore[union-attr]
    assert item.orchestration_rule_id == "" and item.source_amount == "100.50"
    assert other.source.fiat.deposit_instructions_id == "dep_1"  # type: ignore[union-attr]
    assert other.destination.profile.profile_id == "prof_2"  # type: ignore[union-attr]


def test_paxos_status_is_an_open_enum_of_the_five_documented_statuses() -> None:
    assert [m.value for m in OrchestrationStatus] == ["PROCESSING", "COMPLETED", "FAILED", "PENDING", "REJECTED"]
    assert [m.value for m in OrchestrationTransferStatus] == ["PENDING", "PROCESSING", "COMPLETED", "FAILED"]
    payload = {"items": [{"id": "orch_1", "status": "CANCELLED"}]}
    page = ListOrchestrationsResponse.from_dict(payload)
    assert isinstance(page.items, list) and page.items[0].status == "CANCELLED"
    assert not page.items[0].status.is_known
    assert page.to_dict() == payload
    pydantic_item = PydanticPaxosPage.model_validate(payload).items[0]  # type: ignore[index]
    assert isinstance(pydantic_item.status, PydanticOrchestrationStatus) and pydantic_item.status == "CANCELLED"


# --- Brainbase -----------------------------------------------------------------------


def test_brainbase_nulls_in_optional_fields_decode_through_the_client() -> None:
    page = {"items": [BRAINBASE_ITEM]}
    server = Server([json_response(200, page)])
    result = brainbase_list.sync(client=BY_SLUG["brainbase"].client(server), **BY_SLUG["brainbase"].arguments())
    assert isinstance(result.items, list)
    item = result.items[0]
    assert item.metadata is None and item.members is None and item.updated_at is None
    assert isinstance(item.triggers, list) and item.triggers[0].last_run_at is None
    assert result.to_dict() == page
    assert schema_errors("brainbase", "OrchestrationList", page) == []


def test_brainbase_nulls_decode_in_the_pydantic_flavour() -> None:
    page = {"items": [BRAINBASE_ITEM]}
    parsed = PydanticBrainbaseList.model_validate_json(json.dumps(page))
    item = parsed.items[0]  # type: ignore[index]
    assert item.metadata is None and item.triggers[0].last_run_at is None  # type: ignore[index]
    assert parsed.model_dump(mode="json") == page


@pytest.mark.parametrize("field", ["id", "name", "credit_limit", "metadata", "members", "edges", "created_at"])
def test_every_brainbase_orchestration_field_may_be_null(field: str) -> None:
    payload = {field: None}
    assert BrainbaseOrchestration.from_dict(payload).to_dict() == payload
    assert schema_errors("brainbase", "Orchestration", payload) == []


# --- B3OS ----------------------------------------------------------------------------


def test_b3os_null_payloads_and_metadata_decode_through_the_client() -> None:
    page = {"code": 200, "data": {"hasMore": False, "items": [B3OS_ITEM], "limit": 20, "offset": 0}}
    server = Server([json_response(200, page)])
    result = list_executions.sync(client=BY_SLUG["b3os"].client(server))
    execution = result.data.items[0]  # type: ignore[union-attr]
    assert execution.response_payload is None and execution.client_safe_metadata is None
    assert execution.finished_at is None and execution.status == "workflow_running"
    assert result.to_dict() == page
    pydantic_page = PydanticExecutions.model_validate_json(json.dumps(page))
    assert pydantic_page.data.items[0].response_payload is None  # type: ignore[union-attr,index]
    assert pydantic_page.model_dump(mode="json") == page
    assert schema_errors("b3os", "ListExecutionsResponse", page) == []


@pytest.mark.parametrize(
    "field",
    ["clientSafeMetadata", "requestPayload", "responsePayload", "id", "createdAt", "statusReason", "workflowId"],
)
def test_every_b3os_string_and_free_form_object_may_be_null(field: str) -> None:
    payload = {field: None}
    assert Execution.from_dict(payload).to_dict() == payload
    assert schema_errors("b3os", "Execution", payload) == []


def test_b3os_status_stays_non_nullable() -> None:
    assert schema_errors("b3os", "Execution", {"status": None}) != []
