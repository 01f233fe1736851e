"""`python -m bench [JOB ...] --contacts N [--repeat K] [--json] [--cache-dir DIR]`.

Runs the named jobs (default: all, see bench.registry) against the cached dataset of N
contacts and prints a table, or with --json one object per job and line. Progress and dataset
build times go to stderr so that stdout stays machine-readable. Exit status 1 when a job
crashed (not when it missed its target: the numbers are the output).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from pathlib import Path

from bench import dataset, registry, report
from bench.context import Context


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[2])
    parser.add_argument("jobs", nargs="*", metavar="JOB",
                        help=f"jobs to run (default: all): {', '.join(registry.JOBS)}")
    parser.add_argument("--contacts", type=int, default=100_000, metavar="N")
    parser.add_argument("--repeat", type=int, default=5, metavar="K",
                        help="runs (child processes) per job and baseline (default 5)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="dataset cache (default: $SIYU_BENCH_CACHE or bench/.cache)")
    args = parser.parse_args(argv)
    unknown = [j for j in args.jobs if j not in registry.JOBS]
    if unknown:
        parser.error(f"unknown job(s) {', '.join(unknown)}; known: {', '.join(registry.JOBS)}")
    if args.contacts < 1 or args.repeat < 1:
        parser.error("--contacts and --repeat must be ≥ 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    ctx = Context(n=args.contacts, repeat=args.repeat,
                  cache_dir=args.cache_dir or dataset.default_cache_dir())
    results, failed = [], False
    for name in args.jobs or list(registry.JOBS):
        print(f"bench: {name} (n={args.contacts:,}, repeat={args.repeat})…", file=sys.stderr)
        started = time.perf_counter()
        try:
            result = registry.job(name)(ctx)
        except Exception as error:  # one broken job must not hide the others' numbers
            failed = True
            traceback.print_exc()
            if args.json:
                print(json.dumps({"job": name, "n": args.contacts, "error": str(error)},
                                 ensure_ascii=False), flush=True)
            continue
        print(f"bench: {name} done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        results.append(result)
        if args.json:
            print(report.json_line(result), flush=True)
    if not args.json and results:
        print(report.table(results))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
