"""pydantic models: JSON keys on the wire, Python names in code (``_runtime/_pydantic.py``: WireModel).

An undocumented key spelled like a field's Python name (``from_user_id`` where the spec
says ``fromUserId``) is an extra, however the model is reached (directly, nested, through
a ``RootModel``), and it neither fills nor marks the field of that name: the payload is
written back as it came.  The constructor still takes Python names.
"""

from __future__ import annotations

import copy
import json
import pickle
from typing import Any

import pytest
from otim_client.pydantic_models import (
    GetOrchestrationsRequest,
    Orchestration,
    OrchestrationInstructions,
    OrchestrationList,
)
from pydantic import TypeAdapter, ValidationError

ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
ITEM: dict[str, Any] = {
    "id": ID,
    "fromUserId": ID,
    "ephemeralWalletAddress": "0xabc",
    "instructions": {"ids": [ID]},
    "metadata": {},
    "status": "pending",
    "createdAt": "2023-11-07T05:31:56.5+00:00",
    "updatedAt": "2023-11-07T05:31:56Z",
    "numRuns": 0,
}


def wire(model: Any) -> Any:
    """What the conformance suite writes back (tests/conformance/flavors.py): the default dump."""
    return json.loads(model.model_dump_json())


def test_extra_key_spelled_like_a_field_name_leaves_the_field_unset() -> None:
    payload = {"ids": [ID], "completion_ids": "undocumented"}
    parsed = OrchestrationInstructions.model_validate_json(json.dumps(payload))
    assert parsed.completion_ids is None and parsed.model_extra == {"completion_ids": "undocumented"}
    assert "completion_ids" not in parsed.model_fields_set
    assert wire(parsed) == payload
    assert parsed.model_dump(mode="json", by_alias=True, exclude_unset=True) == payload
    assert parsed.model_dump(mode="json") == payload  # the same by default
    assert wire(OrchestrationInstructions.model_validate(payload)) == payload


def test_field_and_extra_of_the_same_name_are_both_kept() -> None:
    # The documented key is present (even as null): the field is set, and so is the extra.
    for value in (None, [ID]):
        payload = {"completionIds": value, "completion_ids": "undocumented"}
        parsed = OrchestrationInstructions.model_validate_json(json.dumps(payload))
        assert "completion_ids" in parsed.model_fields_set
        assert wire(parsed) == payload


def test_nested_and_root_models_match_json_keys_only() -> None:
    item = {**ITEM, "instructions": {"ids": [ID], "completion_ids": 1}, "num_runs": "x"}
    page = OrchestrationList.model_validate_json(json.dumps([item]))
    assert page.root[0].num_runs == 0 and page.root[0].model_extra == {"num_runs": "x"}
    assert wire(page) == [item]
    assert TypeAdapter(list[Orchestration]).dump_python(
        TypeAdapter(list[Orchestration]).validate_python([item]), by_alias=True, exclude_unset=True, mode="json"
    ) == [item]
    renamed = {key: value for key, value in ITEM.items() if key != "fromUserId"} | {"from_user_id": ID}
    with pytest.raises(ValidationError, match="fromUserId"):
        OrchestrationList.model_validate([renamed])
    with pytest.raises(ValidationError, match="fromUserId"):
        OrchestrationList.model_validate_json(json.dumps([renamed]))


def test_by_name_is_still_there_on_request() -> None:
    parsed = GetOrchestrationsRequest.model_validate({"direction": "to", "per_page": 5}, by_name=True)
    assert parsed.per_page == 5 and not parsed.model_extra


def test_constructor_takes_python_names_and_json_keys() -> None:
    by_name = GetOrchestrationsRequest(direction="to", per_page=5)  # type: ignore[arg-type, call-arg]
    by_key = GetOrchestrationsRequest(direction="to", perPage=5)  # type: ignore[arg-type, call-arg]
    for made in (by_name, by_key):
        assert made.per_page == 5 and not made.model_extra
        assert wire(made) == {"direction": "to", "perPage": 5}
    nested = Orchestration(**{**ITEM, "instructions": OrchestrationInstructions(completion_ids=[ID])})  # type: ignore[call-arg]
    assert wire(nested)["instructions"] == {"completionIds": [ID]}


def test_copies_keep_what_was_set() -> None:
    parsed = OrchestrationInstructions.model_validate({"completion_ids": "undocumented"})
    for copied in (copy.deepcopy(parsed), pickle.loads(pickle.dumps(parsed)), parsed.model_copy()):
        assert wire(copied) == {"completion_ids": "undocumented"}
