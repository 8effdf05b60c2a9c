"""Change reports through the real pipeline: a spec edit regenerates the package, the report
classifies its API changes, the version follows semver, the changelog and the spec diff say so,
``check`` reports the same before anything is written, and a second run changes nothing."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.changes import ApiChange, Impact
from generator.pipeline import Outcome, Paths, run
from generator.release import CHANGELOG, SPEC_COPY, committed_version
from tests.pipeline.helpers import snapshot_tree

MINIMAL = Path(__file__).resolve().parents[1] / "validation" / "good" / "minimal.yaml"
Spec = dict[str, Any]


def base_spec() -> Spec:
    """The validation suite's minimal vendor spec, with a query parameter, a nullable field and
    an enum field to change."""
    spec: Spec = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    get = spec["paths"]["/things"]["get"]
    get["parameters"].append(
        {"name": "color", "in": "query", "description": "Only things of this color.", "schema": {"type": "string"}}
    )
    thing = spec["components"]["schemas"]["Thing"]["properties"]
    thing["note"] = {"type": ["string", "null"], "description": "A free note."}
    thing["status"] = {"type": "string", "enum": ["active", "archived"]}
    return spec


def _write(specs: Path, spec: Spec) -> None:
    specs.mkdir(parents=True, exist_ok=True)
    (specs / "acme.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")


def _run(root: Path, *, out: Path | None = None, check: bool = False) -> Outcome:
    """The pipeline on ``root/specs`` (shown as ``specs/acme.yaml`` in every file header)."""
    return run(Paths(root=root, specs=root / "specs", out=out or root / "generated"), check=check, jobs=1)


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace whose committed package ``acme-client`` is at 1.0.0."""
    root = tmp_path_factory.mktemp("released")
    _write(root / "specs", base_spec())
    first = _run(root)
    assert [r.summary() for r in first.releases] == ["acme-client 0.1.0 (new package)"]
    pyproject = root / "generated" / "acme" / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('version = "0.1.0"', 'version = "1.0.0"'))
    assert committed_version(root / "generated" / "acme") == "1.0.0"
    return root


def _thing(spec: Spec) -> dict[str, Any]:
    properties: dict[str, Any] = spec["components"]["schemas"]["Thing"]["properties"]
    return properties


def _params(spec: Spec) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = spec["paths"]["/things"]["get"]["parameters"]
    return params


def remove_field(spec: Spec) -> None:
    del _thing(spec)["note"]


def rename_parameter(spec: Spec) -> None:
    next(p for p in _params(spec) if p["name"] == "color")["name"] = "colour"


def narrow_type(spec: Spec) -> None:
    _thing(spec)["note"]["type"] = "string"


def add_optional_parameter(spec: Spec) -> None:
    _params(spec).append({"name": "order", "in": "query", "description": "Sort order.", "schema": {"type": "string"}})


def add_enum_value(spec: Spec) -> None:
    _thing(spec)["status"]["enum"].append("deleted")


def reword_description(spec: Spec) -> None:
    _thing(spec)["note"]["description"] = "A free note, shown as written."


Case = tuple[Callable[[Spec], None], str, ApiChange, str]
FUNCTIONS = "{aiter_items, aiter_pages, asyncio, asyncio_detailed, iter_items, iter_pages, sync, sync_detailed}"
"""Every function of a paginated operation's module takes its query parameters."""

CASES: list[Case] = [
    (
        remove_field,
        "2.0.0",
        ApiChange("acme_client.models.thing.Thing.note", Impact.BREAKING, "field removed"),
        "schema `Thing`: property `note` removed",
    ),
    (
        rename_parameter,
        "2.0.0",
        ApiChange(f"acme_client.api.things.list_things.{FUNCTIONS}", Impact.BREAKING, "parameter `color` removed"),
        "`GET /things`: query parameter `colour` added (optional, string)",
    ),
    (
        narrow_type,
        "2.0.0",
        ApiChange(
            "acme_client.models.thing.Thing.note",
            Impact.BREAKING,
            "type `str | None | _Unset` -> `str | _Unset` (narrowed)",
        ),
        "schema `Thing`: property `note`: string | null -> string",
    ),
    (
        add_optional_parameter,
        "1.1.0",
        ApiChange(
            f"acme_client.api.things.list_things.{FUNCTIONS}", Impact.ADDITION, "optional parameter `order` added"
        ),
        "`GET /things`: query parameter `order` added (optional, string)",
    ),
    (
        add_enum_value,
        "1.1.0",
        ApiChange("acme_client.models.thing_status.ThingStatus.DELETED", Impact.ADDITION, "enum member added"),
        "schema `Thing`: property `status`: enum value 'deleted' added",
    ),
    (reword_description, "1.0.1", ApiChange("acme_client/models/thing.py", Impact.OTHER, "file changed"), ""),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0].__name__ for c in CASES])
def test_check_reports_the_change_and_the_bump(released: Path, tmp_path: Path, case: Case) -> None:
    edit, version, change, spec_line = case
    spec = copy.deepcopy(base_spec())
    edit(spec)
    _write(tmp_path / "specs", spec)
    before = snapshot_tree(released / "generated")
    outcome = _run(tmp_path, out=released / "generated", check=True)
    assert snapshot_tree(released / "generated") == before, "check writes nothing"
    [release] = outcome.releases
    assert change in release.changes, release.changes
    assert release.version == version
    assert (spec_line in release.spec_lines) if spec_line else not release.spec_lines, release.spec_lines
    assert "differs: generated/acme/pyproject.toml" in outcome.differences


def test_generate_writes_changelog_version_and_is_then_a_no_op(released: Path, tmp_path: Path) -> None:
    root = tmp_path / "work"
    shutil.copytree(released, root)
    spec = base_spec()
    remove_field(spec)
    add_optional_parameter(spec)
    _write(root / "specs", spec)
    checked = _run(root, check=True)
    generated = _run(root)
    assert [r.summary() for r in generated.releases] == [r.summary() for r in checked.releases]
    assert generated.entries == checked.entries, "check reports what generate writes"
    package = root / "generated" / "acme"
    assert committed_version(package) == "2.0.0"
    log = (package / CHANGELOG).read_text(encoding="utf-8")
    assert log.index("## 2.0.0") < log.index("## 0.1.0"), "newest entry first, earlier ones kept"
    entry = log[log.index("## 2.0.0") : log.index("## 0.1.0")]
    assert entry.index("### Breaking") < entry.index("### Added") < entry.index("### Spec changes")
    assert "- `acme_client.models.thing.Thing.note`: field removed" in entry
    assert "- `GET /things`: query parameter `order` added (optional, string)" in entry
    assert (package / SPEC_COPY).read_bytes().endswith((root / "specs" / "acme.yaml").read_bytes())

    after = snapshot_tree(root / "generated")
    forced = run(Paths(root=root, specs=root / "specs", out=root / "generated"), force=True, jobs=1)
    assert forced.releases == [] and snapshot_tree(root / "generated") == after, "regenerating changes nothing"
    assert _run(root, check=True).differences == []


ATTRS_THING = """# The attrs model the generator wrote before models became views (51bc775).
from __future__ import annotations

import datetime
from collections.abc import Mapping as _Mapping
from typing import Any as _Any
from typing import TypeVar as _TypeVar
from uuid import UUID as _UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET as _UNSET
from ..types import Unset as _Unset

_T = _TypeVar("_T", bound="Thing")


@_attrs_define
class Thing:
    id: _UUID | _Unset = _UNSET
    created_at: datetime.datetime | _Unset = _UNSET
    meta: ThingMeta | _Unset = _UNSET
    note: str | None | _Unset = _UNSET
    status: ThingStatus | _Unset = _UNSET
    additional_properties: dict[str, _Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, _Any]:
        return {}

    @classmethod
    def from_dict(_cls: type[_T], _src_dict: _Mapping[str, _Any]) -> _T:
        return _cls()

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())


from ..models.thing_meta import ThingMeta  # noqa: E402
from ..models.thing_status import ThingStatus  # noqa: E402
"""


def test_models_rewritten_as_views_report_only_what_users_lose(released: Path, tmp_path: Path) -> None:
    """From an attrs model to the view the generator writes now (same spec): the members the
    view inherits from the runtime's ``Model`` (``from_dict``, ``to_dict``, ``additional_keys``)
    are not removed, its ``Field[R, S]`` descriptors are not type changes, and the modules
    ``client.py`` imports (``httpx``, ``sys``) are no exported names.  What is left is true:
    no ``@attrs.define`` (``attrs.evolve`` no longer takes a model), ``additional_properties``
    read-only."""
    root = tmp_path / "work"
    shutil.copytree(released, root)
    package = root / "generated" / "acme" / "acme_client"
    (package / "models" / "thing.py").write_text(ATTRS_THING, encoding="utf-8")
    client = package / "client.py"
    client.write_text(client.read_text().replace("import sys\n", "").replace("import httpx\n", ""), encoding="utf-8")
    [release] = _run(root, check=True).releases
    thing = "acme_client.models.thing.Thing"
    assert [c for c in release.changes if c.impact is not Impact.OTHER] == [
        ApiChange(thing, Impact.BREAKING, "decorator `@attrs.define` removed"),
        ApiChange(f"{thing}.additional_properties", Impact.BREAKING, "now read-only"),
    ]
