"""briefing: the 今日 queue built at N contacts, as the page builds it on its reader thread.

Setup, untimed, on the child's private copy of the dataset: the eight built-in SOP rules run
once at the dataset's clock (bench.dataset.NOW), which leaves the open tasks an operator has on
such a day (~17,000 at 100k, a few thousand of them due by tonight). Timed per sample:
`desktop.briefing.load_queue` (the one grouped, ordered query, the weekly-limit counts, the
quiet count) + `load_card` of the first card (what the page reads before it can paint).
Baseline, in the same process between samples: a naive per-task build — every due task read as
the task lists read them, grouped per contact in Python, each contact fetched one by one, sorted
in Python. Not timed: the interpreter, imports, opening the database.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.result import Result, Target

# Loaded off the UI thread, but the operator waits for it when the page opens.
TARGET = Target("median_s", 0.2, goal=0.05)
ROUNDS = 15  # over all processes


def run(ctx) -> Result:
    ctx.child("bench.jobs.briefing:child_queue", with_db=True, rounds=1)  # warm-up
    per_child = max(1, ROUNDS // ctx.repeat)
    ours, theirs, rss, cards = [], [], [], []
    for _ in range(ctx.repeat):
        result = ctx.child("bench.jobs.briefing:child_queue", with_db=True,
                           rounds=per_child).result
        ours += result["ours"]
        theirs += result["baseline"]
        rss.append(result["peak_rss_mb"])
        cards.append(result["cards"])
    return Result("briefing", ctx.n, ours, max(rss), TARGET,
                  baseline="naive per-task build: due tasks listed, grouped and sorted in "
                           "Python, contacts fetched one by one",
                  baseline_samples=theirs, baseline_peak_rss_mb=max(rss),
                  extra={"cards": cards[-1]})


def child_queue(db: str, rounds: int) -> dict:
    from bench import dataset, probes
    from desktop import briefing
    from desktop.sop import run_sop
    from desktop.workspace import open_workspace

    workspace = open_workspace(Path(db), defer_integrity_check=True)
    clock = lambda: dataset.NOW  # noqa: E731
    try:
        run_sop(workspace.conn, clock=clock)
        conn = workspace.open_reader()
        ours, baseline = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            queue = briefing.load_queue(conn, clock=clock)
            if queue.cards:
                briefing.load_card(conn, queue.cards[0], clock=clock)
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            naive_queue(conn, clock)
            baseline.append(time.perf_counter() - started)
        conn.close()
    finally:
        workspace.close()
    return {"ours": ours, "baseline": baseline, "peak_rss_mb": probes.peak_rss_mb(),
            "cards": {"shown": len(queue.cards), "overflow": queue.overflow,
                      "skipped": len(queue.skipped)}}


def naive_queue(conn, clock) -> list:
    """The obvious build: the task lists' rows, grouped and ordered in Python."""
    from db import contacts as contacts_db
    from db import tasks as tasks_db
    from db.briefing import SEGMENT_ORDER
    from desktop import timefmt

    start, end = timefmt.local_day_bounds(clock().astimezone().date())
    _, overdue = tasks_db.overdue_tasks(conn, before_utc=start, limit=-1)
    _, todays = tasks_db.tasks_due_between(conn, start_utc=start, end_utc=end, limit=-1)
    cards: dict[object, list] = {}
    for task in overdue + todays:
        cards.setdefault(task.contact_id or f"t{task.id}", []).append(task)
    rank = {code: i for i, code in enumerate(SEGMENT_ORDER)}

    def key(item):
        owner, tasks = item
        contact = contacts_db.get(conn, owner) if isinstance(owner, int) else None
        first = min(t.due_at for t in tasks)
        return (first >= start, -(contact.tier if contact else 0),
                rank.get(contact.rfm_segment if contact else "", 8), first)
    return sorted(cards.items(), key=key)
