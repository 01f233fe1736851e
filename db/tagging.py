"""Reads for the tagging session (打标签模式): which of its contacts are still there."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence


def live_ids(conn: sqlite3.Connection, contact_ids: Sequence[int]) -> set[int]:
    """Those of `contact_ids` neither in the trash nor purged (a few dozen ids per call)."""
    if not contact_ids:
        return set()
    marks = ",".join("?" * len(contact_ids))
    return {r[0] for r in conn.execute(
        f"SELECT id FROM contacts WHERE deleted_at IS NULL AND id IN ({marks})",
        list(contact_ids))}
