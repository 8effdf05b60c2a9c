"""``python -m bench.gen_runner ARGS``: the generator CLI with validation replaced by a no-op.

Only used when ``python -m generator`` itself cannot run the real validation (the module
is missing or broken while someone rewrites it): the bench then still measures the rest
of the pipeline, and says loudly in its output that validation was stubbed.
"""

from __future__ import annotations

import sys
import types
from typing import Any


def _no_problems(*_args: Any, **_kwargs: Any) -> list[Any]:
    return []


def main(argv: list[str]) -> int:
    stub = types.ModuleType("generator.validate.rules")
    stub.validate_spec = _no_problems  # type: ignore[attr-defined]
    sys.modules["generator.validate.rules"] = stub
    from generator.cli import main as generator_main  # after the stub is in place

    return generator_main(argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
