"""Key → JSON value settings that travel with the database (thresholds, windows)."""

from __future__ import annotations

import json
import sqlite3


def get(conn: sqlite3.Connection, key: str, default: object = None) -> object:
    row = conn.execute("SELECT value_json FROM settings WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else default


def put(conn: sqlite3.Connection, key: str, value: object) -> None:
    conn.execute("INSERT INTO settings (key, value_json) VALUES (?, ?) "
                 "ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json",
                 (key, json.dumps(value, ensure_ascii=False)))


def delete(conn: sqlite3.Connection, *keys: str) -> None:
    conn.executemany("DELETE FROM settings WHERE key = ?", [(k,) for k in keys])
