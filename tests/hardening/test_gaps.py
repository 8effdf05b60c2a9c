"""The hardening gaps listed in tests/gaps.py, as strict xfails (``@gap``), and the
tests of gaps since closed (names that shadow the generated code's own, a $ref cycle)."""

from __future__ import annotations

import datetime
import importlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from tests.gaps import gap_marks, stale_patterns
from tests.hardening.cases import CORPUS, REPO_ROOT
from tests.hardening.test_private_names import unprotected_names

HERE = Path(__file__).resolve().parent
MYPY_CACHE = REPO_ROOT / ".mypy_cache" / "shadowed"
F = TypeVar("F", bound=Callable[..., Any])
HOSTILE_QUERY = (
    *("params", "kwargs", "arguments", "args", "httpx", "cast", "request_sync", "request_async"),
    *("sync_detailed", "asyncio_detailed", "iter_pages", "aiter_pages", "json_params", "tags_item", "k"),
    *("unset", "operation"),
)
"""Query parameters of corpus/shadowed_names.yaml's list_things, each spelled like a name the
generated function used to bind or read itself."""


def gap(test: F) -> F:
    """A test of behaviour we want that fails today: its entry in tests/gaps.py says why."""
    (mark,) = gap_marks("hardening", test.__name__)  # an unlisted @gap test is an error
    marked: F = mark(test)
    return marked


def test_every_hardening_gap_names_a_test() -> None:
    tests = [name for name in globals() if name.startswith("test_")]
    assert stale_patterns("hardening", tests) == [], "hardening gaps in tests/gaps.py naming no test here"


@pytest.fixture(scope="module")
def shadowed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """corpus/shadowed_names.yaml through the name check and generation (``generate_vendor``, as
    tests/runtime does), then every function called and every model parsed by call_all.py."""
    from generator.api import generate_vendor  # imported late: heavy

    out = tmp_path_factory.mktemp("shadowed")
    project = out / "shadowed"
    problems = generate_vendor(CORPUS / "shadowed_names.yaml", project, slug="shadowed", project_rules=False)
    if problems:
        return {"errors": [p.render() for p in problems], "project": str(project)}
    done = subprocess.run(
        [sys.executable, str(HERE / "call_all.py"), str(out / "calls.log"), str(project)],
        cwd=out,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        return {"errors": [done.stderr], "project": str(project)}
    summary: dict[str, Any] = json.loads(done.stdout)
    return {**summary, "project": str(project)}


@pytest.fixture(scope="module")
def shadowed_package(shadowed: dict[str, Any]) -> Iterator[Any]:
    sys.path.insert(0, shadowed["project"])
    try:
        yield importlib.import_module("shadowed_client")
    finally:
        sys.path.remove(shadowed["project"])


def test_shadowing_parameter_names_generate_working_code(shadowed: dict[str, Any]) -> None:
    assert [e for e in shadowed["errors"] if ".api." in e or "Traceback" in e or "error [" in e] == []
    # call_all.py passes "x" for every string argument: each must reach the wire as given
    # (the function's own `params` dict once replaced the query parameter `params`).
    sent = list(zip(shadowed["requests"], shadowed["headers"], strict=True))
    assert len(sent) == 12, "four flavours and four pagers of list_things, four flavours of make_thing"
    assert all("params=x" in url for url, _ in sent), sent
    listed = [(url, headers) for url, headers in sent if "kwargs=" in url]
    assert len(listed) == 8, "four flavours and four pagers of list_things"
    for url, headers in listed:
        query = httpx.URL(url).params
        assert url.startswith("https://api.example.test/v1/things/x?"), url
        assert [(name, query.get(name)) for name in HOSTILE_QUERY] == [(name, "x") for name in HOSTILE_QUERY]
        assert headers.get("headers") == "x" and headers.get("cookie") == "cookies=x", headers
    for module in sorted(Path(shadowed["project"]).glob("shadowed_client/api/*/*.py")):
        assert unprotected_names(module.read_text(encoding="utf-8")) == [], module.name
    assert {c.rsplit(".", 1)[1] for c in shadowed["calls"] if ".list_things." in c} == {
        *("sync_detailed", "sync", "asyncio_detailed", "asyncio", "iter_pages", "iter_items"),
        *("aiter_pages", "aiter_items"),
    }


def test_shadowing_property_names_generate_working_code(shadowed: dict[str, Any], shadowed_package: Any) -> None:
    assert [e for e in shadowed["errors"] if ".models." in e or "Traceback" in e or "error [" in e] == []
    models = importlib.import_module("shadowed_client.models")
    payload: dict[str, Any] = {
        **{name: name.upper() for name in ("d", "field_dict", "src_dict", "cls", "prop", "prop_name", "prop_dict")},
        **{name: name.upper() for name in ("exc", "cast", "data", "model", "name", "value", "tags_item", "thing")},
        **{name: name.upper() for name in ("tags_item_data", "to_dict", "from_dict", "to_multipart")},
        "tags": [{"cls": "a"}, {"cls": "b", "more": 1}],
        "choice": "2026-04-20T12:30:01.5+00:00",
        "additional_properties": 7,
        "additional_keys": ["k"],
        "undocumented": {"x": [1]},
    }
    thing = models.Thing.from_dict(payload)
    assert thing.to_dict() == payload
    # Members keep their meaning; properties that would replace one get a trailing "_".
    assert (thing.to_dict_, thing.from_dict_, thing.additional_properties_) == ("TO_DICT", "FROM_DICT", 7)
    assert thing.additional_properties == {"undocumented": {"x": [1]}} and thing.additional_keys == ["undocumented"]
    assert (thing.d, thing.cls, thing.tags_item, thing.tags[1].cls) == ("D", "CLS", "TAGS_ITEM", "b")
    made = models.Thing(to_dict_="t", cls="c")
    assert made.to_dict() == {"to_dict": "t", "cls": "c"}


def test_shadowed_arguments_reach_the_wire_converted(shadowed_package: Any) -> None:
    list_things = importlib.import_module("shadowed_client.api.things.list_things")
    make_thing = importlib.import_module("shadowed_client.api.things.make_thing")

    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(
            200 if request.method == "GET" else 201, json={"d": "1"} if request.method == "POST" else {}
        )

    transport = httpx.MockTransport(answer)
    client = shadowed_package.AuthenticatedClient(
        "https://api.example.test/v1", token="t", http_client=httpx.Client(transport=transport)
    )
    moment = datetime.datetime(2026, 4, 20, 12, 30, tzinfo=datetime.UTC)
    list_things.sync("a/b", client=client, tags=[moment, moment], tags_item="t", params="p")
    assert str(sent[-1].url).startswith("https://api.example.test/v1/things/a%2Fb?"), "quote() still quotes the path"
    assert sent[-1].url.params.get_list("tags") == ["2026-04-20T12:30:00Z"] * 2
    assert (sent[-1].url.params["tags_item"], sent[-1].url.params["params"]) == ("t", "p")
    body = shadowed_package.models.Thing(to_dict_="0123456789", src_dict="s")
    assert make_thing.sync("x", client=client, body=body, params="p").d == "1"
    assert json.loads(sent[-1].content) == {"to_dict": "0123456789", "src_dict": "s"}
    with pytest.raises(ValueError, match=r"body\.to_dict_ \('to_dict'\)"):
        make_thing.sync("x", client=client, body=shadowed_package.models.Thing(to_dict_="x" * 11))


def test_shadowed_names_pass_mypy_strict(shadowed: dict[str, Any]) -> None:
    project = Path(shadowed["project"])
    done = subprocess.run(
        [*(sys.executable, "-m", "mypy", "--strict", "--package", "shadowed_client"), "--cache-dir", str(MYPY_CACHE)],
        env={**os.environ, "MYPYPATH": str(project)},
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_circular_ref_is_reported_at_its_line(corpus: dict[str, Any]) -> None:
    stderr = corpus["circular_ref"]["stderr"]
    assert "RecursionError" not in stderr
    assert "at /components/schemas/Loop/$ref" in stderr
