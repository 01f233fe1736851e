"""The 数据 page's numbers: db/dashboard.py's aggregates turned into tables of codes.

Every chart is a `Table` of stored codes (tier numbers, stage and segment codes, channel names,
ISO dates of week starts), never labels: the UI translates them, and the CSV export writes what
the UI shows. Weeks run Monday to Sunday in the operator's local time; their bounds are local
midnights converted to UTC, so a contact added at 23:59 on Sunday in Shanghai (15:59 UTC) counts
in that week, and one added a minute later in the next. Everything here only reads; call it on
any thread with its own connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from db import dashboard as dashboard_db
from desktop import timefmt
from desktop.contact_query import ContactQuery

TIERS = (1, 2, 3, 4, 5)
STAGES = ("potential", "new", "growing", "mature", "declining", "churned")
RFM_SEGMENTS = ("important_value", "important_develop", "important_keep", "important_recall",
                "general_value", "general_develop", "general_keep", "general_recall")
TASK_OUTCOMES = ("on_time", "late", "open")
POST_OUTCOMES = ("posted", "skipped")
DEFAULT_WEEKS = 12

DayRange = tuple[date, date]  # local calendar days, both inclusive


@dataclass(frozen=True)
class Table:
    """values[r][c] for row code rows[r] and column code columns[c].

    Bar charts draw columns along the axis and stack the rows; a matrix is drawn as it is."""
    rows: tuple
    columns: tuple
    values: tuple[tuple[float, ...], ...]

    def value(self, row: object, column: object) -> float:
        return self.values[self.rows.index(row)][self.columns.index(column)]


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def last_weeks(today: date, weeks: int = DEFAULT_WEEKS) -> DayRange:
    """Monday `weeks - 1` weeks before this week's Monday … this week's Sunday."""
    monday = week_start(today)
    return monday - timedelta(weeks=weeks - 1), monday + timedelta(days=6)


def week_starts(days: DayRange) -> tuple[date, ...]:
    """The Mondays of every week that overlaps `days`."""
    first, last = week_start(days[0]), days[1]
    return tuple(first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1))


def local_window(first: date, last: date) -> dashboard_db.Window:
    """UTC bounds of the local days first … last (inclusive)."""
    return timefmt.local_day_bounds(first)[0], timefmt.local_day_bounds(last)[1]


def _week_windows(mondays: Sequence[date]) -> list[dashboard_db.Window]:
    return [local_window(m, m + timedelta(days=6)) for m in mondays]


def _count_table(counts: dict, columns: Sequence) -> Table:
    return Table(("contacts",), tuple(columns), (tuple(counts.get(c, 0) for c in columns),))


def contacts_by(conn: sqlite3.Connection, column: str, *, added: DayRange | None = None
                ) -> Table:
    """Live contacts per tier, stage or channel (channels biggest first; '' = no channel)."""
    counts = dashboard_db.contacts_by(conn, column,
                                      added=local_window(*added) if added else None)
    order = {"tier": TIERS, "stage": STAGES}.get(column)
    if order is None:
        order = sorted(counts, key=lambda c: (-counts[c], c))
    return _count_table(counts, order)


def rfm_grid(conn: sqlite3.Connection) -> Table:
    """Each of the eight segments: contacts and average total spend in yuan."""
    by_code = dashboard_db.rfm_segments(conn)
    return Table(RFM_SEGMENTS, ("contacts", "average_spent_yuan"), tuple(
        (by_code.get(s, (0, 0.0))[0], round(by_code.get(s, (0, 0.0))[1] / 100, 2))
        for s in RFM_SEGMENTS))


def _weekly(triples: list[tuple[int, str, int]], mondays: Sequence[date],
            rows: Sequence[str]) -> Table:
    grid = {(r, i): n for i, r, n in triples}
    return Table(tuple(rows), tuple(m.isoformat() for m in mondays),
                 tuple(tuple(grid.get((r, i), 0) for i in range(len(mondays))) for r in rows))


def new_contacts_by_week(conn: sqlite3.Connection, days: DayRange) -> Table:
    """Contacts added per local week, one stacked row per channel (biggest first)."""
    mondays = week_starts(days)
    triples = dashboard_db.new_contacts_by_window(conn, _week_windows(mondays))
    totals: dict[str, int] = {}
    for _i, channel, n in triples:
        totals[channel] = totals.get(channel, 0) + n
    return _weekly(triples, mondays, sorted(totals, key=lambda c: (-totals[c], c)))


def tasks_by_week(conn: sqlite3.Connection, days: DayRange) -> Table:
    """Tasks due per local week: done on time, done late, still open (cancelled left out)."""
    mondays = week_starts(days)
    return _weekly(dashboard_db.tasks_by_window(conn, _week_windows(mondays)), mondays,
                   TASK_OUTCOMES)


def posts_by_week(conn: sqlite3.Connection, days: DayRange) -> Table:
    """Moments posts planned per local week that were posted vs skipped."""
    mondays = week_starts(days)
    return _weekly(dashboard_db.posts_by_window(conn, _week_windows(mondays)), mondays,
                   POST_OUTCOMES)


def tier_migration(conn: sqlite3.Connection, since: date) -> Table:
    """Rows: tier before the first change since local midnight of `since`; columns: tier now.
    Only contacts whose tier changed are counted (the diagonal: changed and came back)."""
    since_utc = timefmt.local_day_bounds(since)[0]
    grid = {(f, t): n for f, t, n in dashboard_db.tier_migration(conn, since_utc)}
    return Table(TIERS, TIERS, tuple(tuple(grid.get((f, t), 0) for t in TIERS) for f in TIERS))


def tier_migration_ids(conn: sqlite3.Connection, since: date, from_tier: int,
                       to_tier: int) -> list[int]:
    return dashboard_db.tier_migration_ids(conn, timefmt.local_day_bounds(since)[0],
                                           from_tier, to_tier)


def task_contact_ids(conn: sqlite3.Connection, monday: date, outcome: str) -> list[int]:
    """Contacts of the tasks behind one bar of `tasks_by_week`."""
    return dashboard_db.task_contact_ids(conn, local_window(monday, monday + timedelta(days=6)),
                                         outcome)


def contacts_query(column: str, code: object, *, added: DayRange | None = None) -> ContactQuery:
    """The contact list behind one bar: tier, stage, channel or RFM segment `code`."""
    field = {"tier": "tiers", "stage": "stages", "channel": "channels",
             "rfm_segment": "rfm_segments"}[column]
    dates = {"added_from": added[0].isoformat(), "added_to": added[1].isoformat()} if added else {}
    return ContactQuery(**{field: (code,)}, **dates)


def week_query(channel: str, monday: date) -> ContactQuery:
    """The contacts of one segment of the new-contacts chart: that channel, added that week."""
    return contacts_query("channel", channel, added=(monday, monday + timedelta(days=6)))
