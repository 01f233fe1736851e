"""Key → JSON value settings that travel with the database (thresholds, windows)."""

from __future__ import annotations

import json
import sqlite3


def get(conn: sqlite3.Connection, key: str, default: object = None) -> object:
    row = conn.execute("SELECT value_json FROM settings WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else default
