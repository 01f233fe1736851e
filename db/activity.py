"""A contact's history: interactions, orders, tier/stage changes and account links."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Interaction:
    id: int
    contact_id: int
    kind: str
    occurred_at: str
    note: str


@dataclass(frozen=True)
class Order:
    id: int
    contact_id: int
    ordered_at: str
    amount_fen: int
    item: str
    category: str
    channel: str


@dataclass(frozen=True)
class LayerChange:
    id: int
    dimension: str
    from_value: str
    to_value: str
    changed_at: str
    reason: str


@dataclass(frozen=True)
class AccountLink:
    account_id: int
    account_name: str
    remark: str
    description: str
    added_at: str
    source: str


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    kind: str


def interactions_of(conn: sqlite3.Connection, contact_id: int, *, limit: int = 200
                    ) -> list[Interaction]:
    return [Interaction(*r) for r in conn.execute(
        "SELECT id, contact_id, kind, occurred_at, note FROM interactions "
        "WHERE contact_id = ? ORDER BY occurred_at DESC, id DESC LIMIT ?", (contact_id, limit))]


def orders_of(conn: sqlite3.Connection, contact_id: int, *, limit: int = 200) -> list[Order]:
    return [Order(*r) for r in conn.execute(
        "SELECT id, contact_id, ordered_at, amount_fen, item, category, channel FROM orders "
        "WHERE contact_id = ? ORDER BY ordered_at DESC, id DESC LIMIT ?", (contact_id, limit))]


def layer_history_of(conn: sqlite3.Connection, contact_id: int) -> list[LayerChange]:
    return [LayerChange(*r) for r in conn.execute(
        "SELECT id, dimension, from_value, to_value, changed_at, reason FROM layer_history "
        "WHERE contact_id = ? ORDER BY changed_at DESC, id DESC", (contact_id,))]


def account_links_of(conn: sqlite3.Connection, contact_id: int) -> list[AccountLink]:
    return [AccountLink(*r) for r in conn.execute(
        "SELECT ca.account_id, a.name, ca.remark, ca.description, ca.added_at, ca.source "
        "FROM contact_accounts ca JOIN accounts a ON a.id = ca.account_id "
        "WHERE ca.contact_id = ? ORDER BY ca.added_at", (contact_id,))]


def accounts(conn: sqlite3.Connection) -> list[Account]:
    return [Account(*r) for r in conn.execute("SELECT id, name, kind FROM accounts ORDER BY id")]


def insert_interaction(conn: sqlite3.Connection, *, contact_id: int, kind: str,
                       occurred_at: str, note: str) -> int:
    return conn.execute(
        "INSERT INTO interactions (contact_id, kind, occurred_at, note) VALUES (?, ?, ?, ?)",
        (contact_id, kind, occurred_at, note)).lastrowid


def insert_order(conn: sqlite3.Connection, *, contact_id: int, ordered_at: str, amount_fen: int,
                 item: str, category: str, channel: str) -> int:
    return conn.execute(
        "INSERT INTO orders (contact_id, ordered_at, amount_fen, item, category, channel) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (contact_id, ordered_at, amount_fen, item, category, channel)).lastrowid


def delete_interaction(conn: sqlite3.Connection, interaction_id: int) -> None:
    conn.execute("DELETE FROM interactions WHERE id = ?", (interaction_id,))


def delete_order(conn: sqlite3.Connection, order_id: int) -> None:
    conn.execute("DELETE FROM orders WHERE id = ?", (order_id,))
