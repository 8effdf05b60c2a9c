"""The corpus check (issue 13): both vendors' published descriptions (../shared/reference/, or
$OC_REFERENCE_DIR) are imported and generated with no hand edit, into a temporary folder,
and every operation of each client is called, sync and async, against Prism with request
validation on; the generated packages pass ruff and ``mypy --strict``.

Nothing derived from those files is ever written into the repository: their licences do not
allow it.  Without them the test is skipped, saying where they are looked for.  Each vendor
is one test (their slugs are not the hand-written specs' own, whose packages tests/ imports).

A description that is incomplete is never generated into a silently broken client: Formance's
requires a security scheme ``Authorization`` on all 18 operations and defines none, so the raw
import is first shown to be refused with exactly those located ``safety/undefined-security-scheme``
errors.  Our correction is an Overlay 1.0 file of ours (``overlays/formance.yaml`` here), placed
as the slug's ``specs/overlays/<slug>.yaml`` and re-imported, as a user would; the vendor's file
gets no hand edit.  OAuth2 tokens come from a loopback token endpoint (Prism issues none), and
every sync request that reaches Prism is seen to carry one of the tokens it issued.
"""

from __future__ import annotations

import asyncio
import copy
import importlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import pytest

from generator import names
from generator.api import generate_vendor
from generator.problems import Severity
from generator.spec.importer import import_description
from generator.spec.overlay import load_corrected, overlay_path
from generator.spec.toolkit import OperationRef, iter_operations, join_pointer
from generator.validate.rules import CONVENTION_RULES
from tests.conformance.client import arguments
from tests.corpus.values import discriminators_as_consts, spec_call
from tests.support import prism
from tests.support.loopback import LoopbackServer, TokenPolicy

REPO = Path(__file__).resolve().parents[2]
REFERENCE = Path(os.environ.get("OC_REFERENCE_DIR") or REPO.parent / "shared" / "reference")
CORPUS = {"corpusformance": "formance-orchestration-v2.yaml", "corpusotim": "otim-api.yaml"}
CORRECTIONS = {"corpusformance": Path(__file__).with_name("overlays") / "formance.yaml"}
"""Our Overlay 1.0 corrections to a description that does not generate as published."""
REFUSED = {"corpusformance": ("safety/undefined-security-scheme", "Authorization", 18)}
"""What generate says about the raw import: the rule, the scheme, how many operations."""
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
    if slug in CORRECTIONS:
        _refused_as_published(slug, spec, package_path, tmp_path)
        shutil.copyfile(CORRECTIONS[slug], overlay_path(spec))  # our corrections, kept by a re-import
        imported = import_description(source, slug, specs, tmp_path)  # which checks that they still apply
        assert imported.problems == [], "\n".join(p.render() for p in imported.problems)
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


def _refused_as_published(slug: str, spec: Path, out: Path, root: Path) -> None:
    """The raw import generates nothing: one located error per operation, in the imported spec,
    whose fix names the overlay to correct it in."""
    rule, scheme, count = REFUSED[slug]
    problems = generate_vendor(spec, out, slug=slug, root=root)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    raw, _ = load_corrected(spec, root)
    assert raw is not None
    expected = {join_pointer(op.pointer, "security", 0, scheme) for op in iter_operations(raw.data)}
    assert len(expected) == count
    assert {p.rule for p in errors} == {rule} and len(errors) == count, "\n".join(p.render() for p in errors)
    assert {p.pointer for p in errors} == expected
    assert all(p.file == f"specs/{slug}.yaml" and p.line is not None for p in errors)
    assert all(f"its overlay specs/overlays/{slug}.yaml" in p.fix for p in errors), errors[0].fix
    assert not out.exists() or not any(out.iterdir()), "nothing is written"


def _oauth2_token_url(doc: dict[str, Any]) -> str | None:
    schemes = (doc.get("components") or {}).get("securitySchemes") or {}
    flows = [(s.get("flows") or {}).get("clientCredentials") for s in schemes.values() if s.get("type") == "oauth2"]
    return next((str(f["tokenUrl"]) for f in flows if isinstance(f, dict)), None)


def _client(package: Any, base_url: str, tokens: LoopbackServer, oauth2: bool, **options: Any) -> Any:
    # base_url is explicit: Formance's description has no servers.
    settings: dict[str, Any] = {"max_retries": 0, "timeout": 15.0, **options}
    if oauth2:  # the client fetches its own tokens (Prism issues none)
        return package.AuthenticatedClient(
            base_url, client_id="corpus-id", client_secret="corpus-secret", token_url=tokens.token_url, **settings
        )
    return package.AuthenticatedClient(base_url, token=TOKEN, **settings)


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
    token_url = _oauth2_token_url(doc)
    if token_url is not None:  # the scheme reached the client: its default token URL is the server's
        assert importlib.import_module(f"{package.__name__}.client").token_url_for(base_url) == urljoin(
            base_url, token_url
        )
    sent: list[str] = []  # the Authorization header of each sync request that reached Prism

    def seen(request: httpx.Request) -> None:
        if str(request.url).startswith(base_url):
            sent.append(request.headers.get("Authorization", ""))

    http = httpx.Client(event_hooks={"request": [seen]})
    with LoopbackServer(tokens=TokenPolicy(expires_in=3600)) as tokens, http:
        with _client(package, base_url, tokens, token_url is not None, http_client=http) as client:
            for shown, endpoint, kwargs in calls:
                try:
                    endpoint.sync(client=client, **kwargs)
                except Exception as exc:
                    failures.append(f"sync {shown}: {type(exc).__name__}: {_said(exc)}")

        async def call_all_async() -> None:
            async with _client(package, base_url, tokens, token_url is not None) as client:
                for shown, endpoint, kwargs in calls:
                    try:
                        await endpoint.asyncio(client=client, **kwargs)
                    except Exception as exc:
                        failures.append(f"async {shown}: {type(exc).__name__}: {_said(exc)}")

        asyncio.run(call_all_async())
        assert failures == [], "\n".join(failures)
        issued = (
            {f"Bearer {token}" for token in tokens.issued_tokens()} if token_url is not None else {f"Bearer {TOKEN}"}
        )
        assert len(sent) == len(calls) and issued & set(sent), f"no credentials reached Prism: {sent}"
        assert set(sent) <= issued | {""}, sent
        if slug in CORRECTIONS:  # every operation requires the scheme our overlay defines
            assert set(sent) <= issued, sent


def _said(exc: Exception) -> str:
    """The exception, with Prism's own words when it refused the request."""
    body = getattr(exc, "body", b"")
    headers = getattr(exc, "headers", None)
    violations = headers.get("sl-violations", "") if headers is not None else ""
    return f"{exc} {violations} {body.decode('utf-8', 'replace') if isinstance(body, bytes) else ''}"[:1500]
