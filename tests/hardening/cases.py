"""The corpus: each case is a workspace (a copy of what generation reads) with one bad input,
the CLI arguments to run, and the outcome it must have.

Most inputs are files in ``corpus/`` (their first lines say what is wrong and what to
expect); a few are built here because they are large (20 MB), binary, deep, or links.
Every case runs with ``generated/`` holding an earlier generation, which must come out
byte-identical.  Stdlib only: ``run_corpus.py`` imports it in the audited process.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
REPO_ROOT = HERE.parents[1]
SLUG = "vendor"

Build = Callable[[Path, Path], None]
"""Writes a case's inputs: (workspace root, a folder outside it that holds a canary secret)."""


@dataclass(frozen=True)
class Case:
    name: str
    build: Build
    rules: frozenset[str]
    """Rules of the problems it must report (exactly these)."""
    args: tuple[str, ...] = ("generate",)
    exit_code: int = 1
    mentions: tuple[str, ...] = field(default=())
    """Text the output must contain (a line:column, a pointer, a code point)."""


def corpus_spec(name: str, slug: str = SLUG) -> Build:
    def build(work: Path, _outside: Path) -> None:
        shutil.copyfile(CORPUS / f"{name}.yaml", work / "specs" / f"{slug}.yaml")

    return build


BASE = corpus_spec("base")


def _huge(work: Path, _outside: Path) -> None:
    # 20 MB: the base spec, then one long comment line after another.  Sparse writes would
    # be cheaper, but a real file shows the size check happens before anything is read.
    base = (CORPUS / "base.yaml").read_bytes()
    line = b"# " + b"x" * 1022 + b"\n"
    with (work / "specs" / f"{SLUG}.yaml").open("wb") as out:
        out.write(base)
        for _ in range(20 * 1024):
            out.write(line)


def _deep(work: Path, _outside: Path) -> None:
    # 100,000 levels: enough to overflow the C stack of libyaml's recursive composer.
    (work / "specs" / f"{SLUG}.yaml").write_text("x: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")


def _not_utf8(work: Path, _outside: Path) -> None:
    text = (CORPUS / "base.yaml").read_bytes()
    (work / "specs" / f"{SLUG}.yaml").write_bytes(text.replace(b"Minimal vendor", b"Minimal vendor \xe9t\xe9"))


def _errata_link(work: Path, outside: Path) -> None:
    corpus_spec("base")(work, outside)
    (work / "specs" / "errata").mkdir()
    os.symlink(outside / "secret.yaml", work / "specs" / "errata" / f"{SLUG}.yaml")


def _spec_link(work: Path, outside: Path) -> None:
    os.symlink(outside / "secret.yaml", work / "specs" / f"{SLUG}.yaml")


def _named(file_name: str) -> Build:
    def build(work: Path, _outside: Path) -> None:
        shutil.copyfile(CORPUS / "base.yaml", work / "specs" / file_name)

    return build


def _with_folder(folder: str, content: dict[str, str]) -> Build:
    def build(work: Path, outside: Path) -> None:
        corpus_spec("base")(work, outside)
        for relative, text in content.items():
            target = work / folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")

    return build


def _case(
    name: str, rules: str, *mentions: str, args: tuple[str, ...] = ("generate",), build: Build | None = None
) -> Case:
    return Case(name, build or corpus_spec(name), frozenset(rules.split()), args, 1, mentions)


CASES: tuple[Case, ...] = (
    # --- broken input ----------------------------------------------------------------------
    _case("malformed_yaml", "yaml-syntax", "specs/vendor.yaml:21:14"),
    _case("not_openapi", "openapi-spec", "at /openapi"),
    _case("schema_violation", "openapi-spec", "at /paths/~1things/get/parameters/2/in"),
    _case("unresolved_ref", "lint/local-refs", "#/components/schemas/Missing"),
    _case("circular_ref", "lint/ref-cycle", "specs/vendor.yaml:94:13", "at /components/schemas/Loop/$ref"),
    _case(
        "allof_cycle",
        "lint/schema-cycle",
        "/components/schemas/Thing allOf/0 -> /components/schemas/Named allOf/0 -> /components/schemas/Thing",
        "at /components/schemas/Named/allOf/0/$ref",
    ),
    _case("not_cycle", "lint/schema-cycle", "/components/schemas/Thing not -> /components/schemas/Thing"),
    _case("duplicate_operation_ids", "openapi-spec", "list_things"),
    _case(
        "operation_id_not_snake_case",
        "lint/operation-id",
        "'listThings' is not snake_case",
        "rename it to `list_things`",
    ),
    _case("schema_name_collision", "names/collision", "at /components/schemas/Thing"),
    _case("parameter_name_collision", "names/collision", "'a_b'"),
    _case("property_name_collision", "names/collision", "'created_at_gte'"),
    _case("reserved_argument_names", "names/reserved-argument", "'client'", "'url'", "'page_size'", "'max_items'"),
    _case("confusable_names", "names/unsafe-identifier", "'class' (Unicode NFKC)", "Cyrillic and Latin"),
    _case("empty_spec", "empty-spec"),
    _case("huge_spec", "spec-too-large", "it was not read", build=_huge),
    _case("deep_nesting", "too-deep", "nesting deeper than 200", build=_deep),
    _case("alias_bomb", "spec-too-large", "1,000,000"),
    _case("recursive_alias", "yaml-alias", "*loop"),
    _case("non_json_values", "yaml-value", "binary", ".nan", "4300 digits"),
    _case("control_characters", "text-control", "U+202E (RIGHT-TO-LEFT OVERRIDE)", "U+0000"),
    _case(
        "control_characters_and_lint",
        "text-control lint/operation-summary lint/parameter-description",
        "U+202E (RIGHT-TO-LEFT OVERRIDE)",
        "list_things has no summary",
        "parameter 'cursor': description is empty",
    ),
    _case("duplicate_keys", "duplicate-key", "'summary'"),
    _case("multiple_documents", "yaml-syntax", "more than one YAML document"),
    _case("not_utf8", "encoding", "not UTF-8", build=_not_utf8),
    # --- refs that reach out -------------------------------------------------------------------
    _case("ref_to_url", "lint/local-refs", "https://schemas.example.test", "http://127.0.0.1:9", "file:///etc/passwd"),
    _case("ref_outside_repo", "lint/local-refs", "../../outside/secret.yaml", "/etc/passwd"),
    _case("errata_link_outside", "symlink", "errata file is a link", build=_errata_link),
    _case("spec_link_outside", "symlink", "spec is a link", build=_spec_link),
    # --- paths ------------------------------------------------------------------------------
    _case("slug_dot_dot", "slug", "'..'", build=_named("...yaml")),
    _case("slug_invalid_characters", "slug", "'acme-corp'", build=_named("acme-corp.yaml")),
    _case("slug_not_ascii", "slug", "'ünï'", build=_named("ünï.yaml")),
    _case("slug_keyword", "slug", "Python keyword", build=_named("class.yaml")),
    _case("slug_windows_device", "slug", "reserved device name", build=_named("con.yaml")),
    _case("spec_wrong_extension", "discover", "not picked up", build=_named("vendor.yml")),
    _case("out_replaces_specs", "output", "would replace specs/", args=("generate", "--out", "specs"), build=BASE),
    _case("out_replaces_repository", "output", "would replace", args=("generate", "--out", "."), build=BASE),
    _case(
        "out_not_generated",
        "output",
        "not written by this generator",
        args=("generate", "--out", "mine"),
        build=_with_folder("mine", {"notes.txt": "my own notes\n"}),
    ),
)

BY_NAME = {case.name: case for case in CASES}

SECRET = "openapi: 3.1.0\ninfo: {title: secret outside the repository, version: '1'}\nThingPage: {type: object}\n"


def make_workspace(base: Path, case: Case) -> tuple[Path, Path]:
    """(workspace, outside folder) for ``case``: generator/, templates/, specs/, an earlier generated/."""
    work, outside = base / "work" / case.name, base / "outside" / case.name
    outside.mkdir(parents=True)
    (outside / "secret.yaml").write_text(SECRET, encoding="utf-8")
    work.mkdir(parents=True)
    for folder in ("generator", "templates"):
        shutil.copytree(REPO_ROOT / folder, work / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (work / "specs").mkdir()
    previous = work / "generated" / "old" / "old_client"
    previous.mkdir(parents=True)
    (previous / "__init__.py").write_text('"""An earlier generation."""\n', encoding="utf-8")
    (work / "generated" / "MANIFEST").write_text("# Generated by orchestration-clients from specs/. DO NOT EDIT.\n{}\n")
    case.build(work, outside)
    return work, outside


def tree(root: Path) -> dict[str, str]:
    """Every entry below ``root``: file bytes (as hex of a hash), link targets, folders."""
    found: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            key = str(path.relative_to(root))
            if path.is_symlink():
                found[key] = f"link -> {os.readlink(path)}"
            elif path.is_dir():
                found[key] = "dir"
            else:
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found
