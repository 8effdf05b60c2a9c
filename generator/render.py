"""Stage 4: render our own templates (``templates/package``) for files neither tool writes.

These templates read only the intermediate model.  Spec strings reach them as data and
are escaped by the filters below for the syntax they land in; the environment never
compiles spec text as a template.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.model import VendorModel

RUNTIME_MODULES = (
    "__init__",
    "_auth",
    "_base_client",
    "_checks",
    "_datetime",
    "_enums",
    "_exceptions",
    "_pagination",
    "_parsing",
    "_request",
    "_response",
    "_retry",
    "_serialize",
)
"""The client runtime rendered into every package (``<package>/_runtime/``), so each package
is self-contained; see templates/package/runtime/__init__.py.jinja for what each does."""

# Package-relative file name -> template name.  "{package}" is the import package.
PACKAGE_FILES = {
    "pyproject.toml": "pyproject.toml.jinja",
    "README.md": "README.md.jinja",
    "{package}/py.typed": "py.typed.jinja",
    "{package}/pagination.py": "pagination.py.jinja",
    **{f"{{package}}/_runtime/{name}.py": f"runtime/{name}.py.jinja" for name in RUNTIME_MODULES},
}


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def md_text(text: object) -> str:
    """Spec prose into Markdown: HTML and link syntax neutralized, one paragraph."""
    value = _one_line(text)
    return re.sub(r"([\\`*_{}\[\]<>#|!])", r"\\\1", value)


def md_cell(text: object) -> str:
    return md_text(text)


def md_code(text: object) -> str:
    return _one_line(text).replace("`", "'")


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
        md_url=md_url,
    )
    return env


def render_package_files(vendor: VendorModel, out_dir: Path, template_dir: Path) -> None:
    env = environment(template_dir)
    for relative, template_name in PACKAGE_FILES.items():
        target = out_dir / relative.format(package=vendor.package_name)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = env.get_template(template_name).render(vendor=vendor)
        target.write_text(text, encoding="utf-8")
