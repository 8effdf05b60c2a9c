"""Section 6: import + generate of a vendor's 3.0 description, against the stock tools (issue 13).

The input is ``bench.vendor30``: a synthetic OpenAPI 3.0.3 description built in code
(deterministic, nothing read from elsewhere) of 50, 100, 200 and 400 operations.  Both
sides start from that one file, each command a fresh process timed end to end (interpreter
start-up, imports, parsing, formatting, writing), alternating which side goes first:

- ours: the import step (``python -m bench.import_run``, i.e. ``import_description``:
  3.0 -> 3.1, ``specs/<slug>.yaml`` and its overlay), then ``python -m generator generate
  --force`` on that specs folder (validation, the attrs client and the pydantic models, our
  templates, one ruff pass, the compile check);
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
from bench.generation import generate, stock_sequence
from bench.proc import PYTHON, run
from bench.stats import Series, exponent, ratios, table

TARGET = 0.5
HEADLINE = 200
"""The size the target is judged at (issue 13: "a description with about 200 operations")."""
LINEAR_LIMIT = 1.2
SLUG = "vendor"
FULL = [50, 100, HEADLINE, 400]
QUICK = [4, 8]


@dataclass
class Figures:
    operations: int
    schemas: int
    ours: Series = field(default_factory=Series)
    ours_import: Series = field(default_factory=Series)
    stock: Series = field(default_factory=Series)
    ours_rss: Series = field(default_factory=lambda: Series("MB"))
    stock_rss: Series = field(default_factory=lambda: Series("MB"))
    endpoints: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "operations": self.operations,
            "schemas": self.schemas,
            "ours_seconds": self.ours.as_json(),
            "ours_import_seconds": self.ours_import.as_json(),
            "stock_seconds": self.stock.as_json(),
            "ratio": ratios(self.ours, self.stock).as_json() if self.ours.runs and self.stock.runs else None,
            "ours_peak_rss_mb": self.ours_rss.as_json(),
            "stock_peak_rss_mb": self.stock_rss.as_json(),
            "endpoint_modules": self.endpoints,
            "problems": self.problems,
        }


def ours(source: Path, work: Path) -> tuple[float, float, float, str | None]:
    """(seconds, import seconds, peak RSS MB, failure) of our import then generate."""
    specs, out = work / "specs", work / "generated"
    imported = run([PYTHON, "-m", "bench.import_run", str(source), "--slug", SLUG, "--specs", str(specs)])
    if not imported.ok:
        return math.nan, math.nan, math.nan, f"import: exit {imported.returncode}: {imported.tail(3)}"
    generated = generate(specs, out)
    if not generated.ok:
        return math.nan, math.nan, math.nan, f"generate: exit {generated.returncode}: {generated.tail(3)}"
    peak = max(imported.max_rss_mb, generated.max_rss_mb)
    return imported.seconds + generated.seconds, imported.seconds, peak, None


def endpoint_modules(tree: Path) -> int:
    """Operation modules under ``tree`` (``api/<tag>/<operation>.py``), to show both sides made every one."""
    return sum(1 for p in tree.rglob("api/*/*.py") if p.name != "__init__.py")


def measure(ctx: Context, index: int, operations: int) -> Figures:
    doc = vendor30.build(operations)
    folder = ctx.scratch(f"import-{operations}")
    source = synth.write(doc, folder / f"{SLUG}.yaml")
    figures = Figures(operations, synth.count(doc)[1])
    warmup = ctx.warmup if index == 0 else 0  # tools and caches are warm after the first size
    for run_number in range(warmup + ctx.runs):
        measured = run_number >= warmup
        for side in ("ours", "stock") if run_number % 2 == 0 else ("stock", "ours"):
            work = ctx.scratch(f"import-{operations}/{side}-{run_number}")
            if side == "ours":
                seconds, imported, peak, failure = ours(source, work)
                figures.problems += [f"ours: {failure}"] if failure else []
                figures.endpoints["ours"] = endpoint_modules(work / "generated")
            else:
                seconds, peak, _per_tool, failed = stock_sequence([source], work)
                figures.problems += failed
                figures.endpoints["stock"] = endpoint_modules(work / f"{SLUG}-client")
            shutil.rmtree(work, ignore_errors=True)
            if measured and not figures.problems:
                (figures.ours if side == "ours" else figures.stock).add(seconds)
                (figures.ours_rss if side == "ours" else figures.stock_rss).add(peak)
                if side == "ours":
                    figures.ours_import.add(imported)
        if figures.problems:
            break
    return figures


def import_generate(ctx: Context) -> dict[str, Any]:
    sizes = QUICK if ctx.quick else FULL
    heading(ctx, 6, f"Import + generate of a 3.0 description, {'/'.join(map(str, sizes))} operations")
    measured = [measure(ctx, index, operations) for index, operations in enumerate(sizes)]
    rows = []
    for f in measured:
        ratio = ratios(f.ours, f.stock) if f.ours.runs and f.stock.runs else Series("x")
        rows.append(
            [
                f"{f.operations} ops, {f.schemas} schemas",
                f.ours.show(),
                f.ours_import.show(),
                _per_op(f.ours, f.operations),
                f.stock.show(),
                _per_op(f.stock, f.operations),
                ratio.show(2),
                f"{f.ours_rss.median:.0f} / {f.stock_rss.median:.0f} MB" if f.ours_rss.runs else "",
                f"{f.endpoints.get('ours', 0)} / {f.endpoints.get('stock', 0)}",
            ]
        )
    headers = ["spec", "ours", "  of which import", "ours/op", "stock", "stock/op", "ours/stock"]
    ctx.say(table([*headers, "peak RSS ours / stock", "operation modules"], rows))
    ctx.say(
        "ours: import process + `generate --force` process (validation, client + pydantic models, ruff, compile); "
        "stock: openapi-python-client (its ruff hooks) + datamodel-codegen (black/isort); all as fresh processes"
    )
    plain = [f for f in measured if f.ours.runs]
    ops = [float(f.operations) for f in plain]
    slope = exponent(ops, [f.ours.median for f in plain])
    local = exponent(ops[-2:], [f.ours.median for f in plain[-2:]]) if len(plain) >= 2 else math.nan
    stock_slope = exponent(ops, [f.stock.median for f in plain])
    ctx.say(
        f"growth exponent over operations: ours {slope:.2f} (largest two sizes: {local:.2f}), stock {stock_slope:.2f}"
    )
    headline = next((f for f in measured if f.operations == HEADLINE), measured[-1])
    ratio = ratios(headline.ours, headline.stock) if headline.ours.runs and headline.stock.runs else Series("x")
    met_ratio = bool(ratio.runs) and ratio.median <= TARGET
    linear = not math.isnan(local) and local <= LINEAR_LIMIT
    ctx.say(
        f"ratio ours/stock at {headline.operations} operations, pair by pair: {ratio.show(2)}   "
        f"target <= {TARGET}x: {'MET' if met_ratio else 'MISSED'}; linear (slope <= {LINEAR_LIMIT}): "
        f"{'MET' if linear else 'MISSED'}"
    )
    for f in measured:
        for problem in f.problems:
            ctx.warn(f"{f.operations} ops: {problem}")
    return {
        "sizes": {str(f.operations): f.as_json() for f in measured},
        "headline_operations": headline.operations,
        "ratio": ratio.as_json(),
        "target": TARGET,
        "time_exponent": slope,
        "time_exponent_largest": local,
        "stock_time_exponent": stock_slope,
        "met": met_ratio and linear and not any(f.problems for f in measured),
    }


def _per_op(series: Series, operations: int) -> str:
    return f"{series.median / operations * 1e3:.1f} ms" if series.runs else "n/a"
