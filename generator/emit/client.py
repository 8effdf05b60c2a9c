"""Stage 3a: the attrs/httpx client package, rendered by our templates from our model.

openapi-python-client is only the parser here: ``GeneratorData.from_dict`` names and types
everything (its warnings and errors become located problems: a construct it would drop is
an error for us), ``generator.model.adapt`` turns that parse plus the ``VendorModel`` into a
``ClientModel``, and one Jinja environment (``generator.emit.render``) renders every module
of the package from ``templates/client`` reading that model only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import GeneratorError

from generator import names
from generator.emit.render import environment, write
from generator.emit.tool_messages import as_problem, readable_spec_text
from generator.model import methods, params
from generator.model.adapt import Unsupported, adapt
from generator.model.client_model import ClientModel
from generator.model.vendor import Pagination, VendorModel
from generator.problems import Problem


def generate_client(vendor: VendorModel, document: dict[str, Any], out_dir: Path, template_dir: Path) -> list[Problem]:
    """Write the package's Python modules into ``out_dir/<package>`` and its README into
    ``out_dir`` (pyproject and the rest are ``render_package_files``')."""
    clashes = _reserved_name_problems(vendor)
    if clashes:
        return clashes
    parsed = parse(vendor, document)
    if not isinstance(parsed, GeneratorData):
        return parsed
    try:
        client = adapt(vendor, parsed)
    except Unsupported as exc:
        return [
            Problem(
                file=vendor.spec_display,
                message=f"the client generator cannot render {exc}",
                fix="change the spec construct (see templates/README.md for what the client renders)",
                rule="generator/unsupported",
            )
        ]
    render_client(client, out_dir / vendor.package_name, template_dir)
    return []


def parse(vendor: VendorModel, document: dict[str, Any]) -> GeneratorData | list[Problem]:
    config = Config.from_sources(
        ConfigFile(post_hooks=[], package_name_override=vendor.package_name, literal_enums=False),
        MetaType.NONE,
        vendor.spec_path,
        "utf-8",
        True,
        Path(vendor.package_name),
    )
    with readable_spec_text():
        parsed = GeneratorData.from_dict(document, config=config)
        if isinstance(parsed, GeneratorError):
            return [as_problem(vendor.spec_display, parsed)]
        errors = [e for c in parsed.endpoint_collections_by_tag.values() for e in c.parse_errors]
        errors += parsed.errors
        problems = [as_problem(vendor.spec_display, error) for error in errors]
    return problems or parsed


def render_client(client: ClientModel, package_dir: Path, template_dir: Path) -> None:
    env = environment(template_dir)
    common = {"vendor": client.vendor, "header": client.vendor.header, "client": client}

    def render(target: str, template: str, **context: Any) -> None:
        write(package_dir / target, env.get_template(template).render(**common, **context))

    dicts = params.body_params(client)
    resources = methods.resources(client, frozenset(d.model for d in dicts))
    render("__init__.py", "package_init.py.jinja")
    render("_version.py", "version.py.jinja")
    render("params.py", "params.py.jinja", params=dicts)
    render("_client.py", "vendor_client.py.jinja", resources=resources)
    render("resources/__init__.py", "resources_init.py.jinja")
    readme = env.get_template("README.md.jinja").render(**common, resources=resources)
    write(package_dir.parent / "README.md", readme)
    for resource in resources:
        render(f"resources/{resource.name}.py", "resource.py.jinja", r=resource)
    for module in ("client", "errors", "types"):
        render(f"{module}.py", f"{module}.py.jinja")
    render("models/__init__.py", "models_init.py.jinja")
    for model in client.models:
        render(f"models/{model.module_name}.py", "model.py.jinja", model=model)
    for enum in client.enums:
        render(f"models/{enum.module_name}.py", "enum.py.jinja", enum=enum)
    render("api/__init__.py", "api_init.py.jinja")
    for tag in client.tags:
        render(f"api/{tag}/__init__.py", "tag_init.py.jinja")
    for endpoint in client.endpoints:
        render(f"api/{endpoint.tag}/{endpoint.module_name}.py", "endpoint_module.py.jinja", e=endpoint)


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
        if (
            why := names.argument_problem(
                p.python_name,
                paginated=op.pagination is not None,
                size_argument=_query_size_argument(op.pagination),
            )
        )
    ]


def _query_size_argument(pagination: Pagination | None) -> str | None:
    """The Python name of the size parameter the pagers take out of their signature (query only)."""
    if pagination is None or pagination.location != "query":
        return None
    return pagination.size_argument


__all__ = ["generate_client", "names"]
