"""Stage 3b: pydantic v2 models from datamodel-code-generator's Python API.

Configured so nothing is lost silently (see shared notes generator-traps.md):
JSON keys stay as aliases (parsing matches them only; the constructor takes snake_case
names too: ``WireModel`` in the package's ``pydantic_types.py``), undocumented fields
are kept (``extra="allow"``), and every vendor format it does not know is mapped on
purpose (``KNOWN_FORMATS``) instead of being warned about and defaulted.  Any warning it
still emits fails the run: a warning there means a schema we did not plan for.

Date-times are typed ``WireDateTime`` (``customTypePath`` on every ``format: date-time``
schema of a copy of the document), a ``datetime`` defined in the package's own
``pydantic_types.py`` (rendered from ``templates/datamodel_code_generator/modules/``) that
serializes back to the exact text it was read from: pydantic's ``AwareDatetime`` rewrites
``+00:00`` as ``Z`` and pads fractions, so a payload would not round-trip.
"""

from __future__ import annotations

import copy
import warnings
from pathlib import Path
from typing import Any

from datamodel_code_generator import InputFileType, PythonVersion, generate
from datamodel_code_generator.enums import DataModelType
from datamodel_code_generator.format import Formatter
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.model.vendor import VendorModel
from generator.problems import Problem

KNOWN_FORMATS = {
    # type, format -> the datamodel-code-generator format it behaves like
    ("integer", "int8"): "integer",
    ("integer", "int16"): "integer",
    ("integer", "uint8"): "integer",
    ("integer", "uint16"): "integer",
    ("integer", "uint32"): "integer",
    ("integer", "uint64"): "integer",
    ("integer", "bigint"): "integer",
    ("string", "address"): "string",
}
"""Integer widths are range constraints (``minimum``/``maximum`` carry them), not Python types."""

SUPPORT_MODULES = {"pydantic_types.py": "modules/pydantic_types.py.jinja"}
"""Package modules the pydantic models import, rendered from the template directory."""
DATETIME_TYPE = "{package}.pydantic_types.WireDateTime"
BASE_CLASS = "{package}.pydantic_types.WireModel"
_NOT_SCHEMAS = {"example", "examples", "default", "const", "enum"}
"""Keys whose values are data, not schemas: never rewritten."""
_NAME_MAPS = {
    *("properties", "patternProperties", "$defs", "definitions", "schemas"),
    *("paths", "responses", "content", "headers", "parameters", "requestBodies", "callbacks"),
}
"""Keys whose values map names (which may be spelled like a keyword, e.g. a ``default`` response) to nodes."""


def generate_pydantic_models(
    vendor: VendorModel, document: dict[str, Any], package_dir: Path, template_dir: Path
) -> list[Problem]:
    """Write ``package_dir/pydantic_models.py``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            code = generate(
                with_wire_datetimes(document, DATETIME_TYPE.format(package=vendor.package_name)),
                input_file_type=InputFileType.OpenAPI,
                output_model_type=DataModelType.PydanticV2BaseModel,
                target_python_version=PythonVersion.PY_311,
                base_class=BASE_CLASS.format(package=vendor.package_name),
                snake_case_field=True,
                extra_fields="allow",
                disable_timestamp=True,
                custom_file_header=f"# {vendor.header}",
                custom_template_dir=template_dir if template_dir.is_dir() else None,
                formatters=[Formatter.BUILTIN],
                strict_nullable=True,
                field_constraints=True,
                use_double_quotes=True,
                use_schema_description=True,
                use_field_description=True,
                type_mappings=[f"{t}+{f}={target}" for (t, f), target in sorted(KNOWN_FORMATS.items())],
            )
        except Exception as exc:  # the tool raises many kinds; all mean "cannot generate"
            return [_problem(vendor, f"datamodel-code-generator failed: {type(exc).__name__}: {exc}")]
    problems = [_problem(vendor, f"datamodel-code-generator warned: {w.message}") for w in caught]
    if problems:
        return problems
    if not isinstance(code, str):
        return [_problem(vendor, "datamodel-code-generator returned no single module")]
    (package_dir / "pydantic_models.py").write_text(code, encoding="utf-8")
    _render_support_modules(vendor, package_dir, template_dir)
    return []


def with_wire_datetimes(document: dict[str, Any], type_path: str) -> dict[str, Any]:
    """A copy of ``document`` where every string ``format: date-time`` schema names ``type_path``."""
    result = copy.deepcopy(document)
    # (node, is_name_map): in a name map (``properties``, ``schemas`` ...) every value is a
    # schema whatever its key, so a property called ``default`` is still visited.
    pending: list[tuple[Any, bool]] = [(result, False)]
    while pending:
        node, is_name_map = pending.pop()
        if isinstance(node, list):
            pending.extend((item, False) for item in node)
            continue
        if not isinstance(node, dict):
            continue
        types = node.get("type")
        is_string = types == "string" or (isinstance(types, list) and "string" in types)
        if not is_name_map and node.get("format") == "date-time" and is_string:
            node["customTypePath"] = type_path
        for key, value in node.items():
            if is_name_map:
                pending.append((value, False))
            elif key in _NAME_MAPS:
                pending.append((value, True))
            elif key not in _NOT_SCHEMAS and not str(key).startswith("x-"):
                pending.append((value, False))
    return result


def _render_support_modules(vendor: VendorModel, package_dir: Path, template_dir: Path) -> None:
    env = Environment(
        loader=FileSystemLoader(str(template_dir)),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    for target, template in SUPPORT_MODULES.items():
        # The header is the only value rendered; it names the spec file, never spec text.
        text = env.get_template(template).render(header=vendor.header)
        (package_dir / target).write_text(text, encoding="utf-8")


def _problem(vendor: VendorModel, message: str) -> Problem:
    return Problem(
        file=vendor.spec_display,
        message=message,
        fix="adjust the schema, or map its format in generator/gen_models.py KNOWN_FORMATS on purpose",
        rule="datamodel-code-generator",
    )
