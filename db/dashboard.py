"""Aggregate reads behind the 数据 (dashboard) page: counts grouped in SQL, never rows in Python.

Every bound is a UTC instant computed by the caller from local time (desktop/dashboard.py), so
a week starts at the operator's local Monday midnight. Weekly counts take a list of windows
`[start_utc, end_utc)` and bucket with one range join on the indexed time column, one scan per
window. Only live contacts (not in the trash) are counted. All functions only read.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

Window = tuple[str, str]  # [start_utc, end_utc)

_COUNTED_COLUMNS = {"tier": "contacts_live_tier", "stage": "contacts_live_stage",
                    "channel": "contacts_live_channel"}

# A task's outcome, judged against its due time; cancelled tasks have none (NULL).
_TASK_OUTCOME = """CASE WHEN t.status = 'done' AND t.done_at <= t.due_at THEN 'on_time'
                        WHEN t.status = 'done' THEN 'late'
                        WHEN t.status IN ('open', 'snoozed') THEN 'open' END"""

# Per contact whose tier changed at or after ?: the tier before its first change then, and its
# tier now. SQLite takes the bare `from_value` from the row holding min(changed_at).
# NOT INDEXED: one pass over the table beats layer_history_time, whose rowid look-ups cost
# ~0.7 s at 100k when the date is a year back (measured; the plan SQLite picks by itself).
_MIGRATION = """SELECT h.contact_id AS contact_id, CAST(h.from_value AS INTEGER) AS from_tier,
                       c.tier AS to_tier
                FROM (SELECT contact_id, from_value, min(changed_at)
                      FROM layer_history NOT INDEXED
                      WHERE dimension = 'tier' AND changed_at >= ? AND from_value <> ''
                      GROUP BY contact_id) h
                JOIN contacts c ON c.id = h.contact_id AND c.deleted_at IS NULL"""


def _windows_cte(windows: Sequence[Window]) -> tuple[str, list[str]]:
    """`WITH w(i, lo, hi) AS (VALUES …)` over the windows, and its parameters."""
    if not windows:
        raise ValueError("at least one window is needed")
    values = ", ".join(f"({i}, ?, ?)" for i in range(len(windows)))
    return f"WITH w(i, lo, hi) AS (VALUES {values})", [b for pair in windows for b in pair]


def _added_clause(added: Window | None) -> tuple[str, list[str]]:
    return ("", []) if added is None else (" AND added_at >= ? AND added_at < ?", list(added))


def contacts_by(conn: sqlite3.Connection, column: str, *, added: Window | None = None
                ) -> dict[object, int]:
    """Live contacts per tier, stage or channel, optionally only those added in `added`."""
    index = _COUNTED_COLUMNS[column]  # KeyError for anything else: the name goes into SQL
    clause, params = _added_clause(added)
    # The added-range filter is cheaper on its own index than walking the grouping one.
    hint = "" if added else f" INDEXED BY {index}"
    return dict(conn.execute(
        f"SELECT {column}, count(*) FROM contacts{hint} WHERE deleted_at IS NULL{clause} "
        f"GROUP BY {column}", params).fetchall())


def rfm_segments(conn: sqlite3.Connection) -> dict[str, tuple[int, float]]:
    """Segment code → (live contacts, their average total spend in fen). Unscored left out."""
    return {segment: (count, avg or 0.0) for segment, count, avg in conn.execute(
        "SELECT rfm_segment, count(*), avg(total_spent_fen) FROM contacts "
        "WHERE deleted_at IS NULL AND rfm_segment <> '' GROUP BY rfm_segment")}


def new_contacts_by_window(conn: sqlite3.Connection, windows: Sequence[Window]
                           ) -> list[tuple[int, str, int]]:
    """(window index, channel, live contacts added in it)."""
    cte, params = _windows_cte(windows)
    return conn.execute(
        f"""{cte} SELECT w.i, c.channel, count(*) FROM w
            JOIN contacts c INDEXED BY contacts_live_added
              ON c.added_at >= w.lo AND c.added_at < w.hi AND c.deleted_at IS NULL
            GROUP BY w.i, c.channel""", params).fetchall()


def tasks_by_window(conn: sqlite3.Connection, windows: Sequence[Window]
                    ) -> list[tuple[int, str, int]]:
    """(window index, outcome 'on_time'/'late'/'open', tasks due in it)."""
    cte, params = _windows_cte(windows)
    return conn.execute(
        f"""{cte} SELECT w.i, {_TASK_OUTCOME} AS outcome, count(*) FROM w
            JOIN tasks t ON t.due_at >= w.lo AND t.due_at < w.hi
            WHERE outcome IS NOT NULL GROUP BY w.i, outcome""", params).fetchall()


def task_contact_ids(conn: sqlite3.Connection, window: Window, outcome: str) -> list[int]:
    """Live contacts of the tasks due in `window` with this outcome (the bar behind a click)."""
    return [r[0] for r in conn.execute(
        f"""SELECT DISTINCT t.contact_id FROM tasks t
            JOIN contacts c ON c.id = t.contact_id AND c.deleted_at IS NULL
            WHERE t.due_at >= ? AND t.due_at < ? AND {_TASK_OUTCOME} = ?
            ORDER BY t.contact_id""", (*window, outcome))]


def posts_by_window(conn: sqlite3.Connection, windows: Sequence[Window]
                    ) -> list[tuple[int, str, int]]:
    """(window index, 'posted'/'skipped', moments posts planned in it)."""
    cte, params = _windows_cte(windows)
    return conn.execute(
        f"""{cte} SELECT w.i, p.status, count(*) FROM w
            JOIN moments_posts p ON p.planned_at >= w.lo AND p.planned_at < w.hi
            WHERE p.status IN ('posted', 'skipped') GROUP BY w.i, p.status""",
        params).fetchall()


def tier_migration(conn: sqlite3.Connection, since_utc: str) -> list[tuple[int, int, int]]:
    """(tier before the first change since `since_utc`, tier now, live contacts)."""
    return conn.execute(f"SELECT from_tier, to_tier, count(*) FROM ({_MIGRATION}) "
                        "GROUP BY from_tier, to_tier", (since_utc,)).fetchall()


def tier_migration_ids(conn: sqlite3.Connection, since_utc: str, from_tier: int,
                       to_tier: int) -> list[int]:
    """The contacts of one cell of `tier_migration`."""
    return [r[0] for r in conn.execute(
        f"SELECT contact_id FROM ({_MIGRATION}) WHERE from_tier = ? AND to_tier = ? "
        "ORDER BY contact_id", (since_utc, from_tier, to_tier))]
