"""One vendor's package, from a validated spec: normalize, build the model, run both tools
and render our own files into ``out_dir`` (formatting and writing are the pipeline's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.problems import Problem


def emit_package(
    *, slug: str, spec_path: Path, display: str, document: dict[str, Any], out_dir: Path, templates: Path
) -> list[Problem]:
    # Imported here: a worker process pays for the tools only when it generates.
    from generator.emit.client import generate_client
    from generator.emit.pydantic_models import generate_pydantic_models
    from generator.emit.render import render_package_files
    from generator.model.build import build_model
    from generator.spec.normalize import normalize

    normalized = normalize(document)
    vendor = build_model(slug, spec_path, display, normalized)
    problems = generate_client(vendor, normalized, out_dir, templates / "client")
    if not problems:
        problems = generate_pydantic_models(
            vendor, normalized, out_dir / vendor.package_name, templates / "datamodel_code_generator"
        )
    if not problems:
        render_package_files(vendor, out_dir, templates / "client")
    return problems
