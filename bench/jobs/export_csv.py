"""export_csv: every contact of the N-contact dataset → a CSV file, as the export dialog does.

The time covers `export_contacts(conn, path, fmt="csv")` with the default columns (tags as
`组:标签`, owner by name, local times, formula guard, UTF-8 with BOM, written to a temporary file
and moved into place). Not timed: the interpreter, imports and opening the database. Baseline,
in alternating processes: one `SELECT` of the same columns' raw values from `contacts` (owner as
its id, no tags: both need joins) + `csv.writer` to a file in the same encoding.
"""

from __future__ import annotations

import csv
import sqlite3
import time
from pathlib import Path

from bench.result import Result, Target

TARGET = Target("median_s", 3)
# exporting.DEFAULT_COLUMNS as stored: 'owner' is owner_account_id, 'tags' is not a column
RAW_COLUMNS = ("nickname", "remark", "phone", "wechat_id", "wecom_external_id", "channel",
               "added_at", "owner_account_id", "gender", "city", "birthday", "notes", "tier",
               "stage")


def run(ctx) -> Result:
    # Untimed warm-up of both: bytecode caches written, libraries in the page cache.
    ctx.child("bench.jobs.export_csv:child_export", with_db=True)
    ctx.child("bench.jobs.export_csv:child_baseline", with_db=True)
    ours, rss, theirs, base_rss = [], [], [], []
    for _ in range(ctx.repeat):
        app = ctx.child("bench.jobs.export_csv:child_export", with_db=True)
        ours.append(app.result["seconds"])
        rss.append(app.result["peak_rss_mb"])
        bare = ctx.child("bench.jobs.export_csv:child_baseline", with_db=True)
        theirs.append(bare.result["seconds"])
        base_rss.append(bare.result["peak_rss_mb"])
        if app.result["rows"] != bare.result["rows"]:
            raise AssertionError(f"exported {app.result['rows']} contacts, the dataset has "
                                 f"{bare.result['rows']} live ones")
    return Result("export_csv", ctx.n, ours, max(rss), TARGET,
                  baseline="SELECT raw columns + csv.writer (no joins)", baseline_samples=theirs,
                  baseline_peak_rss_mb=max(base_rss),
                  extra={"rows": app.result["rows"], "file_mb": app.result["file_mb"]})


def child_export(db: str) -> dict:
    from bench import probes
    from desktop.exporting import export_contacts
    from desktop.workspace import open_workspace

    target = Path(db).with_name("export.csv")
    workspace = open_workspace(Path(db), defer_integrity_check=True)
    try:
        started = time.perf_counter()
        rows = export_contacts(workspace.conn, target, fmt="csv")
        seconds = time.perf_counter() - started
    finally:
        workspace.close()
    return {"seconds": seconds, "rows": rows, "file_mb": target.stat().st_size / 2**20,
            "peak_rss_mb": probes.peak_rss_mb()}


def child_baseline(db: str) -> dict:
    from bench import probes

    target = Path(db).with_name("baseline.csv")
    conn = sqlite3.connect(db)
    started = time.perf_counter()
    with open(target, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(RAW_COLUMNS)
        cursor = conn.execute(f"SELECT {', '.join(RAW_COLUMNS)} FROM contacts "
                              "WHERE deleted_at IS NULL ORDER BY id")
        writer.writerows(cursor)
    seconds = time.perf_counter() - started
    rows = conn.execute("SELECT count(*) FROM contacts WHERE deleted_at IS NULL").fetchone()[0]
    conn.close()
    return {"seconds": seconds, "rows": rows, "peak_rss_mb": probes.peak_rss_mb()}
