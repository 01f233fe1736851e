"""Erasing a person for good (PIPL requests): the rows, and the bytes they leave in the file."""

from __future__ import annotations

import sqlite3


def erase_contact(conn: sqlite3.Connection, contact_id: int) -> bool:
    """Delete the contact; ON DELETE CASCADE takes tags, account links, interactions, orders,
    tier history, tasks, sequence progress and the SOP tag baseline. Import effects name the
    contact without a foreign key (a merged contact's before/after field values), so they go
    explicitly. False if there is no such contact."""
    conn.execute("DELETE FROM import_batch_effects WHERE contact_id = ?", (contact_id,))
    return conn.execute("DELETE FROM contacts WHERE id = ?", (contact_id,)).rowcount == 1


def set_secure_delete(conn: sqlite3.Connection, on: bool) -> None:
    """With secure_delete, SQLite overwrites deleted content with zeros instead of leaving it in
    free pages and free space inside pages."""
    conn.execute(f"PRAGMA secure_delete = {'ON' if on else 'OFF'}")


def checkpoint_truncate(conn: sqlite3.Connection) -> bool:
    """Copy the WAL into the database file and truncate it to zero bytes, so older frames that
    still hold deleted text are gone from the -wal file. False if a reader held it back."""
    busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return busy == 0
