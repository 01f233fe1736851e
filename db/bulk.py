"""Bulk writers: many rows per call with raw `sqlite3` `executemany`.

Used by the demo data (desktop/demo.py) and later by imports. Raw `executemany` because it is
what keeps 100k-row writes fast: 181 ms for 100k rows against 3.6 s (≈13×) for sqlite-utils
`insert_all` (LIBRARY-FACTS "Speed facts"). Callers pass iterables of tuples — generators are
fine and keep memory flat — whose fields follow the `*_COLUMNS` constant of the table; the
writers do not open transactions, the caller wraps its whole job in `db.connection.transaction`.
Each writer returns the number of rows inserted.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

Row = Sequence[object]

ACCOUNT_COLUMNS = ("id", "name", "kind", "note", "created_at")
CONTACT_COLUMNS = (
    "id", "nickname", "remark", "wechat_id", "wecom_external_id", "phone", "gender", "city",
    "birthday", "owner_account_id", "channel", "added_at", "notes",
    "tier", "tier_pinned", "tier_reason", "stage", "stage_reason",
    "nickname_pinyin", "nickname_initials", "remark_pinyin", "remark_initials", "sort_name",
    "phone_reversed", "created_at", "updated_at",
)
CONTACT_ACCOUNT_COLUMNS = ("contact_id", "account_id", "remark", "description", "added_at",
                           "source")
TAG_GROUP_COLUMNS = ("id", "name", "single_choice", "sort_order")
TAG_COLUMNS = ("id", "group_id", "name", "color", "sort_order")
CONTACT_TAG_COLUMNS = ("contact_id", "tag_id")
INTERACTION_COLUMNS = ("contact_id", "kind", "occurred_at", "note", "script_id")
ORDER_COLUMNS = ("contact_id", "ordered_at", "amount_fen", "item", "category", "channel")
LAYER_HISTORY_COLUMNS = ("contact_id", "dimension", "from_value", "to_value", "changed_at",
                         "reason")
SCRIPT_COLUMNS = ("id", "title", "category", "body", "target_tiers", "target_stages",
                  "shortcut", "favourite", "usage_count", "last_used_at", "created_at",
                  "updated_at")
SEQUENCE_COLUMNS = ("id", "name", "description")
SEQUENCE_STEP_COLUMNS = ("sequence_id", "position", "variant", "script_id", "delay_days")
MOMENTS_POST_COLUMNS = ("id", "planned_at", "account_id", "content_type", "body", "visibility",
                        "status", "is_hard_ad", "campaign", "posted_at", "created_at",
                        "updated_at")
MOMENTS_VISIBILITY_TAG_COLUMNS = ("post_id", "tag_id")
SLOT_TEMPLATE_COLUMNS = ("id", "name")
SLOT_COLUMNS = ("template_id", "weekday", "local_time", "content_type", "body", "is_hard_ad")
SOP_RULE_COLUMNS = ("code", "name", "trigger", "params_json", "delay_minutes", "task_title",
                    "script_category", "enabled", "builtin")
TASK_COLUMNS = ("title", "contact_id", "due_at", "remind_at", "recurrence", "priority", "status",
                "source", "sop_rule_id", "trigger_key", "suggested_script_id",
                "moments_post_id", "notes", "done_at", "created_at")


@contextmanager
def bulk_load(conn: sqlite3.Connection, *, cache_mib: int = 64) -> Iterator[None]:
    """Connection settings for writing many rows the code generated itself; restored after.

    * CHECK constraints are not evaluated. On SQLite 3.40 a `CHECK (x IN (…))` with more than a
      couple of values is rebuilt for every row of an `executemany`: ~4 µs per row, 4 s of the
      1M demo interactions (kind IN 8 codes). Use it only for rows whose codes come from the
      code's own constants; `PRAGMA quick_check` verifies CHECK constraints afterwards (the
      tests do). Never for a checked column whose value comes straight from a user's file
      (an import passes only codes its parsers produced).
    * A bigger page cache, so index pages are not spilled to the WAL and written again.
    """
    old_cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {-1024 * int(cache_mib)}")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    try:
        yield
    finally:
        conn.execute("PRAGMA ignore_check_constraints = OFF")
        conn.execute(f"PRAGMA cache_size = {int(old_cache)}")


@contextmanager
def indexes_deferred(conn: sqlite3.Connection, tables: Sequence[str]) -> Iterator[None]:
    """Drop the secondary indexes of `tables` and create them again at the end.

    Building an index once over all rows is cheaper than updating it row by row (LIBRARY-FACTS:
    281 ms after vs 507 ms during a 100k insert). Use inside a transaction: the indexes come
    back on success, and a rollback restores them anyway. Inside the block only insert: a query
    on these tables (e.g. `refresh_contact_activity`) would run without its indexes, which at
    100k contacts turns seconds into hours.
    """
    if not conn.in_transaction:
        raise RuntimeError("indexes_deferred needs a transaction (see db.connection.transaction)")
    marks = ", ".join("?" * len(tables))
    saved = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY name", tuple(tables)).fetchall()
    for name, _sql in saved:
        conn.execute(f'DROP INDEX "{name}"')
    # A bulk load already holds its whole file in memory: with the write connection's 32 MB
    # cache (which the index sorter may also fill) a 100k import peaked above 400 MB.
    cache_size = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {_BULK_CACHE_SIZE}")
    try:
        yield
        for _name, sql in saved:
            conn.execute(sql)
    finally:
        conn.execute(f"PRAGMA cache_size = {cache_size}")


_BULK_CACHE_SIZE = -2000  # SQLite's default, in KiB


def insert_rows(conn: sqlite3.Connection, table: str, columns: Sequence[str],
                rows: Iterable[Row], verb: str = "INSERT") -> int:
    """One `executemany` of `rows` (tuples following `columns`) into `table`."""
    sql = (f"{verb} INTO {table} ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' * len(columns))})")
    return conn.executemany(sql, rows).rowcount


def insert_accounts(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    return insert_rows(conn, "accounts", ACCOUNT_COLUMNS, rows)


def insert_contacts(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    """Contacts without their activity aggregates: call `refresh_contact_activity` after."""
    return insert_rows(conn, "contacts", CONTACT_COLUMNS, rows)


def insert_contact_accounts(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    return insert_rows(conn, "contact_accounts", CONTACT_ACCOUNT_COLUMNS, rows)


def insert_tag_groups(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    return insert_rows(conn, "tag_groups", TAG_GROUP_COLUMNS, rows)


def insert_tags(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    return insert_rows(conn, "tags", TAG_COLUMNS, rows)


def insert_contact_tags(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    """A second tag of a single-choice group for one contact aborts (trigger in the schema)."""
    return insert_rows(conn, "contact_tags", CONTACT_TAG_COLUMNS, rows)


def insert_interactions(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    return insert_rows(conn, "interactions", INTERACTION_COLUMNS, rows)


def insert_orders(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    return insert_rows(conn, "orders", ORDER_COLUMNS, rows)


def insert_layer_history(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    return insert_rows(conn, "layer_history", LAYER_HISTORY_COLUMNS, rows)


def insert_scripts(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    return insert_rows(conn, "scripts", SCRIPT_COLUMNS, rows)


def insert_sequences(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    return insert_rows(conn, "sequences", SEQUENCE_COLUMNS, rows)


def insert_sequence_steps(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    return insert_rows(conn, "sequence_steps", SEQUENCE_STEP_COLUMNS, rows)


def insert_moments_posts(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    return insert_rows(conn, "moments_posts", MOMENTS_POST_COLUMNS, rows)


def insert_moments_visibility_tags(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    return insert_rows(conn, "moments_visibility_tags", MOMENTS_VISIBILITY_TAG_COLUMNS, rows)


def insert_slot_templates(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    return insert_rows(conn, "moments_slot_templates", SLOT_TEMPLATE_COLUMNS, rows)


def insert_slots(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    return insert_rows(conn, "moments_slots", SLOT_COLUMNS, rows)


def ensure_sop_rules(conn: sqlite3.Connection, rows: Iterable[Row]) -> dict[str, int]:
    """Insert rules whose code is not there yet (the built-ins may already be seeded) and
    return code → id of every rule."""
    insert_rows(conn, "sop_rules", SOP_RULE_COLUMNS, rows, verb="INSERT OR IGNORE")
    return dict(conn.execute("SELECT code, id FROM sop_rules").fetchall())


def insert_tasks(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    return insert_rows(conn, "tasks", TASK_COLUMNS, rows)


# Tables whose rows mean "someone already works in this database".
USER_DATA_TABLES = ("contacts", "accounts", "tags", "tag_groups", "scripts", "sequences",
                    "tasks", "moments_posts", "moments_slot_templates", "orders", "interactions")


def user_data_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Row count of each table in USER_DATA_TABLES (the trash counts too)."""
    return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in USER_DATA_TABLES}


def has_user_data(conn: sqlite3.Connection) -> bool:
    return any(conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]
               for table in USER_DATA_TABLES)


def refresh_contact_activity(conn: sqlite3.Connection,
                             contact_ids: Iterable[int] | None = None) -> None:
    """Recompute contacts.last_interaction_at, last_order_at, order_count and total_spent_fen
    from the interactions and orders tables, for `contact_ids` (all contacts when None).

    Set-based: one GROUP BY per source table joined back by primary key (UPDATE … FROM), then
    a reset of the contacts that have no rows left. The ids travel as one JSON array.
    """
    if contact_ids is None:
        scope, params = "", ()
    else:
        scope = "contact_id IN (SELECT value FROM json_each(?)) AND "
        params = (json.dumps([int(i) for i in contact_ids]),)
    by_id = scope.replace("contact_id", "id")
    conn.execute(f"""
        UPDATE contacts SET last_interaction_at = i.last_at
        FROM (SELECT contact_id, max(occurred_at) AS last_at FROM interactions
              WHERE {scope} 1 GROUP BY contact_id) AS i
        WHERE contacts.id = i.contact_id
          AND contacts.last_interaction_at IS NOT i.last_at""", params)
    conn.execute(f"""
        UPDATE contacts SET last_order_at = o.last_at, order_count = o.n,
                            total_spent_fen = o.total
        FROM (SELECT contact_id, max(ordered_at) AS last_at, count(*) AS n,
                     sum(amount_fen) AS total
              FROM orders WHERE {scope} 1 GROUP BY contact_id) AS o
        WHERE contacts.id = o.contact_id
          AND (contacts.last_order_at IS NOT o.last_at OR contacts.order_count <> o.n
               OR contacts.total_spent_fen <> o.total)""", params)
    conn.execute(f"""
        UPDATE contacts SET last_interaction_at = NULL
        WHERE {by_id} last_interaction_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM interactions WHERE contact_id = contacts.id)""", params)
    conn.execute(f"""
        UPDATE contacts SET last_order_at = NULL, order_count = 0, total_spent_fen = 0
        WHERE {by_id} (last_order_at IS NOT NULL OR order_count <> 0 OR total_spent_fen <> 0)
          AND NOT EXISTS (SELECT 1 FROM orders WHERE contact_id = contacts.id)""", params)
