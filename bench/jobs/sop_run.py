"""sop_run: the SOP engine over the N-contact dataset, and a second run that must create 0 tasks.

Timed: `run_sop(conn, clock=…)` with the eight built-in rules enabled — seeding check, one
INSERT OR IGNORE … SELECT per rule, the commit — at the dataset's own clock (bench.dataset.NOW),
so that its recent additions, orders, birthdays and layer history fall inside the look-back
windows as on the day it was generated. The second run, in the same process, is reported
with the number of tasks it created (it must be 0). Not timed: the interpreter, imports and
opening the database. Baseline, in alternating processes: the floor of one rule — the 30-day
recall's candidates found by one plain scan of the live contacts into a TEMP table (no task
rows, no titles, no index checks).
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path

from bench.result import Result, Target

TARGET = Target("median_s", 2)
RECALL_SCAN = """
    CREATE TEMP TABLE recall AS
    SELECT id FROM contacts
    WHERE deleted_at IS NULL
      AND max(added_at, coalesce(last_interaction_at, ''), coalesce(last_order_at, ''))
          BETWEEN datetime(:now, '-44 days') AND datetime(:now, '-30 days')"""


def run(ctx) -> Result:
    ctx.child("bench.jobs.sop_run:child_engine", with_db=True)  # untimed warm-up
    ctx.child("bench.jobs.sop_run:child_baseline", with_db=True)
    ours, rss, theirs, base_rss, again, created, created_again = [], [], [], [], [], [], []
    for _ in range(ctx.repeat):
        app = ctx.child("bench.jobs.sop_run:child_engine", with_db=True)
        ours.append(app.result["seconds"])
        again.append(app.result["second_seconds"])
        created.append(app.result["created"])
        created_again.append(app.result["second_created"])
        rss.append(app.result["peak_rss_mb"])
        bare = ctx.child("bench.jobs.sop_run:child_baseline", with_db=True)
        theirs.append(bare.result["seconds"])
        base_rss.append(bare.result["peak_rss_mb"])
    if any(created_again):
        raise AssertionError(f"the second run created {max(created_again)} tasks (must be 0)")
    return Result("sop_run", ctx.n, ours, max(rss), TARGET,
                  baseline="one rule's contact scan (30-day recall) into a TEMP table",
                  baseline_samples=theirs, baseline_peak_rss_mb=max(base_rss),
                  extra={"created": created[-1], "by_rule": app.result["by_rule"],
                         "second_run_median_s": statistics.median(again),
                         "second_run_created": max(created_again)})


def child_engine(db: str) -> dict:
    from bench import dataset, probes
    from desktop.sop import run_sop
    from desktop.workspace import open_workspace

    workspace = open_workspace(Path(db), defer_integrity_check=True)
    try:
        started = time.perf_counter()
        first = run_sop(workspace.conn, clock=lambda: dataset.NOW).value
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        second = run_sop(workspace.conn, clock=lambda: dataset.NOW).value
        second_seconds = time.perf_counter() - started
    finally:
        workspace.close()
    return {"seconds": seconds, "created": first.total, "by_rule": first.created,
            "second_seconds": second_seconds, "second_created": second.total,
            "peak_rss_mb": probes.peak_rss_mb()}


def child_baseline(db: str) -> dict:
    from bench import dataset, probes
    from desktop import timefmt

    conn = sqlite3.connect(db)
    started = time.perf_counter()
    conn.execute(RECALL_SCAN, {"now": timefmt.to_db(dataset.NOW)})
    seconds = time.perf_counter() - started
    conn.close()
    return {"seconds": seconds, "peak_rss_mb": probes.peak_rss_mb()}
