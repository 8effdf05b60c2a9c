"""The generator as a library: one spec in, one package folder out.

``generate_vendor(spec, out)`` runs every stage for one spec: load, validate (the OpenAPI
and project rules, then the names the tools would derive), emit the package into ``out``
(``generator.emit.package.emit_package``), compile every file, format with the pinned ruff.
It returns every problem found, located in the spec or the output, and stops at the first
stage that found an error; it never prints and writes nothing outside ``out``.

``pipeline.run`` is these same steps for every vendor at once (validation and emitting in
worker processes, one compile-and-format pass over the whole staging tree, the atomic
swap of ``generated/``); tests and the bench call ``generate_vendor`` for a package in a
folder of their own.
"""

from __future__ import annotations

from pathlib import Path

from generator import names
from generator.problems import Problem, has_errors
from generator.spec.load import LoadedSpec, display_path, load_spec

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
"""The templates this checkout generates with."""


def check_spec(
    path: Path, root: Path | None = None, *, errata: Path | None = None, project_rules: bool = True
) -> tuple[LoadedSpec | None, list[Problem]]:
    """Load ``path``, validate it and its errata, then judge the names the tools would derive
    (only for a valid spec: the name check trusts the document's shape).  The spec comes back
    only when nothing is an error.  The validators are imported here, so that a run with
    nothing to do never loads them.

    ``project_rules=False`` skips the validation of the document (OpenAPI and the project's
    conventions: docs URLs, samples, request examples) and keeps the name check: for test
    fixtures, which exercise the generator and are not documented vendor specs.
    """
    from generator.spec.errata import errata_path  # heavy imports (jsonschema ...), only when needed
    from generator.validate.name_check import check_names
    from generator.validate.rules import validate_spec

    loaded, problems = load_spec(path, root)
    if loaded is None:
        return None, problems
    found = validate_spec(loaded, errata or errata_path(path)) if project_rules else []
    if not has_errors(found):
        found += check_names(loaded)
    problems += found  # load problems that leave the data intact (text-control) come back with it
    return (None if has_errors(problems) else loaded), problems


def emit(slug: str, spec: LoadedSpec, out: Path, templates: Path = TEMPLATES) -> list[Problem]:
    """The emit stage for one validated spec: every file of the package, written into ``out``."""
    from generator.emit.package import emit_package  # the tools: imported by whoever emits

    return emit_package(
        slug=slug, spec_path=spec.path, display=spec.display_path, document=spec.data, out_dir=out, templates=templates
    )


def finish(tree: Path, shown_root: str) -> list[Problem]:
    """Compile every file under ``tree``, then format it in place with the pinned ruff.

    Compiling first reports a syntax error at its own line instead of as ruff's parse
    failure.  ``shown_root`` is what problems call ``tree`` (the staging folder is shown as
    the output folder it will become)."""
    from generator.emit.fmt import compile_tree, format_tree

    problems = compile_tree(tree, shown_root)
    return problems or format_tree(tree, shown_root)


def generate_vendor(
    spec: Path,
    out: Path,
    *,
    slug: str | None = None,
    root: Path | None = None,
    templates: Path = TEMPLATES,
    project_rules: bool = True,
) -> list[Problem]:
    """Generate the package of ``spec`` into the folder ``out`` (``pyproject.toml``,
    ``README.md``, ``<slug>_client/``); the problems found, located (empty: it worked).
    ``out`` should be new or empty: nothing in it is removed first.

    ``slug`` names the package (default: the file's stem, which must then be a vendor slug);
    ``root`` is what paths in problems are shown relative to (default: the working
    directory); ``project_rules``: see ``check_spec``.  The import name of the result is
    ``generator.names.package_name(slug)``.
    """
    slug = slug or spec.stem
    why = names.slug_problem(slug)
    if why:
        return [Problem(display_path(spec, root), f"cannot name a vendor package: {why}", rule="slug")]
    loaded, problems = check_spec(spec, root, project_rules=project_rules)
    if loaded is None:
        return problems
    problems += emit(slug, loaded, out, templates)
    if has_errors(problems):
        return problems
    return problems + finish(out, display_path(out, root))
