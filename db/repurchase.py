"""Reads for the learned repurchase cycle (desktop/repurchase.py); the cycles themselves are
written by the layering recompute (db/layering.py)."""

from __future__ import annotations

import json
import sqlite3


def repurchase_rule_params(conn: sqlite3.Connection) -> dict | None:
    """The built-in repurchase rule's params ({"default_days", "category_days", …}), None if
    absent."""
    row = conn.execute("SELECT params_json FROM sop_rules WHERE code = 'repurchase'").fetchone()
    return json.loads(row[0]) if row else None
