"""recompute: every live contact's tier, stage, RFM and repurchase cycle recomputed and written
back, with history.

Timed: `Workspace.execute(layering.recompute_all)` on a fresh copy of the dataset, with the
dataset's own clock (bench.dataset.NOW), including its commit. The demo data carries tiers and
reasons from a simplified reading of the rules, so this run rewrites the reasons of nearly
every row and writes a history row for each tier or stage that differs: the cost of the first
recompute after an import or a settings change. `extra.again` is a second run on the same copy
(nothing left to write), `extra.next_day` a third one a day later (the daily run at first start:
"已 N 天" reasons move, people drift into 流失). Recency bands have no column — a
band is a range of last_order_at (desktop.layering_rules.BandCutoffs) — so `extra.bands` only
counts them, untimed, with the SQL terms the filters use. Not timed: the interpreter, imports,
opening the database.
Baseline, in alternating processes: the RFM quintile scoring alone in pandas, as an analyst
would write it — read live contacts' orders, `groupby` contact (last order, count, spend),
`qcut` of the ranks into 5 (ties broken by order, unlike ours), segments from the means;
nothing written.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from datetime import timedelta
from pathlib import Path

from bench.result import Result, Target, p95

TARGET = Target("median_s", 2, goal=0.5)
BASELINE = "pandas: read orders, groupby + qcut (RFM scores and segments only, nothing written)"


def run(ctx) -> Result:
    # Untimed warm-up of both: bytecode caches written, libraries in the page cache.
    ctx.child("bench.jobs.recompute:child_recompute", with_db=True)
    ctx.child("bench.jobs.recompute:child_baseline", with_db=True)
    ours, again, next_day, rss, theirs, base_rss = [], [], [], [], [], []
    for _ in range(ctx.repeat):
        app = ctx.child("bench.jobs.recompute:child_recompute", with_db=True)
        bare = ctx.child("bench.jobs.recompute:child_baseline", with_db=True)
        if app.result["customers"] != bare.result["customers"]:
            raise AssertionError(f"RFM scored {app.result['customers']} customers, pandas "
                                 f"{bare.result['customers']}")
        ours.append(app.result["seconds"])
        again.append(app.result["again_s"])
        next_day.append(app.result["next_day_s"])
        rss.append(app.result["peak_rss_mb"])
        theirs.append(bare.result["seconds"])
        base_rss.append(bare.result["peak_rss_mb"])
    extra_keys = ("contacts", "changed", "history_rows", "customers", "bands")
    return Result("recompute", ctx.n, ours, max(rss), TARGET, baseline=BASELINE,
                  baseline_samples=theirs, baseline_peak_rss_mb=max(base_rss),
                  extra={**{k: app.result[k] for k in extra_keys},
                         "again": {"median_s": statistics.median(again), "p95_s": p95(again),
                                   "changed": app.result["again_changed"]},
                         "next_day": {"median_s": statistics.median(next_day),
                                      "p95_s": p95(next_day),
                                      "changed": app.result["next_day_changed"],
                                      "history_rows": app.result["next_day_history_rows"]}})


def child_recompute(db: str) -> dict:
    from bench import dataset, probes
    from db import layering as layering_db
    from desktop import layering
    from desktop.layering_rules import band_cutoffs, load_settings
    from desktop.workspace import open_workspace

    workspace = open_workspace(Path(db), defer_integrity_check=True)
    try:
        runs = []
        for day in (0, 0, 1):  # first, again, next day
            now = dataset.NOW + timedelta(days=day)
            started = time.perf_counter()
            result = workspace.execute(lambda c, t=now: layering.recompute_all(c, clock=lambda: t))
            runs.append((time.perf_counter() - started, result.value))
        cutoffs = band_cutoffs(load_settings(workspace.conn), dataset.NOW)
        bands = {}
        for band in ("active", "silent", "dormant", "browsing"):
            where, params = layering_db.recency_band_where(
                band, active_after=cutoffs.active_after, silent_after=cutoffs.silent_after,
                browsing_after=cutoffs.browsing_after)
            bands[band] = workspace.conn.execute(
                f"SELECT count(*) FROM contacts WHERE deleted_at IS NULL AND {where}",
                params).fetchone()[0]
        customers = layering.load_rfm_model(workspace.conn).customers
    finally:
        workspace.close()
    (seconds, first), (again_s, again), (next_day_s, next_day) = runs
    return {"seconds": seconds, "again_s": again_s, "next_day_s": next_day_s,
            "contacts": first.contacts, "changed": first.changed,
            "history_rows": first.tier_changes + first.stage_changes,
            "again_changed": again.changed, "next_day_changed": next_day.changed,
            "next_day_history_rows": next_day.tier_changes + next_day.stage_changes,
            "customers": customers, "bands": bands, "peak_rss_mb": probes.peak_rss_mb()}


def child_baseline(db: str) -> dict:
    import pandas as pd

    from bench import dataset, probes

    conn = sqlite3.connect(db)
    started = time.perf_counter()
    orders = pd.read_sql_query(
        "SELECT o.contact_id, o.ordered_at, o.amount_fen FROM orders o "
        "JOIN contacts c ON c.id = o.contact_id WHERE c.deleted_at IS NULL", conn)
    per = orders.groupby("contact_id").agg(last=("ordered_at", "max"),
                                           count=("ordered_at", "size"),
                                           spent=("amount_fen", "sum"))
    days = (pd.Timestamp(dataset.NOW) - pd.to_datetime(per["last"], utc=True)).dt.days
    labels = [1, 2, 3, 4, 5]
    scores = pd.DataFrame({
        "r": pd.qcut(days.rank(method="first", ascending=False), 5, labels=labels),
        "f": pd.qcut(per["count"].rank(method="first"), 5, labels=labels),
        "m": pd.qcut(per["spent"].rank(method="first"), 5, labels=labels)}).astype(int)
    high = scores > scores.mean()
    segment = high["r"] * 4 + high["f"] * 2 + high["m"]
    seconds = time.perf_counter() - started
    conn.close()
    return {"seconds": seconds, "customers": int(segment.size),
            "peak_rss_mb": probes.peak_rss_mb()}
