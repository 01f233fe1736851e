"""Saved segments (分组): named filters, stored as the JSON of a desktop ContactQuery."""

from __future__ import annotations

import sqlite3
from dataclasses import astuple, dataclass, fields


@dataclass(frozen=True)
class SegmentRow:
    """One saved_segments row as stored; also the before-image an undo puts back."""
    id: int
    name: str
    filter_json: str
    sort_order: int
    created_at: str


_COLUMNS = ", ".join(f.name for f in fields(SegmentRow))


def list_segments(conn: sqlite3.Connection) -> list[SegmentRow]:
    return [SegmentRow(*r) for r in conn.execute(
        f"SELECT {_COLUMNS} FROM saved_segments ORDER BY sort_order, id")]


def get(conn: sqlite3.Connection, segment_id: int) -> SegmentRow | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM saved_segments WHERE id = ?",
                       (segment_id,)).fetchone()
    return SegmentRow(*row) if row else None


def id_named(conn: sqlite3.Connection, name: str) -> int | None:
    row = conn.execute("SELECT id FROM saved_segments WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None


def insert(conn: sqlite3.Connection, *, name: str, filter_json: str) -> int:
    """A new segment placed after the others."""
    return conn.execute(
        "INSERT INTO saved_segments (name, filter_json, sort_order) "
        "VALUES (?, ?, (SELECT coalesce(max(sort_order), 0) + 1 FROM saved_segments))",
        (name, filter_json)).lastrowid


def put_back(conn: sqlite3.Connection, row: SegmentRow) -> None:
    """Insert a removed row again exactly as it was (same id, order and creation time)."""
    conn.execute(f"INSERT INTO saved_segments ({_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                 astuple(row))


def update(conn: sqlite3.Connection, segment_id: int, *, name: str, filter_json: str) -> None:
    conn.execute("UPDATE saved_segments SET name = ?, filter_json = ? WHERE id = ?",
                 (name, filter_json, segment_id))


def delete(conn: sqlite3.Connection, segment_id: int) -> None:
    conn.execute("DELETE FROM saved_segments WHERE id = ?", (segment_id,))
