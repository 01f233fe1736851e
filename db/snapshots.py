"""SQL of full exports per account (account_snapshots, snapshot_members) and of the friends
who deleted us (friend_losses). The rules are in desktop/snapshots.py; the caller holds the
transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from db import rows as rows_db
from db.contacts import display_name_sql


@dataclass(frozen=True)
class SnapshotInfo:
    id: int
    account_id: int
    account: str
    taken_at: str
    file_name: str
    member_count: int
    new_count: int
    lost_count: int
    readded_count: int


@dataclass(frozen=True)
class LostFriend:
    """One open loss, with what the operator weighs when deciding whom to win back."""
    loss_id: int
    contact_id: int
    name: str            # remark, else nickname
    nickname: str
    remark: str
    phone: str
    account: str
    tier: int
    stage: str
    total_spent_fen: int
    last_order_at: str | None
    seen_at: str
    missed_at: str


def _json_ids(ids: Iterable[int]) -> str:
    return json.dumps([int(i) for i in ids])


_SNAPSHOT_SELECT = """
    SELECT s.id, s.account_id, a.name, s.taken_at, s.file_name, s.member_count, s.new_count,
           s.lost_count, s.readded_count
    FROM account_snapshots s JOIN accounts a ON a.id = s.account_id"""


def latest(conn: sqlite3.Connection, account_id: int) -> SnapshotInfo | None:
    row = conn.execute(f"{_SNAPSHOT_SELECT} WHERE s.account_id = ? "
                       "ORDER BY s.taken_at DESC, s.id DESC LIMIT 1", (account_id,)).fetchone()
    return None if row is None else SnapshotInfo(*row)


def history(conn: sqlite3.Connection, account_id: int | None = None) -> list[SnapshotInfo]:
    """Newest first; every account's when `account_id` is None."""
    where, params = ("WHERE s.account_id = ?", (account_id,)) if account_id else ("", ())
    return [SnapshotInfo(*r) for r in conn.execute(
        f"{_SNAPSHOT_SELECT} {where} ORDER BY s.taken_at DESC, s.id DESC", params)]


def members(conn: sqlite3.Connection, snapshot_id: int) -> set[int]:
    return {r[0] for r in conn.execute(
        "SELECT contact_id FROM snapshot_members WHERE snapshot_id = ?", (snapshot_id,))}


def open_loss_contacts(conn: sqlite3.Connection, account_id: int) -> dict[int, int]:
    """contact → id of its open loss for this account."""
    return {c: i for i, c in conn.execute(
        "SELECT id, contact_id FROM friend_losses WHERE account_id = ? AND readded_at IS NULL",
        (account_id,))}


def insert_snapshot(conn: sqlite3.Connection, *, account_id: int, taken_at: str,
                    batch_id: int | None, file_name: str, member_ids: Iterable[int],
                    new_count: int, lost_count: int, readded_count: int) -> int:
    ids = _json_ids(member_ids)
    snapshot_id = conn.execute(
        "INSERT INTO account_snapshots (account_id, taken_at, import_batch_id, file_name, "
        "member_count, new_count, lost_count, readded_count) "
        "VALUES (?, ?, ?, ?, (SELECT count(*) FROM json_each(?)), ?, ?, ?)",
        (account_id, taken_at, batch_id, file_name, ids, new_count, lost_count,
         readded_count)).lastrowid
    conn.execute("INSERT INTO snapshot_members (snapshot_id, contact_id) "
                 "SELECT ?, value FROM json_each(?)", (snapshot_id, ids))
    return snapshot_id


def insert_losses(conn: sqlite3.Connection, *, snapshot_id: int, account_id: int,
                  contact_ids: Iterable[int], seen_at: str, missed_at: str) -> None:
    conn.execute("INSERT INTO friend_losses (contact_id, account_id, snapshot_id, seen_at, "
                 "missed_at) SELECT value, ?, ?, ?, ? FROM json_each(?)",
                 (account_id, snapshot_id, seen_at, missed_at, _json_ids(contact_ids)))


def close_losses(conn: sqlite3.Connection, loss_ids: Iterable[int], *, snapshot_id: int,
                 readded_at: str) -> None:
    conn.execute("UPDATE friend_losses SET readded_at = ?, readded_snapshot_id = ? "
                 "WHERE id IN (SELECT value FROM json_each(?))",
                 (readded_at, snapshot_id, _json_ids(loss_ids)))


def of_batch(conn: sqlite3.Connection, batch_id: int) -> list[tuple[int, str]]:
    """(id, taken_at) of the snapshots an import batch recorded."""
    return conn.execute("SELECT id, taken_at FROM account_snapshots WHERE import_batch_id = ?",
                        (batch_id,)).fetchall()


def delete_snapshot(conn: sqlite3.Connection, snapshot_id: int, *, welcome_rule_id: int | None,
                    taken_at: str) -> None:
    """Undo of a snapshot: the losses it closed open again, the welcome tasks it made that are
    still open go (made at `taken_at` for its members; done ones stay as a record of work), and
    the snapshot goes with its members and the losses it found (ON DELETE CASCADE)."""
    conn.execute("UPDATE friend_losses SET readded_at = NULL, readded_snapshot_id = NULL "
                 "WHERE readded_snapshot_id = ?", (snapshot_id,))
    if welcome_rule_id is not None:
        conn.execute("DELETE FROM tasks WHERE sop_rule_id = ? AND trigger_key = 'added' "
                     "AND created_at = ? AND status = 'open' AND contact_id IN "
                     "(SELECT contact_id FROM snapshot_members WHERE snapshot_id = ?)",
                     (welcome_rule_id, taken_at, snapshot_id))
    conn.execute("DELETE FROM account_snapshots WHERE id = ?", (snapshot_id,))


def open_losses(conn: sqlite3.Connection, account_id: int | None = None, *,
                batch_id: int | None = None) -> list[LostFriend]:
    """Open losses of live contacts, most valuable first: tier, then spend. Only those of one
    account, or found by one import batch, when given."""
    where = "AND l.account_id = :account" if account_id else ""
    if batch_id is not None:
        where += (" AND l.snapshot_id IN (SELECT id FROM account_snapshots "
                  "WHERE import_batch_id = :batch)")
    return [LostFriend(*r) for r in conn.execute(f"""
        SELECT l.id, c.id, {display_name_sql("c")}, c.nickname, c.remark, c.phone, a.name,
               c.tier, c.stage, c.total_spent_fen, c.last_order_at, l.seen_at, l.missed_at
        FROM friend_losses l JOIN contacts c ON c.id = l.contact_id
             JOIN accounts a ON a.id = l.account_id
        WHERE l.readded_at IS NULL AND c.deleted_at IS NULL {where}
        ORDER BY c.tier DESC, c.total_spent_fen DESC, l.missed_at DESC, l.id""",
        {"account": account_id, "batch": batch_id})]


def open_losses_of(conn: sqlite3.Connection, contact_id: int) -> list[tuple[str, str, str]]:
    """(account, seen_at, missed_at) of a contact's open losses, for the contact panel."""
    return conn.execute(
        "SELECT a.name, l.seen_at, l.missed_at FROM friend_losses l "
        "JOIN accounts a ON a.id = l.account_id "
        "WHERE l.contact_id = ? AND l.readded_at IS NULL ORDER BY l.missed_at",
        (contact_id,)).fetchall()


def accounts_with_snapshots(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    return conn.execute("SELECT id, name FROM accounts WHERE id IN "
                        "(SELECT account_id FROM account_snapshots) ORDER BY name").fetchall()


def insert_recall_tasks(conn: sqlite3.Connection, contact_ids: Iterable[int], *, title: str,
                        placeholder: str, due_at: str, now: str) -> list[int]:
    """One manual task per live contact, `placeholder` in `title` replaced by its name;
    returns the new task ids."""
    before = rows_db.next_id(conn, "tasks") - 1
    conn.execute(f"""
        INSERT INTO tasks (title, contact_id, due_at, remind_at, source, created_at)
        SELECT replace(:title, :placeholder, {display_name_sql("c")}), c.id, :due, :due,
               'manual', :now
        FROM json_each(:ids) j JOIN contacts c ON c.id = j.value WHERE c.deleted_at IS NULL""",
                 {"title": title, "placeholder": placeholder, "due": due_at, "now": now,
                  "ids": _json_ids(contact_ids)})
    return [r[0] for r in conn.execute("SELECT id FROM tasks WHERE id > ? ORDER BY id",
                                       (before,))]


def delete_tasks(conn: sqlite3.Connection, task_ids: Iterable[int]) -> None:
    conn.execute("DELETE FROM tasks WHERE id IN (SELECT value FROM json_each(?))",
                 (_json_ids(task_ids),))
