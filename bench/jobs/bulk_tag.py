"""bulk_tag: one tag added to min(20,000, live contacts) of the N-contact dataset, then undone.

The selection is every k-th live contact by id (spread over the file as a filtered list is),
the tag the first one of the first multi-choice group. Timed, as the app runs them on its
database thread: `Workspace.execute(bulk_edit.add_tags)` (the main figures) and
`workspace.undo()` (`extra.undo`), each including its commit. The same is then done with the
first tag of the first single-choice group, which replaces the contacts' other tag of that
group (`extra.single_choice`). Not timed: the interpreter, imports and opening the database.
Baseline, in alternating processes on a fresh copy: one `executemany` INSERT of the very pairs
the operation adds, committed, then one `executemany` DELETE of them, committed (its median is
`extra.undo.baseline_median_s`).
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path

from bench.result import Result, Target, p95

TARGET = Target("median_s", 1)
SELECTED_MAX = 20_000
BASELINE = "executemany INSERT INTO contact_tags of the same pairs + commit"


def run(ctx) -> Result:
    # Untimed warm-up of both: bytecode caches written, libraries in the page cache.
    ctx.child("bench.jobs.bulk_tag:child_bulk", with_db=True)
    ctx.child("bench.jobs.bulk_tag:child_baseline", with_db=True)
    ours: dict[str, list[float]] = {"multi_add_s": [], "multi_undo_s": [],
                                    "single_add_s": [], "single_undo_s": []}
    theirs: dict[str, list[float]] = {"insert_s": [], "delete_s": []}
    rss, base_rss = [], []
    for _ in range(ctx.repeat):
        app = ctx.child("bench.jobs.bulk_tag:child_bulk", with_db=True)
        bare = ctx.child("bench.jobs.bulk_tag:child_baseline", with_db=True)
        if app.result["added"] != bare.result["added"]:
            raise AssertionError(f"the operation added {app.result['added']} pairs, the "
                                 f"baseline {bare.result['added']}")
        for key, samples in ours.items():
            samples.append(app.result[key])
        for key, samples in theirs.items():
            samples.append(bare.result[key])
        rss.append(app.result["peak_rss_mb"])
        base_rss.append(bare.result["peak_rss_mb"])
    undo_median = statistics.median(ours["multi_undo_s"])
    delete_median = statistics.median(theirs["delete_s"])
    return Result(
        "bulk_tag", ctx.n, ours["multi_add_s"], max(rss), TARGET, baseline=BASELINE,
        baseline_samples=theirs["insert_s"], baseline_peak_rss_mb=max(base_rss),
        extra={"selected": app.result["selected"], "added": app.result["added"],
               "undo": {"median_s": undo_median, "p95_s": p95(ours["multi_undo_s"]),
                        "target": TARGET.as_dict(), "passed": undo_median <= TARGET.limit,
                        "baseline": "executemany DELETE of the same pairs + commit",
                        "baseline_median_s": delete_median,
                        "ratio": undo_median / delete_median},
               "single_choice": {"changed": app.result["single_changed"],
                                 "add_median_s": statistics.median(ours["single_add_s"]),
                                 "add_p95_s": p95(ours["single_add_s"]),
                                 "undo_median_s": statistics.median(ours["single_undo_s"])}})


def plan(conn: sqlite3.Connection) -> tuple[list[int], int, int]:
    """The selection and the two tags (multi-choice, single-choice): the same in every run."""
    live = [r[0] for r in conn.execute(
        "SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY id")]
    stride = max(1, len(live) // SELECTED_MAX)
    first_tag = ("SELECT t.id FROM tags t JOIN tag_groups g ON g.id = t.group_id "
                 "WHERE g.single_choice = ? ORDER BY g.sort_order, g.id, t.sort_order, t.id "
                 "LIMIT 1")
    return (live[::stride][:SELECTED_MAX], conn.execute(first_tag, (0,)).fetchone()[0],
            conn.execute(first_tag, (1,)).fetchone()[0])


def child_bulk(db: str) -> dict:
    from bench import probes
    from desktop import bulk_edit
    from desktop.workspace import open_workspace

    workspace = open_workspace(Path(db), defer_integrity_check=True)
    out: dict[str, object] = {}
    try:
        ids, multi, single = plan(workspace.conn)
        for key, tag_id in (("multi", multi), ("single", single)):
            started = time.perf_counter()
            result = workspace.execute(
                lambda c, t=tag_id: bulk_edit.add_tags(c, contact_ids=ids, tag_ids=[t]))
            added = time.perf_counter()
            workspace.undo()
            out.update({f"{key}_add_s": added - started,
                        f"{key}_undo_s": time.perf_counter() - added,
                        f"{key}_changed": result.count})
    finally:
        workspace.close()
    # One tag of a multi-choice group: each contact changed gained exactly one pair.
    return {**out, "selected": len(ids), "added": out["multi_changed"],
            "peak_rss_mb": probes.peak_rss_mb()}


def child_baseline(db: str) -> dict:
    from bench import probes

    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")  # as the app's connection (db.connection)
    conn.execute("PRAGMA synchronous = NORMAL")
    ids, multi, _single = plan(conn)
    held = {r[0] for r in conn.execute("SELECT contact_id FROM contact_tags WHERE tag_id = ?",
                                       (multi,))}
    pairs = [(i, multi) for i in ids if i not in held]
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO contact_tags (contact_id, tag_id) VALUES (?, ?)", pairs)
    conn.execute("COMMIT")
    inserted = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("DELETE FROM contact_tags WHERE contact_id = ? AND tag_id = ?", pairs)
    conn.execute("COMMIT")
    deleted = time.perf_counter()
    conn.close()
    return {"insert_s": inserted - started, "delete_s": deleted - inserted, "added": len(pairs),
            "peak_rss_mb": probes.peak_rss_mb()}
