"""dashboard: every chart of the 数据 page read at N contacts; each must take ≤ 300 ms.

Timed per chart: the desktop/dashboard.py call the page makes on its reader thread (aggregate
SQL + building the table), with the page's default ranges against the dataset's clock: last 12
weeks, migration since 90 days back. Extra cases: the tier counts limited to contacts added in
those weeks, and the migration over the whole history (the slowest date a user can pick).
A sample is one round over all charts and reports the slowest chart; `extra.charts` has each
chart's median and p95. Not timed: the interpreter, imports, opening the database.
Baseline, in the same processes between rounds: a plain `SELECT tier, count(*) FROM contacts
GROUP BY tier` (no trash filter, no index hint) — the cheapest aggregate over the table.
"""

from __future__ import annotations

import statistics
import time
from datetime import date, timedelta

from bench.result import Result, Target, p95

TARGET = Target("median_s", 0.3)
BASELINE = "SELECT tier, count(*) FROM contacts GROUP BY tier"
ROUNDS = 15  # over all processes


def charts(today: date) -> dict:
    """Chart name → the call the page makes, as a function of the reader connection."""
    from desktop import dashboard

    weeks = dashboard.last_weeks(today)
    since = today - timedelta(days=90)
    return {
        "tier": lambda conn: dashboard.contacts_by(conn, "tier"),
        "stage": lambda conn: dashboard.contacts_by(conn, "stage"),
        "channel": lambda conn: dashboard.contacts_by(conn, "channel"),
        "tier_added_12_weeks": lambda conn: dashboard.contacts_by(conn, "tier", added=weeks),
        "new_contacts_by_week": lambda conn: dashboard.new_contacts_by_week(conn, weeks),
        "tier_migration_90_days": lambda conn: dashboard.tier_migration(conn, since),
        "tier_migration_all_history": lambda conn: dashboard.tier_migration(
            conn, date(2000, 1, 1)),
        "rfm_grid": dashboard.rfm_grid,
        "tasks_by_week": lambda conn: dashboard.tasks_by_week(conn, weeks),
        "moments_by_week": lambda conn: dashboard.posts_by_week(conn, weeks),
    }


def run(ctx) -> Result:
    ctx.child("bench.jobs.dashboard:child_charts", with_db=True, rounds=1)  # warm-up
    per_child = max(1, ROUNDS // ctx.repeat)
    worst, baseline, by_chart, rss = [], [], {}, []
    for _ in range(ctx.repeat):
        result = ctx.child("bench.jobs.dashboard:child_charts", with_db=True,
                           rounds=per_child).result
        worst += result["worst"]
        baseline += result["baseline"]
        rss.append(result["peak_rss_mb"])
        for name, samples in result["charts"].items():
            by_chart.setdefault(name, []).extend(samples)
    return Result("dashboard", ctx.n, worst, max(rss), TARGET, baseline=BASELINE,
                  baseline_samples=baseline, baseline_peak_rss_mb=max(rss),
                  extra={"charts": {name: {"median_s": statistics.median(s), "p95_s": p95(s),
                                           "passed": statistics.median(s) <= TARGET.limit}
                                    for name, s in by_chart.items()}})


def child_charts(db: str, rounds: int) -> dict:
    from bench import dataset, probes
    from db.connection import connect

    conn = connect(db, read_only=True)
    calls = charts(dataset.NOW.astimezone().date())
    samples: dict[str, list[float]] = {name: [] for name in calls}
    worst, baseline = [], []
    for _ in range(rounds):
        for name, call in calls.items():
            started = time.perf_counter()
            call(conn)
            samples[name].append(time.perf_counter() - started)
        worst.append(max(s[-1] for s in samples.values()))
        started = time.perf_counter()
        conn.execute(BASELINE).fetchall()
        baseline.append(time.perf_counter() - started)
    conn.close()
    return {"charts": samples, "worst": worst, "baseline": baseline,
            "peak_rss_mb": probes.peak_rss_mb()}
