"""Stages 3a and 4: the one Jinja environment every package file is rendered with.

``templates/client`` holds them all: the client's modules (``generator.emit.client``) and
the files around them (README, pyproject, pagination, py.typed; ``render_package_files``).
Templates read only our models (``VendorModel``, ``ClientModel``).  Spec strings reach them
as data and are escaped by the filters below for the syntax they land in; the environment
never compiles spec text as a template.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from openapi_python_client.strings import safe_for_docstring

from generator.model.vendor import VendorModel

RUNTIME_SOURCE = Path(__file__).resolve().parents[1] / "runtime"
"""The client runtime as real Python (checked by ruff and mypy where it lies), copied into every
package as ``<package>/_runtime/`` with the header line, so each package is self-contained; see
generator/runtime/__init__.py for what each module does."""

# Package-relative file name -> template name.  "{package}" is the import package.
PACKAGE_FILES = {
    "pyproject.toml": "pyproject.toml.jinja",
    "{package}/py.typed": "py.typed.jinja",
    "{package}/pagination.py": "pagination.py.jinja",
}


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def md_text(text: object, cell: bool = False) -> str:
    """Spec prose into Markdown: HTML and link syntax neutralized, one paragraph; an inline
    literal (RST's double backticks, or Markdown's single ones) becomes a code span."""
    parts = re.split(r"``([^`]+)``|`([^`]+)`", _one_line(text))
    out: list[str] = []
    for index, part in enumerate(parts):
        if part is None:
            continue
        code = part.replace("|", "\\|") if cell else part
        out.append(f"`{code}`" if index % 3 else re.sub(r"([\\`*_{}\[\]<>#|!])", r"\\\1", part))
    return "".join(out)


def md_cell(text: object) -> str:
    return md_text(text, cell=True)


def md_code(text: object) -> str:
    return _one_line(text).replace("`", "'")


def md_cell_code(text: object) -> str:
    """Code inside a table cell: a ``|`` would end the cell even inside backticks (GFM)."""
    return md_code(text).replace("|", "\\|")


def md_url(text: object) -> str:
    value = _one_line(text)
    return value if re.fullmatch(r"https?://[^\s<>`]+", value) else "about:invalid"


def py_str(value: object) -> str:
    """Text as a Python string literal (a JSON string is one, with every control escaped)."""
    return json.dumps(str(value))


def py_literal(value: object) -> str:
    """A number, string, bool, None or tuple of those from the model, as Python source."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, tuple):
        return "(" + "".join(f"{py_literal(v)}, " for v in value) + ")"
    raise TypeError(f"not a literal a template may embed: {type(value).__name__}")


BUILTIN_TYPES = re.compile(
    r'("(?:[^"\\]|\\.)*")|(?<![\w.])(list|dict|set|tuple|str|int|float|bool|bytes|object|type)\b'
)


def qualify(annotation: object) -> str:
    """Builtin type names in an annotation as ``_builtins.<name>`` (string literals untouched):
    inside a class with a method called ``list``, ``list[str]`` would name the method."""
    return BUILTIN_TYPES.sub(lambda m: m.group(1) or f"_builtins.{m.group(2)}", str(annotation))


def docstring(content: str) -> str:
    """``content`` as a docstring (nothing when empty); a multi-line one ends on its own line."""
    text = content.strip()
    if not text:
        return ""
    return f'"""{text}\n"""' if "\n" in text else f'"""{text}"""'


def write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def environment(template_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(template_dir)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(
        toml_str=lambda v: json.dumps(str(v)),
        py_str=py_str,
        py_literal=py_literal,
        md_text=md_text,
        md_cell=md_cell,
        md_code=md_code,
        md_cell_code=md_cell_code,
        md_url=md_url,
        doc=safe_for_docstring,
        qualify=qualify,
    )
    env.globals["docstring"] = docstring
    return env


def render_package_files(vendor: VendorModel, out_dir: Path, template_dir: Path) -> None:
    env = environment(template_dir)
    for relative, template_name in PACKAGE_FILES.items():
        text = env.get_template(template_name).render(vendor=vendor)
        write(out_dir / relative.format(package=vendor.package_name), text)
    copy_runtime(vendor, out_dir / vendor.package_name / "_runtime")


def copy_runtime(vendor: VendorModel, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(RUNTIME_SOURCE.glob("*.py")):
        text = source.read_text(encoding="utf-8")
        (target / source.name).write_text(f"# {vendor.header}\n{text}", encoding="utf-8")
