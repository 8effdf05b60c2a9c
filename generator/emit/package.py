"""One vendor's package, from a validated spec: normalize, build the model, run both tools
and render our own files into ``out_dir`` (formatting and writing are the pipeline's);
all of it, or one of its ``PARTS``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.problems import Problem

PARTS = ("client", "models")
"""What ``emit_package`` can make separately: the attrs client with the package files
(openapi-python-client's parse, our templates), and the pydantic models
(datamodel-code-generator).  Neither reads the other's files, so the pipeline runs them in
two worker processes at once."""


def emit_package(
    *,
    slug: str,
    spec_path: Path,
    display: str,
    document: dict[str, Any],
    out_dir: Path,
    templates: Path,
    parts: tuple[str, ...] = PARTS,
) -> list[Problem]:
    # Imported here, each tool only by the part that runs it: a worker process pays for a
    # tool only when it generates with it.
    from generator.model.build import build_model
    from generator.spec.normalize import normalize

    normalized = normalize(document)
    vendor = build_model(slug, spec_path, display, normalized)
    problems: list[Problem] = []
    if "client" in parts:
        from generator.emit.client import generate_client

        problems = generate_client(vendor, normalized, out_dir, templates / "client")
    if not problems and "models" in parts:
        from generator.emit.pydantic_models import generate_pydantic_models

        package_dir = out_dir / vendor.package_name
        package_dir.mkdir(parents=True, exist_ok=True)
        problems = generate_pydantic_models(vendor, normalized, package_dir, templates / "datamodel_code_generator")
    if not problems and "client" in parts:
        from generator.emit.render import render_package_files

        render_package_files(vendor, out_dir, templates / "client")
    return problems
