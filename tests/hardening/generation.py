"""The generation-level hardening run: hostile strings and awkward names, generated for real.

One workspace holds both specs (``corpus/hostile_strings.yaml`` as ``hostile``,
``corpus/awkward_names.yaml`` as ``awkward``); the CLI generates them in one audited run
(two workers, about 5 s).  The whole folder around the workspace is listed before and
after, so a write anywhere but ``generated/`` shows up.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.hardening import audit
from tests.hardening.cases import CORPUS, REPO_ROOT, tree

HERE = Path(__file__).resolve().parent
SPECS = {"hostile": "hostile_strings", "awkward": "awkward_names"}
SENTINEL = "hardening-pwned"
"""The file every payload in the hostile spec would create (``touch hardening-pwned``)."""


def generate_hostile(folder: Path) -> dict[str, Any]:
    work = folder / "repo"
    for name in ("generator", "templates"):
        shutil.copytree(REPO_ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
    (work / "specs").mkdir()
    for slug, corpus_name in SPECS.items():
        shutil.copyfile(CORPUS / f"{corpus_name}.yaml", work / "specs" / f"{slug}.yaml")
    (folder / "beside.txt").write_text("a file next to the repository\n", encoding="utf-8")
    log = folder / "audit.log"
    before = tree(folder)
    done = subprocess.run(
        [sys.executable, str(HERE / "audited.py"), str(log), str(work), "--", "generate"],
        cwd=work,
        env={**os.environ, "PYTHONPATH": str(work), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    after = tree(folder)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k) and k != log.name)
    return {
        "exit": done.returncode,
        "stdout": done.stdout,
        "stderr": done.stderr,
        "changed": changed,
        "violations": audit.read_log(str(log)),
        "work": str(work),
        "sentinels": [str(p) for p in folder.rglob(f"*{SENTINEL}*")],
    }
