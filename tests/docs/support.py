"""A copy of the repository's specs and captures in a temporary directory, to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.docs import check_docs
from generator.docs.capture import parse_capture, render_capture
from generator.problems import Problem
from generator.spec.load import LoadedSpec, load_spec

REPO_ROOT = Path(__file__).resolve().parents[2]
SLUGS = ("paxos", "otim", "formance", "b3os", "brainbase")
CAPTURES = {
    "paxos": "docs/paxos/list-orchestrations.txt",
    "otim": "docs/otim/get-orchestrations.txt",
    "formance": "docs/formance/get-a-workflow-instance-stage-history.txt",
    "b3os": "docs/b3os/list-executions.txt",
    "brainbase": "docs/brainbase/list-orchestrations.txt",
}


def copy_repo(into: Path) -> Path:
    shutil.copytree(REPO_ROOT / "specs", into / "specs")
    shutil.copytree(REPO_ROOT / "docs", into / "docs")
    return into


def load(root: Path, slug: str) -> LoadedSpec:
    spec, problems = load_spec(root / "specs" / f"{slug}.yaml", root)
    assert spec is not None, problems
    return spec


def check(root: Path, slug: str) -> list[Problem]:
    return check_docs(load(root, slug), root)


def recapture(root: Path, slug: str, old: str, new: str) -> None:
    """A new capture of the page in which ``old`` reads ``new`` (header and digest rewritten)."""
    path = root / CAPTURES[slug]
    capture, problems = parse_capture(path.read_text(encoding="utf-8"), CAPTURES[slug])
    assert capture is not None, problems
    assert capture.text.count(old) == 1, f"{old!r} must occur once in {path}"
    text = capture.text.replace(old, new)
    path.write_text(render_capture(capture.url, "test", capture.layout, capture.source, text), encoding="utf-8")


def edit_spec(root: Path, slug: str, old: str, new: str) -> None:
    path = root / "specs" / f"{slug}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(root: Path, relative: str, needle: str) -> int:
    """1-based line of the only line of ``relative`` that contains ``needle``."""
    lines = (root / relative).read_text(encoding="utf-8").split("\n")
    found = [i + 1 for i, line in enumerate(lines) if needle in line]
    assert len(found) == 1, (needle, found)
    return found[0]
