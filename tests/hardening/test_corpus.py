"""The corpus of bad inputs through the CLI: one named test per case, plus the snapshot.

Every case must: exit non-zero (1: bad input), print one located message per problem with
what, where and how to fix, show no traceback, leave the workspace (``generated/``
included) byte-identical, open no connection, read nothing outside its workspace and
start no program.  ``corpus`` (conftest.py) runs them all in one audited process.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.hardening.cases import BY_NAME, CASES

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "corpus.txt"
PROBLEM = re.compile(r"^  \S.*: (error|warning) \[([^\]]+)\]: ", re.MULTILINE)


def problems_of(stderr: str) -> list[tuple[str, str]]:
    return PROBLEM.findall(stderr)


@pytest.mark.parametrize("name", [case.name for case in CASES])
def test_corpus_case(corpus: dict[str, Any], name: str) -> None:
    case, result = BY_NAME[name], corpus[name]
    output = result["stdout"] + result["stderr"]
    assert result["exit"] == case.exit_code, output
    assert "Traceback" not in output
    found = problems_of(result["stderr"])
    assert found, f"no located problem printed:\n{output}"
    assert {rule for _, rule in found} == case.rules, output
    assert output.count("fix: ") >= len(found), "every problem says how to fix it"
    assert "left unchanged" in result["stderr"]
    for text in case.mentions:
        assert text in output, f"{text!r} not in:\n{output}"
    assert result["unchanged"], "the workspace (generated/ included) changed"
    assert result["violations"] == [], "a connection, a read outside the workspace, or a started program"


def test_huge_spec_is_refused_before_it_is_read(corpus: dict[str, Any]) -> None:
    assert corpus["huge_spec"]["seconds"] < 2


def test_alias_bomb_and_deep_nesting_stop_early(corpus: dict[str, Any]) -> None:
    # Before the event-stream loader: the bomb ran until killed, 100,000 '[' segfaulted.
    assert corpus["alias_bomb"]["seconds"] < 10
    assert corpus["deep_nesting"]["seconds"] < 2


def test_refs_that_reach_out_are_never_followed(corpus: dict[str, Any]) -> None:
    for name in ("ref_to_url", "ref_outside_repo", "errata_link_outside", "spec_link_outside"):
        assert corpus[name]["violations"] == [], name
        assert "secret outside the repository" not in corpus[name]["stderr"], name


def _normalized(name: str, result: dict[str, Any]) -> str:
    text = f"## {name} (exit {result['exit']})\n{result['stdout']}{result['stderr']}"
    for path, placeholder in ((result["workspace"], "<workspace>"), (result["outside"], "<outside>")):
        text = text.replace(path, placeholder)
    return re.sub(r"\d+\.\d+s\b", "<t>s", text).rstrip() + "\n"


def test_corpus_cli_output_snapshot(corpus: dict[str, Any]) -> None:
    """The CLI output of every case, as committed; `make snapshots` rewrites it after a deliberate change."""
    current = "\n".join(_normalized(case.name, corpus[case.name]) for case in CASES)
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(current, encoding="utf-8")
    expected = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
    assert current == expected, "CLI output changed; if deliberate, run `make snapshots` and review the diff"
