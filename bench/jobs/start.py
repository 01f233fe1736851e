"""start: spawn → the contact list of a 100k database has painted, as the user feels it.

Wall time from just before the process is created (interpreter start and every import
included, bytecode cached, one untimed warm-up) to just after the list's viewport first
painted. Baseline: a bare PySide6 process showing an empty QMainWindow, measured the same way
and alternated with ours so that machine noise hits both alike.
"""

from __future__ import annotations

import statistics
import time

from bench.result import Result, Target

TARGET = Target("median_s", 1.5, goal=1.0)


def run(ctx) -> Result:
    # Untimed warm-up of both: bytecode caches written, files in the page cache.
    ctx.child("bench.jobs.start:child_app", with_db=True)
    ctx.child("bench.probes:bare_window")
    ours, theirs, phases, rss, base_rss = [], [], [], [], []
    for _ in range(ctx.repeat):
        app = ctx.child("bench.jobs.start:child_app", with_db=True)
        ours.append(app.since_spawn("t_ready"))
        phases.append([app.since_spawn("t_imported"), app.result["t_started"]
                       - app.result["t_imported"], app.result["t_ready"]
                       - app.result["t_started"]])
        rss.append(app.result["peak_rss_mb"])
        bare = ctx.child("bench.probes:bare_window")
        theirs.append(bare.since_spawn("t_ready"))
        base_rss.append(bare.result["peak_rss_mb"])
    medians = [statistics.median(column) for column in zip(*phases, strict=True)]
    return Result("start", ctx.n, ours, max(rss), TARGET, baseline="bare QMainWindow process",
                  baseline_samples=theirs, baseline_peak_rss_mb=max(base_rss),
                  extra={"phases_median_s": {"spawn_to_imported": medians[0],
                                             "start_call": medians[1],
                                             "to_first_paint": medians[2]}})


def child_app(db: str) -> dict:
    """In the child: import the app, start it on `db`, stamp the list's first paint."""
    import ui.app  # noqa: F401  (the import cost is part of start-up; stamped separately)
    from bench import probes

    t_imported = time.time()
    running = probes.open_contacts(db)
    t_started = time.time()
    t_ready = probes.wait_first_paint(running.app, running.window.contacts_page.view.viewport())
    result = {"t_imported": t_imported, "t_started": t_started, "t_ready": t_ready,
              "rows": running.window.contacts_page.model.rowCount(),
              "peak_rss_mb": probes.peak_rss_mb()}
    running.close()
    return result
