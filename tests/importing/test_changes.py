"""Change reports: a package's public API before and after, classified (generator/changes.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.changes import ApiChange, Impact, bump, changelog_entry, compare_packages

BASE = {
    "__init__.py": "from .models.thing import Thing\n\n__all__ = ['Thing']\n",
    "models/__init__.py": "",
    "models/thing.py": (
        "from enum import Enum\n\n\n"
        "class Color(str, Enum):\n    RED = 'RED'\n    BLUE = 'BLUE'\n\n\n"
        "class Thing:\n    id: str\n    note: str | None = None\n    color: Color | None = None\n"
    ),
    "api/__init__.py": "",
    "api/things.py": (
        "from ..models.thing import Thing\n\n\n"
        "def list_things(*, limit: int | None = None, ref_id: str | None = None) -> list[Thing]:\n    return []\n"
    ),
    "_private.py": "def helper() -> None: ...\n",
}


def _package(root: Path, edits: dict[str, tuple[str, str]] | None = None) -> Path:
    for name, base in BASE.items():
        old, new = (edits or {}).get(name, ("", ""))
        text = base.replace(old, new) if old else base
        path = root / "acme_client" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _changes(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> list[ApiChange]:
    return compare_packages(_package(tmp_path / "old"), _package(tmp_path / "new", edits), "acme_client")


def test_no_change_is_no_change(tmp_path: Path) -> None:
    assert _changes(tmp_path, {}) == []


@pytest.mark.parametrize(
    ("edits", "impact", "path", "what"),
    [
        (
            {"models/thing.py": ("    note: str | None = None\n", "")},
            Impact.BREAKING,
            "acme_client.models.thing.Thing.note",
            "field removed",
        ),
        (
            {"api/things.py": ("ref_id: str", "ref_ids: str")},
            Impact.BREAKING,
            "acme_client.api.things.list_things",
            "parameter `ref_id` removed",
        ),
        (
            {"models/thing.py": ("note: str | None", "note: str")},
            Impact.BREAKING,
            "acme_client.models.thing.Thing.note",
            "type `str | None` -> `str` (narrowed)",
        ),
        (
            {"api/things.py": ("limit: int | None", "limit: int")},
            Impact.BREAKING,
            "acme_client.api.things.list_things",
            "parameter `limit` `int | None` -> `int` (narrowed)",
        ),
        (
            {"api/things.py": ("*, limit", "*, order: str | None = None, limit")},
            Impact.ADDITION,
            "acme_client.api.things.list_things",
            "optional parameter `order` added",
        ),
        (
            {"api/things.py": ("*, limit", "*, order: str, limit")},
            Impact.BREAKING,
            "acme_client.api.things.list_things",
            "required parameter `order` added",
        ),
        (
            {"models/thing.py": ("    BLUE = 'BLUE'\n", "    BLUE = 'BLUE'\n    GREEN = 'GREEN'\n")},
            Impact.ADDITION,
            "acme_client.models.thing.Color.GREEN",
            "enum member added",
        ),
        (
            {"models/thing.py": ("    BLUE = 'BLUE'\n", "")},
            Impact.BREAKING,
            "acme_client.models.thing.Color.BLUE",
            "enum member removed",
        ),
        (
            {"__init__.py": ("from .models.thing import Thing\n", "")},
            Impact.BREAKING,
            "acme_client.Thing",
            "exported name removed",
        ),
        (
            {"api/things.py": ("-> list[Thing]", "-> list[Thing] | None")},
            Impact.BREAKING,
            "acme_client.api.things.list_things",
            "return type `list[Thing]` -> `list[Thing] | None` (widened)",
        ),
    ],
)
def test_each_kind_of_change_is_classified(
    tmp_path: Path, edits: dict[str, tuple[str, str]], impact: Impact, path: str, what: str
) -> None:
    changes = _changes(tmp_path, edits)
    assert ApiChange(path, impact, what) in changes, changes
    # The strongest impact decides the bump: a rename is a removal (breaking) plus an addition.
    strongest = Impact.BREAKING if any(c.impact is Impact.BREAKING for c in changes) else Impact.ADDITION
    assert strongest is impact


def test_private_modules_are_not_api(tmp_path: Path) -> None:
    assert _changes(tmp_path, {"_private.py": ("def helper", "def other")}) == []


@pytest.mark.parametrize(
    ("version", "impacts", "files_changed", "expected"),
    [
        ("1.4.2", {Impact.BREAKING, Impact.ADDITION}, True, "2.0.0"),
        ("1.4.2", {Impact.ADDITION}, True, "1.5.0"),
        ("1.4.2", set(), True, "1.4.3"),
        ("1.4.2", set(), False, "1.4.2"),
        ("0.3.1", {Impact.BREAKING}, True, "0.4.0"),
        ("v3.0", set(), False, "3.0.1"),
        ("v3.0", {Impact.ADDITION}, True, "3.1.0"),
        ("latest", set(), False, "0.1.1"),
    ],
)
def test_version_bump_follows_semver(version: str, impacts: set[Impact], files_changed: bool, expected: str) -> None:
    changes = [ApiChange(f"p.{i.value}", i, "x") for i in impacts]
    assert bump(version, changes, files_changed) == expected


def test_changelog_lists_breaking_first(tmp_path: Path) -> None:
    added = {
        "models/thing.py": (
            "    note: str | None = None\n",
            "    note: str | None = None\n    size: int | None = None\n",
        )
    }
    changes = [*_changes(tmp_path, added), ApiChange("acme_client.x", Impact.BREAKING, "field removed")]
    entry = changelog_entry("2.0.0", sorted(changes), "Regenerated from specs/acme.yaml.")
    assert entry.index("### Breaking") < entry.index("### Added")
    assert "- `acme_client.models.thing.Thing.size`: field added" in entry


def test_annotating_an_unannotated_field_is_not_an_api_change(tmp_path: Path) -> None:
    """``model_config = ConfigDict(...)`` -> ``model_config: ClassVar[ConfigDict] = ...`` (issue 15): a patch."""
    old = ("class Thing:\n", "class Thing:\n    limit = 3\n")
    new = ("class Thing:\n", "class Thing:\n    limit: int = 3\n")
    changes = compare_packages(
        _package(tmp_path / "old", {"models/thing.py": old}),
        _package(tmp_path / "new", {"models/thing.py": new}),
        "acme_client",
    )
    assert changes == [ApiChange("acme_client.models.thing.Thing.limit", Impact.OTHER, "type `?` -> `int` (annotated)")]
    assert bump("1.4.2", changes, files_changed=True) == "1.4.3"


def test_a_name_imported_from_elsewhere_is_api_only_when_exported(tmp_path: Path) -> None:
    imports = ("from enum import Enum\n", "from enum import Enum\nfrom typing import ClassVar\n")
    assert _changes(tmp_path / "plain", {"models/thing.py": imports}) == []
    exported = ("__all__ = ['Thing']\n", "from typing import ClassVar\n\n__all__ = ['ClassVar', 'Thing']\n")
    assert _changes(tmp_path / "all", {"__init__.py": exported}) == [
        ApiChange("acme_client.ClassVar", Impact.ADDITION, "exported name added")
    ]
