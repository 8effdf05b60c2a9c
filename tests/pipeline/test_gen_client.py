"""openapi-python-client's own complaints, as problems a person can read (generator/tool_messages.py)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from openapi_python_client.schema.untrusted_string import UntrustedString

from generator.emit.client import generate_client
from generator.emit.tool_messages import one_line
from generator.model.build import build_model
from generator.spec.normalize import normalize
from tests.pipeline.helpers import REPO_ROOT

BASE = REPO_ROOT / "tests" / "hardening" / "corpus" / "base.yaml"


def _problems(tmp_path: Path, document: dict[str, Any]) -> list[str]:
    document = normalize(document)
    vendor = build_model("vendor", BASE, "specs/vendor.yaml", document)
    templates = REPO_ROOT / "templates" / "client"
    return [p.message for p in generate_client(vendor, document, tmp_path, templates)]


def test_tool_messages_name_the_spec_text_on_one_line(tmp_path: Path) -> None:
    document = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    properties = document["components"]["schemas"]["Thing"]["properties"]
    properties["kind"] = {"type": "string", "enum": ["a", "b"], "default": "zz"}
    first = _problems(tmp_path / "1", copy.deepcopy(document))
    assert any("Value zz is not valid for enum 'kind'" in m for m in first), first
    assert all("object at 0x" not in m and "\n" not in m for m in first), first
    assert _problems(tmp_path / "2", document) == first, "messages must not change from run to run"
    # The readable form is for parsing only: rendering still sees the stock wrapper.
    assert "object at 0x" in f"{UntrustedString('x')}"


def test_one_line_keeps_printable_text_only() -> None:
    assert one_line("a\n\tb\u202ec  <foo.Bar object at 0x7f00ab>") == "a b c <spec text>"
    assert one_line("名前 'é'") == "名前 'é'"
