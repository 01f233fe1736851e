"""Queries behind the morning briefing (desktop/briefing.py): the ordered candidate cards in one
set-based query, then the details of one card at a time. Bounds are UTC instants computed by the
caller from the local day.

A card's key says what it is about: 'c<contact id>' (every due task of that contact), 'p<post
id>' (a moments post: its reminder task and/or the post planned today), 't<task id>' (a task
with neither contact nor post).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from db.contacts import display_name_sql

# Value order after tier: the eight RFM segments, best first; no segment comes last.
SEGMENT_ORDER = ("important_value", "important_develop", "important_keep", "important_recall",
                 "general_value", "general_develop", "general_keep", "general_recall")
_SEGMENT_RANK = "CASE c.rfm_segment " + " ".join(
    f"WHEN '{code}' THEN {rank}" for rank, code in enumerate(SEGMENT_ORDER)) + " ELSE 8 END"


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
    name: str                   # remark, else nickname ('' without a contact)
    title: str                  # the earliest due task's title (the post's text for a draft)
    task_count: int


# Tasks are grouped per card on tasks alone (through the (status, due_at) index); only the
# grouped cards meet contacts, and trashed contacts' cards are dropped there rather than by
# looking up every task's contact. Draft posts (no reminder task) come from `drafts`.
_CANDIDATES = f"""
SELECT g.key, g.contact_id, g.post_id, g.task_ids, g.first_due, g.first_due < :start,
       coalesce(c.tier, 0), coalesce(c.rfm_segment, ''), coalesce({display_name_sql("c")}, ''),
       g.title, g.n
FROM (SELECT coalesce('c' || t.contact_id, 'p' || t.moments_post_id, 't' || t.id) AS key,
             t.contact_id, t.moments_post_id AS post_id, group_concat(t.id) AS task_ids,
             min(t.due_at) AS first_due, t.title, count(*) AS n
      FROM tasks t WHERE t.status IN ('open', 'snoozed') AND t.due_at < :end
      GROUP BY key) AS g
     LEFT JOIN contacts c ON c.id = g.contact_id
WHERE g.contact_id IS NULL OR c.deleted_at IS NULL
ORDER BY g.first_due < :start DESC, g.post_id IS NULL, coalesce(c.tier, 0) DESC, {_SEGMENT_RANK},
         g.first_due, g.key
LIMIT :limit OFFSET :offset"""
_DUE_KEYS = """
SELECT coalesce('c' || t.contact_id, 'p' || t.moments_post_id, 't' || t.id) AS key, t.id
FROM tasks t
WHERE t.status IN ('open', 'snoozed') AND t.due_at < :end
  AND (t.contact_id IS NULL OR t.contact_id NOT IN (
      SELECT id FROM contacts WHERE deleted_at IS NOT NULL))"""


def _candidate(key, contact_id, post_id, task_ids, first_due, overdue, tier, segment, name,
               title, n) -> Candidate:
    return Candidate(key, contact_id, post_id,
                     tuple(int(i) for i in task_ids.split(",")) if task_ids else (),
                     first_due, bool(overdue), tier, segment, name, title, n)


def candidates(conn: sqlite3.Connection, *, start_utc: str, end_utc: str, limit: int,
               offset: int = 0) -> list[Candidate]:
    """Cards of the day's due tasks in queue order — overdue first, then value (posts first,
    then tier, then RFM segment), then the earliest due time — `limit` of them from `offset`.
    Only the cards asked for are built: the whole day can be 15,000 cards."""
    return [_candidate(*row) for row in conn.execute(
        _CANDIDATES, {"start": start_utc, "end": end_utc, "limit": limit, "offset": offset})]


def card_count(conn: sqlite3.Connection, *, end_utc: str) -> int:
    """How many cards the day's due tasks make."""
    return conn.execute(f"SELECT count(DISTINCT key) FROM ({_DUE_KEYS})",
                        {"end": end_utc}).fetchone()[0]


def due_task_ids_except(conn: sqlite3.Connection, *, end_utc: str, keys: list[str]
                        ) -> list[int]:
    """Open tasks due by `end_utc` that are not posts' and not on the cards `keys`."""
    return [r[0] for r in conn.execute(
        f"""SELECT id FROM ({_DUE_KEYS}) WHERE key NOT LIKE 'p%'
            AND key NOT IN (SELECT value FROM json_each(:keys)) ORDER BY id""",
        {"end": end_utc, "keys": json.dumps(keys)})]


def drafts(conn: sqlite3.Connection, *, start_utc: str, end_utc: str) -> list[Candidate]:
    """Draft posts planned in [start, end), by planned time. (A pending post has a reminder
    task, so it is a card through that task.)"""
    return [_candidate(*row) for row in conn.execute(
        """SELECT 'p' || id, NULL, id, '', planned_at, 0, 0, '', '', body, 0
           FROM moments_posts WHERE status = 'draft' AND planned_at >= ? AND planned_at < ?
           ORDER BY planned_at, id""", (start_utc, end_utc))]


def quiet_count(conn: sqlite3.Connection, *, quiet_since_utc: str) -> int:
    """Live contacts with no interaction since `quiet_since_utc` (never-touched ones count from
    when they were added): the Today page's footer."""
    return conn.execute("SELECT count(*) FROM contacts WHERE deleted_at IS NULL AND "
                        "coalesce(last_interaction_at, added_at) < ?",
                        (quiet_since_utc,)).fetchone()[0]


def rule_script_category(conn: sqlite3.Connection, task_id: int) -> str:
    """The script category of the rule that made a task ('' for none)."""
    row = conn.execute("SELECT r.script_category FROM tasks t JOIN sop_rules r "
                       "ON r.id = t.sop_rule_id WHERE t.id = ?", (task_id,)).fetchone()
    return row[0] if row else ""


def snooze_tasks(conn: sqlite3.Connection, task_ids: list[int], *, until_utc: str) -> None:
    """Snooze many tasks at once, as desktop.tasks.snooze_task does one: reminded at
    `until_utc`, and due then too when due earlier."""
    conn.execute("""UPDATE tasks SET status = 'snoozed', remind_at = :until,
                           due_at = CASE WHEN due_at < :until THEN :until ELSE due_at END
                    WHERE id IN (SELECT value FROM json_each(:ids))""",
                 {"until": until_utc, "ids": json.dumps(task_ids)})
