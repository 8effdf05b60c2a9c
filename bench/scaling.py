"""Section 3: generation time and peak memory against spec size.

Synthetic specs (``bench.synth``) of 10, 100 and 1,000 operations, plus a schema-heavy
variant (100 operations, about ten times the schemas), each generated alone by our CLI
(``--force``, fresh output).  Peak memory is the ``wait4`` max RSS of the run (the
largest single process: with one spec the generator stays in one process, and ruff is a
child it reaps).  The growth exponent is the least-squares slope of log(time) against
log(operations): 1.0 is linear; a fixed start-up cost pulls it below 1 at small sizes,
so the local slope between the two largest sizes is printed as well.
"""

from __future__ import annotations

import math
import shutil
from dataclasses import dataclass
from typing import Any

from bench import synth
from bench.context import Context, heading
from bench.generation import generate
from bench.stats import Series, exponent, table

LINEAR_LIMIT = 1.2
"""A slope above this between the largest sizes counts as super-linear."""


@dataclass(frozen=True)
class Size:
    name: str
    operations: int
    extra_schemas: int = 0


FULL = [Size("10 ops", 10), Size("100 ops", 100), Size("1,000 ops", 1000), Size("100 ops, schema-heavy", 100, 20)]
QUICK = [Size("4 ops", 4), Size("8 ops", 8), Size("4 ops, schema-heavy", 4, 2)]


def scaling(ctx: Context) -> dict[str, Any]:
    heading(ctx, 3, "Scaling with spec size (synthetic specs)")
    sizes = QUICK if ctx.quick else FULL
    rows, result = [], {}
    figures: dict[str, tuple[int, int, Series, Series]] = {}
    for index, size in enumerate(sizes):
        doc = synth.build(size.operations, extra_schemas=size.extra_schemas)
        operations, schemas = synth.count(doc)
        folder = ctx.scratch(f"scale-{index}")
        spec = synth.write(doc, folder / "specs" / "synth.yaml")
        seconds, rss = Series(), Series("MB")
        failures: list[str] = []
        warmup = ctx.warmup if index == 0 else 0  # tools and caches are warm after the first size
        for run in range(warmup + ctx.runs):
            out = folder / f"out-{run}"
            done = generate(spec.parent, out)
            shutil.rmtree(out, ignore_errors=True)
            if not done.ok:
                failures.append(f"exit {done.returncode}: {done.tail(3)}")
                break
            if run >= warmup:
                seconds.add(done.seconds)
                rss.add(done.max_rss_mb)
        figures[size.name] = (operations, schemas, seconds, rss)
        size_mb = spec.stat().st_size / 1e6
        rows.append(
            [
                size.name,
                f"{schemas:,}",
                f"{size_mb:.2f}",
                seconds.show() if not failures else "FAILED",
                rss.show(0) if not failures else "",
            ]
        )
        result[size.name] = {
            "operations": operations,
            "schemas": schemas,
            "spec_mb": size_mb,
            "seconds": seconds.as_json(),
            "peak_rss_mb": rss.as_json(),
            "failures": failures,
        }
        for failure in failures:
            ctx.warn(f"{size.name}: {failure}")
    ctx.say(table(["spec", "schemas", "MB", "wall time, median [min-max]", "peak RSS"], rows))
    plain = [v for k, v in figures.items() if "heavy" not in k and v[2].runs]
    ops = [float(p[0]) for p in plain]
    t_slope = exponent(ops, [p[2].median for p in plain])
    m_slope = exponent(ops, [p[3].median for p in plain])
    local = exponent(ops[-2:], [p[2].median for p in plain[-2:]]) if len(plain) >= 2 else math.nan
    local_mem = exponent(ops[-2:], [p[3].median for p in plain[-2:]]) if len(plain) >= 2 else math.nan
    ctx.say(
        f"growth exponent over operations: time {t_slope:.2f} (largest two sizes: {local:.2f}), "
        f"peak RSS {m_slope:.2f} (largest two: {local_mem:.2f})"
    )
    heavy = [v for k, v in figures.items() if "heavy" in k and v[2].runs]
    base = next(
        (v for k, v in figures.items() if "heavy" not in k and heavy and v[0] == heavy[0][0] and v[2].runs), None
    )
    schema_slope = math.nan
    if heavy and base:
        schema_slope = exponent([float(base[1]), float(heavy[0][1])], [base[2].median, heavy[0][2].median])
        ctx.say(
            f"schema-heavy vs same operation count: {heavy[0][1] / base[1]:.1f}x the schemas -> "
            f"{heavy[0][2].median / base[2].median:.1f}x the time (exponent {schema_slope:.2f}), "
            f"{heavy[0][3].median / base[3].median:.1f}x the peak RSS"
        )
    failed = any(r["failures"] for r in result.values())
    linear = local <= LINEAR_LIMIT and (math.isnan(schema_slope) or schema_slope <= LINEAR_LIMIT)
    verdict = "MET" if linear and not failed else "MISSED"
    ctx.say(f"target: linear (slope <= {LINEAR_LIMIT}), no size failing: {verdict}")
    return {
        "sizes": result,
        "time_exponent": t_slope,
        "time_exponent_largest": local,
        "rss_exponent": m_slope,
        "rss_exponent_largest": local_mem,
        "schema_exponent": schema_slope,
        "met": verdict == "MET",
    }
