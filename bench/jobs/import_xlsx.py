"""import_xlsx: the same WeCom-style export as import_csv, as .xlsx → a fresh database.

Timed exactly as import_csv (read_table + recognise + import_contacts, commit included), on a
file written by openpyxl (bench/import_files.py). Baseline, in alternating processes: reading the
same file with python-calamine alone, `CalamineWorkbook.from_path(p).get_sheet_by_index(0)
.to_python()` — the floor for any import of it, since read_table uses calamine too.
"""

from __future__ import annotations

import time

from bench import import_files
from bench.jobs.import_csv import check_counts
from bench.result import Result, Target

TARGET = Target("median_s", 15)


def run(ctx) -> Result:
    path = str(import_files.input_path(ctx.n, "xlsx", ctx.cache_dir))
    # Untimed warm-up of both: bytecode caches written, file and libraries in the page cache.
    ctx.child("bench.jobs.import_csv:child_import", path=path)
    ctx.child("bench.jobs.import_xlsx:child_baseline", path=path)
    ours, rss, theirs, base_rss = [], [], [], []
    for _ in range(ctx.repeat):
        app = ctx.child("bench.jobs.import_csv:child_import", path=path)
        check_counts(app.result["report"], ctx.n, "xlsx")
        ours.append(app.result["seconds"])
        rss.append(app.result["peak_rss_mb"])
        bare = ctx.child("bench.jobs.import_xlsx:child_baseline", path=path)
        theirs.append(bare.result["seconds"])
        base_rss.append(bare.result["peak_rss_mb"])
    return Result("import_xlsx", ctx.n, ours, max(rss), TARGET,
                  baseline="python-calamine to_python() of the same file",
                  baseline_samples=theirs, baseline_peak_rss_mb=max(base_rss),
                  extra={"report": import_files.plan(ctx.n)})


def child_baseline(path: str) -> dict:
    from python_calamine import CalamineWorkbook

    from bench import probes

    started = time.perf_counter()
    CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_rss_mb": probes.peak_rss_mb()}
