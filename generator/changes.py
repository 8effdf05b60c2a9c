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
text counts as a change.
"""

from __future__ import annotations

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
    """Public members; a name imported from outside the package (``from typing import ClassVar``)
    is the package's API only if the module lists it in ``__all__``."""
    exports = set(obj.exports or ()) if obj.is_module else set()
    root = str(obj.path).split(".")[0]
    return {
        name: member
        for name, member in obj.members.items()
        if not name.startswith("_") and not (_foreign(member, root) and name not in exports)
    }


def _foreign(member: Any, root: str) -> bool:
    return bool(member.is_alias) and str(member.target_path).split(".")[0] != root


def _compare(old: Any, new: Any, changes: list[ApiChange]) -> None:
    old_members, new_members = _public(old), _public(new)
    for name in old_members.keys() - new_members.keys():
        changes.append(ApiChange(old_members[name].path, Impact.BREAKING, f"{_kind(old_members[name])} removed"))
    for name in new_members.keys() - old_members.keys():
        changes.append(ApiChange(new_members[name].path, Impact.ADDITION, f"{_kind(new_members[name])} added"))
    for name in sorted(old_members.keys() & new_members.keys()):
        before, after = old_members[name], new_members[name]
        if _kind(before) != _kind(after):
            changes.append(ApiChange(after.path, Impact.BREAKING, f"was a {_kind(before)}, is a {_kind(after)}"))
        elif before.is_alias:
            if before.target_path != after.target_path:
                changes.append(
                    ApiChange(after.path, Impact.BREAKING, f"now names {after.target_path} (was {before.target_path})")
                )
        elif before.is_function:
            _compare_function(before, after, changes)
        elif before.is_attribute:
            _compare_types(after.path, "type", before.annotation, after.annotation, changes, widening_ok=False)
        elif before.is_class or before.is_module:
            _compare(before, after, changes)


def _kind(obj: Any) -> str:
    if obj.is_alias:
        return "exported name"
    kind = str(obj.kind.value)
    if kind == "attribute" and obj.parent is not None and obj.parent.is_class and _is_enum(obj.parent):
        return "enum member"
    return {"attribute": "field"}.get(kind, kind)


def _is_enum(cls: Any) -> bool:
    return any("Enum" in str(base) for base in cls.bases)


def _compare_function(before: Any, after: Any, changes: list[ApiChange]) -> None:
    old_params = {p.name: p for p in before.parameters}
    new_params = {p.name: p for p in after.parameters}
    for name in old_params.keys() - new_params.keys():
        changes.append(ApiChange(after.path, Impact.BREAKING, f"parameter `{name}` removed"))
    for name in new_params.keys() - old_params.keys():
        required = new_params[name].required
        impact = Impact.BREAKING if required else Impact.ADDITION
        changes.append(
            ApiChange(after.path, impact, f"{'required' if required else 'optional'} parameter `{name}` added")
        )
    for name in sorted(old_params.keys() & new_params.keys()):
        old_p, new_p = old_params[name], new_params[name]
        if old_p.kind != new_p.kind:
            changes.append(ApiChange(after.path, Impact.BREAKING, f"parameter `{name}` is now {new_p.kind.value}"))
        if new_p.required and not old_p.required:
            changes.append(ApiChange(after.path, Impact.BREAKING, f"parameter `{name}` is now required"))
        _compare_types(after.path, f"parameter `{name}`", old_p.annotation, new_p.annotation, changes, widening_ok=True)
    _compare_types(
        after.path, "return type", before.returns, after.returns, changes, widening_ok=False, narrowing_ok=True
    )


def _compare_types(
    path: str,
    what: str,
    before: object,
    after: object,
    changes: list[ApiChange],
    *,
    widening_ok: bool,
    narrowing_ok: bool = False,
) -> None:
    old_text, new_text = str(before or ""), str(after or "")
    if old_text == new_text:
        return
    old_set, new_set = _union(old_text), _union(new_text)
    change = f"{what} `{old_text or '?'}` -> `{new_text or '?'}`"
    if not old_text:  # an annotation where there was none: the declared type, not a new one
        changes.append(ApiChange(path, Impact.OTHER, f"{change} (annotated)"))
        return
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
