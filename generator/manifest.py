"""The record of what produced ``generated/``: input hashes and output hashes per vendor.

``generated/MANIFEST`` is itself generated and committed, so a fresh clone knows that its
packages are current and a ``make generate`` with nothing changed does nothing.  A vendor
is reused only when its inputs hash the same *and* its files on disk still hash to what
was written (a hand edit under generated/ is therefore undone, not kept).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

MANIFEST_NAME = "MANIFEST"
TOOLS = ("openapi-python-client", "datamodel-code-generator", "ruff", "jinja2", "pyyaml")


@dataclass(frozen=True)
class VendorRecord:
    inputs: str
    files: dict[str, str]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def toolchain_digest(package: Path, templates: Path) -> str:
    """Hash of everything shared by all vendors: generator code, templates, tool versions.
    ``package`` and ``templates`` are where the toolkit really is (a checkout or an installed
    wheel), never the working directory."""
    digest = hashlib.sha256()
    for tool in TOOLS:
        digest.update(f"{tool}=={version(tool)}\n".encode())
    for name, folder in (("generator", package), ("templates", templates)):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                relative = path.relative_to(folder).as_posix()
                digest.update(f"{name}/{relative}".encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def vendor_inputs_digest(toolchain: str, spec_path: Path) -> str:
    return sha256(toolchain.encode() + b"\0" + spec_path.read_bytes())


def hash_tree(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): sha256(path.read_bytes())
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def render(header: str, records: dict[str, VendorRecord]) -> str:
    body = {slug: {"inputs": r.inputs, "files": r.files} for slug, r in sorted(records.items())}
    return f"# {header}\n" + json.dumps(body, indent=1, sort_keys=True) + "\n"


def read(generated: Path) -> dict[str, VendorRecord]:
    path = generated / MANIFEST_NAME
    try:
        text = path.read_text(encoding="utf-8")
        body = json.loads(text.split("\n", 1)[1])
        return {slug: VendorRecord(inputs=v["inputs"], files=dict(v["files"])) for slug, v in body.items()}
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError):
        return {}


def is_current(generated: Path, slug: str, record: VendorRecord | None, inputs: str) -> bool:
    if record is None or record.inputs != inputs:
        return False
    return hash_tree(generated / slug) == record.files
