"""datamodel-code-generator's warnings fail generation, except the garbage collector's
ResourceWarnings about other code's sockets, which can land inside its run."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.api import TEMPLATES
from generator.emit import pydantic_models
from generator.model.build import build_model
from generator.spec.normalize import normalize

FIXTURE = Path(__file__).resolve().parents[1] / "runtime" / "fixtures" / "widgets.yaml"


def _run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, category: type[Warning]) -> list[str]:
    from datamodel_code_generator import generate as real  # what the module calls

    def warning_generate(*args: Any, **kwargs: Any) -> Any:
        warnings.warn("something happened", category, stacklevel=1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pydantic_models, "generate", warning_generate)
    document = normalize(yaml.safe_load(FIXTURE.read_text(encoding="utf-8")))
    vendor = build_model("widgets", FIXTURE, "widgets.yaml", document)
    (tmp_path / "widgets_client").mkdir()
    found = pydantic_models.generate_pydantic_models(
        vendor, document, tmp_path / "widgets_client", TEMPLATES / "datamodel_code_generator"
    )
    return [p.message for p in found]


def test_a_tool_warning_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run(tmp_path, monkeypatch, UserWarning) == ["datamodel-code-generator warned: something happened"]


def test_a_resource_warning_from_elsewhere_does_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run(tmp_path, monkeypatch, ResourceWarning) == []
