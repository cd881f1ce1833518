"""Run every benchmark and write their results, keyed by name, to one JSON file.

    python -m bench --out bench/results.json           # full sizes
    python -m bench --smoke --out bench/results-smoke.json   # tiny sizes, seconds (CI)

A benchmark is a module in this folder listed in BENCHMARKS with `run(smoke: bool) -> dict`.
"""

import argparse
import importlib
import json
import os
import platform
import signal
import sys
import time
from pathlib import Path

from threadpoolctl import threadpool_limits

from bench.processes import THREAD_VARIABLES

BENCHMARKS = [
    "selection",
    "periods",
    "opinion_groups",
    "text_themes",
    "report",
    "results_site",
    "hotpath",
    "burst",
    "faults",
    "sqlite_concurrency",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, for CI")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--only", choices=BENCHMARKS, action="append")
    args = parser.parse_args(argv)
    # A stopped run still stops the servers it started (their `finally` blocks run on SystemExit).
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    results: dict[str, object] = {
        "_meta": {
            "smoke": args.smoke,
            "python": platform.python_version(),
            "machine": platform.machine(),
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
    }
    # One numerical thread here and in every process a benchmark starts (bench.processes): on a
    # loaded machine the figures then slow down in proportion instead of a hundredfold.
    for variable in THREAD_VARIABLES:
        os.environ.setdefault(variable, "1")
    for name in args.only or BENCHMARKS:
        module = importlib.import_module(f"bench.{name}")
        with threadpool_limits(limits=1):
            results[name] = module.run(smoke=args.smoke)
        print(json.dumps({name: results[name]}), flush=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
