"""Importing a publication log, as whole processes, against what a data analyst would write.

Each run starts a fresh process on a fresh copy of the database: `python -m cchc import LOG
--db COPY --accept-partial` (the bench log has 1% rows of an unknown unit), and the baselines
in bench/baselines/ (fastexcel → Arrow → DuckDB, the floor; polars; pandas with calamine; pandas
with openpyxl), which write the same rows into DuckDB. Runs are interleaved (the order rotates),
every contender's answer is checked against the floor's (row count and rows per unit × month),
and the figures are medians of one run of this script: ratios are of medians measured together.
Peak memory is the high-water mark of the largest process (ours: the CLI's, and its reader's
worker reported apart).

    .venv/bin/python bench/bench_import.py [--sizes 10000,100000,250000] [--million] [--runs 5]
                                           [--into-5m ROWS] [--help-runs 11]

`--million` adds 1,000,000 rows. pandas+openpyxl runs up to 100,000 rows only (about 15,000
rows/s). `--into-5m ROWS` imports ROWS rows into a copy of the 5M-item national database
(bench/bench_fulfillment.py builds it under bench/.cache) and reports time and memory. Needs the venv of
requirements-dev.txt (python-calamine, polars).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))
PY = sys.executable
# bench_fulfillment.py builds it, one file per DuckDB version (an older DuckDB cannot open a newer file).
NATIONAL = BENCH / ".cache" / f"national-3500-5000000-duckdb{duckdb.__version__}.duckdb"
# The CLI, with its peak memory and its worker's written to stderr at exit (after the worker is reaped).
CCHC = (
    "import atexit, json, resource, runpy, sys\n"
    "def peaks():\n"
    "    me, kids = (resource.getrusage(w).ru_maxrss // 1024 for w in "
    "(resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
    "    print('PEAKS ' + json.dumps({'cli_mb': me, 'worker_mb': kids}), file=sys.stderr)\n"
    "atexit.register(peaks)\n"
    "sys.argv = ['cchc', *sys.argv[1:]]\n"
    "runpy.run_module('cchc', run_name='__main__', alter_sys=True)\n"
)
CONTENDERS = {
    "cchc import": lambda log, db: [PY, "-c", CCHC, "import", log, "--db", db, "--accept-partial"],
    "fastexcel→DuckDB": lambda log, db: [PY, str(BENCH / "baselines" / "fastexcel_duckdb.py"), log, db],
    "polars": lambda log, db: [PY, str(BENCH / "baselines" / "polars_duckdb.py"), log, db],
    "pandas+calamine": lambda log, db: [
        PY,
        str(BENCH / "baselines" / "pandas_excel.py"),
        "calamine",
        log,
        db,
    ],
    "pandas+openpyxl": lambda log, db: [
        PY,
        str(BENCH / "baselines" / "pandas_excel.py"),
        "openpyxl",
        log,
        db,
    ],
}
FLOOR = "fastexcel→DuckDB"
COUNTS = {  # rows per unit × month: the product's table, and the baselines'
    "publications": "select unit_code, strftime(item_date, '%Y-%m'), count(*) from publications group by all",
    "items": "select unit_code, strftime(item_date, '%Y-%m'), count(*) from items group by all",
}


def log_file(rows: int) -> Path:
    """The log of `rows` rows, built once, in a process of its own: Linux gives a child the peak
    memory its parent had when it was forked, so a bench grown by writing a million rows would
    report every later import's peak as at least its own (1,545 MB for every contender, 30/11)."""
    from bench_read import CACHE

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"log-{rows}-bench-import.xlsx"
    if not path.exists():
        script = f"from bench_read import build; from pathlib import Path; build(Path({str(path)!r}), {rows}, inline=False)"
        subprocess.run([PY, "-c", script], cwd=BENCH, check=True)
    return path


def timed(command: list[str]) -> tuple[float, float, int, str]:
    """(wall seconds, CPU seconds of the process and the children it reaped, peak RSS in MB of
    the largest process of the tree, stderr's PEAKS line)."""
    began = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - began
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = err.decode(errors="replace")
    if proc.returncode not in (0, 1):  # 1: the rows of the unknown unit were left out
        raise SystemExit(f"{command[:3]} failed ({proc.returncode}):\n{text[-2000:]}")
    peaks = next((line[6:] for line in text.splitlines() if line.startswith("PEAKS ")), "")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, peaks


def answer(db: Path, table: str) -> tuple[int, dict[tuple[str, str], int]]:
    """Rows per unit × month, read by a process of its own (see log_file: this one stays small)."""
    script = (
        "import duckdb, json, sys\n"
        "with duckdb.connect(sys.argv[1], read_only=True) as con:\n"
        "    print(json.dumps(con.execute(sys.argv[2]).fetchall()))\n"
    )
    out = subprocess.run(
        [PY, "-c", script, str(db), COUNTS[table]], capture_output=True, text=True, check=True
    )
    counts = {(u, m): n for u, m, n in json.loads(out.stdout)}
    return sum(counts.values()), counts


def bench_size(rows: int, template: Path, runs: int, names: list[str], tmp: Path) -> dict[str, dict]:
    """Every contender `runs` times, interleaved, on fresh copies of `template`."""
    log = str(log_file(rows))
    seen: dict[str, dict] = {name: {"seconds": [], "cpu": [], "peak": [], "peaks": []} for name in names}
    answers: dict[str, tuple[int, dict]] = {}
    for run in range(runs):
        for name in names[run % len(names) :] + names[: run % len(names)]:
            db = tmp / f"{rows}-{run}-{len(answers)}.duckdb"
            shutil.copyfile(template, db)
            seconds, cpu, peak, peaks = timed(CONTENDERS[name](log, str(db)))
            seen[name]["seconds"].append(seconds)
            seen[name]["cpu"].append(cpu)
            seen[name]["peak"].append(peak)
            if peaks:
                seen[name]["peaks"].append(json.loads(peaks))
            if name not in answers:
                answers[name] = answer(db, "publications" if name == "cchc import" else "items")
            db.unlink()
    floor = answers[FLOOR]
    for name, got in answers.items():
        if got != floor:
            raise SystemExit(
                f"{name} gives another answer than {FLOOR} at {rows:,} rows: {got[0]} vs {floor[0]}"
            )
    print(f"  answers checked: {floor[0]:,} rows, {len(floor[1])} unit × month counts, identical for all")
    return seen


def report(rows: int, seen: dict[str, dict]) -> float:
    ours = statistics.median(seen["cchc import"]["seconds"])
    our_cpu = statistics.median(seen["cchc import"]["cpu"])
    print(
        f"\n{rows:,} rows — median wall time of {len(seen['cchc import']['seconds'])} runs (min–max),"
        " median CPU time, peak RSS; ratios: the contender's median over ours (wall, CPU)"
    )
    for name, got in seen.items():
        median, cpu = statistics.median(got["seconds"]), statistics.median(got["cpu"])
        ratio = f"{median / ours:.2f}× ({cpu / our_cpu:.2f}× CPU)" if name != "cchc import" else ""
        if name == FLOOR:
            ratio += f"; cchc / floor = {ours / median:.2f} ({our_cpu / cpu:.2f} CPU)"
        peak = f"{max(got['peak'])} MB"
        if got["peaks"]:
            peak += " (CLI {} MB, worker {} MB)".format(
                max(p["cli_mb"] for p in got["peaks"]), max(p["worker_mb"] for p in got["peaks"])
            )
        low, high = min(got["seconds"]), max(got["seconds"])
        print(f"  {name:18s} {median:6.2f} s ({low:.2f}–{high:.2f}) CPU {cpu:6.2f} s  {peak:34s} {ratio}")
    return ours


def bench_help(runs: int) -> None:
    """`python -m cchc --help`, whole processes, against the bare interpreter: wall time and the
    CPU time the process used (on a busy machine the wall time is mostly waiting for a core)."""
    for label, command in (
        ("python -c pass", [PY, "-c", "pass"]),
        ("python -m cchc --help", [PY, "-m", "cchc", "--help"]),
    ):
        times, cpu = [], []
        for _ in range(runs):
            began = time.perf_counter()
            proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
            _, _, usage = os.wait4(proc.pid, 0)
            times.append(time.perf_counter() - began)
            cpu.append(usage.ru_utime + usage.ru_stime)
        print(
            f"  {label:22s} median {statistics.median(times):.3f} s of {runs} (min {min(times):.3f}),"
            f" CPU {statistics.median(cpu):.3f} s"
        )


def into_national(rows: int, runs: int, tmp: Path) -> None:
    """Our import into a copy of the 5M-item database: time and peak memory."""
    if not NATIONAL.exists():
        print(f"\n(no {NATIONAL.name}: run bench/bench_fulfillment.py once to build it)")
        return
    log = str(log_file(rows))
    print(f"\n{rows:,} rows into a copy of the 5M-item database, {runs} runs")
    for run in range(runs):
        db = tmp / f"national-{run}.duckdb"
        shutil.copyfile(NATIONAL, db)
        seconds, cpu, peak, peaks = timed(CONTENDERS["cchc import"](log, str(db)))
        print(f"  {seconds:.2f} s, CPU {cpu:.2f} s, peak RSS {peak} MB {peaks}")
        db.unlink()
        for suffix in (".wal",):
            Path(str(db) + suffix).unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,250000")
    parser.add_argument("--million", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--into-5m", type=int, default=0, metavar="ROWS")
    parser.add_argument("--help-runs", type=int, default=11)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s] + ([1_000_000] if args.million else [])
    print(
        f"load average at start: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}"
    )
    print("process start")
    bench_help(args.help_runs)
    medians = {}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        template = tmp / "template.duckdb"
        subprocess.run(
            [PY, "-m", "cchc", "init", "--db", str(template)], cwd=ROOT, check=True, capture_output=True
        )
        for rows in sizes:
            names = [n for n in CONTENDERS if not (n == "pandas+openpyxl" and rows > 100_000)]
            print(f"\nimporting {rows:,} rows …")
            medians[rows] = report(rows, bench_size(rows, template, args.runs, names, tmp))
        if args.into_5m:
            into_national(args.into_5m, max(1, args.runs // 2), tmp)
    if 100_000 in medians and 1_000_000 in medians:
        print(f"\n1M rows / 100k rows, cchc: {medians[1_000_000] / medians[100_000]:.1f}× the time")
    print(f"load average at end: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
