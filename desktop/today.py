"""The Today page's content: what is overdue, what is due today, today's posts, who needs a touch.
`load_today` only reads (any thread with its own connection). Completing a task from it is
desktop.tasks.complete_task (re-exported here for the page).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import timedelta

from db import settings
from db import tasks as tasks_db
from db import today as today_db
from desktop import timefmt
from desktop.tasks import complete_task as complete_task

QUIET_DAYS_KEY = "today.quiet_days"
DEFAULT_QUIET_DAYS = 30


@dataclass(frozen=True)
class TodayOverview:
    overdue_total: int
    overdue_tasks: list[tasks_db.TaskRow]
    todays_total: int
    todays_tasks: list[tasks_db.TaskRow]
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
    overdue_total, overdue = tasks_db.overdue_tasks(conn, before_utc=start)
    todays_total, todays = tasks_db.tasks_due_between(conn, start_utc=start, end_utc=end)
    return TodayOverview(
        overdue_total=overdue_total, overdue_tasks=overdue,
        todays_total=todays_total, todays_tasks=todays,
        todays_posts=today_db.posts_between(conn, start_utc=start, end_utc=end),
        needs_touch_total=total, needs_touch=touch, quiet_days=quiet_days)

