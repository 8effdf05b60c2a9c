"""Generate a package from a test spec, the way the pipeline does (minus validation and the
atomic write), into a temporary folder, and import it."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import yaml

from generator.emit.client import generate_client
from generator.emit.fmt import format_tree
from generator.emit.pydantic_models import generate_pydantic_models
from generator.emit.render import render_package_files
from generator.model.build import build_model
from generator.spec.normalize import normalize

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "templates"


def generate_package(spec: Path, out: Path) -> ModuleType:
    slug = spec.stem
    document = normalize(yaml.safe_load(spec.read_text(encoding="utf-8")))
    vendor = build_model(slug, spec, f"{spec.parent.name}/{spec.name}", document)
    project = out / slug
    problems = generate_client(vendor, document, project, TEMPLATES / "client")
    problems += generate_pydantic_models(
        vendor, document, project / vendor.package_name, TEMPLATES / "datamodel_code_generator"
    )
    render_package_files(vendor, project, TEMPLATES / "client")
    problems += format_tree(project)
    assert problems == [], problems
    sys.path.insert(0, str(project))
    importlib.invalidate_caches()
    return importlib.import_module(vendor.package_name)
