"""How to run our generator in this tree: the real CLI, or (only if that cannot validate) the stub runner.

Decided once per bench run by a probe generation of the real specs, which doubles as
the warm-up of our side (OS file cache).  Nothing caches bytecode between runs: the
Makefile exports PYTHONDONTWRITEBYTECODE and the venv ships no .pyc files, so every
process on both sides compiles its imports, as every `make generate` does today.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.context import Context
from bench.proc import PYTHON, Completed, run


class GeneratorBroken(RuntimeError):
    """Our generator fails on the real specs even with validation stubbed."""


@dataclass(frozen=True)
class Ours:
    prefix: tuple[str, ...]
    stubbed: str | None
    """Why validation is stubbed, or None when the real validation runs."""

    def generate(self, specs: Path, out: Path, *, force: bool = True) -> Completed:
        cmd = [*self.prefix, "generate", "--specs", str(specs), "--out", str(out)]
        return run([*cmd, "--force"] if force else cmd)

    @property
    def label(self) -> str:
        return "validation STUBBED" if self.stubbed else "real validation"


REAL = (PYTHON, "-m", "generator")
STUB = (PYTHON, "-m", "bench.gen_runner")
_chosen: dict[str, Ours] = {}


def resolve(ctx: Context, specs: Path) -> Ours:
    if "ours" in _chosen:
        return _chosen["ours"]
    real = Ours(REAL, None)
    if ctx.quick:  # no probe: a failing run is reported by the section itself
        _chosen["ours"] = real
        return real
    probe = real.generate(specs, ctx.scratch("probe") / "out")
    if probe.ok:
        chosen = real
    else:
        why = probe.tail(2).replace("\n", " | ")
        stub = Ours(STUB, why)
        second = stub.generate(specs, ctx.scratch("probe-stub") / "out")
        if not second.ok:
            raise GeneratorBroken(f"python -m generator fails even with validation stubbed: {second.tail(4)}")
        chosen = stub
    _chosen["ours"] = chosen
    return chosen
