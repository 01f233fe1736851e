"""Queries behind the Today page (its task lists are db/tasks.py's). Bounds are UTC instants
computed by the caller from local time."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from db.contacts import display_name_sql


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
