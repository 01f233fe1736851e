"""Reading and writing contacts. The contact list reads ids first, then rows page by page."""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import NamedTuple

from db import bulk

# The list's sort keys, by column name. Stage sorts in lifecycle order, names by pinyin.
_STAGE_ORDER = ("CASE stage WHEN 'potential' THEN 0 WHEN 'new' THEN 1 WHEN 'growing' THEN 2 "
                "WHEN 'mature' THEN 3 WHEN 'declining' THEN 4 ELSE 5 END")
SORT_EXPRESSIONS: Mapping[str, str] = {
    "display_name": "sort_name",
    "nickname": "nickname_pinyin",
    "remark": "remark_pinyin",
    "tier": "tier",
    "stage": _STAGE_ORDER,
    "channel": "channel",
    "tags": "(SELECT count(*) FROM contact_tags ct WHERE ct.contact_id = contacts.id)",
    "last_interaction_at": "coalesce(last_interaction_at, '')",
    "added_at": "added_at",
    "deleted_at": "deleted_at",
}

def display_name_sql(alias: str = "") -> str:
    """The name the operator reads: the remark they gave, else the nickname."""
    prefix = f"{alias}." if alias else ""
    return f"coalesce(nullif({prefix}remark, ''), {prefix}nickname)"


# Fields a user may edit in the detail panel (everything else is derived or kept by the app).
EDITABLE_FIELDS = ("nickname", "remark", "wechat_id", "wecom_external_id", "phone", "gender",
                   "city", "birthday", "owner_account_id", "channel", "added_at", "notes")


@dataclass(frozen=True)
class ContactRecord:
    """One contact with every stored field (the detail panel's view of a person)."""
    id: int
    nickname: str
    remark: str
    wechat_id: str
    wecom_external_id: str
    phone: str
    gender: str
    city: str
    birthday: str
    owner_account_id: int | None
    channel: str
    added_at: str
    notes: str
    last_interaction_at: str | None
    last_order_at: str | None
    order_count: int
    total_spent_fen: int
    tier: int
    tier_pinned: int
    tier_reason: str
    stage: str
    stage_reason: str
    rfm_segment: str
    deleted_at: str | None


_RECORD_COLUMNS = ", ".join(f.name for f in fields(ContactRecord))


class ListRow(NamedTuple):
    """What one line of the contact list shows; tags are fetched per page separately.

    A NamedTuple, not a frozen dataclass: a page of rows is built on every scroll jump, and
    tuple construction is several times cheaper."""
    id: int
    nickname: str
    remark: str
    tier: int
    tier_pinned: int
    stage: str
    channel: str
    last_interaction_at: str | None
    added_at: str
    deleted_at: str | None


_LIST_COLUMNS = ", ".join(ListRow._fields)


def list_ids(conn: sqlite3.Connection, *, sort_by: str = "display_name", descending: bool = False,
             trashed: bool = False) -> array:
    """All ids of live (or trashed) contacts in list order, as a compact array('q').

    100k ids take 800 KB here versus ~3.5 MB as a list of Python ints.
    """
    expression = SORT_EXPRESSIONS[sort_by]
    direction = "DESC" if descending else "ASC"
    where = "deleted_at IS NOT NULL" if trashed else "deleted_at IS NULL"
    cursor = conn.execute(
        f"SELECT id FROM contacts WHERE {where} ORDER BY {expression} {direction}, id {direction}")
    ids = array("q")
    while chunk := cursor.fetchmany(20_000):
        ids.extend(r[0] for r in chunk)
    return ids


def list_rows(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, ListRow]:
    """The list rows for the given ids (one page), keyed by id."""
    ids = list(ids)
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = conn.execute(f"SELECT {_LIST_COLUMNS} FROM contacts WHERE id IN ({marks})", ids)
    return {r[0]: ListRow._make(r) for r in rows}


def count(conn: sqlite3.Connection, *, trashed: bool = False) -> int:
    where = "deleted_at IS NOT NULL" if trashed else "deleted_at IS NULL"
    return conn.execute(f"SELECT count(*) FROM contacts WHERE {where}").fetchone()[0]


def get(conn: sqlite3.Connection, contact_id: int) -> ContactRecord | None:
    row = conn.execute(f"SELECT {_RECORD_COLUMNS} FROM contacts WHERE id = ?",
                       (contact_id,)).fetchone()
    return ContactRecord(*row) if row else None


def insert(conn: sqlite3.Connection, values: Mapping[str, object]) -> int:
    names = list(values)
    marks = ",".join("?" * len(names))
    cursor = conn.execute(f"INSERT INTO contacts ({', '.join(names)}) VALUES ({marks})",
                          [values[n] for n in names])
    return cursor.lastrowid


def snapshot(conn: sqlite3.Connection, contact_id: int) -> dict[str, object]:
    """Every column of one contact row, to put it back exactly (undo of a deletion)."""
    cursor = conn.execute("SELECT * FROM contacts WHERE id = ?", (contact_id,))
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def update(conn: sqlite3.Connection, contact_id: int, values: Mapping[str, object]) -> None:
    """Write the given columns; the caller has validated names and values."""
    if not values:
        return
    assignments = ", ".join(f"{name} = ?" for name in values)
    conn.execute(f"UPDATE contacts SET {assignments}, updated_at = datetime('now') WHERE id = ?",
                 [*values.values(), contact_id])


def set_deleted_at(conn: sqlite3.Connection, contact_ids: list[int], deleted_at: str | None
                   ) -> None:
    conn.executemany("UPDATE contacts SET deleted_at = ?, updated_at = datetime('now') "
                     "WHERE id = ?", [(deleted_at, i) for i in contact_ids])


def delete_permanently(conn: sqlite3.Connection, contact_ids: list[int]) -> None:
    """Erase the people and, through ON DELETE CASCADE, their tags, links, interactions,
    orders, history, tasks and sequence progress."""
    conn.executemany("DELETE FROM contacts WHERE id = ?", [(i,) for i in contact_ids])


def deleted_at_of(conn: sqlite3.Connection, contact_ids: list[int]) -> dict[int, str | None]:
    marks = ",".join("?" * len(contact_ids))
    return dict(conn.execute(f"SELECT id, deleted_at FROM contacts WHERE id IN ({marks})",
                             contact_ids).fetchall())


def refresh_activity(conn: sqlite3.Connection, contact_id: int) -> None:
    """Recompute one contact's last interaction / order and totals after a manual change."""
    bulk.refresh_contact_activity(conn, [contact_id])


def channels(conn: sqlite3.Connection) -> list[str]:
    """Channels in use, most common first (offered when editing a contact)."""
    return [r[0] for r in conn.execute(
        "SELECT channel FROM contacts WHERE deleted_at IS NULL AND channel <> '' "
        "GROUP BY channel "
        "ORDER BY count(*) DESC LIMIT 50")]
