"""The pydantic models' default dump is the exact payload (issue 12): ``model_dump()`` and
``model_dump_json()`` write JSON keys and leave out what the payload did not have, where
pydantic's own defaults add a ``null`` for every optional field it lacked.  The conformance
suite checks the same on every vendor's samples (tests/conformance/flavors.py); these are
the cases by name."""

from __future__ import annotations

import json
from typing import Any

import pytest
from formance_client.pydantic_models import V2GetWorkflowInstanceHistoryStageResponse, V2Subject, V2WalletSubject
from otim_client import pydantic_types
from otim_client.pydantic_models import GetOrchestrationsRequest, OrchestrationInstructions, OrchestrationList

from tests.conformance.discovery import samples, vendors

ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"


def nulls_added(payload: Any, written: Any) -> int:
    """How many ``null`` keys ``written`` has that ``payload`` does not."""
    if isinstance(written, dict):
        known = payload if isinstance(payload, dict) else {}
        return sum(
            (value is None and key not in known) + nulls_added(known.get(key), value) for key, value in written.items()
        )
    if isinstance(written, list):
        items = payload if isinstance(payload, list) else []
        return sum(nulls_added(items[i] if i < len(items) else None, value) for i, value in enumerate(written))
    return 0


@pytest.fixture(scope="module")
def formance_history() -> Any:
    """The Formance stage history of the docs: the payload issue 12 found ``null`` keys added to."""
    formance = next(v for v in vendors() if v.slug == "formance")
    found = [s for s in samples(formance) if s.id == "formance/get_instance_stage_history/response/200/docs"]
    assert len(found) == 1, [s.id for s in samples(formance)]
    return found[0].corrected()


def test_the_default_dump_of_a_parsed_payload_is_the_payload(formance_history: Any) -> None:
    parsed = V2GetWorkflowInstanceHistoryStageResponse.model_validate_json(json.dumps(formance_history))
    assert parsed.model_dump(mode="json") == formance_history
    assert json.loads(parsed.model_dump_json()) == formance_history
    # pydantic's own defaults, asked for explicitly: the nulls the issue counted come back.
    every_field = parsed.model_dump(mode="json", exclude_unset=False)
    assert nulls_added(formance_history, every_field) > 0


def test_the_caller_still_chooses() -> None:
    parsed = OrchestrationInstructions.model_validate({"completionIds": [ID]})
    assert parsed.model_dump(mode="json") == {"completionIds": [ID]}
    assert parsed.model_dump(mode="json", by_alias=False) == {"completion_ids": [ID]}
    assert parsed.model_dump(mode="json", exclude_unset=False) == {"completionIds": [ID], "ids": None}
    assert json.loads(parsed.model_dump_json(exclude_unset=False, by_alias=False)) == {
        "completion_ids": [ID],
        "ids": None,
    }


def test_a_model_made_in_code_dumps_what_was_given() -> None:
    request = GetOrchestrationsRequest(direction="to", per_page=5)  # type: ignore[arg-type, call-arg]
    assert request.model_dump(mode="json") == {"direction": "to", "perPage": 5}
    assert json.loads(request.model_dump_json()) == {"direction": "to", "perPage": 5}


def test_root_models_dump_what_they_hold_exactly() -> None:
    item: dict[str, Any] = {
        "id": ID,
        "fromUserId": ID,
        "ephemeralWalletAddress": "0xabc",
        "instructions": {"ids": [ID]},
    }
    item |= {"metadata": {}, "status": "pending", "createdAt": "2023-11-07T05:31:56.5+00:00", "numRuns": 0}
    item["updatedAt"] = "2023-11-07T05:31:56z"
    page = OrchestrationList.model_validate_json(json.dumps([item]))
    assert issubclass(OrchestrationList, pydantic_types.RootModel)
    assert page.model_dump(mode="json") == [item]
    assert json.loads(page.model_dump_json()) == [item]
    assert nulls_added([item], page.model_dump(mode="json", exclude_unset=False)) > 0
    subject = V2Subject.model_validate({"type": "WALLET", "identifier": "w"})
    assert isinstance(subject.root, V2WalletSubject)
    assert subject.model_dump() == {"type": "WALLET", "identifier": "w"}
