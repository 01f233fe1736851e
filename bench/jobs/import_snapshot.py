"""import_snapshot: the second full export (这是完整导出) of one account, N rows, against the
same import without the option — what comparing with the previous export costs.

Both runs start from a fresh database holding the first export (imported untimed, as a full
export or plainly); timed is the second import only: `import_contacts` of a table already read
(the reading is import_csv's). The files are import_csv's WeCom file with the 添加人 column
emptied (every row is a friend of the one account) and its rejected rows left out (a rejected
row stops the comparison); the first export lacks the file's last 2% of rows, the second its
first 2%: ~2% lost, ~2% new (welcome tasks), the rest unchanged. Runs alternate between the
two in separate processes.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench import import_files
from bench.result import Result, Target

TARGET = Target("median_s", 10, goal=3)
ACCOUNT = "门店主号"
CHURN = 0.02
BASELINE = "the same second import without 这是完整导出"


def run(ctx) -> Result:
    path = str(import_files.input_path(ctx.n, "utf8bom", ctx.cache_dir))
    ctx.child("bench.jobs.import_snapshot:child_import", path=path, snapshot=True)  # warm-up
    ours, rss, theirs, base_rss = [], [], [], []
    summary: dict = {}
    for _ in range(ctx.repeat):
        full = ctx.child("bench.jobs.import_snapshot:child_import", path=path, snapshot=True)
        ours.append(full.result["seconds"])
        rss.append(full.result["peak_rss_mb"])
        summary = full.result["snapshot"]
        plain = ctx.child("bench.jobs.import_snapshot:child_import", path=path, snapshot=False)
        theirs.append(plain.result["seconds"])
        base_rss.append(plain.result["peak_rss_mb"])
    if not (summary["lost"] and summary["new"]):
        raise AssertionError(f"the comparison found nothing to do: {summary}")
    return Result("import_snapshot", ctx.n, ours, max(rss), TARGET, baseline=BASELINE,
                  baseline_samples=theirs, baseline_peak_rss_mb=max(base_rss),
                  extra={"snapshot": summary})


def child_import(path: str, snapshot: bool) -> dict:
    """In the child: the first export untimed, then the second one timed."""
    from bench import probes
    from desktop.importing.contacts_import import import_contacts
    from desktop.importing.fields import recognise
    from desktop.importing.reader import read_table
    from desktop.workspace import open_workspace

    table = read_table(Path(path))
    mapping = recognise(table.headers, "contacts")
    adder = table.headers.index("添加人")
    for row in table.rows:
        row[adder] = ""
    account = ACCOUNT if snapshot else ""
    with tempfile.TemporaryDirectory(prefix="siyu-bench-snapshot-") as folder:
        workspace = open_workspace(Path(folder) / "siyu.db")
        try:
            def load(part, dry_run=False):
                return import_contacts(workspace.conn, table=part, mapping=mapping,
                                       dry_run=dry_run, file_name="export.csv",
                                       snapshot_account=account).value

            rejected = {issue.row for issue in load(table, dry_run=True).rejected}
            kept = [(cells, n) for cells, n in zip(table.rows, table.row_numbers, strict=True)
                    if n not in rejected]
            cut = max(1, int(len(kept) * CHURN))
            load(_part(table, kept[:len(kept) - cut]))
            second = _part(table, kept[cut:])
            started = time.perf_counter()
            report = load(second)
            seconds = time.perf_counter() - started
            peak = probes.peak_rss_mb()
        finally:
            workspace.close()
    snap = report.snapshot
    return {"seconds": seconds, "peak_rss_mb": peak,
            "snapshot": None if snap is None else {"members": snap.members, "new": snap.new,
                                                   "lost": snap.lost, "readded": snap.readded}}


def _part(table, rows):
    from dataclasses import replace

    return replace(table, rows=[cells for cells, _n in rows],
                   row_numbers=[n for _cells, n in rows])
