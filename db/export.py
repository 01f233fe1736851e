"""The reads behind exporting contacts: which ids, then their rows chunk by chunk."""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import NamedTuple


class ExportRow(NamedTuple):
    """One contact's stored values as export needs them (owner resolved to its account name)."""
    id: int
    nickname: str
    remark: str
    phone: str
    wechat_id: str
    wecom_external_id: str
    channel: str
    added_at: str
    owner: str
    gender: str
    city: str
    birthday: str
    notes: str
    tier: int
    stage: str
    order_count: int
    total_spent_fen: int
    last_interaction_at: str | None
    last_order_at: str | None


_ROW_SQL = (
    "SELECT c.id, c.nickname, c.remark, c.phone, c.wechat_id, c.wecom_external_id, c.channel, "
    "c.added_at, coalesce(a.name, ''), c.gender, c.city, c.birthday, c.notes, c.tier, c.stage, "
    "c.order_count, c.total_spent_fen, c.last_interaction_at, c.last_order_at "
    "FROM contacts c LEFT JOIN accounts a ON a.id = c.owner_account_id "
    "WHERE c.id IN (SELECT value FROM json_each(?))")


@contextmanager
def read_snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """Hold one read transaction so that ids, rows and tags of a long export agree with each
    other even while the app's writer commits. Joins the caller's transaction if one is open."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")  # nothing was written; ending a read transaction either way


def live_ids(conn: sqlite3.Connection) -> array:
    """Ids of every contact not in the trash, by id, as a compact array('q')."""
    cursor = conn.execute("SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY id")
    ids = array("q")
    while chunk := cursor.fetchmany(20_000):
        ids.extend(r[0] for r in chunk)
    return ids


def rows_by_id(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, ExportRow]:
    """The rows of one chunk of ids (trashed ones included: the caller chose the ids)."""
    cursor = conn.execute(_ROW_SQL, (json.dumps(list(ids)),))
    return {r[0]: ExportRow._make(r) for r in cursor}

