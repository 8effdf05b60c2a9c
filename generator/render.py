"""Stage 4: render our own templates (``templates/package``) for files neither tool writes.

These templates read only the intermediate model.  Spec strings reach them as data and
are escaped by the filters below for the syntax they land in; the environment never
compiles spec text as a template.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.model import VendorModel

# Package-relative file name -> template name.  "{package}" is the import package.
PACKAGE_FILES = {
    "pyproject.toml": "pyproject.toml.jinja",
    "README.md": "README.md.jinja",
    "{package}/py.typed": "py.typed.jinja",
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
        py_str=lambda v: json.dumps(str(v)),
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
