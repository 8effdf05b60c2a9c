"""A schema named like a name generated modules import (``Response``, ``Client``, ``Unset``,
``AuthenticatedClient``, ``RequestOptions``, ``Any``, ``UUID``) becomes a model class of that
name; every import that is not a model is aliased with a leading "_", so the model shadows
nothing and nothing shadows the model (issue 12: such a client once failed every call)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from uuid import UUID

import httpx
import pytest

from tests.runtime.generate import generate_package
from tests.runtime.support import Server, json_response, sent_json

FIXTURE = Path(__file__).with_name("fixtures") / "clashing.yaml"
THING = UUID("306db4e0-7449-4501-b76f-075576fe2d8f")
BODY = {
    "client": {"name": "c"},
    "unset": {"reason": "r"},
    "options": {"timeout": 5},
    "any": {"value": "v"},
    "uuid": {"text": "t"},
}


@pytest.fixture(scope="module")
def clashing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    package = generate_package(FIXTURE, tmp_path_factory.mktemp("generated"))
    yield package
    for name in [m for m in sys.modules if m == "clashing_client" or m.startswith("clashing_client.")]:
        del sys.modules[name]


def client(package: ModuleType, server: Server) -> Any:
    return package.AuthenticatedClient(
        token="t",
        http_client=httpx.Client(transport=httpx.MockTransport(server)),
        async_http_client=httpx.AsyncClient(transport=httpx.MockTransport(server)),
    )


def test_a_response_parses_into_the_models_named_like_imports(clashing: ModuleType) -> None:
    models = importlib.import_module("clashing_client.models")
    get_thing = importlib.import_module("clashing_client.api.things.get_thing")
    server = Server([json_response(200, BODY)])
    parsed = get_thing.sync(THING, client=client(clashing, server))
    assert type(parsed) is models.Response
    assert type(parsed.client) is models.Client and parsed.client.name == "c"
    assert type(parsed.unset) is models.Unset and parsed.unset.reason == "r"
    assert type(parsed.options) is models.RequestOptions and parsed.options.timeout == 5
    assert type(parsed.any_) is models.Any and type(parsed.uuid) is models.UUID
    assert parsed.to_dict() == BODY
    assert str(server.requests[0].url) == f"https://api.example.test/things/{THING}"


def test_an_optional_field_absent_is_the_runtimes_unset_not_the_model(clashing: ModuleType) -> None:
    models = importlib.import_module("clashing_client.models")
    parsed = models.Response.from_dict({"client": {}, "unset": {}})
    assert parsed.options is clashing.UNSET and not isinstance(parsed.options, models.Unset)
    assert parsed.to_dict() == {"client": {}, "unset": {}}


def test_an_error_model_named_unset_is_the_typed_errors_parsed_body(clashing: ModuleType) -> None:
    models = importlib.import_module("clashing_client.models")
    get_thing = importlib.import_module("clashing_client.api.things.get_thing")
    server = Server([json_response(404, {"reason": "gone"})])
    with pytest.raises(clashing.errors.NotFoundError) as caught:
        get_thing.sync(THING, client=client(clashing, server))
    assert type(caught.value.parsed) is models.Unset and caught.value.parsed.reason == "gone"


def test_a_body_model_named_authenticated_client_is_sent(clashing: ModuleType) -> None:
    models = importlib.import_module("clashing_client.models")
    make_thing = importlib.import_module("clashing_client.api.things.make_thing")
    server = Server([json_response(201, {"name": "made"})])
    made = make_thing.sync("x", client=client(clashing, server), body=models.AuthenticatedClient(token="k"))
    assert type(made) is models.Client and made.name == "made"
    assert sent_json(server.requests[0]) == {"token": "k"}
