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
from db import contacts as contacts_db

MERGE_COLUMNS = ("nickname", "remark", "wechat_id", "wecom_external_id", "phone", "gender",
                 "city", "birthday", "channel", "added_at", "notes", "owner_account_id")
DERIVED_COLUMNS = ("nickname_pinyin", "nickname_initials", "remark_pinyin", "remark_initials",
                   "sort_name", "phone_reversed")
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


def trashed_keys(conn: sqlite3.Connection, columns: Sequence[str]
                 ) -> dict[str, dict[str, str]]:
    """column → value → name (remark, else nickname) of the contacts in the trash holding it."""
    result: dict[str, dict[str, str]] = {}
    for column in columns:
        if column not in ("wecom_external_id", "wechat_id", "phone"):
            raise ValueError(column)
        result[column] = dict(conn.execute(
            f"SELECT {column}, coalesce(nullif(remark, ''), nickname) FROM contacts "
            f"WHERE {column} <> '' AND deleted_at IS NOT NULL ORDER BY id DESC"))
    return result


def display_names(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, str]:
    """id → the name the operator reads."""
    return dict(conn.execute(
        f"SELECT id, {contacts_db.display_name_sql()} FROM contacts "
        "WHERE id IN (SELECT value FROM json_each(?))", (_json_ids(ids),)))


def merge_values(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, dict[str, object]]:
    """The current mergeable fields of the given contacts, with the search keys derived from
    them (their before-images when a merge changes a name or the phone)."""
    columns = (*MERGE_COLUMNS, *DERIVED_COLUMNS)
    cols = ", ".join(columns)
    return {row[0]: dict(zip(columns, row[1:], strict=True)) for row in conn.execute(
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


def later_effects(conn: sqlite3.Connection, batch_id: int, contact_id: int, kind: str
                  ) -> list[tuple[int, int | None, str]]:
    """(rowid, ref_id, detail_json) of `kind` effects on `contact_id` by batches newer than
    `batch_id` that are not undone, oldest first: what an undo out of order must hand on."""
    return conn.execute(
        "SELECT e.rowid, e.ref_id, e.detail_json FROM import_batch_effects e "
        "JOIN import_batches b ON b.id = e.batch_id WHERE e.batch_id > ? AND e.contact_id = ? "
        "AND e.kind = ? AND b.undone_at IS NULL ORDER BY e.rowid",
        (batch_id, contact_id, kind)).fetchall()


def update_effect(conn: sqlite3.Connection, rowid: int, *, ref_id: int | None = None,
                  detail: str | None = None) -> None:
    conn.execute("UPDATE import_batch_effects SET ref_id = coalesce(?, ref_id), "
                 "detail_json = coalesce(?, detail_json) WHERE rowid = ?",
                 (ref_id, detail, rowid))


def delete_effect(conn: sqlite3.Connection, rowid: int) -> None:
    conn.execute("DELETE FROM import_batch_effects WHERE rowid = ?", (rowid,))


def group_of_tag(conn: sqlite3.Connection, tag_id: int) -> int | None:
    row = conn.execute("SELECT group_id FROM tags WHERE id = ?", (tag_id,)).fetchone()
    return None if row is None else row[0]


def account_exists(conn: sqlite3.Connection, account_id: int) -> bool:
    return conn.execute("SELECT 1 FROM accounts WHERE id = ?", (account_id,)).fetchone() \
        is not None


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


def delete_unused(conn: sqlite3.Connection, kind: str, ref_id: int) -> bool:
    """Remove a tag, group or account the batch created, unless something uses it now
    (a contact, a moments post's visibility or account). True when it is gone."""
    if kind == "new_tag":
        conn.execute("DELETE FROM tags WHERE id = ? "
                     "AND NOT EXISTS (SELECT 1 FROM contact_tags WHERE tag_id = ?) "
                     "AND NOT EXISTS (SELECT 1 FROM moments_visibility_tags WHERE tag_id = ?)",
                     (ref_id, ref_id, ref_id))
        table = "tags"
    elif kind == "new_group":
        conn.execute("DELETE FROM tag_groups WHERE id = ? AND NOT EXISTS "
                     "(SELECT 1 FROM tags WHERE group_id = ?)", (ref_id, ref_id))
        table = "tag_groups"
    elif kind == "new_account":
        conn.execute("DELETE FROM accounts WHERE id = ? "
                     "AND NOT EXISTS (SELECT 1 FROM contact_accounts WHERE account_id = ?) "
                     "AND NOT EXISTS (SELECT 1 FROM contacts WHERE owner_account_id = ?) "
                     "AND NOT EXISTS (SELECT 1 FROM moments_posts WHERE account_id = ?)",
                     (ref_id, ref_id, ref_id, ref_id))
        table = "accounts"
    else:
        raise ValueError(kind)
    return conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (ref_id,)).fetchone() is None


KEPT = "kept"  # detail_json of a new_* effect whose row outlived its batch's undo


def mark_kept(conn: sqlite3.Connection, batch_id: int, kind: str, ref_id: int,
              kept: bool) -> None:
    """Remember (or forget) that a row `batch_id` created stayed after its undo because
    another batch used it; that batch's undo removes it then, if nothing else uses it."""
    conn.execute("UPDATE import_batch_effects SET detail_json = ? "
                 "WHERE batch_id = ? AND kind = ? AND ref_id = ?",
                 (KEPT if kept else "", batch_id, kind, ref_id))


def kept_leftovers(conn: sqlite3.Connection) -> list[tuple[int, str, int]]:
    """(batch, kind, ref_id) of rows undone batches created and left because they were used:
    tags first, then groups, then accounts (the order they can be removed in)."""
    return conn.execute(
        "SELECT e.batch_id, e.kind, e.ref_id FROM import_batch_effects e "
        "JOIN import_batches b ON b.id = e.batch_id "
        "WHERE b.undone_at IS NOT NULL AND e.detail_json = ? "
        "AND e.kind IN ('new_tag', 'new_group', 'new_account') "
        "ORDER BY CASE e.kind WHEN 'new_tag' THEN 0 WHEN 'new_group' THEN 1 ELSE 2 END, "
        "e.rowid", (KEPT,)).fetchall()


def used_by_batch(conn: sqlite3.Connection, batch_id: int) -> dict[str, set[int]]:
    """{'new_tag': tag ids, 'new_group': group ids, 'new_account': account ids} a contact batch
    uses: on the contacts it created, given to existing contacts, or created itself."""
    created = "SELECT id FROM contacts WHERE import_batch_id = :b"
    refs = "SELECT ref_id FROM import_batch_effects WHERE batch_id = :b AND kind = "
    tags = {r[0] for r in conn.execute(
        f"SELECT tag_id FROM contact_tags WHERE contact_id IN ({created}) "
        f"UNION {refs}'tag' UNION {refs}'new_tag'", {"b": batch_id})}
    groups = {r[0] for r in conn.execute(
        "SELECT group_id FROM tags WHERE id IN (SELECT value FROM json_each(:t)) "
        f"UNION {refs}'new_group'", {"t": _json_ids(tags), "b": batch_id})}
    accounts = {r[0] for r in conn.execute(
        f"SELECT account_id FROM contact_accounts WHERE contact_id IN ({created}) "
        f"UNION SELECT owner_account_id FROM contacts WHERE import_batch_id = :b "
        f"AND owner_account_id IS NOT NULL UNION {refs}'link' UNION {refs}'new_account'",
        {"b": batch_id})}
    return {"new_tag": tags, "new_group": groups, "new_account": accounts}


def restore_contact_tag(conn: sqlite3.Connection, contact_id: int, tag_id: int) -> None:
    """Give a tag back (undo of a single-choice replacement) if the contact and the tag still
    exist and the operator has not since chosen another tag of that single-choice group."""
    conn.execute(
        "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id) "
        "SELECT c.id, t.id FROM contacts c, tags t WHERE c.id = :c AND t.id = :t "
        "AND NOT EXISTS (SELECT 1 FROM contact_tags ct JOIN tags o ON o.id = ct.tag_id "
        "JOIN tag_groups g ON g.id = o.group_id WHERE ct.contact_id = :c "
        "AND o.group_id = t.group_id AND g.single_choice = 1)",
        {"c": contact_id, "t": tag_id})


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
