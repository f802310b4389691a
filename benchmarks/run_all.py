"""Run every benchmark, each in a process of its own, and write benchmarks/results.json.

    .venv/bin/python benchmarks/run_all.py [--only NAME ...] [--quick]

Each benchmark measures ours and its reference in the same run (several repetitions, medians)
and returns ``{"name", "ours", "reference", "unit", "ratio", "goal", "met", "note"}``. A
benchmark that fails or runs out of time gets a row with ``"ours": null`` and the error in its
note; the others still run. ``results.json`` also records the machine (CPU count, memory, load
average before and after) and the wall time of each benchmark. Exit status 0 even when a goal is
missed (the table says so); 1 when a benchmark could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
PY = sys.executable

# name -> (command line after the interpreter, timeout in seconds, names of the rows it writes)
BENCHMARKS = {
    "replay_fixed_latency": (["benchmarks/replay.py", "--repeats", "5"], 300, ["replay_fixed_latency"]),
    "replay_vs_raw_vllm": (["benchmarks/replay.py", "--repeats", "5", "--vllm", "--skip-fixed"], 900,
                           ["replay_vs_raw_vllm", "replay_vs_vllm_bench"]),
    "bm25_qps": (["benchmarks/bm25.py", "--repeats", "3"], 300, ["bm25_qps"]),
    "kpi_10m": (["benchmarks/kpi.py", "--n", "10000000", "--repeats", "5", "--pandas-repeats", "2"], 900, ["kpi_10m"]),
    "scoring_10k": (["benchmarks/scoring.py", "--repeats", "3"], 600, ["scoring_10k"]),
    "app": (["benchmarks/app.py", "--rounds", "3", "--paints", "5"], 400, ["app_first_paint", "page_switch"]),
}
QUICK = {  # smaller sizes, to check the harness (not the figures to publish)
    "replay_fixed_latency": ["benchmarks/replay.py", "--repeats", "1"],
    "replay_vs_raw_vllm": ["benchmarks/replay.py", "--repeats", "1", "--vllm", "--skip-fixed"],
    "bm25_qps": ["benchmarks/bm25.py", "--passages", "20000", "--queries", "200", "--ref-queries", "5", "--repeats", "1"],
    "kpi_10m": ["benchmarks/kpi.py", "--n", "200000", "--repeats", "2", "--pandas-repeats", "1"],
    "scoring_10k": ["benchmarks/scoring.py", "--n", "500", "--repeats", "1"],
    "app": ["benchmarks/app.py", "--rounds", "1", "--paints", "1"],
}


def _goal_met(row: dict) -> bool | None:
    if "met" in row:
        return row["met"]
    ratio = row.get("ratio")
    limits = {"replay_fixed_latency": 1.10, "replay_vs_raw_vllm": 1.05}
    if ratio is None or row["name"] not in limits:
        return None
    return ratio <= limits[row["name"]]


def run_one(name: str, args: list[str], timeout: int, rows: list[str]) -> tuple[list[dict], float]:
    env = {**os.environ, "RAGAS_DO_NOT_TRACK": "true", "PYTHONUNBUFFERED": "1"}
    vllm_python = ROOT / ".venv-vllm" / "bin" / "python"
    env.setdefault("WORKBENCH_VLLM_PYTHON", str(vllm_python))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "result.json"
        log = HERE / "logs" / f"{name}.log"
        log.parent.mkdir(exist_ok=True)
        started = time.perf_counter()
        print(f"\n=== {name} ({' '.join(args)}) — log {log.relative_to(ROOT)}", flush=True)
        try:
            with log.open("w") as handle:
                done = subprocess.run([PY, *args, "--json", str(out)], cwd=ROOT, env=env, timeout=timeout,
                                      stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
            error = None if done.returncode == 0 and out.exists() else f"exit {done.returncode}: " + log.read_text()[-400:]
        except subprocess.TimeoutExpired:
            error = f"timed out after {timeout} s"
        wall = time.perf_counter() - started
        if error is None:
            results = json.loads(out.read_text(encoding="utf-8"))["results"]
        else:
            results = [{"name": r, "ours": None, "reference": None, "unit": "", "ratio": None, "goal": "",
                        "met": None, "note": f"FAILED: {error.strip()}"} for r in rows]
    for row in results:
        row["met"] = _goal_met(row)
        row["wall_s"] = round(wall, 1)
        print(f"  {row['name']}: ours {row['ours']} {row['unit']}, reference {row['reference']} {row['unit']}, "
              f"ratio {row.get('ratio')} — {row['note']}", flush=True)
    return results, wall


def machine() -> dict:
    try:
        memory_gib = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError):
        memory_gib = None
    return {"cpus": os.cpu_count(), "memory_gib": memory_gib, "platform": platform.platform(),
            "python": platform.python_version(), "load_average": [round(x, 2) for x in os.getloadavg()],
            "date": time.strftime("%Y-%m-%d %H:%M:%S %Z")}


def table(results: list[dict]) -> str:
    head = ["benchmark", "ours", "reference", "unit", "ratio", "goal", "met"]
    rows = [[r["name"], str(r["ours"]), str(r["reference"]), r["unit"], str(r.get("ratio")), r.get("goal", ""),
             {True: "yes", False: "NO", None: "—"}[r.get("met")]] for r in results]
    widths = [max(len(x) for x in col) for col in zip(head, *rows)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in [head, *rows])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", choices=list(BENCHMARKS), help="run only these")
    parser.add_argument("--quick", action="store_true", help="small sizes: checks the harness only")
    parser.add_argument("--output", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    before = machine()
    print(f"machine: {before['cpus']} CPUs, {before['memory_gib']} GiB, load average {before['load_average']}")
    results, walls = [], {}
    started = time.perf_counter()
    for name, (command, timeout, rows) in BENCHMARKS.items():
        if args.only and name not in args.only:
            continue
        rows_out, walls[name] = run_one(name, QUICK[name] if args.quick else command, timeout, rows)
        results.extend(rows_out)
    after = machine()
    document = {
        "results": results,
        "machine": {**before, "load_average_after": after["load_average"]},
        "wall_s": {**{k: round(v, 1) for k, v in walls.items()}, "total": round(time.perf_counter() - started, 1)},
        "quick": args.quick,
    }
    args.output.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("\n" + table(results))
    print(f"\nload average before {before['load_average']}, after {after['load_average']}; "
          f"total {document['wall_s']['total']:.0f} s; written to {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 1 if any(r["ours"] is None for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
