"""``client.py`` (and the runtime it imports) stays ``mypy --strict`` clean after the
pipeline's ruff pass: openapi-python-client's own client.py did not (ruff rewrote its
``__exit__(*args: Any)`` and mypy then found 12 errors)."""

from __future__ import annotations

from pathlib import Path

from mypy import api

REPO = Path(__file__).resolve().parents[2]


def test_generated_client_modules_pass_mypy_strict() -> None:
    clients = sorted(str(p) for p in (REPO / "generated").glob("*/*_client/client.py"))
    assert len(clients) == len(list((REPO / "specs").glob("*.yaml")))
    stdout, stderr, status = api.run(
        ["--strict", "--no-error-summary", "--cache-dir", str(REPO / ".mypy_cache" / "runtime-tests"), *clients]
    )
    assert status == 0, stdout + stderr
