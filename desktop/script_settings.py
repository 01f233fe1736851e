"""The shop-wide placeholder values ({顾问} {门店} {优惠券}), kept in the settings table so they
travel with the database."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict

from db import settings as settings_db
from db.connection import transaction
from desktop.changes import Changes, OpResult
from desktop.placeholders import ShopSettings

KEY = "scripts.shop"


def load(conn: sqlite3.Connection) -> ShopSettings:
    """The stored values; missing or malformed ones read as empty (never an error)."""
    stored = settings_db.get(conn, KEY, {})
    if not isinstance(stored, dict):
        stored = {}
    return ShopSettings(**{k: str(stored.get(k, "")) for k in asdict(ShopSettings())})


def save(conn: sqlite3.Connection, *, values: ShopSettings) -> OpResult:
    """Store the values (trimmed); undo stores the previous ones."""
    before = load(conn)
    after = ShopSettings(**{k: v.strip() for k, v in asdict(values).items()})
    if after == before:
        return OpResult(Changes())
    with transaction(conn):
        result = _write(conn, after, before)
    return OpResult(result.changes, label="修改话术设置", count=1, undo=result.undo)


def _write(conn: sqlite3.Connection, values: ShopSettings, previous: ShopSettings) -> OpResult:
    settings_db.put(conn, KEY, asdict(values))
    return OpResult(Changes(settings=True, scripts=True), count=1,
                    undo=lambda c: _write(c, previous, values))
