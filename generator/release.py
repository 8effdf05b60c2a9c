"""What a regeneration changed in one vendor's package, and the version and changelog entry
that follow; the pipeline (``pipeline.py``) calls it and writes the files.

The baseline is the package committed in ``generated/<slug>/`` before the swap: its
version (``pyproject.toml``), its public API (``changes.compare_packages``, griffe) and the
copy of the spec it was generated from (``openapi.yaml``, read by ``spec/diff.py``).  The
new package is first emitted with the committed version; when any of its files differs,
``judge`` classifies the changes, ``changes.bump`` gives the next version, and the pipeline
emits the package again with it and puts the entry at the top of ``CHANGELOG.md``.  A
package whose files are all unchanged keeps its version and changelog, so regenerating
unchanged specs changes nothing.  Everything is sorted and dated by nothing: same inputs,
same bytes.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator import names
from generator.changes import ApiChange, Impact, bump, changelog_entry, compare_packages
from generator.manifest import hash_tree
from generator.model.vendor import FIRST_PACKAGE_VERSION
from generator.spec.diff import diff_specs

CHANGELOG = "CHANGELOG.md"
SPEC_COPY = "openapi.yaml"
_PREAMBLE = (
    "Newest first. `make generate` writes an entry whenever a regeneration changes the package:\n"
    "its public API compared with the previous package's (breaking changes bump the major\n"
    "version, additions the minor, anything else the patch) and what changed in the spec.\n"
)


@dataclass(frozen=True)
class Release:
    slug: str
    previous: str | None
    """The committed package's version; None for a new package."""
    version: str
    changes: tuple[ApiChange, ...] = ()
    spec_lines: tuple[str, ...] = ()

    @property
    def level(self) -> str:
        if self.previous is None:
            return "new package"
        impacts = {c.impact for c in self.changes}
        if Impact.BREAKING in impacts:
            return "breaking"
        return "additions" if Impact.ADDITION in impacts else "patch"

    def summary(self) -> str:
        """One line: ``paxos-client 1.0.0 -> 2.0.0 (breaking: 2 breaking, 1 added, 3 other)``."""
        name = names.distribution_name(self.slug)
        if self.previous is None:
            return f"{name} {self.version} (new package)"
        counts = ", ".join(
            f"{sum(c.impact is impact for c in self.changes)} {label}"
            for impact, label in ((Impact.BREAKING, "breaking"), (Impact.ADDITION, "added"), (Impact.OTHER, "other"))
        )
        return f"{name} {self.previous} -> {self.version} ({self.level}: {counts})"

    def entry(self, spec_display: str) -> str:
        """The changelog section of this release (``## <version>``)."""
        if self.previous is None:
            return f"## {self.version}\n\nFirst generated from `{spec_display}`.\n"
        reason = f"Regenerated from `{spec_display}` (previous version {self.previous})."
        text = changelog_entry(self.version, list(self.changes), reason).rstrip("\n") + "\n"
        if self.spec_lines:
            text += "\n### Spec changes\n\n" + "".join(f"- {line}\n" for line in self.spec_lines)
        return text


def committed_version(package_dir: Path) -> str | None:
    """The version in ``<package_dir>/pyproject.toml``; None when there is no readable one."""
    try:
        data = tomllib.loads((package_dir / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = data.get("project", {}).get("version")
    return version if isinstance(version, str) else None


def spec_copy(header: str, spec: bytes) -> bytes:
    """The copy of the spec kept in the package: the baseline of the next spec diff."""
    return (
        f"# {header}\n# The spec this package was generated from, for the next regeneration's change report.\n".encode()
        + spec
    )


def judge(slug: str, spec: Any, old_dir: Path, new_dir: Path, recorded: dict[str, str] | None) -> Release | None:
    """How the package in ``new_dir`` (emitted with the committed version) differs from the
    committed one in ``old_dir``; None when every file is the same.  ``recorded``: the file
    hashes ``MANIFEST`` says the last generation wrote; when given, they are what "the same"
    means, so that undoing a hand edit under ``generated/`` is not a release."""
    previous = committed_version(old_dir)
    if previous is None:
        return Release(slug, None, FIRST_PACKAGE_VERSION)
    old_files = {k: v for k, v in (recorded or hash_tree(old_dir)).items() if k != CHANGELOG}
    new_files = {k: v for k, v in hash_tree(new_dir).items() if k != CHANGELOG}
    if old_files == new_files:
        return None
    changes = _grouped(compare_packages(old_dir, new_dir, names.package_name(slug)))
    for name in sorted(old_files.keys() | new_files.keys()):
        if old_files.get(name) != new_files.get(name):
            what = "added" if name not in old_files else "removed" if name not in new_files else "changed"
            changes.append(ApiChange(name, Impact.OTHER, f"file {what}"))
    return Release(slug, previous, bump(previous, changes, True), tuple(changes), tuple(_spec_lines(old_dir, spec)))


def _grouped(changes: list[ApiChange]) -> list[ApiChange]:
    """One line for the same change to several members of one module or class: a parameter
    removed from ``sync``, ``asyncio``, ``sync_detailed``... of one operation is one change."""
    groups: dict[tuple[str, Impact, str], list[str]] = {}
    for change in changes:
        parent, _, name = change.path.rpartition(".")
        groups.setdefault((parent, change.impact, change.what), []).append(name)
    merged = [
        ApiChange(f"{parent}.{members[0]}" if len(members) == 1 else f"{parent}.{{{', '.join(members)}}}", impact, what)
        for (parent, impact, what), members in groups.items()
    ]
    return sorted(merged, key=lambda c: (c.path, c.what))


def _spec_lines(old_dir: Path, spec: Any) -> list[str]:
    try:
        before = yaml.safe_load((old_dir / SPEC_COPY).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return [f"(no `{SPEC_COPY}` in the previous package: no spec diff)"]
    return diff_specs(before, spec)


def changelog(header: str, slug: str, entry: str, previous_text: str | None) -> str:
    """``CHANGELOG.md`` with ``entry`` on top of the entries of ``previous_text``."""
    older = ""
    if previous_text and "\n## " in previous_text:
        older = "\n" + previous_text[previous_text.index("\n## ") + 1 :]
    title = f"# Changelog: {names.distribution_name(slug)}\n\n"
    return f"<!-- {header} -->\n{title}{_PREAMBLE}\n{entry}{older}"
