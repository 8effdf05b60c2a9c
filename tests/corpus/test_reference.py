"""The corpus check (issue 13): both vendors' published descriptions (../shared/reference/, or
$OC_REFERENCE_DIR) are imported and generated with no hand edit, into a temporary folder,
and every operation of each client is called, sync and async, against Prism with request
validation on; the generated packages pass ruff and ``mypy --strict``.

Nothing derived from those files is ever written into the repository: their licences do not
allow it.  Without them the test is skipped, saying where they are looked for.  Each vendor
is one test (their slugs are not the hand-written specs' own, whose packages tests/ imports).
"""

from __future__ import annotations

import asyncio
import copy
import importlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import names
from generator.api import generate_vendor
from generator.problems import Severity
from generator.spec.importer import import_description
from generator.spec.overlay import load_corrected
from generator.spec.toolkit import OperationRef, iter_operations
from generator.validate.rules import CONVENTION_RULES
from tests.conformance.client import arguments
from tests.corpus.values import discriminators_as_consts, spec_call
from tests.support import prism

REPO = Path(__file__).resolve().parents[2]
REFERENCE = Path(os.environ.get("OC_REFERENCE_DIR") or REPO.parent / "shared" / "reference")
CORPUS = {"corpusformance": "formance-orchestration-v2.yaml", "corpusotim": "otim-api.yaml"}
TOKEN = "corpus-token"


def _function(op: OperationRef) -> str:
    name = names.operation_name(
        op.operation.get("operationId"), op.method, op.path, op.operation.get("x-oc-python-name")
    )
    return names.function_name(name)


def _lint(out: Path, slug: str) -> subprocess.Popen[str]:
    """ruff, then mypy --strict, on the package: started at once, so it runs while Prism starts."""
    ruff = f"{REPO}/.venv/bin/ruff check --no-cache --config {REPO}/generator/ruff_generated.toml ."
    mypy = f"{REPO}/.venv/bin/mypy --strict --cache-dir {REPO}/.mypy_cache/{slug} ."
    return subprocess.Popen(
        ["bash", "-c", f"{ruff} && {mypy}"], cwd=out, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


@pytest.fixture
def package_path(tmp_path: Path) -> Iterator[Path]:
    out = tmp_path / "out"
    sys.path.insert(0, str(out))
    try:
        yield out
    finally:
        sys.path.remove(str(out))
        for module in [m for m in sys.modules if m.split(".")[0].startswith("corpus")]:
            del sys.modules[module]


@pytest.mark.parametrize("slug", sorted(CORPUS))
def test_reference_description_imports_generates_and_every_operation_works(
    slug: str, tmp_path: Path, package_path: Path
) -> None:
    source = REFERENCE / CORPUS[slug]
    if not source.is_file():
        pytest.skip(
            f"{source} is absent: the vendors' published descriptions live in ../shared/reference/ (or set OC_REFERENCE_DIR)"
        )
    started = time.perf_counter()
    specs = tmp_path / "specs"
    imported = import_description(source, slug, specs, tmp_path)
    assert imported.problems == [], "\n".join(p.render() for p in imported.problems)
    spec = specs / f"{slug}.yaml"
    problems = generate_vendor(spec, package_path, slug=slug, root=tmp_path)
    errors = [p.render() for p in problems if p.severity is Severity.ERROR]
    assert errors == [], "\n".join(errors)
    assert {p.rule for p in problems} <= CONVENTION_RULES  # our conventions: warnings for an imported spec
    lint = _lint(package_path, slug)
    try:
        loaded, _ = load_corrected(spec, tmp_path)
        assert loaded is not None
        mock = tmp_path / f"{slug}.json"
        mock.write_text(json.dumps(discriminators_as_consts(copy.deepcopy(loaded.data))), encoding="utf-8")
        try:
            server = prism.start(slug, mock, tmp_path)
        except prism.PrismUnavailable as exc:
            if os.environ.get("CI"):
                raise
            pytest.skip(f"Prism is not installed: {exc}")
        try:
            _call_every_operation(slug, loaded.data, package_path, server.url)
        finally:
            server.stop()
        output, _ = lint.communicate(timeout=300)
        assert lint.returncode == 0, output
    finally:
        if lint.poll() is None:
            lint.kill()
        lint.communicate()
    print(f"{slug}: imported, generated, every operation called and linted in {time.perf_counter() - started:.1f}s")


def _call_every_operation(slug: str, doc: dict[str, Any], out: Path, base_url: str) -> None:
    sys.path_importer_cache.pop(str(out), None)  # the folder did not exist when it was put on sys.path
    importlib.invalidate_caches()
    package = importlib.import_module(names.package_name(slug))
    modules = {p.stem: p for p in (out / names.package_name(slug) / "api").glob("*/*.py") if p.stem != "__init__"}
    calls = []
    for op in iter_operations(doc):
        function = _function(op)
        assert function in modules, f"{op.endpoint} was not generated (no api/*/{function}.py): never dropped silently"
        tag = modules[function].parent.name
        endpoint = importlib.import_module(f"{package.__name__}.api.{tag}.{function}")
        calls.append((op.endpoint, endpoint, arguments(endpoint.sync_detailed, spec_call(doc, op))))
    assert sorted(modules) == sorted(_function(op) for op in iter_operations(doc))  # and nothing else generated
    failures: list[str] = []
    # base_url is explicit: Formance's description has no servers.
    with package.AuthenticatedClient(base_url, token=TOKEN, max_retries=0, timeout=15.0) as client:
        for shown, endpoint, kwargs in calls:
            try:
                endpoint.sync(client=client, **kwargs)
            except Exception as exc:
                failures.append(f"sync {shown}: {type(exc).__name__}: {_said(exc)}")

    async def call_all_async() -> None:
        async with package.AuthenticatedClient(base_url, token=TOKEN, max_retries=0, timeout=15.0) as client:
            for shown, endpoint, kwargs in calls:
                try:
                    await endpoint.asyncio(client=client, **kwargs)
                except Exception as exc:
                    failures.append(f"async {shown}: {type(exc).__name__}: {_said(exc)}")

    asyncio.run(call_all_async())
    assert failures == [], "\n".join(failures)


def _said(exc: Exception) -> str:
    """The exception, with Prism's own words when it refused the request."""
    body = getattr(exc, "body", b"")
    headers = getattr(exc, "headers", None)
    violations = headers.get("sl-violations", "") if headers is not None else ""
    return f"{exc} {violations} {body.decode('utf-8', 'replace') if isinstance(body, bytes) else ''}"[:1500]
