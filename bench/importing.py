"""Section 6: import + generate of a vendor's 3.0 description, against the stock tools (issue 13).

The input is ``bench.vendor30``'s bare description: a synthetic OpenAPI 3.0.3 document built
in code (deterministic, nothing read from elsewhere) of 50, 100, 200 and 400 operations, as
a vendor publishes it (no ``x-`` extensions of ours, camelCase operationIds).  Both sides
start from that one file, each command a fresh process timed end to end (interpreter
start-up, imports, parsing, formatting, writing), alternating which side goes first:

- ours: ``python -m generator import FILE --slug vendor`` (3.0 -> 3.1, ``specs/vendor.yaml``
  and its overlay marked ``x-oc-conventions: imported``), then ``python -m generator generate
  --force`` into a fresh output folder (validation, the attrs client and the pydantic
  models, our templates, one ruff pass, the compile check, the first release's changelog);
- stock: ``openapi-python-client generate`` (its templates, its ruff post hooks) then
  ``datamodel-codegen`` (pydantic v2 models, its default black/isort formatting).

The target (issue 13 item 9) is ours <= 0.5x the stock pair at 200 operations, as a ratio
pair by pair; peak memory is the ``wait4`` max RSS of the largest process of each side;
growth is shown as time per operation at every size and the log-log slope (1.0 = linear).
"""

from __future__ import annotations

import math
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import synth, vendor30
from bench.context import Context, heading
from bench.generation import generate, stock_commands
from bench.proc import PYTHON, Completed, run
from bench.stats import Series, exponent, ratios, table

TARGET = 0.5
HEADLINE = 200
"""The size the target is judged at (issue 13: "a description with about 200 operations")."""
LINEAR_LIMIT = 1.2
SLUG = "vendor"
FULL = [50, 100, HEADLINE, 400]
QUICK = [4, 8]


@dataclass
class Outcome:
    """One side's run: its processes' wall time, CPU time and largest resident set, summed/maxed."""

    seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_rss_mb: float = 0.0
    first_step_seconds: float = 0.0
    """Ours: the import process; stock: openapi-python-client."""
    failure: str | None = None

    def add(self, done: Completed, label: str) -> bool:
        self.seconds += done.seconds
        self.cpu_seconds += done.cpu_seconds
        self.peak_rss_mb = max(self.peak_rss_mb, done.max_rss_mb)
        if not done.ok:
            self.failure = f"{label}: exit {done.returncode}: {done.tail(3)}"
        return done.ok


def ours(source: Path, work: Path) -> Outcome:
    """``python -m generator import``, then ``generate --force`` on the specs folder it wrote."""
    specs, outcome = work / "specs", Outcome()
    command = [PYTHON, "-m", "generator", "import", str(source), "--slug", SLUG, "--specs", str(specs)]
    if outcome.add(run(command, cwd=work), "import"):
        outcome.first_step_seconds = outcome.seconds
        outcome.add(generate(specs, work / "generated"), "generate")
    return outcome


def stock(source: Path, work: Path) -> Outcome:
    """openapi-python-client, then datamodel-codegen, on the vendor's file."""
    outcome = Outcome()
    for tool, cmd in stock_commands(source, work).items():
        if not outcome.add(run(cmd, cwd=work), tool):
            break
        outcome.first_step_seconds = outcome.first_step_seconds or outcome.seconds
    return outcome


def output_size(tree: Path) -> tuple[int, int]:
    """(operation modules, kB of Python) under ``tree``: both sides made every operation, and how much code."""
    modules = sum(1 for p in tree.rglob("api/*/*.py") if p.name != "__init__.py")
    return modules, sum(p.stat().st_size for p in tree.rglob("*.py")) // 1000


@dataclass
class Figures:
    operations: int
    schemas: int
    seconds: dict[str, Series] = field(default_factory=lambda: {"ours": Series(), "stock": Series()})
    cpu: dict[str, Series] = field(default_factory=lambda: {"ours": Series(), "stock": Series()})
    rss: dict[str, Series] = field(default_factory=lambda: {"ours": Series("MB"), "stock": Series("MB")})
    first_step: dict[str, Series] = field(default_factory=lambda: {"ours": Series(), "stock": Series()})
    output: dict[str, tuple[int, int]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def record(self, side: str, outcome: Outcome) -> None:
        self.seconds[side].add(outcome.seconds)
        self.cpu[side].add(outcome.cpu_seconds)
        self.rss[side].add(outcome.peak_rss_mb)
        self.first_step[side].add(outcome.first_step_seconds)

    def ratio(self, of: str = "seconds") -> Series:
        pair = self.seconds if of == "seconds" else self.cpu
        return ratios(pair["ours"], pair["stock"]) if pair["ours"].runs and pair["stock"].runs else Series("x")

    def as_json(self) -> dict[str, Any]:
        return {
            "operations": self.operations,
            "schemas": self.schemas,
            "seconds": {k: v.as_json() for k, v in self.seconds.items()},
            "cpu_seconds": {k: v.as_json() for k, v in self.cpu.items()},
            "peak_rss_mb": {k: v.as_json() for k, v in self.rss.items()},
            "first_step_seconds": {k: v.as_json() for k, v in self.first_step.items()},
            "ratio": self.ratio().as_json(),
            "cpu_ratio": self.ratio("cpu").as_json(),
            "output_modules_kb": self.output,
            "problems": self.problems,
        }


def measure(ctx: Context, index: int, operations: int) -> Figures:
    doc = vendor30.build(operations, bare=True)
    folder = ctx.scratch(f"import-{operations}")
    source = synth.write(doc, folder / f"{SLUG}.yaml")
    figures = Figures(operations, synth.count(doc)[1])
    warmup = ctx.warmup if index == 0 else 0  # tools and caches are warm after the first size
    for run_number in range(warmup + ctx.runs):
        outcomes = {}
        for side in ("ours", "stock") if run_number % 2 == 0 else ("stock", "ours"):
            work = ctx.scratch(f"import-{operations}/{side}-{run_number}")
            outcomes[side] = (ours if side == "ours" else stock)(source, work)
            figures.output[side] = output_size(work)
            shutil.rmtree(work, ignore_errors=True)
        figures.problems += [f"{side}: {o.failure}" for side, o in outcomes.items() if o.failure]
        if figures.problems:
            break
        if run_number >= warmup:
            for side, outcome in outcomes.items():
                figures.record(side, outcome)
    return figures


def import_generate(ctx: Context) -> dict[str, Any]:
    sizes = QUICK if ctx.quick else FULL
    heading(ctx, 6, f"Import + generate of a 3.0 description, {'/'.join(map(str, sizes))} operations")
    measured = [measure(ctx, index, operations) for index, operations in enumerate(sizes)]
    rows = []
    for f in measured:
        ours_s, stock_s = f.seconds["ours"], f.seconds["stock"]
        rows.append(
            [
                f"{f.operations} ops, {f.schemas} schemas",
                ours_s.show(),
                f.first_step["ours"].show(),
                _per_op(ours_s, f.operations),
                stock_s.show(),
                _per_op(stock_s, f.operations),
                f.ratio().show(3),
                f.ratio("cpu").show(3),
                f"{f.rss['ours'].median:.0f} / {f.rss['stock'].median:.0f} MB" if ours_s.runs else "",
                "{} / {}".format(*(f.output.get(side, (0, 0))[0] for side in ("ours", "stock"))),
                "{} / {} kB".format(*(f.output.get(side, (0, 0))[1] for side in ("ours", "stock"))),
            ]
        )
    headers = ["spec", "ours", "  of which import", "ours/op", "stock", "stock/op", "ours/stock", "CPU ours/stock"]
    ctx.say(table([*headers, "peak RSS ours / stock", "operation modules", "Python written"], rows))
    ctx.say(
        "ours: `generator import` + `generate --force` (validation, client + pydantic models, one ruff pass, compile);"
        " stock: openapi-python-client (its ruff hooks) + datamodel-codegen (black/isort); each a fresh process"
    )
    plain = [f for f in measured if f.seconds["ours"].runs]
    ops = [float(f.operations) for f in plain]
    slope = exponent(ops, [f.seconds["ours"].median for f in plain])
    local = exponent(ops[-2:], [f.seconds["ours"].median for f in plain[-2:]]) if len(plain) >= 2 else math.nan
    stock_slope = exponent(ops, [f.seconds["stock"].median for f in plain])
    ctx.say(
        f"growth exponent over operations: ours {slope:.2f} (largest two sizes: {local:.2f}), stock {stock_slope:.2f}"
    )
    headline = next((f for f in measured if f.operations == HEADLINE), measured[-1])
    ratio = headline.ratio()
    met_ratio = bool(ratio.runs) and ratio.median <= TARGET
    linear = not math.isnan(local) and local <= LINEAR_LIMIT
    ctx.say(
        f"ratio ours/stock at {headline.operations} operations, pair by pair: {ratio.show(3)} "
        f"(CPU time {headline.ratio('cpu').show(3)})   target <= {TARGET}x: {'MET' if met_ratio else 'MISSED'}; "
        f"linear (slope <= {LINEAR_LIMIT}): {'MET' if linear else 'MISSED'}"
    )
    for f in measured:
        for problem in f.problems:
            ctx.warn(f"{f.operations} ops: {problem}")
    return {
        "sizes": {str(f.operations): f.as_json() for f in measured},
        "headline_operations": headline.operations,
        "ratio": ratio.as_json(),
        "cpu_ratio": headline.ratio("cpu").as_json(),
        "target": TARGET,
        "time_exponent": slope,
        "time_exponent_largest": local,
        "stock_time_exponent": stock_slope,
        "met": met_ratio and linear and not any(f.problems for f in measured),
    }


def _per_op(series: Series, operations: int) -> str:
    return f"{series.median / operations * 1e3:.1f} ms" if series.runs else "n/a"
