"""Queries behind the morning briefing (desktop/briefing.py): the ordered candidate cards in one
set-based query, then the details of one card at a time. Bounds are UTC instants computed by the
caller from the local day.

A card's key says what it is about: 'c<contact id>' (every due task of that contact), 'p<post
id>' (a moments post: its reminder task and/or the post planned today), 't<task id>' (a task
with neither contact nor post).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from db import tasks as tasks_db
from db.contacts import display_name_sql
from db.tasks import TaskRow

# Value order after tier: the eight RFM segments, best first; no segment comes last.
SEGMENT_ORDER = ("important_value", "important_develop", "important_keep", "important_recall",
                 "general_value", "general_develop", "general_keep", "general_recall")
_SEGMENT_RANK = "CASE c.rfm_segment " + " ".join(
    f"WHEN '{code}' THEN {rank}" for rank, code in enumerate(SEGMENT_ORDER)) + " ELSE 8 END"
_OPEN = ("t.status IN ('open', 'snoozed') AND (t.contact_id IS NULL OR t.contact_id NOT IN "
         "(SELECT id FROM contacts WHERE deleted_at IS NOT NULL))")


@dataclass(frozen=True)
class Candidate:
    key: str
    contact_id: int | None
    post_id: int | None
    task_ids: tuple[int, ...]   # the card's open tasks due before the end of today
    first_due: str              # UTC; a post without a reminder task: its planned time
    overdue: bool               # a task was due before today's start
    tier: int                   # 0 for a card without a contact
    segment: str                # RFM code, '' for none
    name: str                   # remark, else nickname; a post's or a task's first line
    title: str                  # the earliest due task's title (the post's text for a draft)
    task_count: int


# Tasks are grouped per card first (on tasks alone, through the (status, due_at) index); only
# the grouped cards meet contacts — at 17,000 open tasks joining every task was the slow part.
_CANDIDATES = f"""
WITH due AS (
    SELECT coalesce('c' || t.contact_id, 'p' || t.moments_post_id, 't' || t.id) AS key,
           t.contact_id, t.moments_post_id, t.id, t.due_at, t.title
    FROM tasks t WHERE {_OPEN} AND t.due_at < :end),
cards AS (
    SELECT key, contact_id, moments_post_id AS post_id, group_concat(id) AS task_ids,
           min(due_at) AS first_due, title, count(*) AS n
    FROM due GROUP BY key
    UNION ALL
    SELECT 'p' || p.id, NULL, p.id, '', p.planned_at, p.body, 0
    FROM moments_posts p
    WHERE p.status IN ('draft', 'pending') AND p.planned_at >= :start AND p.planned_at < :end
      AND 'p' || p.id NOT IN (SELECT key FROM due))
SELECT cards.key, cards.contact_id, cards.post_id, cards.task_ids, cards.first_due,
       cards.first_due < :start, coalesce(c.tier, 0), coalesce(c.rfm_segment, ''),
       coalesce({display_name_sql("c")}, ''), cards.title, cards.n
FROM cards LEFT JOIN contacts c ON c.id = cards.contact_id
ORDER BY cards.first_due < :start DESC,
         cards.post_id IS NULL, coalesce(c.tier, 0) DESC, {_SEGMENT_RANK},
         cards.first_due, cards.key"""


def candidates(conn: sqlite3.Connection, *, start_utc: str, end_utc: str) -> list[Candidate]:
    """Every card of the day, in queue order: overdue first, then value (posts first, then
    tier, then RFM segment), then the earliest due time."""
    return [Candidate(key, contact_id, post_id,
                      tuple(int(i) for i in task_ids.split(",")) if task_ids else (),
                      first_due, bool(overdue), tier, segment, name, title, n)
            for key, contact_id, post_id, task_ids, first_due, overdue, tier, segment, name,
            title, n in conn.execute(_CANDIDATES, {"start": start_utc, "end": end_utc})]


def quiet_count(conn: sqlite3.Connection, *, quiet_since_utc: str) -> int:
    """Live contacts with no interaction since `quiet_since_utc` (never-touched ones count from
    when they were added): the Today page's footer."""
    return conn.execute("SELECT count(*) FROM contacts WHERE deleted_at IS NULL AND "
                        "coalesce(last_interaction_at, added_at) < ?",
                        (quiet_since_utc,)).fetchone()[0]


def tasks_by_id(conn: sqlite3.Connection, task_ids: tuple[int, ...]) -> list[TaskRow]:
    """The given tasks (a card's reasons; a handful), by due time."""
    found = [row for row in (tasks_db.task(conn, i) for i in task_ids) if row is not None]
    return sorted(found, key=lambda row: (row.due_at or "", row.id))


def open_tasks_of(conn: sqlite3.Connection, contact_id: int) -> list[TaskRow]:
    """Every open task of one contact, soonest first, those without a due time last."""
    ids = [r[0] for r in conn.execute(
        f"SELECT t.id FROM tasks t WHERE {_OPEN} AND t.contact_id = ? "
        "ORDER BY t.due_at IS NULL, t.due_at, t.id", (contact_id,))]
    return [row for row in (tasks_db.task(conn, i) for i in ids) if row is not None]


def rule_script_category(conn: sqlite3.Connection, task_id: int) -> str:
    """The script category of the rule that made a task ('' for none)."""
    row = conn.execute("SELECT r.script_category FROM tasks t JOIN sop_rules r "
                       "ON r.id = t.sop_rule_id WHERE t.id = ?", (task_id,)).fetchone()
    return row[0] if row else ""
