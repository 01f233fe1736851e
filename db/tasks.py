"""Task rows: the lists of the task page and the Today page, reminder lookups, and writes.

Bounds are UTC instants computed by the caller from local time. "Open" means status open or
snoozed (a snoozed task is still to be done); tasks of trashed contacts are never listed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from db import rows
from db.contacts import display_name_sql


@dataclass(frozen=True)
class TaskRow:
    id: int
    title: str
    contact_id: int | None
    contact_name: str
    due_at: str | None
    priority: int
    status: str
    source: str
    notes: str
    remind_at: str | None = None
    recurrence: str = ""
    suggested_script_id: int | None = None
    script_title: str = ""
    sop_rule_id: int | None = None
    done_at: str | None = None
    created_at: str = ""


# Rows are chosen, sorted and limited on tasks alone, and only those shown get their contact's
# name and script title. Tasks of trashed contacts are hidden by reading the (small) trash once —
# NOT IN a non-correlated subquery — rather than looking up every task's contact: at 17,000
# overdue tasks that lookup and the sort of joined rows were most of a 75 ms query.
_SHOWN = f"""
    SELECT t.id, t.title, t.contact_id, coalesce({display_name_sql("c")}, ''), t.due_at,
           t.priority, t.status, t.source, t.notes, t.remind_at, t.recurrence,
           t.suggested_script_id, coalesce(s.title, ''), t.sop_rule_id, t.done_at, t.created_at
    FROM (SELECT * FROM tasks t WHERE {{where}}{{order}} LIMIT :limit) AS t
         LEFT JOIN contacts c ON c.id = t.contact_id
         LEFT JOIN scripts s ON s.id = t.suggested_script_id{{order}}"""
_VISIBLE = ("(t.contact_id IS NULL "
            "OR t.contact_id NOT IN (SELECT id FROM contacts WHERE deleted_at IS NOT NULL))")
_OPEN = "t.status IN ('open', 'snoozed') AND " + _VISIBLE


def _rows(conn: sqlite3.Connection, where: str, order: str, params: Mapping[str, object],
          limit: int = -1) -> list[TaskRow]:
    return [TaskRow(*r) for r in conn.execute(_SHOWN.format(where=where, order=order),
                                               {**params, "limit": limit})]


def _counted(conn: sqlite3.Connection, where: str, order: str, params: Mapping[str, object],
             limit: int) -> tuple[int, list[TaskRow]]:
    total = conn.execute(f"SELECT count(*) FROM tasks t WHERE {where}", params).fetchone()[0]
    return total, _rows(conn, where, order, params, limit)


def overdue_tasks(conn: sqlite3.Connection, *, before_utc: str, limit: int = 200
                  ) -> tuple[int, list[TaskRow]]:
    """Open tasks due before `before_utc`: (how many in all, the oldest `limit`)."""
    return _counted(conn, _OPEN + " AND t.due_at < :before", " ORDER BY t.due_at, t.priority",
                    {"before": before_utc}, limit)


def tasks_due_between(conn: sqlite3.Connection, *, start_utc: str, end_utc: str,
                      limit: int = 200) -> tuple[int, list[TaskRow]]:
    """Open tasks due in [start, end): (how many in all, the first `limit` by priority)."""
    return _counted(conn, _OPEN + " AND t.due_at >= :start AND t.due_at < :end",
                    " ORDER BY t.priority, t.due_at", {"start": start_utc, "end": end_utc},
                    limit)


def upcoming_tasks(conn: sqlite3.Connection, *, from_utc: str, limit: int = 200
                   ) -> tuple[int, list[TaskRow]]:
    """Open tasks due at or after `from_utc`, soonest first, then those with no due time."""
    return _counted(conn, _OPEN + " AND (t.due_at >= :start OR t.due_at IS NULL)",
                    " ORDER BY t.due_at IS NULL, t.due_at, t.priority", {"start": from_utc},
                    limit)


def done_tasks(conn: sqlite3.Connection, *, limit: int = 200) -> tuple[int, list[TaskRow]]:
    """Completed tasks, most recently done first."""
    return _counted(conn, "t.status = 'done' AND " + _VISIBLE,
                    " ORDER BY t.done_at DESC, t.id DESC", {}, limit)


def task(conn: sqlite3.Connection, task_id: int) -> TaskRow | None:
    found = _rows(conn, "t.id = :id", "", {"id": task_id})
    return found[0] if found else None


def tasks_by_ids(conn: sqlite3.Connection, task_ids: Iterable[int]) -> list[TaskRow]:
    """The given tasks (a briefing card's reasons), by due time."""
    return _rows(conn, "t.id IN (SELECT value FROM json_each(:ids))",
                 " ORDER BY coalesce(t.due_at, ''), t.id",
                 {"ids": json.dumps([int(i) for i in task_ids])})


def open_tasks_of(conn: sqlite3.Connection, contact_id: int) -> list[TaskRow]:
    """Every open task of one contact, soonest first, those without a due time last."""
    return _rows(conn, "t.status IN ('open', 'snoozed') AND t.contact_id = :contact",
                 " ORDER BY t.due_at IS NULL, t.due_at, t.id", {"contact": contact_id})


def open_tasks_due_from(conn: sqlite3.Connection, *, from_utc: str) -> list[TaskRow]:
    """Open tasks due at or after `from_utc`, by due time (the calendar export)."""
    return _rows(conn, _OPEN + " AND t.due_at >= :start", " ORDER BY t.due_at, t.id",
                 {"start": from_utc})


# Reminders. remind_at is compared as text: the stored form sorts as time does.
def reminders_between(conn: sqlite3.Connection, *, after_utc: str | None, until_utc: str,
                      limit: int = -1) -> list[TaskRow]:
    """Open tasks whose remind time is in (after, until] (no lower bound when after is None),
    by remind time; at most `limit` (-1: all)."""
    lower = "" if after_utc is None else " AND t.remind_at > :after"
    return _rows(conn, _OPEN + " AND t.remind_at <= :until" + lower,
                 " ORDER BY t.remind_at, t.id", {"after": after_utc, "until": until_utc}, limit)


def next_remind_at(conn: sqlite3.Connection, *, after_utc: str) -> str | None:
    """The earliest remind time after `after_utc` of an open task."""
    return conn.execute(f"SELECT min(t.remind_at) FROM tasks t WHERE {_OPEN} "
                        "AND t.remind_at > ?", (after_utc,)).fetchone()[0]


def count_reminded(conn: sqlite3.Connection, *, until_utc: str) -> int:
    """Open tasks whose remind time has passed (the navigation badge)."""
    return conn.execute(f"SELECT count(*) FROM tasks t WHERE {_OPEN} AND t.remind_at <= ?",
                        (until_utc,)).fetchone()[0]


# Writes. Operations keep before-images of whole rows (`snapshot`) and put them back (`restore`).
COLUMNS = ("id", "title", "contact_id", "due_at", "remind_at", "recurrence", "priority",
           "status", "source", "sop_rule_id", "trigger_key", "suggested_script_id",
           "moments_post_id", "notes", "done_at", "created_at")
EDITABLE = ("title", "contact_id", "due_at", "remind_at", "recurrence", "priority", "notes",
            "suggested_script_id")
TaskImage = tuple | None  # a whole row in COLUMNS order; None = the row does not exist


def insert(conn: sqlite3.Connection, values: Mapping[str, object]) -> int:
    return rows.insert(conn, "tasks", values)


def update(conn: sqlite3.Connection, task_id: int, values: Mapping[str, object]) -> None:
    rows.update(conn, "tasks", task_id, values)


def fields(conn: sqlite3.Connection, task_id: int) -> dict[str, object] | None:
    """The stored row as column → value (None when there is no such task)."""
    image = snapshot(conn, [task_id])[task_id]
    return None if image is None else dict(zip(COLUMNS, image, strict=True))


def snapshot(conn: sqlite3.Connection, task_ids: Iterable[int]) -> dict[int, TaskImage]:
    ids = list(task_ids)
    found = {r[0]: tuple(r) for r in conn.execute(
        f"SELECT {', '.join(COLUMNS)} FROM tasks WHERE id IN ({', '.join('?' * len(ids))})",
        ids)}
    return {i: found.get(i) for i in ids}


def restore(conn: sqlite3.Connection, images: Mapping[int, TaskImage]) -> None:
    """Make each task exactly its image: deleted where the image is None."""
    gone = [(i,) for i, image in images.items() if image is None]
    conn.executemany("DELETE FROM tasks WHERE id = ?", gone)
    conn.executemany(f"INSERT OR REPLACE INTO tasks ({', '.join(COLUMNS)}) "
                     f"VALUES ({', '.join('?' * len(COLUMNS))})",
                     [image for image in images.values() if image is not None])
