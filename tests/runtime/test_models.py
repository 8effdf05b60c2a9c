"""Models that survive tomorrow's API: open enums, undocumented fields, discriminated unions,
and date-times that serialize back exactly as they were received (payloads and queries)."""

from __future__ import annotations

import copy
import datetime
import pickle
import uuid
from typing import Any

import pytest
from b3os_client.errors import FieldError as B3osFieldError
from b3os_client.models import Execution, ExecutionStatus, ListExecutionsResponse
from b3os_client.pydantic_models import Execution as PydanticExecution
from b3os_client.pydantic_models import ExecutionStatus as PydanticExecutionStatus
from formance_client import pydantic_models as formance_pydantic
from formance_client.errors import FieldError
from formance_client.models import (
    V2CreditWalletRequest,
    V2Hold,
    V2LedgerAccountSubject,
    V2PaymentStatus,
    V2WalletSubject,
)
from otim_client.errors import FieldError as OtimFieldError
from otim_client.models import GetOrchestrationsRequest, Orchestration, OrchestrationDirection, OrchestrationStatus
from otim_client.types import WireUUID
from paxos_client._runtime._datetime import format_datetime, parse_datetime
from paxos_client.api.orchestrations import list_orchestrations
from paxos_client.models import ListOrchestrationsOrder, ListOrchestrationsResponse
from paxos_client.models import Orchestration as PaxosOrchestration
from pydantic import ValidationError

from tests.runtime.support import BY_SLUG, Server, json_response, read_path, sent_json

ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
OTIM_ITEM: dict[str, Any] = {
    "id": ID,
    "fromUserId": ID,
    "ephemeralWalletAddress": "0xabc",
    "instructions": {"ids": [ID]},
    "metadata": {},
    "status": "pending",
    "createdAt": "2023-11-07T05:31:56Z",
    "updatedAt": "2023-11-07T05:31:56Z",
    "numRuns": 0,
}


def test_unknown_enum_value_parses_keeps_its_value_and_round_trips() -> None:
    payload = {**OTIM_ITEM, "status": "archived"}
    item = Orchestration.from_dict(payload)
    assert isinstance(item.status, OrchestrationStatus) and item.status == "archived"
    assert item.status.is_known is False and item.status not in list(OrchestrationStatus)
    assert item.status.value == "archived" and repr(item.status) == "OrchestrationStatus('archived')"
    assert item.to_dict() == payload


def test_known_enum_members_compare_as_before() -> None:
    item = Orchestration.from_dict(OTIM_ITEM)
    assert item.status == "pending" and str(item.status) == "pending"
    assert item.status is OrchestrationStatus.PENDING and item.status.is_known
    assert OrchestrationStatus("paid") is OrchestrationStatus.PAID
    assert [m.value for m in OrchestrationStatus] == [
        "pending",
        "inProgress",
        "paid",
        "cancelled",
        "draft",
    ]  # spec order


@pytest.mark.parametrize(
    ("enum", "value"),
    [(ExecutionStatus, "workflow_paused"), (V2PaymentStatus, "CHARGEBACK"), (ListOrchestrationsOrder, "RANDOM")],
)
def test_every_vendors_enums_are_open(enum: Any, value: str) -> None:
    member = enum(value)
    assert isinstance(member, enum) and member.value == value and not member.is_known


def test_enum_rejects_values_of_another_type() -> None:
    with pytest.raises(OtimFieldError, match="/status: 5 is not a valid OrchestrationStatus"):
        Orchestration.from_dict({**OTIM_ITEM, "status": 5})


def test_unknown_enum_in_a_query_parameter_is_sent_as_given() -> None:
    server = Server([json_response(200, {"items": []})])
    list_orchestrations.sync(client=BY_SLUG["paxos"].client(server), order=ListOrchestrationsOrder("RANDOM"))
    assert server.requests[0].url.params["order"] == "RANDOM"


def test_pydantic_enums_are_open_too() -> None:
    execution = PydanticExecution.model_validate({"status": "workflow_paused"})
    assert execution.status == "workflow_paused" and isinstance(execution.status, PydanticExecutionStatus)
    assert execution.model_dump(mode="json", exclude_unset=True) == {"status": "workflow_paused"}
    known = PydanticExecution.model_validate({"status": "workflow_running"})
    assert known.status is PydanticExecutionStatus.workflow_running


def test_undocumented_fields_are_kept_and_round_trip() -> None:
    payload = {
        "items": [
            {
                "id": "e5f6a7b8-9c0d-1e2f-3a4b-c5d6e7f8a9b0",
                "risk_score": 0.3,
                "source": {"profile": {"profile_id": "7c4e8f2a-1d3b-4a5e-9f6c-8b2d7e0a4f1c", "kind": "treasury"}},
                "metadata": {"my_id": "x"},
            }
        ],
        "next_page_cursor": "c",
        "total": 12,
    }
    page = ListOrchestrationsResponse.from_dict(copy.deepcopy(payload))
    assert page.additional_properties == {"total": 12}
    assert page.items[0]["risk_score"] == 0.3
    assert page.to_dict() == payload


def test_pydantic_models_keep_undocumented_fields() -> None:
    payload = {"id": "ex-1", "status": "payment_confirmed", "newField": {"nested": [1, 2]}}
    model = PydanticExecution.model_validate(payload)
    assert model.model_extra == {"newField": {"nested": [1, 2]}}
    assert model.model_dump(mode="json", by_alias=True, exclude_unset=True) == payload


def test_discriminator_selects_the_branch_by_its_tag() -> None:
    payload = {
        "amount": {"asset": "USD/2", "amount": 100},
        "metadata": {},
        "sources": [
            {"type": "WALLET", "identifier": "w-1", "balance": "main"},
            {"type": "ACCOUNT", "identifier": "users:001"},
        ],
    }
    request = V2CreditWalletRequest.from_dict(payload)
    assert [type(s) for s in request.sources] == [V2WalletSubject, V2LedgerAccountSubject]
    assert request.to_dict() == payload
    hold = V2Hold.from_dict(
        {
            "id": ID,
            "walletID": "w",
            "metadata": {},
            "description": "d",
            "destination": {"type": "WALLET", "identifier": "w"},
        }
    )
    assert isinstance(hold.destination, V2WalletSubject)


def test_a_tag_that_names_no_branch_is_an_error_naming_the_tag() -> None:
    payload = {
        "amount": {"asset": "USD", "amount": 1},
        "metadata": {},
        "sources": [{"type": "BANK", "identifier": "x"}],
    }
    with pytest.raises(FieldError) as caught:
        V2CreditWalletRequest.from_dict(payload)
    assert caught.value.pointer == "/sources/0/type"
    assert "unknown 'type' tag 'BANK' (expected one of 'ACCOUNT', 'WALLET')" in str(caught.value)
    with pytest.raises(FieldError, match="discriminator 'type' is missing"):
        V2CreditWalletRequest.from_dict({**payload, "sources": [{"identifier": "x"}]})


def test_an_unknown_tag_in_a_response_names_the_field_and_the_tag() -> None:
    vendor = BY_SLUG["formance"]
    stage = {
        "name": "n",
        "startedAt": "2023-11-07T05:31:56Z",
        "terminated": False,
        "attempt": 1,
        "input": {
            "DebitWallet": {
                "id": "w",
                "data": {
                    "amount": {"asset": "USD", "amount": 1},
                    "metadata": {},
                    "destination": {"type": "<string>", "identifier": "x"},
                },
            }
        },
    }
    server = Server([json_response(200, {"data": [stage]})] * 2)
    with pytest.raises(vendor.errors.ResponseValidationError) as caught:
        vendor.module.sync(client=vendor.client(server, strict=True), **vendor.arguments())
    assert caught.value.field == "/data/0/input/DebitWallet/data/destination/type"
    assert "'<string>'" in str(caught.value)
    page = vendor.module.sync(client=vendor.client(server), **vendor.arguments())
    with pytest.raises(vendor.errors.ResponseValidationError) as on_read:
        read_path(page, "/data/0/input/DebitWallet/data/destination")
    assert on_read.value.field == caught.value.field


def test_pydantic_union_uses_the_discriminator() -> None:
    subject = formance_pydantic.V2Subject.model_validate({"type": "WALLET", "identifier": "w"})
    assert isinstance(subject.root, formance_pydantic.V2WalletSubject)
    with pytest.raises(ValidationError, match="'BANK'"):
        formance_pydantic.V2Subject.model_validate({"type": "BANK", "identifier": "w"})


@pytest.mark.parametrize(
    "text",
    [
        "2026-04-20T12:30:01.397730Z",
        "2026-04-20T12:30:01Z",
        "2026-04-20T12:30:01+00:00",
        "2026-04-20T12:30:01.3977301Z",  # Go's nanosecond clock: more digits than Python keeps
        "2026-04-20T12:30:01.3Z",
        "2026-04-20T12:30:01.000000Z",
        "2026-04-20T14:30:01.5+02:00",
        "2026-04-20t12:30:01z",
        "2026-04-20T12:30:01-00:00",
    ],
)
def test_date_times_serialize_back_exactly_as_received(text: str) -> None:
    payload = {"id": "e5f6a7b8-9c0d-1e2f-3a4b-c5d6e7f8a9b0", "created_at": text, "updated_at": text}
    item = PaxosOrchestration.from_dict(payload)
    assert isinstance(item.created_at, datetime.datetime) and item.created_at.tzinfo is not None
    assert item.to_dict() == payload


def test_parsed_date_times_are_ordinary_datetimes() -> None:
    precise = parse_datetime("2026-04-20T12:30:01.3977301Z")
    plain = datetime.datetime(2026, 4, 20, 12, 30, 1, 397730, tzinfo=datetime.UTC)
    assert precise == plain and hash(precise) == hash(plain)
    assert (
        format_datetime(precise + datetime.timedelta(seconds=1)) == "2026-04-20T12:30:02.397730Z"
    )  # computed: no source text


def test_a_datetime_the_caller_built_is_written_with_z_for_utc() -> None:
    assert format_datetime(datetime.datetime(2006, 1, 2, 15, 4, 5, tzinfo=datetime.UTC)) == "2006-01-02T15:04:05Z"
    offset = datetime.timezone(datetime.timedelta(hours=-5))
    assert format_datetime(datetime.datetime(2006, 1, 2, 10, 4, 5, tzinfo=offset)) == "2006-01-02T10:04:05-05:00"


def test_date_time_query_parameters_keep_their_spelling() -> None:
    server = Server([json_response(200, {"items": []})])
    client = BY_SLUG["paxos"].client(server)
    received = PaxosOrchestration.from_dict({"created_at": "2026-04-20T12:30:01.397730+00:00"}).created_at
    assert isinstance(received, datetime.datetime)
    list_orchestrations.sync(
        client=client,
        created_at_gte=received,
        created_at_lt=datetime.datetime(2026, 4, 21, tzinfo=datetime.UTC),
    )
    assert list(server.requests[0].url.params.multi_items()) == [
        ("created_at.lt", "2026-04-21T00:00:00Z"),
        ("created_at.gte", "2026-04-20T12:30:01.397730+00:00"),
    ]


def test_request_body_carries_only_what_the_caller_set() -> None:
    vendor = BY_SLUG["otim"]
    server = Server([json_response(200, [])])
    client = vendor.client(server)
    vendor.module.sync(client=client, body=GetOrchestrationsRequest(direction=OrchestrationDirection.TO))
    vendor.module.sync(
        client=client, body=GetOrchestrationsRequest(direction=OrchestrationDirection.TO, statuses=None, per_page=None)
    )
    assert [sent_json(r) for r in server.requests] == [
        {"direction": "to"},
        {"direction": "to", "statuses": None, "perPage": None},
    ]


def test_a_placeholder_where_an_object_belongs_is_a_clear_error() -> None:
    with pytest.raises(B3osFieldError, match=r"/data: expected a JSON object \(ExecutionPage\), got a string"):
        ListExecutionsResponse.from_dict({"data": "<object>"})
    with pytest.raises(
        B3osFieldError, match=r"^/requestPayload: expected a JSON object \(ExecutionRequestPayloadType0\), got a string"
    ):
        Execution.from_dict({"id": "x", "requestPayload": "<object>"})  # object-or-null: the union says so


def test_an_invalid_item_in_a_nullable_array_is_refused_not_kept() -> None:
    with pytest.raises(OtimFieldError, match=r"^/statuses/0: None is not a valid OrchestrationStatus$"):
        GetOrchestrationsRequest.from_dict({"direction": "to", "statuses": [None]})
    with pytest.raises(OtimFieldError, match=r'^/statuses: expected a JSON array, got a string \("paid"\)$'):
        GetOrchestrationsRequest.from_dict({"direction": "to", "statuses": "paid"})
    assert GetOrchestrationsRequest.from_dict({"direction": "to", "statuses": None}).to_dict() == {
        "direction": "to",
        "statuses": None,
    }


def test_uuids_are_read_as_uuids_that_keep_their_text() -> None:
    payload = {**OTIM_ITEM, "instructions": {"ids": [ID], "completionIds": [ID]}}
    item = Orchestration.from_dict(payload)
    assert isinstance(item.id, uuid.UUID) and isinstance(item.id, WireUUID)
    assert item.id == uuid.UUID(ID) and uuid.UUID(ID) == item.id and hash(item.id) == hash(uuid.UUID(ID))
    assert str(item.id) == ID and item.id.hex == ID.replace("-", "") and item.id.version == 4
    assert item.id.int == uuid.UUID(ID).int and item.id.is_safe is uuid.SafeUUID.unknown
    assert repr(item.id) == f"UUID('{ID}')" and f"{item.id}" == ID
    assert sorted([item.id, uuid.UUID(int=0)]) == [uuid.UUID(int=0), uuid.UUID(ID)]
    for clone in (copy.copy(item.id), copy.deepcopy(item.id), pickle.loads(pickle.dumps(item.id))):
        assert clone == item.id and str(clone) == ID
    assert isinstance(item.instructions.ids, list) and isinstance(item.instructions.ids[0], WireUUID)
    assert item.to_dict() == payload


def test_other_uuid_spellings_are_read_as_plain_uuids_and_written_as_received() -> None:
    upper = ID.upper()
    item = Orchestration.from_dict({**OTIM_ITEM, "id": upper})
    assert type(item.id) is uuid.UUID and item.id == uuid.UUID(ID)
    assert item.to_dict() == {**OTIM_ITEM, "id": upper}  # the view keeps the spelling it read
    item.id = uuid.UUID(upper)
    assert item.to_dict() == {**OTIM_ITEM, "id": ID}  # a value set is written canonically
    assert WireUUID(ID) == uuid.UUID(ID) and str(WireUUID(ID)) == ID
    with pytest.raises(ValueError):
        WireUUID(upper)


@pytest.mark.parametrize("bad", ["not-a-uuid", ID[:-1], 42, None, ["x"]])
def test_an_invalid_uuid_is_an_error_naming_its_field(bad: Any) -> None:
    with pytest.raises(ValueError) as caught:
        Orchestration.from_dict({**OTIM_ITEM, "instructions": {"ids": [ID, bad]}})
    assert getattr(caught.value, "pointer", None) == "/instructions/ids/1"


def test_from_dict_leaves_its_source_alone_and_extras_are_a_new_dict() -> None:
    payload = {"id": ID, "status": "DONE", "new_field": {"n": 1}}
    before = copy.deepcopy(payload)
    item = PaxosOrchestration.from_dict(payload)
    assert payload == before
    assert item.additional_properties == {"new_field": {"n": 1}} and item.additional_properties is not payload
    item["other"] = 2
    assert "other" not in payload
    assert PaxosOrchestration.from_dict({"id": ID}).additional_properties == {}
    assert item.to_dict() == {**before, "other": 2}
