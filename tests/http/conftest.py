"""One Prism per vendor for the whole session (per xdist worker: each worker is a session),
started together, stopped at the end whatever happens; and the OAuth2 token endpoint Prism
lacks (Prism checks only that an Authorization header is present, it issues no tokens)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import prism
from tests.support.loopback import LoopbackServer, TokenPolicy
from tests.support.mock_spec import vendor_slugs


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def prism_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, prism.Prism]]:
    workdir: Path = tmp_path_factory.mktemp("prism")
    try:
        servers = prism.start_all(vendor_slugs(), workdir)
    except prism.PrismUnavailable as exc:
        # In CI these tests are part of "done": a missing Prism is a failure there.  Locally
        # one may run pytest before `make setup` has installed the node tools.
        if running_in_ci():
            pytest.fail(f"Prism cannot run (CI=true, so this fails instead of skipping): {exc}")
        pytest.skip(f"Prism is not installed, the tests against it are skipped: {exc}")
    try:
        yield servers
    finally:
        for server in servers.values():
            server.stop()


@pytest.fixture(scope="session")
def token_server() -> Iterator[LoopbackServer]:
    with LoopbackServer(tokens=TokenPolicy(expires_in=3600)) as server:
        yield server
