"""SQL of imports: the lookups a plan needs, the batch's writes, and what undo reads back.

Lookups read whole key columns at once (a few dicts of ≤ 100k entries): one query each is far
cheaper than one query per imported row. Writers use `executemany` (db/bulk.py); the caller
holds the transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from db import bulk

MERGE_COLUMNS = ("nickname", "remark", "wechat_id", "wecom_external_id", "phone", "gender",
                 "city", "birthday", "channel", "added_at", "notes", "owner_account_id")
IMPORTED_CONTACT_COLUMNS = (*bulk.CONTACT_COLUMNS, "import_batch_id")
IMPORTED_ORDER_COLUMNS = (*bulk.ORDER_COLUMNS, "import_batch_id")
EFFECT_COLUMNS = ("batch_id", "kind", "contact_id", "ref_id", "detail_json")


@dataclass(frozen=True)
class BatchInfo:
    id: int
    kind: str
    file_name: str
    started_at: str
    row_count: int
    created: int
    merged: int
    rejected: int
    undone_at: str | None


@dataclass(frozen=True)
class SavedMapping:
    name: str
    kind: str
    mapping: dict[str, str]


def _json_ids(ids: Iterable[int]) -> str:
    return json.dumps([int(i) for i in ids])


def key_index(conn: sqlite3.Connection, column: str) -> dict[str, int]:
    """value → id of the live contact holding it in `column` (the oldest when several do)."""
    if column not in ("wecom_external_id", "wechat_id", "phone"):
        raise ValueError(column)
    index: dict[str, int] = {}
    for value, contact_id in conn.execute(
            f"SELECT {column}, id FROM contacts WHERE {column} <> '' AND deleted_at IS NULL "
            "ORDER BY id DESC"):
        index[value] = contact_id
    return index


def merge_values(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, dict[str, object]]:
    """The current mergeable fields of the given contacts."""
    cols = ", ".join(MERGE_COLUMNS)
    return {row[0]: dict(zip(MERGE_COLUMNS, row[1:], strict=True)) for row in conn.execute(
        f"SELECT id, {cols} FROM contacts WHERE id IN (SELECT value FROM json_each(?))",
        (_json_ids(ids),))}


def tags_of(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, set[int]]:
    result: dict[int, set[int]] = defaultdict(set)
    for contact_id, tag_id in conn.execute(
            "SELECT contact_id, tag_id FROM contact_tags "
            "WHERE contact_id IN (SELECT value FROM json_each(?))", (_json_ids(ids),)):
        result[contact_id].add(tag_id)
    return result


def links_of(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, dict[int, str]]:
    """contact → {account id: added_at} of its account links."""
    result: dict[int, dict[int, str]] = defaultdict(dict)
    for contact_id, account_id, added_at in conn.execute(
            "SELECT contact_id, account_id, added_at FROM contact_accounts "
            "WHERE contact_id IN (SELECT value FROM json_each(?))", (_json_ids(ids),)):
        result[contact_id][account_id] = added_at
    return result


def accounts_by_name(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT name, id FROM accounts"))


def tag_groups(conn: sqlite3.Connection) -> dict[str, tuple[int, bool]]:
    """group name → (id, single choice)."""
    return {name: (gid, bool(single)) for gid, name, single in
            conn.execute("SELECT id, name, single_choice FROM tag_groups")}


def tags_by_name(conn: sqlite3.Connection) -> dict[tuple[int, str], int]:
    """(group id, tag name) → tag id."""
    return {(gid, name): tid for tid, gid, name in
            conn.execute("SELECT id, group_id, name FROM tags")}


def live_count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM contacts WHERE deleted_at IS NULL").fetchone()[0]


def next_id(conn: sqlite3.Connection, table: str) -> int:
    if table not in ("contacts", "tags", "tag_groups", "accounts"):
        raise ValueError(table)
    return conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]


def existing_orders(conn: sqlite3.Connection, ids: Sequence[int]
                    ) -> set[tuple[int, str, int, str]]:
    """(contact, ordered_at, amount, item) of the orders the given contacts already have."""
    return set(conn.execute(
        "SELECT contact_id, ordered_at, amount_fen, item FROM orders "
        "WHERE contact_id IN (SELECT value FROM json_each(?))", (_json_ids(ids),)))


# --- writes -------------------------------------------------------------------------------

def start_batch(conn: sqlite3.Connection, *, kind: str, file_name: str, started_at: str) -> int:
    return conn.execute("INSERT INTO import_batches (kind, file_name, started_at) "
                        "VALUES (?, ?, ?)", (kind, file_name, started_at)).lastrowid


def finish_batch(conn: sqlite3.Connection, batch_id: int, *, finished_at: str, rows: int,
                 created: int, merged: int, rejected: int) -> None:
    conn.execute("UPDATE import_batches SET finished_at = ?, row_count = ?, created = ?, "
                 "merged = ?, rejected = ? WHERE id = ?",
                 (finished_at, rows, created, merged, rejected, batch_id))


def insert_contacts(conn: sqlite3.Connection, rows: Iterable[bulk.Row]) -> int:
    """Rows follow IMPORTED_CONTACT_COLUMNS."""
    return bulk.insert_rows(conn, "contacts", IMPORTED_CONTACT_COLUMNS, rows)


def insert_orders(conn: sqlite3.Connection, rows: Iterable[bulk.Row]) -> int:
    return bulk.insert_rows(conn, "orders", IMPORTED_ORDER_COLUMNS, rows)


def update_contacts(conn: sqlite3.Connection, rows: Iterable[tuple[int, dict[str, object]]],
                    *, updated_at: str) -> None:
    """Set the given columns per contact; contacts with the same set of columns share one
    statement."""
    by_columns: dict[tuple[str, ...], list[tuple]] = defaultdict(list)
    for contact_id, values in rows:
        columns = tuple(sorted(values))
        by_columns[columns].append((*(values[c] for c in columns), updated_at, contact_id))
    for columns, params in by_columns.items():
        sets = ", ".join(f"{c} = ?" for c in columns)
        conn.executemany(f"UPDATE contacts SET {sets}, updated_at = ? WHERE id = ?", params)


def insert_effects(conn: sqlite3.Connection, rows: Iterable[bulk.Row]) -> None:
    bulk.insert_rows(conn, "import_batch_effects", EFFECT_COLUMNS, rows)


def add_contact_tags(conn: sqlite3.Connection, pairs: Iterable[tuple[int, int]]) -> None:
    conn.executemany("INSERT OR IGNORE INTO contact_tags (contact_id, tag_id) VALUES (?, ?)",
                     pairs)


def remove_contact_tags(conn: sqlite3.Connection, pairs: Iterable[tuple[int, int]]) -> None:
    conn.executemany("DELETE FROM contact_tags WHERE contact_id = ? AND tag_id = ?", pairs)


def add_links(conn: sqlite3.Connection, rows: Iterable[bulk.Row]) -> None:
    """Rows follow bulk.CONTACT_ACCOUNT_COLUMNS."""
    bulk.insert_rows(conn, "contact_accounts", bulk.CONTACT_ACCOUNT_COLUMNS, rows,
                     verb="INSERT OR IGNORE")


def remove_links(conn: sqlite3.Connection, pairs: Iterable[tuple[int, int]]) -> None:
    conn.executemany("DELETE FROM contact_accounts WHERE contact_id = ? AND account_id = ?",
                     pairs)


# --- history and undo ---------------------------------------------------------------------

def list_batches(conn: sqlite3.Connection) -> list[BatchInfo]:
    return [BatchInfo(*row) for row in conn.execute(
        "SELECT id, kind, file_name, started_at, row_count, created, merged, rejected, "
        "undone_at FROM import_batches WHERE finished_at IS NOT NULL ORDER BY id DESC")]


def get_batch(conn: sqlite3.Connection, batch_id: int) -> BatchInfo | None:
    return next((b for b in list_batches(conn) if b.id == batch_id), None)


def effects_of(conn: sqlite3.Connection, batch_id: int) -> list[tuple[str, int, int, str]]:
    """(kind, contact_id, ref_id, detail_json), newest first so undo walks back in order."""
    return conn.execute("SELECT kind, contact_id, ref_id, detail_json FROM import_batch_effects "
                        "WHERE batch_id = ? ORDER BY rowid DESC", (batch_id,)).fetchall()


def delete_created_contacts(conn: sqlite3.Connection, batch_id: int) -> int:
    return conn.execute("DELETE FROM contacts WHERE import_batch_id = ?", (batch_id,)).rowcount


def delete_created_orders(conn: sqlite3.Connection, batch_id: int) -> list[int]:
    """Removes the batch's orders; returns the contacts whose totals must be refreshed."""
    touched = [r[0] for r in conn.execute(
        "SELECT DISTINCT contact_id FROM orders WHERE import_batch_id = ?", (batch_id,))]
    conn.execute("DELETE FROM orders WHERE import_batch_id = ?", (batch_id,))
    return touched


def current_values(conn: sqlite3.Connection, contact_id: int, columns: Sequence[str]
                   ) -> dict[str, object] | None:
    allowed = set(bulk.CONTACT_COLUMNS)
    if not set(columns) <= allowed:
        raise ValueError(columns)
    row = conn.execute(f"SELECT {', '.join(columns)} FROM contacts WHERE id = ?",
                       (contact_id,)).fetchone()
    return None if row is None else dict(zip(columns, row, strict=True))


def delete_unused(conn: sqlite3.Connection, kind: str, ref_id: int) -> None:
    """Remove a tag, group or account the batch created, unless something uses it now."""
    if kind == "new_tag":
        conn.execute("DELETE FROM tags WHERE id = ? AND NOT EXISTS "
                     "(SELECT 1 FROM contact_tags WHERE tag_id = ?)", (ref_id, ref_id))
    elif kind == "new_group":
        conn.execute("DELETE FROM tag_groups WHERE id = ? AND NOT EXISTS "
                     "(SELECT 1 FROM tags WHERE group_id = ?)", (ref_id, ref_id))
    elif kind == "new_account":
        conn.execute("DELETE FROM accounts WHERE id = ? "
                     "AND NOT EXISTS (SELECT 1 FROM contact_accounts WHERE account_id = ?) "
                     "AND NOT EXISTS (SELECT 1 FROM contacts WHERE owner_account_id = ?)",
                     (ref_id, ref_id, ref_id))
    else:
        raise ValueError(kind)


def mark_undone(conn: sqlite3.Connection, batch_id: int, *, undone_at: str) -> None:
    conn.execute("UPDATE import_batches SET undone_at = ? WHERE id = ?", (undone_at, batch_id))


# --- saved column mappings ----------------------------------------------------------------

def save_mapping(conn: sqlite3.Connection, *, name: str, kind: str, signature: str,
                 mapping: dict[str, str]) -> int | None:
    """Insert or replace by name; returns the id it replaced (None when new)."""
    old = conn.execute("SELECT id FROM saved_mappings WHERE name = ?", (name,)).fetchone()
    conn.execute("INSERT INTO saved_mappings (name, kind, headers_signature, mapping_json) "
                 "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, "
                 "headers_signature = excluded.headers_signature, "
                 "mapping_json = excluded.mapping_json",
                 (name, kind, signature, json.dumps(mapping, ensure_ascii=False)))
    return old[0] if old else None


def saved_mapping_row(conn: sqlite3.Connection, name: str) -> tuple[str, str, str] | None:
    """(kind, signature, mapping_json) of a saved mapping, for undoing a replacement."""
    return conn.execute("SELECT kind, headers_signature, mapping_json FROM saved_mappings "
                        "WHERE name = ?", (name,)).fetchone()


def delete_mapping(conn: sqlite3.Connection, name: str) -> None:
    conn.execute("DELETE FROM saved_mappings WHERE name = ?", (name,))


def mappings(conn: sqlite3.Connection, *, kind: str, signature: str | None = None
             ) -> list[SavedMapping]:
    """Newest first; only those saved for `signature` when given."""
    sql = "SELECT name, kind, mapping_json FROM saved_mappings WHERE kind = ?"
    params: tuple = (kind,)
    if signature is not None:
        sql += " AND headers_signature = ?"
        params += (signature,)
    return [SavedMapping(name, k, json.loads(m)) for name, k, m in
            conn.execute(sql + " ORDER BY id DESC", params)]
