"""filter: a change in the filter panel → the first page of the filtered list, at N contacts.

Each sample is `matching_ids` of a ContactQuery from COMBOS (tags all/any/none with tiers,
stages, channel, "no interaction for N days", "ordered within N days", phone, added since) +
`list_rows` of the first page, as bench.jobs.search times a search. Day counts run against
the dataset's own clock. RUNS samples in all, the combinations in turn; `extra.groups` has
each one's median, p95 and hit count. Baseline, in alternating processes: the very statement
matching_ids runs without its index hint (`INDEXED BY contacts_live_list`, or `NOT INDEXED`
when a rare tag drives) — SQLite's own choice of plan — + the same first page.
"""

from __future__ import annotations

import math
import time
from datetime import timedelta

from bench.jobs.search import PAGE, first_page, grouped_result
from bench.result import Result

RUNS = 300             # over all processes
BASELINE_RUNS = 3      # per combination and process: a plan that reads the table is slow
HINTS = ("INDEXED BY contacts_live_list ", "NOT INDEXED ")
# name → (tag conditions by tag name, other ContactQuery fields); tag names are the demo's.
COMBOS: dict[str, tuple[tuple[tuple[str, tuple[str, ...]], ...], dict]] = {
    "高 且 L4/L5": ((("all", ("高",)),), {"tiers": (4, 5)}),
    "美白或抗衰 且 30 天未互动": ((("any", ("美白", "抗衰")),), {"quiet_days": 30}),
    "L3–L5 且 无 KOC/团长 且 90 天内下单": ((("none", ("KOC", "团长")),),
                                        {"tiers": (3, 4, 5), "ordered_within_days": 90}),
    "花茶 且 抖音 且 成长/成熟": ((("all", ("花茶",)),),
                             {"channels": ("抖音",), "stages": ("growing", "mature")}),
    "L1/L2 且 60 天未互动": ((), {"tiers": (1, 2), "quiet_days": 60}),
    "无 低 且 有手机号 且 一年内添加": ((("none", ("低",)),),
                               {"has_phone": True, "added_days": 365}),
    "补水和晚上 且 L2+ 且 14 天未互动": ((("all", ("补水", "晚上")),),
                                   {"tiers": (2, 3, 4, 5), "quiet_days": 14}),
}


def run(ctx) -> Result:
    per_run = math.ceil(RUNS / (len(COMBOS) * ctx.repeat))
    ctx.child("bench.jobs.filter:child_filter", with_db=True, rounds=1)
    ctx.child("bench.jobs.filter:child_baseline", with_db=True, rounds=1)
    runs = [(ctx.child("bench.jobs.filter:child_filter", with_db=True, rounds=per_run).result,
             ctx.child("bench.jobs.filter:child_baseline", with_db=True,
                       rounds=min(per_run, BASELINE_RUNS)).result)
            for _ in range(ctx.repeat)]
    for ours, theirs in runs:
        if ours["hits"] != theirs["hits"]:
            raise AssertionError(f"hits differ: {ours['hits']} vs {theirs['hits']}")
    return grouped_result("filter", ctx.n, runs,
                          "the same SQL without index hints (SQLite's plan)",
                          {name: {"hits": runs[0][0]["hits"][name]} for name in COMBOS})


def queries(conn) -> dict:
    """COMBOS as ContactQuery objects for this database's tags."""
    from bench import dataset
    from desktop.contact_query import ContactQuery, TagCondition

    tag_ids = {name: tag_id for tag_id, name in conn.execute("SELECT id, name FROM tags")}
    out = {}
    for name, (conditions, fields) in COMBOS.items():
        fields = dict(fields)
        if "added_days" in fields:
            since = dataset.NOW - timedelta(days=fields.pop("added_days"))
            fields["added_from"] = since.astimezone().date().isoformat()
        out[name] = ContactQuery(tag_conditions=tuple(
            TagCondition(mode, tuple(tag_ids[t] for t in tags)) for mode, tags in conditions),
            **fields)
    return out


def child_filter(db: str, rounds: int) -> dict:
    from bench import dataset, probes
    from db.connection import connect

    conn = connect(db, read_only=True)
    samples: dict[str, list[float]] = {name: [] for name in COMBOS}
    hits = {}
    combos = queries(conn)
    for _ in range(rounds):
        for name, query in combos.items():
            seconds, ids = first_page(conn, query, lambda: dataset.NOW)
            samples[name].append(seconds)
            hits[name] = len(ids)
    conn.close()
    return {"samples": samples, "hits": hits, "peak_rss_mb": probes.peak_rss_mb()}


def child_baseline(db: str, rounds: int) -> dict:
    from bench import dataset, probes
    from db.connection import connect
    from db.contacts import list_rows
    from desktop.contact_query import matching_ids

    conn = connect(db, read_only=True)
    statements = {}
    for name, query in queries(conn).items():  # the SQL matching_ids runs, untimed
        traced: list[str] = []
        conn.set_trace_callback(traced.append)
        matching_ids(conn, query, clock=lambda: dataset.NOW)
        conn.set_trace_callback(None)
        (listing,) = [s for s in traced if "ORDER BY" in s]
        for hint in HINTS:
            listing = listing.replace(hint, "")
        statements[name] = listing
    samples, hits = [], {}
    for _ in range(rounds):
        for name, sql in statements.items():
            started = time.perf_counter()
            ids = [r[0] for r in conn.execute(sql)]
            list_rows(conn, ids[:PAGE])
            samples.append(time.perf_counter() - started)
            hits[name] = len(ids)
    conn.close()
    return {"samples": samples, "hits": hits, "peak_rss_mb": probes.peak_rss_mb()}
