"""Reading and writing scripts (话术) and the rows that point at them.

A library holds at most a few thousand scripts, so readers return all of them and the caller
filters in memory (see desktop/scripts.py). Images are whole rows in COLUMNS order; None means
the row does not exist — the undo of every script operation restores images.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from db import rows

COLUMNS = ("id", "title", "category", "body", "target_tiers", "target_stages", "shortcut",
           "favourite", "usage_count", "last_used_at", "created_at", "updated_at")
ScriptImage = tuple | None


@dataclass(frozen=True)
class ScriptRow:
    id: int
    title: str
    category: str
    body: str
    target_tiers: str    # comma-separated tier numbers, '' = everyone
    target_stages: str   # comma-separated stage codes, '' = everyone
    shortcut: str
    favourite: int
    usage_count: int
    last_used_at: str | None
    created_at: str
    updated_at: str


_SELECT = f"SELECT {', '.join(COLUMNS)} FROM scripts"


def all_scripts(conn: sqlite3.Connection) -> list[ScriptRow]:
    """Every script: favourites first, then the most used, then by title."""
    return [ScriptRow(*r) for r in conn.execute(
        f"{_SELECT} ORDER BY favourite DESC, usage_count DESC, title")]


def get(conn: sqlite3.Connection, script_id: int) -> ScriptRow | None:
    row = conn.execute(f"{_SELECT} WHERE id = ?", (script_id,)).fetchone()
    return ScriptRow(*row) if row else None


def ids_by_title(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT title, id FROM scripts ORDER BY id DESC"))


def category_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute(
        "SELECT category, count(*) FROM scripts GROUP BY category ORDER BY category"))


def count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM scripts").fetchone()[0]


def insert(conn: sqlite3.Connection, values: Mapping[str, object]) -> int:
    return rows.insert(conn, "scripts", values)


def update(conn: sqlite3.Connection, script_id: int, values: Mapping[str, object]) -> None:
    rows.update(conn, "scripts", script_id, values)


def record_use(conn: sqlite3.Connection, script_id: int, used_at: str) -> None:
    conn.execute("UPDATE scripts SET usage_count = usage_count + 1, last_used_at = ? "
                 "WHERE id = ?", (used_at, script_id))


def snapshot(conn: sqlite3.Connection, script_ids: Iterable[int]) -> dict[int, ScriptImage]:
    ids = list(script_ids)
    found = {r[0]: tuple(r) for r in conn.execute(
        f"{_SELECT} WHERE id IN (SELECT value FROM json_each(?))", (_json_ids(ids),))}
    return {i: found.get(i) for i in ids}


def restore(conn: sqlite3.Connection, images: Mapping[int, ScriptImage]) -> None:
    """Make each script exactly its image. An existing row is updated in place, never
    replaced: INSERT OR REPLACE would delete it first and cascade to its sequence steps."""
    conn.executemany("DELETE FROM scripts WHERE id = ?",
                     [(i,) for i, image in images.items() if image is None])
    kept = [image for image in images.values() if image is not None]
    assignments = ", ".join(f"{c} = ?" for c in COLUMNS[1:])
    conn.executemany(f"UPDATE scripts SET {assignments} WHERE id = ?",
                     [(*image[1:], image[0]) for image in kept])
    conn.executemany(f"INSERT OR IGNORE INTO scripts ({', '.join(COLUMNS)}) "
                     f"VALUES ({', '.join('?' * len(COLUMNS))})", kept)


@dataclass(frozen=True)
class References:
    """What points at some scripts: deleting them cascades to the steps and clears the others."""
    steps: tuple[tuple, ...]                    # whole sequence_steps rows
    interactions: tuple[tuple[int, int], ...]   # (interaction id, script id)
    tasks: tuple[tuple[int, int], ...]          # (task id, suggested script id)


def references(conn: sqlite3.Connection, script_ids: Iterable[int]) -> References:
    ids = _json_ids(script_ids)
    within = "IN (SELECT value FROM json_each(?))"
    return References(
        steps=tuple(tuple(r) for r in conn.execute(
            "SELECT id, sequence_id, position, variant, script_id, delay_days "
            f"FROM sequence_steps WHERE script_id {within}", (ids,))),
        interactions=tuple(tuple(r) for r in conn.execute(
            f"SELECT id, script_id FROM interactions WHERE script_id {within}", (ids,))),
        tasks=tuple(tuple(r) for r in conn.execute(
            f"SELECT id, suggested_script_id FROM tasks WHERE suggested_script_id {within}",
            (ids,))))


def put_back_references(conn: sqlite3.Connection, refs: References) -> None:
    conn.executemany("INSERT OR IGNORE INTO sequence_steps (id, sequence_id, position, variant, "
                     "script_id, delay_days) VALUES (?, ?, ?, ?, ?, ?)", refs.steps)
    conn.executemany("UPDATE interactions SET script_id = ? WHERE id = ?",
                     [(s, i) for i, s in refs.interactions])
    conn.executemany("UPDATE tasks SET suggested_script_id = ? WHERE id = ?",
                     [(s, i) for i, s in refs.tasks])


def insert_script_sent(conn: sqlite3.Connection, *, contact_id: int, script_id: int,
                       occurred_at: str, note: str) -> int:
    return conn.execute(
        "INSERT INTO interactions (contact_id, kind, occurred_at, note, script_id) "
        "VALUES (?, 'script_sent', ?, ?, ?)", (contact_id, occurred_at, note, script_id)).lastrowid


_INTERACTION_COLUMNS = ("id", "contact_id", "kind", "occurred_at", "note", "script_id",
                        "import_batch_id")


def interaction_images(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, tuple | None]:
    ids = list(ids)
    found = {r[0]: tuple(r) for r in conn.execute(
        f"SELECT {', '.join(_INTERACTION_COLUMNS)} FROM interactions "
        "WHERE id IN (SELECT value FROM json_each(?))", (_json_ids(ids),))}
    return {i: found.get(i) for i in ids}


def restore_interactions(conn: sqlite3.Connection, images: Mapping[int, tuple | None]) -> None:
    """Make each interaction its image (nothing references interactions, so REPLACE is safe)."""
    conn.executemany("DELETE FROM interactions WHERE id = ?",
                     [(i,) for i, image in images.items() if image is None])
    conn.executemany(f"INSERT OR REPLACE INTO interactions ({', '.join(_INTERACTION_COLUMNS)}) "
                     f"VALUES ({', '.join('?' * len(_INTERACTION_COLUMNS))})",
                     [image for image in images.values() if image is not None])


def _json_ids(ids: Iterable[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"
