"""A spec without an absolute server URL: the client has no default and requires ``base_url``.

``fixtures/hostless.yaml`` declares only the relative server ``/v1``; a copy of it without
``servers`` at all is generated too.  Before, both became ``DEFAULT_BASE_URL = "/"`` and a client
that built requests to ``/things`` on no host.  Now each client refuses to be built without
``base_url`` with a ``ValueError`` naming the argument, the README says so, and with a
``base_url`` everything (the OAuth2 token URL included) follows it.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest
import yaml

from tests.runtime.generate import generate_package
from tests.runtime.support import Server, json_response

FIXTURE = Path(__file__).with_name("fixtures") / "hostless.yaml"


def _unload(name: str) -> None:
    for module in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
        del sys.modules[module]


@pytest.fixture(scope="module")
def hostless(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    yield generate_package(FIXTURE, tmp_path_factory.mktemp("generated"))
    _unload("hostless_client")


@pytest.fixture(scope="module")
def serverless(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    spec = yaml.safe_load(FIXTURE.read_text())
    del spec["servers"]
    path = tmp_path_factory.mktemp("spec") / "serverless.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    yield generate_package(path, tmp_path_factory.mktemp("generated"))
    _unload("serverless_client")


@pytest.fixture(params=["hostless", "serverless"])
def package(request: pytest.FixtureRequest) -> ModuleType:
    module: ModuleType = request.getfixturevalue(request.param)
    return module


def test_there_is_no_default_base_url(package: ModuleType) -> None:
    client_module = importlib.import_module(f"{package.__name__}.client")
    assert client_module.DEFAULT_BASE_URL is None
    assert client_module.SERVERS == {}


@pytest.mark.parametrize(
    ("build", "name"),
    [
        (lambda p: p.Client(), "Client"),
        (lambda p: p.AuthenticatedClient(token="t"), "AuthenticatedClient"),
        (lambda p: p.AuthenticatedClient(client_id="id", client_secret="s"), "AuthenticatedClient"),
    ],
)
def test_a_client_without_base_url_is_refused_naming_the_argument(
    package: ModuleType, build: object, name: str
) -> None:
    with pytest.raises(ValueError, match=rf"^{name} needs base_url=: this package has no default server") as caught:
        build(package)  # type: ignore[operator]
    assert f'{name}(base_url="https://' in str(caught.value)


def test_the_readme_says_base_url_is_required(package: ModuleType) -> None:
    readme = (Path(str(package.__file__)).parents[1] / "README.md").read_text()
    assert "**No default server**" in readme
    assert "require `base_url=`" in readme
    variable = f"{package.__name__.removesuffix('_client').upper()}_BASE_URL"
    assert f"require `base_url=` (or `{variable}`)" in readme
    client = package.__name__.removesuffix("_client").capitalize()
    assert f'`{client}("https://api.example.com", token="...")`' in readme
    relative = "(only `/v1`, relative to wherever the API is hosted)"
    assert (relative in readme) is (package.__name__ == "hostless_client")


def test_with_a_base_url_requests_and_tokens_follow_it(package: ModuleType) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": "at-1", "token_type": "Bearer", "expires_in": 60})
        return httpx.Response(200, json={"items": ["a"]})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = package.AuthenticatedClient(
        "https://api.example.test", client_id="id", client_secret="secret", http_client=http
    )
    list_things = importlib.import_module(f"{package.__name__}.api.things.list_things")
    assert list_things.sync(client=client).items == ["a"]
    assert [str(r.url) for r in seen] == ["https://api.example.test/oauth/token", "https://api.example.test/things"]


def test_a_spec_with_a_server_keeps_its_default() -> None:
    server = Server([json_response(200, {"items": []})])
    paxos = importlib.import_module("paxos_client")
    client = paxos.AuthenticatedClient(token="t", http_client=httpx.Client(transport=httpx.MockTransport(server)))
    assert client.base_url == importlib.import_module("paxos_client.client").DEFAULT_BASE_URL
