"""Every ```python block of every package README runs as written: in a fresh interpreter that
sees only that package on its path, with the credentials and base URL a reader would export,
against Prism mocking the vendor's spec (OAuth2 tokens from our loopback token endpoint).
A README that stops working fails here; and READMEs name nothing that breaks once the
package is copied or installed elsewhere."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.http.readme_blocks import FAILURE_LINES, Block, blocks, package_dir, reader_environment, readme, slugs
from tests.support.loopback import LoopbackServer
from tests.support.prism import Prism

BLOCKS = blocks()


def run_block(block: Block, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", block.code],
        env={
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(package_dir(block.slug)),
            "PYTHONDONTWRITEBYTECODE": "1",
            **env,
        },
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_every_readme_has_runnable_blocks() -> None:
    counts = {slug: sum(1 for b in BLOCKS if b.slug == slug) for slug in slugs()}
    assert counts and all(count >= 3 for count in counts.values()), counts


@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_readme_block_runs_against_prism(
    block: Block, prism_servers: dict[str, Prism], token_server: LoopbackServer, tmp_path: Path
) -> None:
    env = reader_environment(block.slug, prism_servers[block.slug].url, token_server.token_url)
    done = run_block(block, env, tmp_path)
    assert done.returncode == 0, f"{block.id} failed:\n{block.code}\n--- stderr:\n{done.stderr[-4000:]}"
    assert not FAILURE_LINES.search(done.stdout), f"{block.id} reported a failure:\n{done.stdout[-4000:]}"
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("slug", slugs())
def test_readme_names_nothing_that_breaks_elsewhere(slug: str) -> None:
    text = readme(slug).split("\n", 1)[1]  # after the DO NOT EDIT header, which names the spec
    for needle in ("](../", "../../", "specs/", "docs/" + slug, "make mock", "\\`\\`"):
        assert needle not in text, f"generated/{slug}/README.md contains {needle!r}"
    assert not re.search(r"(?<!`)``(?!`)", text), "RST inline literal (double backticks) in the README"
    assert "pip install" in text and "[pydantic]" in text
