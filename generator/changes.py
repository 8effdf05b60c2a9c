"""What a regeneration changed in a package's public Python API, classified for semver.

griffe (the established library for a Python package's API, read statically: nothing is
imported or run) loads the committed package and the new one; we walk both trees and
compare every public object by its path.  griffe's own ``find_breaking_changes`` reports
removals but neither additions nor a model field whose type changed, and semver needs all
three, so the comparison is ours:
- breaking: a public object (module, class, function, field, enum member, exported name)
  removed; a parameter removed, renamed, made required or of another kind; a field's or
  parameter's type narrowed or changed; a return type widened or changed.
- addition: a new public object; a new optional parameter; a parameter type widened (new
  union members); a return type narrowed.
- other: the package's files differ but its API does not (a patch release), or an attribute
  that had no annotation gets one (its type is declared, not changed).
Types are compared as their annotation text, split into top-level union members: that
catches ``str | None`` -> ``str`` (narrowed) without a type checker; any other change of
text counts as a change.  Names in annotations are compared by what they name (their
canonical path), so ``_Any`` and ``Any`` are the same type; a method's own type variable
(``cls: type[_T]`` ... ``-> _T``) is ``Self``.

What counts as a class's API is what a user sees on it: its members with the ones it
inherits from the package's own classes (a method moved to a base class is not removed).  A
field declared as a data descriptor (``name: Field[R, S] = ...``, any class defining
``__get__``, subscripted with its read type ``R`` and its set type ``S``) is compared by
those two types: a narrower read type or a wider set type is an addition.  A module bound
by ``import x`` in a module of the package is not one of its exported names.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import griffe

_SEMVER = re.compile(r"(\d+)\.(\d+)\.(\d+)")
_LOOSE = re.compile(r"v?(\d+)\.(\d+)(?:\.(\d+))?")
"""A version an earlier generator took from ``info.version`` (``v3.0``): read, then written as semver."""


class Impact(Enum):
    BREAKING = "breaking"
    ADDITION = "addition"
    OTHER = "other"


@dataclass(frozen=True, order=True)
class ApiChange:
    path: str
    impact: Impact
    what: str

    def line(self) -> str:
        return f"- `{self.path}`: {self.what}"


def compare_packages(old_root: Path, new_root: Path, package: str) -> list[ApiChange]:
    """Changes from the package under ``old_root`` to the one under ``new_root`` (sorted)."""
    old = _load(old_root, package)
    new = _load(new_root, package)
    changes: list[ApiChange] = []
    _compare(old, new, changes)
    return sorted(changes, key=lambda c: (c.path, c.what))


def _load(root: Path, package: str) -> Any:
    return griffe.load(package, search_paths=[str(root)], resolve_aliases=False, allow_inspection=False)


def _public(obj: Any) -> dict[str, Any]:
    """The public members of a module or class: a class's with those it inherits from the
    package's classes (bases outside the package are not loaded, so not followed); a module's
    without the modules its ``import`` statements bind, and without a name it imports from
    outside the package (``from typing import ClassVar``) unless its ``__all__`` lists it."""
    if obj.is_class:
        # griffe gives an inherited member as an alias to the base class's member.
        members = {name: _inherited(member) for name, member in obj.all_members.items()}
    else:
        members = obj.members
    imported = _imported_modules(obj) if obj.is_module else frozenset()
    exports = set(obj.exports or ()) if obj.is_module else set()
    root = str(obj.path).split(".")[0]
    return {
        name: member
        for name, member in members.items()
        if not name.startswith("_")
        and not (
            member.is_alias
            and (
                name in imported
                or _names_a_module(member)
                or (obj.is_module and _foreign(member, root) and name not in exports)
            )
        )
    }


def _foreign(member: Any, root: str) -> bool:
    return str(member.target_path).split(".")[0] != root


def _inherited(member: Any) -> Any:
    return member.final_target if member.is_alias and member.inherited else member


def _imported_modules(module: Any) -> frozenset[str]:
    """The names a module's ``import x`` / ``import x as y`` statements bind (outside functions)."""
    try:
        tree = ast.parse(Path(module.filepath).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, TypeError, ValueError):
        return frozenset()
    names: set[str] = set()
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import):
            names.update(alias.asname or alias.name.partition(".")[0] for alias in node.names)
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            pending.extend(child for child in ast.iter_child_nodes(node) if isinstance(child, ast.stmt))
    return frozenset(names)


def _names_a_module(alias: Any) -> bool:
    """Whether an alias names one of the package's modules (``from . import api``)."""
    try:
        return bool(alias.final_target.is_module)
    except (griffe.AliasResolutionError, griffe.CyclicAliasError):
        return False


def _compare(old: Any, new: Any, changes: list[ApiChange]) -> None:
    old_members, new_members = _public(old), _public(new)
    for name in old_members.keys() - new_members.keys():
        changes.append(ApiChange(_path(old, name), Impact.BREAKING, f"{_kind(old_members[name])} removed"))
    for name in new_members.keys() - old_members.keys():
        if not _overrides(new_members[name]):
            changes.append(ApiChange(_path(new, name), Impact.ADDITION, f"{_kind(new_members[name])} added"))
    if old.is_class:
        _compare_decorators(new.path, old, new, changes)
    for name in sorted(old_members.keys() & new_members.keys()):
        before, after = old_members[name], new_members[name]
        path = _path(new, name)
        if _kind(before) != _kind(after):
            changes.append(ApiChange(path, Impact.BREAKING, f"was a {_kind(before)}, is a {_kind(after)}"))
        elif before.is_alias:
            if before.target_path != after.target_path:
                changes.append(
                    ApiChange(path, Impact.BREAKING, f"now names {after.target_path} (was {before.target_path})")
                )
        elif before.is_function:
            _compare_function(path, before, after, changes)
        elif before.is_attribute:
            _compare_attribute(path, before, after, changes)
        elif before.is_class or before.is_module:
            _compare(before, after, changes)


def _path(parent: Any, name: str) -> str:
    """Where a member is seen: an inherited one under the class that inherits it."""
    return f"{parent.path}.{name}"


def _kind(obj: Any) -> str:
    if obj.is_alias:
        return "exported name"
    kind = str(obj.kind.value)
    if kind == "attribute" and obj.parent is not None and obj.parent.is_class and _is_enum(obj.parent):
        return "enum member"
    return {"attribute": "field"}.get(kind, kind)


def _is_enum(cls: Any) -> bool:
    return any("Enum" in str(base) for base in cls.bases)


def _overrides(member: Any) -> bool:
    """Whether a method says (``@override``, PEP 698) that it replaces one of a base class's:
    one outside the package (pydantic's), whose members are not loaded, so not new API."""
    return (
        not member.is_alias
        and bool(member.is_function)
        and any(_decorator(d).rpartition(".")[2] == "override" for d in member.decorators)
    )


def _decorator(decorator: Any) -> str:
    return str(decorator.callable_path)


def _compare_decorators(path: str, before: Any, after: Any, changes: list[ApiChange]) -> None:
    """A class decorator is API (``@attrs.define``: what ``attrs.evolve`` and ``attrs.asdict`` take)."""
    old = {_decorator(d) for d in before.decorators}
    new = {_decorator(d) for d in after.decorators}
    for name in sorted(old - new):
        changes.append(ApiChange(path, Impact.BREAKING, f"decorator `@{name}` removed"))
    for name in sorted(new - old):
        changes.append(ApiChange(path, Impact.ADDITION, f"decorator `@{name}` added"))


def _writable(attribute: Any) -> bool:
    return "property" not in attribute.labels or "writable" in attribute.labels


def _compare_attribute(path: str, before: Any, after: Any, changes: list[ApiChange]) -> None:
    """A field: by its type, or by its read and set types when either side is a descriptor."""
    if _writable(before) and not _writable(after):
        changes.append(ApiChange(path, Impact.BREAKING, "now read-only"))
    elif _writable(after) and not _writable(before):
        changes.append(ApiChange(path, Impact.ADDITION, "now settable"))
    old_read, old_set = _field_types(before)
    new_read, new_set = _field_types(after)
    if _same(old_read, old_set) and _same(new_read, new_set):
        _compare_types(path, "type", old_read, new_read, changes, widening_ok=False)
        return
    _compare_types(path, "read type", old_read, new_read, changes, widening_ok=False, narrowing_ok=True)
    _compare_types(path, "set type", old_set, new_set, changes, widening_ok=True)


def _field_types(attribute: Any) -> tuple[Any, Any]:
    """(read type, set type): a ``Field[R, S]`` descriptor's type arguments, else the annotation twice."""
    annotation = attribute.annotation
    if isinstance(annotation, griffe.ExprSubscript) and _is_descriptor(annotation.left, attribute.modules_collection):
        arguments = annotation.slice
        if isinstance(arguments, griffe.ExprTuple) and len(arguments.elements) == 2:
            return arguments.elements[0], arguments.elements[1]
        return arguments, arguments
    return annotation, annotation


def _is_descriptor(name: object, modules: Any) -> bool:
    """Whether ``name`` (an annotation's subscripted name) is one of the package's classes that defines ``__get__``."""
    if not isinstance(name, griffe.ExprName):
        return False
    try:
        target = modules.get_member(name.canonical_path)
        if target.is_alias:
            target = target.final_target
    except (KeyError, ValueError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return False
    return bool(target.is_class and "__get__" in target.all_members)


def _same(first: object, second: object) -> bool:
    return _canonical(first) == _canonical(second)


def _compare_function(path: str, before: Any, after: Any, changes: list[ApiChange]) -> None:
    old_list, old_self = _parameters(before)
    new_list, new_self = _parameters(after)
    old_params = {p.name: p for p in old_list}
    new_params = {p.name: p for p in new_list}
    for old_p, new_p in zip(old_list, new_list, strict=False):
        # A private name (``_src_dict``) is no keyword of the API: the parameter is its position.
        private = old_p.name.startswith("_") and old_p.kind is not griffe.ParameterKind.keyword_only
        if private and old_p.name != new_p.name and new_p.name not in old_params:
            old_params[new_p.name] = old_params.pop(old_p.name)
    for name in old_params.keys() - new_params.keys():
        changes.append(ApiChange(path, Impact.BREAKING, f"parameter `{name}` removed"))
    for name in new_params.keys() - old_params.keys():
        required = new_params[name].required
        impact = Impact.BREAKING if required else Impact.ADDITION
        changes.append(ApiChange(path, impact, f"{'required' if required else 'optional'} parameter `{name}` added"))
    for name in sorted(old_params.keys() & new_params.keys()):
        old_p, new_p = old_params[name], new_params[name]
        if old_p.kind != new_p.kind:
            changes.append(ApiChange(path, Impact.BREAKING, f"parameter `{name}` is now {new_p.kind.value}"))
        if new_p.required and not old_p.required:
            changes.append(ApiChange(path, Impact.BREAKING, f"parameter `{name}` is now required"))
        _compare_types(
            path,
            f"parameter `{name}`",
            old_p.annotation,
            new_p.annotation,
            changes,
            widening_ok=True,
            selves=(old_self, new_self),
        )
    _compare_types(
        path,
        "return type",
        before.returns,
        after.returns,
        changes,
        widening_ok=False,
        narrowing_ok=True,
        selves=(old_self, new_self),
    )


def _parameters(function: Any) -> tuple[list[Any], str | None]:
    """A function's parameters without a method's ``self``/``cls``, and the canonical path of
    the type variable that parameter is annotated with (``cls: type[_T]``: the method's ``Self``)."""
    parameters = list(function.parameters)
    parent = function.parent
    if not parameters or parent is None or not parent.is_class or "staticmethod" in function.labels:
        return parameters, None
    first = parameters[0].annotation
    if isinstance(first, griffe.ExprSubscript) and str(first.left) == "type":
        first = first.slice
    self_type = first.canonical_path if isinstance(first, griffe.ExprName) else None
    return parameters[1:], self_type


def _canonical(annotation: object, self_type: str | None = None) -> str:
    """An annotation's text with every name spelt as what it names (``Self`` for ``self_type``)."""
    if not isinstance(annotation, griffe.Expr):
        return str(annotation or "")
    parts = []
    for part in annotation.iterate(flat=True):
        if isinstance(part, griffe.ExprName):
            path = part.canonical_path
            parts.append("Self" if self_type is not None and path == self_type else path)
        else:
            parts.append(str(part))
    return "".join(parts)


def _compare_types(
    path: str,
    what: str,
    before: object,
    after: object,
    changes: list[ApiChange],
    *,
    widening_ok: bool,
    narrowing_ok: bool = False,
    selves: tuple[str | None, str | None] = (None, None),
) -> None:
    old_canonical, new_canonical = _canonical(before, selves[0]), _canonical(after, selves[1])
    if old_canonical == new_canonical or not old_canonical or not new_canonical:
        return  # the same, or one side has no annotation: nothing known to compare
    old_text, new_text = str(before or ""), str(after or "")
    old_set, new_set = _union(old_canonical), _union(new_canonical)
    change = f"{what} `{old_text}` -> `{new_text}`"
    if old_set < new_set:
        changes.append(ApiChange(path, Impact.ADDITION if widening_ok else Impact.BREAKING, f"{change} (widened)"))
    elif new_set < old_set:
        changes.append(ApiChange(path, Impact.ADDITION if narrowing_ok else Impact.BREAKING, f"{change} (narrowed)"))
    else:
        changes.append(ApiChange(path, Impact.BREAKING, f"{change} (changed)"))


def _union(text: str) -> frozenset[str]:
    """Top-level members of a ``A | B[C | D]`` annotation."""
    members, depth, current = [], 0, ""
    for char in text:
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        if char == "|" and depth == 0:
            members.append(current.strip())
            current = ""
        else:
            current += char
    members.append(current.strip())
    return frozenset(m for m in members if m)


# --- versions and the changelog -------------------------------------------------------------


def bump(version: str, changes: list[ApiChange], files_changed: bool) -> str:
    """Semver: major for a breaking change, minor for an addition, patch for any other change.
    Before 1.0.0 (the API is not yet stable, semver item 4) a breaking change bumps the minor.
    A version that is not ``X.Y.Z`` (``v3.0``) is read loosely and always bumped, so that the
    result is semver and never equals a version already released."""
    match = _SEMVER.fullmatch(version)
    loose = match or _LOOSE.fullmatch(version)
    major, minor, patch = (int(part or 0) for part in loose.groups()) if loose else (0, 1, 0)
    impacts = {change.impact for change in changes}
    if Impact.BREAKING in impacts:
        return f"{major + 1}.0.0" if major else f"0.{minor + 1}.0"
    if Impact.ADDITION in impacts:
        return f"{major}.{minor + 1}.0"
    if files_changed or not match:
        return f"{major}.{minor}.{patch + 1}"
    return version


def changelog_entry(version: str, changes: list[ApiChange], reason: str) -> str:
    """One release's section of ``CHANGELOG.md``: breaking changes first."""
    lines = [f"## {version}", "", reason, ""]
    for impact, title in ((Impact.BREAKING, "Breaking"), (Impact.ADDITION, "Added"), (Impact.OTHER, "Other")):
        group = [c for c in changes if c.impact is impact]
        if group:
            lines += [f"### {title}", "", *(c.line() for c in group), ""]
    if not changes:
        lines += ["No change to the public API.", ""]
    return "\n".join(lines)
