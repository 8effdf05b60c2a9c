"""Stage 3b: pydantic v2 models from datamodel-code-generator's Python API.

Configured so nothing is lost silently (see shared notes generator-traps.md):
JSON keys stay as aliases while snake_case names are accepted too, undocumented fields
are kept (``extra="allow"``), and every vendor format it does not know is mapped on
purpose (``KNOWN_FORMATS``) instead of being warned about and defaulted.  Any warning it
still emits fails the run: a warning there means a schema we did not plan for.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from datamodel_code_generator import DataModelType, InputFileType, PythonVersion, generate

from generator.model import VendorModel
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


def generate_pydantic_models(
    vendor: VendorModel, document: dict[str, Any], package_dir: Path, template_dir: Path
) -> list[Problem]:
    """Write ``package_dir/pydantic_models.py``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            code = generate(
                document,
                input_file_type=InputFileType.OpenAPI,
                output_model_type=DataModelType.PydanticV2BaseModel,
                target_python_version=PythonVersion.PY_311,
                snake_case_field=True,
                allow_population_by_field_name=True,
                extra_fields="allow",
                disable_timestamp=True,
                custom_file_header=f"# {vendor.header}",
                custom_template_dir=template_dir if template_dir.is_dir() else None,
                formatters=["builtin"],
                strict_nullable=True,
                field_constraints=True,
                use_double_quotes=True,
                use_schema_description=True,
                use_field_description=True,
                type_mappings=[f"{t}+{f}={target}" for (t, f), target in sorted(KNOWN_FORMATS.items())],
            )
        except Exception as exc:  # noqa: BLE001 - the tool raises many kinds; all mean "cannot generate"
            return [_problem(vendor, f"datamodel-code-generator failed: {type(exc).__name__}: {exc}")]
    problems = [_problem(vendor, f"datamodel-code-generator warned: {w.message}") for w in caught]
    if problems:
        return problems
    if not isinstance(code, str):
        return [_problem(vendor, "datamodel-code-generator returned no single module")]
    (package_dir / "pydantic_models.py").write_text(code, encoding="utf-8")
    return []


def _problem(vendor: VendorModel, message: str) -> Problem:
    return Problem(
        file=vendor.spec_display,
        message=message,
        fix="adjust the schema, or map its format in generator/gen_models.py KNOWN_FORMATS on purpose",
        rule="datamodel-code-generator",
    )
