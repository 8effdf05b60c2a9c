"""Stage 3b: pydantic v2 models from datamodel-code-generator's Python API.

Configured so nothing is lost silently (see shared notes generator-traps.md):
JSON keys stay as aliases (parsing matches them only; the constructor takes snake_case
names too: ``WireModel``), undocumented fields are kept (``extra="allow"``), and every
vendor format it does not know is mapped on purpose (``KNOWN_FORMATS``) instead of being
warned about and defaulted.  Any warning it still emits fails the run: a warning there
means a schema we did not plan for.

The models build on the runtime's ``_pydantic`` module (``generator/runtime/_pydantic.py``,
copied into the package with the rest of ``_runtime``), through the package's public
``pydantic_types`` module, which re-exports it: ``WireModel`` is the base class,
``RootModel`` replaces pydantic's (``import_overrides``: both dump the exact payload by
default), and date-times are typed ``WireDateTime`` (``customTypePath`` on every
``format: date-time`` schema of a copy of the document), a ``datetime`` written back as the
exact text it was read from: pydantic's ``AwareDatetime`` rewrites ``+00:00`` as ``Z`` and
pads fractions, so a payload would not round-trip.
"""

from __future__ import annotations

import copy
import warnings
from pathlib import Path
from typing import Any

from datamodel_code_generator import InputFileType, PythonVersion, generate
from datamodel_code_generator.enums import DataModelType
from datamodel_code_generator.format import Formatter
from datamodel_code_generator.parser.jsonschema import json_schema_data_formats

from generator.model.vendor import VendorModel
from generator.problems import Problem
from generator.spec.toolkit import iter_structural

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


def format_mappings(document: dict[str, Any]) -> list[str]:
    """``type+format=target`` for datamodel-code-generator: ``KNOWN_FORMATS``, plus every other
    format on an integer, number or string schema that the tool does not know (a vendor's
    ``uint256``, ``bytes32``).  ``format`` is an annotation (JSON Schema 2020-12 §7.2): the value
    stays a plain int, float or str, as openapi-python-client types it for the attrs flavour."""
    mappings = dict(KNOWN_FORMATS)
    for _at, node in iter_structural(document):
        kind, fmt = node.get("type"), node.get("format")
        if kind in ("integer", "number", "string") and isinstance(fmt, str) and (kind, fmt) not in mappings:
            if fmt not in json_schema_data_formats.get(kind, {}):
                mappings[(kind, fmt)] = kind
    return [f"{t}+{f}={target}" for (t, f), target in sorted(mappings.items())]


TYPES_MODULE = "{package}.pydantic_types"
"""The package's public module of the types the models use (re-exported from ``_runtime``)."""
TYPES_MODULE_SOURCE = '''# {header}
"""The types the pydantic models build on: ``WireModel`` (their base), ``RootModel`` and
``WireDateTime``, defined in ``_runtime/_pydantic.py``.  Importing this module imports pydantic."""

from ._runtime._pydantic import RootModel, WireDateTime, WireModel

__all__ = ["RootModel", "WireDateTime", "WireModel"]
'''


def generate_pydantic_models(
    vendor: VendorModel, document: dict[str, Any], package_dir: Path, template_dir: Path
) -> list[Problem]:
    """Write ``package_dir/pydantic_models.py`` and ``pydantic_types.py``."""
    types_module = TYPES_MODULE.format(package=vendor.package_name)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            code = generate(
                with_wire_datetimes(document, f"{types_module}.WireDateTime"),
                input_file_type=InputFileType.OpenAPI,
                output_model_type=DataModelType.PydanticV2BaseModel,
                target_python_version=PythonVersion.PY_311,
                base_class=f"{types_module}.WireModel",
                import_overrides={"RootModel": types_module},
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
                # An enum-typed field's default as the enum member, not the bare string
                # (which mypy --strict refuses: issue 13, V2StageSendDestinationPayment.type).
                set_default_enum_member=True,
                type_mappings=format_mappings(document),
                # ClassVar for model_config (templates/datamodel_code_generator/pydantic_v2/ConfigDict.jinja2).
                additional_imports=["typing.ClassVar"],
            )
        except Exception as exc:  # the tool raises many kinds; all mean "cannot generate"
            return [_problem(vendor, f"datamodel-code-generator failed: {type(exc).__name__}: {exc}")]
    # A ResourceWarning is the garbage collector reporting something else's unclosed socket or
    # file while the tool ran (seen in a test process full of clients): not about the spec.
    problems = [
        _problem(vendor, f"datamodel-code-generator warned: {w.message}")
        for w in caught
        if not issubclass(w.category, ResourceWarning)
    ]
    if problems:
        return problems
    if not isinstance(code, str):
        return [_problem(vendor, "datamodel-code-generator returned no single module")]
    (package_dir / "pydantic_models.py").write_text(code, encoding="utf-8")
    (package_dir / "pydantic_types.py").write_text(TYPES_MODULE_SOURCE.format(header=vendor.header), encoding="utf-8")
    return []


def with_wire_datetimes(document: dict[str, Any], type_path: str) -> dict[str, Any]:
    """A copy of ``document`` where every string ``format: date-time`` schema names ``type_path``."""
    result = copy.deepcopy(document)
    # Every schema, wherever it sits, and no data (samples, defaults, extensions) that only
    # looks like one: a structural object that says it is a date-time string.
    for _, node in iter_structural(result):
        types = node.get("type")
        is_string = types == "string" or (isinstance(types, list) and "string" in types)
        if node.get("format") == "date-time" and is_string:
            node["customTypePath"] = type_path
    return result


def _problem(vendor: VendorModel, message: str) -> Problem:
    return Problem(
        file=vendor.spec_display,
        message=message,
        fix="adjust the schema, or map its format in generator/emit/pydantic_models.py KNOWN_FORMATS on purpose",
        rule="datamodel-code-generator",
    )
