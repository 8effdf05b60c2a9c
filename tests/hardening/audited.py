"""``python audited.py LOG ROOT -- ARGS...``: ``python -m generator ARGS`` under the audit hook.

Files may be opened below ROOT (the workspace: specs, templates, generator, output) and in
the interpreter's installation; anything else, any connection and any started program is
logged to LOG (see audit.py).  Worker processes are forked and inherit the hook.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[2]))  # for tests.hardening.audit; PYTHONPATH stays first

from tests.hardening import audit  # after the path is set

if __name__ == "__main__":
    log, root, separator, *args = sys.argv[1:]
    assert separator == "--", "usage: audited.py LOG ROOT -- ARGS..."
    audit.install(log, [root])
    sys.argv = ["python -m generator", *args]
    runpy.run_module("generator", run_name="__main__", alter_sys=True)
