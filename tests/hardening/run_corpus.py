"""Run every corpus case through the CLI in one audited process; write the results as JSON.

``python tests/hardening/run_corpus.py BASE RESULTS`` builds each case's workspace under
BASE, installs the audit hook, then for each case changes into its workspace and calls
``generator.cli.main`` (what ``python -m generator`` runs) with the case's arguments,
capturing exit code, stdout and stderr, and the workspace tree before and after.  One
process instead of one per case: the CLI's imports are paid once, so thirty-odd cases
cost a few seconds.  A crash of the process itself (what a segfaulting parser would do)
fails every corpus test, with this process's stderr in the message.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1])]  # the repository: generator/ and tests/

from tests.hardening import audit, cases  # noqa: E402 - after the path is set


def main(base: Path, results_path: Path, names: list[str]) -> None:
    chosen = [cases.BY_NAME[n] for n in names] if names else list(cases.CASES)
    workspaces = {case.name: cases.make_workspace(base, case)[0] for case in chosen}
    context = {"case": ""}
    log = base / "audit.log"
    # The toolkit reads its own package and templates (generator.api.TEMPLATES), wherever it runs.
    toolkit = [str(HERE.parents[1] / "generator"), str(HERE.parents[1] / "templates")]
    audit.install(str(log), [str(base / "work"), *toolkit, str(HERE)], context)

    from generator.cli import main as cli_main  # imported under the hook: its imports are audited too

    results = {}
    for case in chosen:
        work = workspaces[case.name]
        before = cases.tree(work)
        context["case"] = case.name
        os.chdir(work)
        out, err = io.StringIO(), io.StringIO()
        started = time.perf_counter()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code: object = cli_main(list(case.args))
        except SystemExit as exc:
            code = exc.code
        except BaseException:  # an escaped exception is what the test reports
            code = "uncaught"
            err.write(traceback.format_exc())
        seconds = time.perf_counter() - started
        context["case"] = ""
        os.chdir(base)
        results[case.name] = {
            "exit": code,
            "stdout": out.getvalue(),
            "stderr": err.getvalue(),
            "seconds": seconds,
            "unchanged": cases.tree(work) == before,
            "workspace": str(work),
            "outside": str(base / "outside" / case.name),
        }
    violations = audit.read_log(str(log))
    for name, result in results.items():
        result["violations"] = [v for v in violations if v["case"] == name]
    results_path.write_text(json.dumps(results, indent=1, sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:])
