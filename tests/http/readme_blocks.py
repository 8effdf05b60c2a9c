"""The ```python blocks of the package READMEs, and the environment a reader would set to run
them against a mock server: the variable names come from each package's ``_client`` module
(``ENV_*``), so nothing here names a vendor."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import GENERATED
from tests.http.prism_calls import CLIENT_ID, CLIENT_SECRET

BLOCK = re.compile(r"^```python\n(.*?)^```\n", re.S | re.M)


@dataclass(frozen=True)
class Block:
    slug: str
    index: int
    code: str

    @property
    def id(self) -> str:
        return f"{self.slug}-{self.index}"


def readme(slug: str) -> str:
    return (GENERATED / slug / "README.md").read_text(encoding="utf-8")


def slugs() -> list[str]:
    return sorted(p.parent.name for p in GENERATED.glob("*/README.md"))


def blocks() -> list[Block]:
    return [Block(slug, i, code) for slug in slugs() for i, code in enumerate(BLOCK.findall(readme(slug)))]


def package_dir(slug: str) -> Path:
    return GENERATED / slug


def reader_environment(slug: str, base_url: str, token_url: str) -> dict[str, str]:
    """What a reader exports before running the README: credentials and the base URL."""
    names = importlib.import_module(f"{slug}_client._client")
    env = {names.ENV_BASE_URL: base_url}
    if hasattr(names, "ENV_CLIENT_ID"):
        env |= {names.ENV_CLIENT_ID: CLIENT_ID, names.ENV_CLIENT_SECRET: CLIENT_SECRET, names.ENV_TOKEN_URL: token_url}
    else:
        env[names.ENV_TOKEN] = "mock-token"
    return env


FAILURE_LINES = re.compile(r"^(error |failed:)", re.M)
"""What the READMEs' own except clauses print: a block that printed one did not work."""
