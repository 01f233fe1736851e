"""Queries behind the contact-pressure budget (desktop/pressure.py): touches per contact since
an instant. Ids travel as one JSON array read by json_each (a segment may hold 100,000)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable


def touches_since(conn: sqlite3.Connection, contact_ids: Iterable[int], *, kinds: Iterable[str],
                  since: str) -> dict[int, int]:
    """{contact id: interactions of `kinds` with occurred_at > `since` (UTC text)}; contacts
    without any are left out."""
    rows = conn.execute(
        "SELECT contact_id, COUNT(*) FROM interactions "
        "WHERE contact_id IN (SELECT value FROM json_each(:ids)) "
        "AND kind IN (SELECT value FROM json_each(:kinds)) AND occurred_at > :since "
        "GROUP BY contact_id",
        {"ids": json.dumps([int(i) for i in contact_ids]),
         "kinds": json.dumps(list(kinds)), "since": since})
    return dict(rows.fetchall())
