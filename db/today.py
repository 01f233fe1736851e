"""Queries behind the Today page. Bounds are UTC instants computed by the caller from local time."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

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


@dataclass(frozen=True)
class PostRow:
    id: int
    planned_at: str
    account_name: str
    content_type: str
    body: str
    status: str


@dataclass(frozen=True)
class TouchRow:
    id: int
    display_name: str
    tier: int
    last_interaction_at: str | None
    added_at: str


_TASK_COLUMNS = f"""
    SELECT t.id, t.title, t.contact_id, coalesce({display_name_sql("c")}, ''), t.due_at,
           t.priority, t.status, t.source, t.notes
    FROM tasks t LEFT JOIN contacts c ON c.id = t.contact_id"""
_TASK_SELECT = _TASK_COLUMNS + """
    WHERE t.status IN ('open', 'snoozed')
      AND (t.contact_id IS NULL OR c.deleted_at IS NULL)"""


def overdue_tasks(conn: sqlite3.Connection, *, before_utc: str, limit: int = 200
                  ) -> tuple[int, list[TaskRow]]:
    """Open tasks due before `before_utc`: (how many in all, the oldest `limit`)."""
    return _counted(conn, " AND t.due_at < ?", " ORDER BY t.due_at, t.priority",
                    (before_utc,), limit)


def tasks_due_between(conn: sqlite3.Connection, *, start_utc: str, end_utc: str,
                      limit: int = 200) -> tuple[int, list[TaskRow]]:
    """Open tasks due in [start, end): (how many in all, the first `limit` by priority)."""
    return _counted(conn, " AND t.due_at >= ? AND t.due_at < ?", " ORDER BY t.priority, t.due_at",
                    (start_utc, end_utc), limit)


def _counted(conn: sqlite3.Connection, where: str, order: str, params: tuple, limit: int
             ) -> tuple[int, list[TaskRow]]:
    total = conn.execute(f"SELECT count(*) FROM ({_TASK_SELECT}{where})", params).fetchone()[0]
    rows = conn.execute(f"{_TASK_SELECT}{where}{order} LIMIT ?", (*params, limit))
    return total, [TaskRow(*r) for r in rows]


def task(conn: sqlite3.Connection, task_id: int) -> TaskRow | None:
    row = conn.execute(_TASK_COLUMNS + " WHERE t.id = ?", (task_id,)).fetchone()
    return TaskRow(*row) if row else None


def set_task_status(conn: sqlite3.Connection, task_id: int, status: str, done_at: str | None
                    ) -> None:
    conn.execute("UPDATE tasks SET status = ?, done_at = ? WHERE id = ?",
                 (status, done_at, task_id))


def task_status(conn: sqlite3.Connection, task_id: int) -> tuple[str, str | None] | None:
    row = conn.execute("SELECT status, done_at FROM tasks WHERE id = ?", (task_id,)).fetchone()
    return (row[0], row[1]) if row else None


def posts_between(conn: sqlite3.Connection, *, start_utc: str, end_utc: str) -> list[PostRow]:
    return [PostRow(*r) for r in conn.execute(
        """SELECT p.id, p.planned_at, coalesce(a.name, ''), p.content_type, p.body, p.status
           FROM moments_posts p LEFT JOIN accounts a ON a.id = p.account_id
           WHERE p.planned_at >= ? AND p.planned_at < ? ORDER BY p.planned_at""",
        (start_utc, end_utc))]


def contacts_needing_touch(conn: sqlite3.Connection, *, quiet_since_utc: str, limit: int = 100
                           ) -> tuple[int, list[TouchRow]]:
    """Live contacts with no interaction since `quiet_since_utc` (never-touched ones count from
    when they were added), highest tier first. Returns (total count, first `limit` rows)."""
    where = """deleted_at IS NULL AND coalesce(last_interaction_at, added_at) < :since"""
    total = conn.execute(f"SELECT count(*) FROM contacts WHERE {where}",
                         {"since": quiet_since_utc}).fetchone()[0]
    rows = conn.execute(
        f"""SELECT id, {display_name_sql()}, tier, last_interaction_at, added_at
            FROM contacts WHERE {where}
            ORDER BY tier DESC, coalesce(last_interaction_at, added_at) DESC, id DESC
            LIMIT :limit""", {"since": quiet_since_utc, "limit": limit})
    return total, [TouchRow(*r) for r in rows]
