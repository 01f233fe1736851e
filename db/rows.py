"""One row written from a column → value mapping. Column names come from code (the callers'
checked field lists), never from input; values are always bound parameters."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping


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
