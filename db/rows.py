"""One row written from a column → value mapping. Column names come from code (the callers'
checked field lists), never from input; values are always bound parameters."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping


def next_id(conn: sqlite3.Connection, table: str) -> int:
    """The id the next row inserted gets (ids are max + 1): chosen up front so that rows can be
    planned, told apart as new, or put back by a redo with the very same ids."""
    return conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]


def insert(conn: sqlite3.Connection, table: str, values: Mapping[str, object]) -> int:
    """Insert the row and return its id."""
    names = list(values)
    return conn.execute(f"INSERT INTO {table} ({', '.join(names)}) "
                        f"VALUES ({', '.join('?' * len(names))})",
                        [values[n] for n in names]).lastrowid


def update(conn: sqlite3.Connection, table: str, row_id: int,
           values: Mapping[str, object]) -> None:
    assignments = ", ".join(f"{name} = ?" for name in values)
    conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*values.values(), row_id))
