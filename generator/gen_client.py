"""Stage 3a: the attrs/httpx client, from openapi-python-client's Python API.

We drive its ``Project`` directly instead of its CLI: no process start-up per spec, no
post hooks (formatting happens once, later, for everything), and its warnings come back
as values we turn into located problems.  Our templates in ``templates/openapi_python_client``
take precedence over the bundled ones; an override can include the stock template as
``stock/<name>`` so it only states what it changes.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from openapi_python_client import Project
from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import GeneratorError

from generator import names
from generator.model import VendorModel
from generator.problems import Problem


def generate_client(
    vendor: VendorModel, document: dict[str, Any], out_dir: Path, template_dir: Path
) -> list[Problem]:
    """Write the package ``out_dir/<package>`` (no pyproject: ours is rendered separately)."""
    package_dir = out_dir / vendor.package_name
    config = Config.from_sources(
        ConfigFile(post_hooks=[], package_name_override=vendor.package_name, literal_enums=False),
        MetaType.NONE,
        vendor.spec_path,
        "utf-8",
        True,
        package_dir,
    )
    openapi = GeneratorData.from_dict(document, config=config)
    if isinstance(openapi, GeneratorError):
        return [_as_problem(vendor, openapi)]
    project = Project(openapi=openapi, config=config)
    project.env.loader = ChoiceLoader(
        [
            FileSystemLoader(str(template_dir)),
            PrefixLoader({"stock": PackageLoader("openapi_python_client")}),
            PackageLoader("openapi_python_client"),
        ]
    )
    project.env.globals.update(vendor=vendor, header=vendor.header)
    with contextlib.redirect_stdout(io.StringIO()):  # it prints "Generating <dir>"
        errors = project.build()
    return [_as_problem(vendor, error) for error in errors]


def _as_problem(vendor: VendorModel, error: GeneratorError) -> Problem:
    # openapi-python-client reports WARNINGs for things it silently drops (a parameter it
    # cannot type, an endpoint it skips): for us every one of them is an error.
    detail = (error.detail or "").strip()
    where = ""
    data = getattr(error, "data", None)
    if data is not None:
        where = f" (in {type(data).__name__})"
    return Problem(
        file=vendor.spec_display,
        message=f"openapi-python-client: {error.header.strip()} {detail}{where}".strip(),
        fix="change the spec so openapi-python-client can generate it without warnings",
        rule=f"openapi-python-client/{error.level.value.lower()}",
    )


__all__ = ["generate_client", "names"]
