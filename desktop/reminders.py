"""Reminders: which tasks remind now, when to wake up next, and one summary at start.

Logic only, with an injected clock: no Qt, no timer, no writes. The UI drives it with one
single-shot QTimer (never polling) and the UI thread's read-only connection:

    schedule = ReminderSchedule()            # after the start's first run_sop
    missed = schedule.start(reader)          # once: if missed.count, one tray message
    timer.start(schedule.next_delay_ms(reader))
    on timeout:   for task in schedule.due(reader): tray message (+ badge_count for the badge)
                  timer.start(schedule.next_delay_ms(reader))
    on changes_applied with tasks: timer.start(schedule.next_delay_ms(reader))

What has fired is remembered in memory for this run, as (task id, remind time): a snoozed or
rescheduled task reminds again at its new time. Nothing is stored, so at the next start every
open task whose remind time has passed — came due while the app was closed, or fired before
and was left undone — is counted in the one summary and listed as overdue, not popped up one
by one.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from db import tasks as tasks_db
from desktop import timefmt

# The timer wakes at least this often: a laptop that slept, or a changed system clock, would
# otherwise leave a long timer pointing at the wrong moment.
MAX_SLEEP = timedelta(hours=1)
SUMMARY_NAMES = 3


@dataclass(frozen=True)
class MissedSummary:
    count: int                      # open tasks whose remind time passed before the start
    first: list[tasks_db.TaskRow]   # the oldest few of them

    def message(self) -> str:
        """One line for the tray or a banner ('' when nothing was missed)."""
        if not self.count:
            return ""
        names = "、".join(f"{t.title}（{t.contact_name}）" if t.contact_name else t.title
                         for t in self.first)
        more = " 等" if self.count > len(self.first) else ""
        return (f"程序关闭期间有 {self.count} 个任务提醒到期：{names}{more}。"
                "已列在“逾期”和“今日”中。")


class ReminderSchedule:
    """Reminder state of one app run. Call `start` once, then `due`/`next_delay_ms` as the
    timer fires; one thread only (the UI thread, with its read-only connection)."""

    def __init__(self, *, clock: timefmt.Clock = timefmt.system_clock) -> None:
        self._clock = clock
        self._started_at: str | None = None
        self._fired: set[tuple[int, str]] = set()

    def start(self, conn: sqlite3.Connection) -> MissedSummary:
        """Everything due by now becomes the summary and will not fire on its own."""
        now = timefmt.to_db(self._clock())
        self._started_at = now
        return MissedSummary(
            tasks_db.count_reminded(conn, until_utc=now),
            tasks_db.reminders_between(conn, after_utc=None, until_utc=now,
                                       limit=SUMMARY_NAMES))

    def due(self, conn: sqlite3.Connection) -> list[tasks_db.TaskRow]:
        """Tasks to remind of now (each remind time once), oldest first."""
        fresh = self._unfired(conn)
        self._fired.update((t.id, t.remind_at) for t in fresh)
        return fresh

    def next_wake(self, conn: sqlite3.Connection) -> datetime | None:
        """When the next reminder is due: now if one is waiting, None if there is none."""
        now = self._clock()
        if self._unfired(conn):
            return now
        following = tasks_db.next_remind_at(conn, after_utc=timefmt.to_db(now))
        return timefmt.from_db(following) if following else None

    def next_delay_ms(self, conn: sqlite3.Connection) -> int:
        """Milliseconds for the single-shot timer: until the next reminder, at most MAX_SLEEP."""
        wake = self.next_wake(conn)
        delay = MAX_SLEEP if wake is None else min(MAX_SLEEP, wake - self._clock())
        return max(0, int(delay / timedelta(milliseconds=1)))

    def badge_count(self, conn: sqlite3.Connection) -> int:
        """Open tasks whose remind time has passed (the navigation badge)."""
        return tasks_db.count_reminded(conn, until_utc=timefmt.to_db(self._clock()))

    def _unfired(self, conn: sqlite3.Connection) -> list[tasks_db.TaskRow]:
        if self._started_at is None:
            raise RuntimeError("ReminderSchedule.start() must come first")
        return [t for t in tasks_db.reminders_between(conn, after_utc=self._started_at,
                                                      until_utc=timefmt.to_db(self._clock()))
                if (t.id, t.remind_at) not in self._fired]
