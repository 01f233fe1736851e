"""Reads and writes for edits of many contacts at once (desktop/bulk_edit.py).

Ids travel as one JSON array read by json_each, never as one `?` per id: a selection may be
every contact, and SQLite refuses more than 32,766 variables in one statement. Writers use
`executemany` and open no transaction; the caller wraps its whole action in
db.connection.transaction. Column names come from the caller's constants, never from input.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from db import bulk
from db import rows as rows_db

TagPair = tuple[int, int]  # (contact id, tag id)
HISTORY_COLUMNS = ("id", *bulk.LAYER_HISTORY_COLUMNS)


def _json(ids: Iterable[int]) -> str:
    return json.dumps([int(i) for i in ids])


def missing_tag_pairs(conn: sqlite3.Connection, contact_ids: Iterable[int],
                      tag_ids: Iterable[int]) -> list[TagPair]:
    """Each (contact, tag) of these existing contacts and tags that is not stored yet."""
    return conn.execute(
        "SELECT c.id, t.value FROM contacts c, json_each(:tags) t "
        "WHERE c.id IN (SELECT value FROM json_each(:ids)) "
        "AND NOT EXISTS (SELECT 1 FROM contact_tags ct "
        "                WHERE ct.contact_id = c.id AND ct.tag_id = t.value) "
        "ORDER BY c.id, t.value",
        {"ids": _json(contact_ids), "tags": _json(tag_ids)}).fetchall()


def held_tag_pairs(conn: sqlite3.Connection, contact_ids: Iterable[int],
                   tag_ids: Iterable[int]) -> list[TagPair]:
    """The stored pairs among these contacts and tags."""
    return conn.execute(
        "SELECT contact_id, tag_id FROM contact_tags "
        "WHERE tag_id IN (SELECT value FROM json_each(:tags)) "
        "AND contact_id IN (SELECT value FROM json_each(:ids)) ORDER BY contact_id, tag_id",
        {"ids": _json(contact_ids), "tags": _json(tag_ids)}).fetchall()


def rival_tag_pairs(conn: sqlite3.Connection, contact_ids: Iterable[int],
                    tag_ids: Iterable[int]) -> list[TagPair]:
    """The stored pairs that giving these contacts `tag_ids` must replace: another tag of the
    single-choice group of one of `tag_ids` (the schema's trigger allows one per group)."""
    return conn.execute(
        "SELECT ct.contact_id, ct.tag_id FROM tags wanted "
        "JOIN tag_groups g ON g.id = wanted.group_id AND g.single_choice = 1 "
        "JOIN tags other ON other.group_id = wanted.group_id AND other.id <> wanted.id "
        "JOIN contact_tags ct ON ct.tag_id = other.id "
        "WHERE wanted.id IN (SELECT value FROM json_each(:tags)) "
        "AND ct.contact_id IN (SELECT value FROM json_each(:ids)) "
        "ORDER BY ct.contact_id, ct.tag_id",
        {"ids": _json(contact_ids), "tags": _json(tag_ids)}).fetchall()


def delete_tag_pairs(conn: sqlite3.Connection, pairs: Iterable[TagPair]) -> None:
    conn.executemany("DELETE FROM contact_tags WHERE contact_id = ? AND tag_id = ?", pairs)


def contact_values(conn: sqlite3.Connection, contact_ids: Iterable[int],
                   columns: Sequence[str]) -> list[tuple]:
    """(id, *columns) of each existing contact among `contact_ids`, by id."""
    return conn.execute(
        f"SELECT id, {', '.join(columns)} FROM contacts "
        f"WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (_json(contact_ids),)).fetchall()


def write_contact_values(conn: sqlite3.Connection, columns: Sequence[str],
                         rows: Iterable[tuple], *, updated_at: str) -> None:
    """Write rows shaped as `contact_values` returns them, stamping `updated_at`."""
    assignments = ", ".join(f"{name} = ?" for name in columns)
    conn.executemany(f"UPDATE contacts SET {assignments}, updated_at = ? WHERE id = ?",
                     ((*values, updated_at, contact_id) for contact_id, *values in rows))


def next_history_id(conn: sqlite3.Connection) -> int:
    """The id the next layer_history row gets; ids are chosen up front so a redo can put the
    very same rows back."""
    return rows_db.next_id(conn, "layer_history")


def insert_history(conn: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    """layer_history rows following HISTORY_COLUMNS (id first)."""
    bulk.insert_rows(conn, "layer_history", HISTORY_COLUMNS, rows)


def delete_history(conn: sqlite3.Connection, history_ids: Iterable[int]) -> None:
    conn.execute("DELETE FROM layer_history WHERE id IN (SELECT value FROM json_each(?))",
                 (_json(history_ids),))
