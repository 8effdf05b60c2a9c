"""Sections 1 and 2: full generation against the stock tools, and the no-op run.

Ours is ``python -m generator generate --force`` into a fresh output directory (no
manifest to reuse, ruff with ``--no-cache``), the way ``make generate FORCE=1`` runs it.
The stock side is what a user of the two tools would type, per spec, one after another:
``openapi-python-client generate`` (default meta; it runs ``ruff`` from PATH as its post
hook) then ``datamodel-codegen`` (its default formatters).  Both sides are timed end to
end as subprocesses, interpreter start-up included, alternating which goes first.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from bench.context import Context, heading
from bench.proc import BYTECODE_CACHE, PYTHON, REPO, VENV_BIN, Completed, run, user_env
from bench.stats import Series, ratios, table, timed

TARGET_FULL = 0.5
TARGET_NOOP = 0.5


def last_tree(ctx: Context) -> Path:
    """Where section 1 leaves its last complete output tree."""
    return ctx.workdir / "last-generated"


def generate(specs: Path, out: Path, *, force: bool = True) -> Completed:
    """Our side, as a user runs it: ``python -m generator generate`` in a subprocess."""
    cmd = [PYTHON, "-m", "generator", "generate", "--specs", str(specs), "--out", str(out)]
    return run([*cmd, "--force"] if force else cmd)


def vendor_specs(ctx: Context) -> Path:
    """The folder of specs to generate: the real one, or (quick) a copy holding the smallest spec."""
    if not ctx.quick:
        return REPO / "specs"
    smallest = min((REPO / "specs").glob("*.yaml"), key=lambda p: p.stat().st_size)
    folder = ctx.scratch("quick-specs")
    shutil.copy(smallest, folder / smallest.name)
    errata = REPO / "specs" / "errata" / smallest.name
    if errata.is_file():
        (folder / "errata").mkdir(exist_ok=True)
        shutil.copy(errata, folder / "errata" / smallest.name)
    return folder


def stock_commands(spec: Path, out: Path) -> dict[str, list[str]]:
    """The stock tools on ``spec`` as a user types them, writing into ``out``."""
    return {
        "openapi-python-client": [
            str(VENV_BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(spec),
            "--output-path",
            str(out / f"{spec.stem}-client"),
        ],
        "datamodel-codegen": [
            str(VENV_BIN / "datamodel-codegen"),
            "--input",
            str(spec),
            "--input-file-type",
            "openapi",
            "--output",
            str(out / f"{spec.stem}_models.py"),
            "--output-model-type",
            "pydantic_v2.BaseModel",
        ],
    }


def stock_sequence(specs: list[Path], out: Path) -> tuple[float, float, dict[str, float], list[str]]:
    """(seconds, peak RSS MB, seconds per tool, failures) of the stock tools on every spec in turn."""
    per_tool = {"openapi-python-client": 0.0, "datamodel-codegen": 0.0}
    failures: list[str] = []
    peak = 0.0
    started = time.perf_counter()
    for spec in specs:
        commands = stock_commands(spec, out)
        for tool, cmd in commands.items():
            done = run(cmd, cwd=out)
            per_tool[tool] += done.seconds
            peak = max(peak, done.max_rss_mb)
            if not done.ok:
                failures.append(f"{tool} {spec.name}: exit {done.returncode}: {done.tail(2)}")
    return time.perf_counter() - started, peak, per_tool, failures


def full_generation(ctx: Context) -> dict[str, Any]:
    specs_dir = vendor_specs(ctx)
    specs = sorted(specs_dir.glob("*.yaml"))
    heading(ctx, 1, f"Full generation of {len(specs)} spec(s), no cache")
    times = {"ours": Series(), "stock": Series()}
    rss = {"ours": Series("MB"), "stock": Series("MB")}
    tools = {"openapi-python-client": Series(), "datamodel-codegen": Series()}
    problems: list[str] = []
    for i in range(ctx.warmup + ctx.runs):
        measured = i >= ctx.warmup
        order = ["ours", "stock"] if i % 2 == 0 else ["stock", "ours"]
        for side in order:
            out = ctx.scratch(f"gen-{side}-{i}")
            if side == "ours":
                done = generate(specs_dir, out / "generated")
                seconds, peak = done.seconds, done.max_rss_mb
                if not done.ok:
                    problems.append(f"ours: exit {done.returncode}: {done.tail(3)}")
            else:
                if i < ctx.warmup and ctx.quick:
                    continue
                seconds, peak, per_tool, failed = stock_sequence(specs, out)
                problems += failed
                if measured:
                    for tool, s in per_tool.items():
                        tools[tool].add(s)
            if measured:
                times[side].add(seconds)
                rss[side].add(peak)
            if side == "ours" and (out / "generated").is_dir():
                shutil.rmtree(last_tree(ctx), ignore_errors=True)
                (out / "generated").rename(last_tree(ctx))  # section 2 re-runs on it
            shutil.rmtree(out, ignore_errors=True)
    ratio = ratios(times["ours"], times["stock"])
    rows = [
        ["ours: python -m generator generate --force", times["ours"].show(), rss["ours"].show(0)],
        ["stock: openapi-python-client, datamodel-codegen per spec", times["stock"].show(), rss["stock"].show(0)],
        ["  of which openapi-python-client", tools["openapi-python-client"].show(), ""],
        ["  of which datamodel-codegen", tools["datamodel-codegen"].show(), ""],
    ]
    ctx.say(table(["", "wall time, median [min-max]", "peak RSS (largest process)"], rows))
    verdict = "MET" if ratio.median <= TARGET_FULL else "MISSED"
    ctx.say(f"ratio ours/stock, pair by pair: {ratio.show()}   target <= {TARGET_FULL}x: {verdict}")
    ctx.say(
        "ours includes validation, our templates, one ruff pass and the compile check; stock includes its own ruff/black runs"
    )
    for problem in problems:
        ctx.warn(problem)
    return {
        "specs": [s.name for s in specs],
        "ours_seconds": times["ours"].as_json(),
        "stock_seconds": times["stock"].as_json(),
        "stock_by_tool_seconds": {k: v.as_json() for k, v in tools.items()},
        "ours_peak_rss_mb": rss["ours"].as_json(),
        "stock_peak_rss_mb": rss["stock"].as_json(),
        "ratio": ratio.as_json(),
        "target": TARGET_FULL,
        "met": verdict == "MET",
        "problems": problems,
    }


def noop_generation(ctx: Context) -> dict[str, Any]:
    heading(ctx, 2, "No-op generation (nothing changed)")
    specs_dir = vendor_specs(ctx)
    out = last_tree(ctx)
    if not (out / "MANIFEST").is_file():
        out = ctx.scratch("noop") / "generated"
        first = generate(specs_dir, out)
        if not first.ok:
            ctx.warn(f"could not generate the tree to re-run on: {first.tail(3)}")
            return {"error": first.tail(3)}
    cache = BYTECODE_CACHE.get("quick") or ctx.scratch("pycache")  # quick runs share one warm cache
    cached_env = user_env(PYTHONPYCACHEPREFIX=str(cache))
    cached_env.pop("PYTHONDONTWRITEBYTECODE", None)
    noop_cmd = [PYTHON, "-m", "generator", "generate", "--specs", str(specs_dir), "--out", str(out)]
    series = {name: Series() for name in ("cli", "cached", "import", "start", "inproc")}
    not_noop: list[str] = []
    for i in range(ctx.warmup + ctx.runs):
        done = run(noop_cmd)
        figures = {
            "cli": done.seconds,
            "cached": run(noop_cmd, env=cached_env).seconds,  # the warm-up run fills the cache
            "import": run([PYTHON, "-c", "import generator.cli"]).seconds,
            "start": run([PYTHON, "-c", "pass"]).seconds,
            "inproc": timed(lambda: _run_in_process(specs_dir, out)),
        }
        if "0 generated" not in done.stdout and i >= ctx.warmup:
            # (a warm-up run may regenerate: generator/ or templates/ changed since section 1)
            not_noop.append(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.tail(2))
        if i >= ctx.warmup:
            for name, seconds in figures.items():
                series[name].add(seconds)
    cli = series["cli"]
    rows = [
        ["python -m generator generate (the CLI, as `make generate` runs it)", cli.show()],
        ["  same, with a warm bytecode cache (PYTHONPYCACHEPREFIX)", series["cached"].show()],
        ["  python -c 'import generator.cli' alone", series["import"].show()],
        ["  interpreter start alone (python -c pass)", series["start"].show()],
        ["  pipeline.run() in process (no start-up, imports done)", series["inproc"].show()],
    ]
    ctx.say(table(["", "wall time, median [min-max]"], rows))
    verdict = "MET" if cli.median < TARGET_NOOP else "MISSED"
    ctx.say(f"target: well under {TARGET_NOOP} s for the CLI: {verdict} ({cli.median / TARGET_NOOP:.2f}x the budget)")
    for line in not_noop[:3]:
        ctx.warn(f"the run regenerated something, so this is not a no-op figure: {line}")
    return {
        "cli_seconds": cli.as_json(),
        "cli_warm_bytecode_seconds": series["cached"].as_json(),
        "import_generator_cli_seconds": series["import"].as_json(),
        "interpreter_start_seconds": series["start"].as_json(),
        "in_process_seconds": series["inproc"].as_json(),
        "target": TARGET_NOOP,
        "met": verdict == "MET",
        "not_noop": not_noop,
    }


def _run_in_process(specs_dir: Path, out: Path) -> None:
    from generator.pipeline import Paths  # measured path: keep the import out of module load
    from generator.pipeline import run as pipeline_run

    pipeline_run(Paths(root=REPO, specs=specs_dir, out=out), progress=lambda _line: None)
