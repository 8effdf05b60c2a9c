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
    assert changes == []  # no declared type to narrow or widen: the changed file makes it a patch
    assert bump("1.4.2", changes, files_changed=True) == "1.4.3"


def test_a_name_imported_from_elsewhere_is_api_only_when_exported(tmp_path: Path) -> None:
    imports = ("from enum import Enum\n", "from enum import Enum\nfrom typing import ClassVar\n")
    assert _changes(tmp_path / "plain", {"models/thing.py": imports}) == []
    exported = ("__all__ = ['Thing']\n", "from typing import ClassVar\n\n__all__ = ['ClassVar', 'Thing']\n")
    assert _changes(tmp_path / "all", {"__init__.py": exported}) == [
        ApiChange("acme_client.ClassVar", Impact.ADDITION, "exported name added")
    ]


# --- the model rewrite (attrs classes -> views with descriptors): what is and is not a change ---

RUNTIME = (
    "from typing import Any, Generic, Self, TypeVar, overload\n\n"
    "G = TypeVar('G')\nS = TypeVar('S')\nM = TypeVar('M', bound='Model')\n\n\n"
    "class Field(Generic[G, S]):\n"
    "    @overload\n    def __get__(self, obj: None, owner: Any = None) -> 'Field[G, S]': ...\n"
    "    @overload\n    def __get__(self, obj: object, owner: Any = None) -> G: ...\n"
    "    def __get__(self, obj: object, owner: Any = None) -> Any: ...\n"
    "    def __set__(self, obj: object, value: S) -> None: ...\n\n\n"
    "class Model:\n"
    "    @classmethod\n    def from_dict(cls: type[M], src_dict: dict[str, Any]) -> M: ...\n"
    "    def to_dict(self) -> dict[str, Any]: ...\n"
    "    @property\n    def additional_properties(self) -> dict[str, Any]: ...\n"
)
ATTRS_MODEL = (
    "from typing import Any as _Any, TypeVar as _TypeVar\n\nimport attrs\nfrom attrs import define as _define\n\n"
    "_T = _TypeVar('_T', bound='Thing')\n\n\n"
    "@_define\nclass Thing:\n"
    "    id: str | None = None\n    tags: list[str] | None = None\n"
    "    additional_properties: dict[str, _Any] = attrs.field(factory=dict)\n\n"
    "    @classmethod\n    def from_dict(_cls: type[_T], _src_dict: dict[str, _Any]) -> _T: ...\n"
    "    def to_dict(self) -> dict[str, _Any]: ...\n"
)
VIEW_MODEL = (
    "import sys\n\nfrom .._runtime import Field as _Field, Model as _Model\n\n\n"
    "class Thing(_Model):\n"
    "    id: _Field[str | None, str | None] = _Field()\n"
    "    tags: _Field[list[str], list[str] | None] = _Field()\n"
)


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "acme_client" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _rewrite(tmp_path: Path, old: dict[str, str], new: dict[str, str]) -> list[ApiChange]:
    common = {"__init__.py": "", "models/__init__.py": "", "_runtime/__init__.py": RUNTIME}
    return compare_packages(
        _tree(tmp_path / "old", {**common, **old}), _tree(tmp_path / "new", {**common, **new}), "acme_client"
    )


def test_the_model_rewrite_reports_only_what_users_lose(tmp_path: Path) -> None:
    """Inherited ``from_dict``/``to_dict``/``additional_properties`` are still there; a
    ``Field[R, S]`` descriptor is its read and set types, not a type ``Field[...]``; ``import
    sys`` is not an exported name; the lost ``@attrs.define`` and the read-only
    ``additional_properties`` are the breaking changes."""
    changes = _rewrite(tmp_path, {"models/thing.py": ATTRS_MODEL}, {"models/thing.py": VIEW_MODEL})
    thing = "acme_client.models.thing.Thing"
    assert changes == [
        ApiChange(thing, Impact.BREAKING, "decorator `@attrs.define` removed"),
        ApiChange(f"{thing}.additional_properties", Impact.BREAKING, "now read-only"),
        ApiChange(f"{thing}.tags", Impact.ADDITION, "read type `list[str] | None` -> `list[str]` (narrowed)"),
    ]


@pytest.mark.parametrize(
    ("before", "after", "impact", "what"),
    [
        ("str | None", "str", Impact.BREAKING, "set type `str | None` -> `str` (narrowed)"),
        ("str | None", "str | int | None", Impact.BREAKING, "read type `str | None` -> `str | int | None` (widened)"),
    ],
)
def test_a_descriptor_field_is_compared_by_read_and_set_types(
    tmp_path: Path, before: str, after: str, impact: Impact, what: str
) -> None:
    model = "from .._runtime import Field as _Field, Model as _Model\n\n\nclass Thing(_Model):\n    id: _Field[{}] = _Field()\n"
    read, write = ("str | None", after) if "set" in what else (after, "str | None")
    changes = _rewrite(
        tmp_path,
        {"models/thing.py": model.format(f"{before}, {before}")},
        {"models/thing.py": model.format(f"{read}, {write}")},
    )
    assert changes == [ApiChange("acme_client.models.thing.Thing.id", impact, what)]


def test_a_method_moved_to_a_base_keeps_its_api_and_an_override_is_not_new(tmp_path: Path) -> None:
    imports = (
        "from pydantic import BaseModel\nfrom typing_extensions import override\n\nfrom .._runtime import Model\n\n\n"
    )
    own = imports + "class Thing(BaseModel):\n    def to_dict(self) -> dict[str, int]: ...\n"
    moved = imports + (
        "class Thing(Model, BaseModel):\n"
        "    @classmethod\n    @override\n    def model_validate(cls, obj: object) -> 'Thing': ...\n"
    )
    base = RUNTIME.replace("dict[str, Any]: ...\n    @property", "dict[str, int]: ...\n    @property")
    old = {"models/thing.py": own, "_runtime/__init__.py": base}
    changes = _rewrite(tmp_path, old, {"models/thing.py": moved, "_runtime/__init__.py": base})
    thing = "acme_client.models.thing.Thing"
    # Everything else Model has is new on Thing, to_dict is not; pydantic's model_validate is not new either.
    assert {c.path for c in changes} == {f"{thing}.additional_properties", f"{thing}.from_dict"}, changes


def test_an_imported_module_is_not_an_exported_name(tmp_path: Path) -> None:
    client = "import httpx\nimport urllib.parse as parse\nfrom . import models\nfrom .models import thing as things\n"
    thing = {"models/thing.py": "class Thing: ...\n"}
    changes = _rewrite(tmp_path, {**thing, "client.py": "X = 1\n"}, {**thing, "client.py": client + "X = 1\n"})
    assert changes == []
    named = _rewrite(tmp_path / "b", {"client.py": "X = 1\n"}, {"client.py": "from os.path import join\nX = 1\n"})
    assert named == []  # a name from outside the package is API only in __all__ (test above)


def test_an_annotation_added_where_there_was_none_is_no_type_change(tmp_path: Path) -> None:
    """An attribute the old package left unannotated had no declared type to narrow or widen."""
    old = {"client.py": "URL = 'https://x'\n\n\nclass Client:\n    default_url = URL\n"}
    new = {"client.py": "URL = 'https://x'\n\n\nclass Client:\n    default_url: str | None = URL\n"}
    assert _rewrite(tmp_path, old, new) == []
