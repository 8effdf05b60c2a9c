"""Server URLs with variables (``{organization}``) are filled in from the variables' defaults."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yaml

from generator.model.build import build_model

REPO = Path(__file__).resolve().parents[2]
GENERATED = REPO / "generated"
PACKAGES = sorted(p.name for p in GENERATED.glob("*/*_client"))


def test_variables_take_their_defaults() -> None:
    spec = REPO / "specs" / "formance.yaml"
    vendor = build_model("formance", spec, "specs/formance.yaml", yaml.safe_load(spec.read_text(encoding="utf-8")))
    cloud = vendor.servers[1]
    assert cloud.url == "https://orgID-stackID.eu.sandbox.formance.cloud"
    assert getattr(cloud, "template", "") == "https://{organization}.{environment}.formance.cloud"


@pytest.mark.parametrize("package", PACKAGES)
def test_no_generated_server_url_is_a_template(package: str) -> None:
    client = importlib.import_module(f"{package}.client")
    for url in (client.DEFAULT_BASE_URL, *client.SERVERS):
        assert "{" not in url and "}" not in url, f"{package}: server URL {url!r} still has a variable"
