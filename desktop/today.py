"""The Today page's content: what is overdue, what is due today, today's posts, who needs a touch;
and completing a task from it. `load_today` only reads (any thread with its own connection);
`complete_task` is an operation for the database thread.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import timedelta

from db import settings
from db import today as today_db
from db.connection import transaction
from desktop import timefmt
from desktop.changes import Changes, OpResult

QUIET_DAYS_KEY = "today.quiet_days"
DEFAULT_QUIET_DAYS = 30


@dataclass(frozen=True)
class TodayOverview:
    overdue_total: int
    overdue_tasks: list[today_db.TaskRow]
    todays_total: int
    todays_tasks: list[today_db.TaskRow]
    todays_posts: list[today_db.PostRow]
    needs_touch_total: int
    needs_touch: list[today_db.TouchRow]
    quiet_days: int


def load_today(conn: sqlite3.Connection, *, clock: timefmt.Clock = timefmt.system_clock,
               touch_limit: int = 100) -> TodayOverview:
    now = clock()
    start, end = timefmt.local_day_bounds(now.astimezone().date())
    quiet_days = int(settings.get(conn, QUIET_DAYS_KEY, DEFAULT_QUIET_DAYS))
    quiet_since = timefmt.to_db(now - timedelta(days=quiet_days))
    total, touch = today_db.contacts_needing_touch(conn, quiet_since_utc=quiet_since,
                                                   limit=touch_limit)
    overdue_total, overdue = today_db.overdue_tasks(conn, before_utc=start)
    todays_total, todays = today_db.tasks_due_between(conn, start_utc=start, end_utc=end)
    return TodayOverview(
        overdue_total=overdue_total, overdue_tasks=overdue,
        todays_total=todays_total, todays_tasks=todays,
        todays_posts=today_db.posts_between(conn, start_utc=start, end_utc=end),
        needs_touch_total=total, needs_touch=touch, quiet_days=quiet_days)


def complete_task(conn: sqlite3.Connection, *, task_id: int,
                  clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """Mark a task done; undo puts back its previous status."""
    before = today_db.task_status(conn, task_id)
    if before is None:
        return OpResult(Changes())
    with transaction(conn):
        today_db.set_task_status(conn, task_id, "done", timefmt.to_db(clock()))

    def undo(c: sqlite3.Connection) -> OpResult:
        today_db.set_task_status(c, task_id, *before)
        return OpResult(Changes(tasks=True), count=1,
                        undo=lambda c2: complete_task(c2, task_id=task_id, clock=clock))
    return OpResult(Changes(tasks=True), label="完成任务", count=1, undo=undo)
