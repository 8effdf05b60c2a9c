"""Stage 3a: the attrs/httpx client, from openapi-python-client's Python API.

We drive its ``Project`` directly instead of its CLI: no process start-up per spec, no
post hooks (formatting happens once, later, for everything), and its warnings come back
as values we turn into located problems.  Our templates in ``templates/openapi_python_client``
take precedence over the bundled ones; an override can include the stock template as
``stock/<name>`` so it only states what it changes.

That tool's templates only see its own parse of the spec, which drops what our runtime
needs (security scopes, documented limits, pagination, discriminators, ``content:``
parameters).  ``template_globals`` hands them the intermediate model instead, as lookups
keyed by what a template has at hand (an endpoint's name, a union's branch classes): data,
never patched text.  ``private`` and the ``as_attribute`` filter hand templates a copy of
one of its properties under another Python name (see templates/README.md on names).
"""

from __future__ import annotations

import contextlib
import copy
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from openapi_python_client import Project
from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import GeneratorError
from openapi_python_client.strings import PythonIdentifier

from generator import names
from generator.emit.render import py_literal, py_str
from generator.emit.tool_messages import as_problem, readable_spec_text
from generator.model.vendor import Discriminator, Operation, VendorModel, union_key
from generator.problems import Problem


def generate_client(vendor: VendorModel, document: dict[str, Any], out_dir: Path, template_dir: Path) -> list[Problem]:
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
    clashes = _reserved_name_problems(vendor)
    if clashes:
        return clashes
    with readable_spec_text():
        openapi = GeneratorData.from_dict(document, config=config)
    if isinstance(openapi, GeneratorError):
        return [as_problem(vendor.spec_display, openapi)]
    project = Project(openapi=openapi, config=config)
    project.env.loader = ChoiceLoader(
        [
            FileSystemLoader(str(template_dir)),
            PrefixLoader({"stock": PackageLoader("openapi_python_client")}),
            PackageLoader("openapi_python_client"),
        ]
    )
    project.env.globals.update(template_globals(vendor))
    project.env.filters.update(py_literal=py_literal, py_str=py_str, as_attribute=as_attribute)
    with contextlib.redirect_stdout(io.StringIO()):  # it prints "Generating <dir>"
        errors = project.build()
    return [as_problem(vendor.spec_display, error) for error in errors]


def template_globals(vendor: VendorModel) -> dict[str, Any]:
    operations = {op.function_name: op for op in vendor.operations}
    discriminators = {d.key: d for d in vendor.discriminators}

    def operation_for(endpoint: Any) -> Operation:
        """Our model of the endpoint openapi-python-client is rendering (same Python name)."""
        return operations[str(endpoint.name)]

    def discriminator_for(union: Any) -> Discriminator | None:
        """The discriminator of a union property, recognised by the classes of its branches."""
        classes = [str(p.class_info.name) for p in union.inner_properties if hasattr(p, "class_info")]
        return discriminators.get(union_key(classes)) if classes else None

    helpers: dict[str, Callable[[Any], Any]] = {
        "operation_for": operation_for,
        "discriminator_for": discriminator_for,
        "spec_text": spec_text,
        "private": private,
    }
    return {"vendor": vendor, "header": vendor.header, **helpers}


def spec_text(value: Any) -> str:
    """The raw text of one of openapi-python-client's wrapped strings (for lookups, not output)."""
    raw = getattr(value, "get_untrusted_value", None)
    return str(raw() if raw is not None else value)


def _reserved_name_problems(vendor: VendorModel) -> list[Problem]:
    # generator/name_check.py refuses these with a line number first; this stage is also
    # run on its own (tests), where generating would silently send the wrong value.
    return [
        Problem(
            file=vendor.spec_display,
            message=f"{op.operation_id}: parameter {p.name!r} becomes the Python argument {p.python_name!r}, but {why}",
            fix="leave the parameter out of the spec: this generator cannot give it another Python name yet",
            rule="generator/reserved-argument",
        )
        for op in vendor.operations
        for p in op.parameters
        if (why := names.argument_problem(p.python_name, paginated=op.pagination is not None))
    ]


def _renamed(prop: Any, python_name: str) -> Any:
    """A copy of one of openapi-python-client's properties under another Python name (data only)."""
    renamed = copy.copy(prop)
    object.__setattr__(renamed, "python_name", str.__new__(PythonIdentifier, python_name))
    return renamed


def private(prop: Any) -> Any:
    """``prop`` named with a leading '_': templates bind list items (and a model's extra values)
    under it, inside functions whose other locals and arguments are spec names (which never
    start so: a property ``tags_item`` beside a list ``tags`` once lost its value)."""
    return _renamed(prop, f"_{prop.python_name}")


def as_attribute(prop: Any) -> Any:
    """``prop`` as an attribute of an attrs model: renamed if it would replace a member (names.MODEL_MEMBERS)."""
    safe = names.member_safe(str(prop.python_name))
    return prop if safe == prop.python_name else _renamed(prop, safe)


__all__ = ["generate_client", "names"]
