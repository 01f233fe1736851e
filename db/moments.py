"""Moments (朋友圈) rows: posts with their images and visibility tags, slot templates, and the
whole-post images that undo swaps. Bounds are UTC instants computed by the caller."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from db import rows
from db import tasks as tasks_db

POST_COLUMNS = ("id", "planned_at", "account_id", "content_type", "body", "visibility", "status",
                "is_hard_ad", "campaign", "posted_at", "created_at", "updated_at")
EDITABLE = ("planned_at", "account_id", "content_type", "body", "visibility", "status",
            "campaign")


@dataclass(frozen=True)
class Post:
    id: int
    planned_at: str
    account_id: int | None
    account_name: str
    content_type: str
    body: str
    visibility: str
    status: str
    is_hard_ad: bool
    campaign: str
    posted_at: str | None
    media: tuple[str, ...]     # file names in the media folder, in order
    tag_ids: tuple[int, ...]   # visibility tags
    created_at: str = ""


@dataclass(frozen=True)
class Slot:
    weekday: int       # 1 = Monday
    local_time: str    # 'HH:MM'
    content_type: str
    body: str


@dataclass(frozen=True)
class PostImage:
    """Everything one post owns, as stored: its row, images, tags and reminder tasks."""
    row: tuple
    media: tuple[tuple, ...]
    tag_ids: tuple[int, ...]
    tasks: Mapping[int, tasks_db.TaskImage]


def database_file(conn: sqlite3.Connection) -> Path | None:
    """The main database's file (None for an in-memory one): the media folder sits beside it."""
    for _seq, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None


_SELECT = """SELECT p.id, p.planned_at, p.account_id, coalesce(a.name, ''), p.content_type,
                    p.body, p.visibility, p.status, p.is_hard_ad, p.campaign, p.posted_at,
                    p.created_at
             FROM moments_posts p LEFT JOIN accounts a ON a.id = p.account_id"""


def _posts(conn: sqlite3.Connection, where: str, params: Sequence[object]) -> list[Post]:
    found = conn.execute(f"{_SELECT} WHERE {where} ORDER BY p.planned_at, p.id", params
                         ).fetchall()
    ids = [r[0] for r in found]
    media: dict[int, list[str]] = {i: [] for i in ids}
    tags: dict[int, list[int]] = {i: [] for i in ids}
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        marks = ",".join("?" * len(chunk))
        for post_id, name in conn.execute(
                f"SELECT post_id, file_name FROM moments_media WHERE post_id IN ({marks}) "
                "ORDER BY post_id, position, id", chunk):
            media[post_id].append(name)
        for post_id, tag_id in conn.execute(
                f"SELECT post_id, tag_id FROM moments_visibility_tags WHERE post_id IN ({marks})",
                chunk):
            tags[post_id].append(tag_id)
    return [Post(*r[:8], bool(r[8]), r[9], r[10], tuple(media[r[0]]),
                 tuple(sorted(tags[r[0]])), r[11])
            for r in found]


def posts_between(conn: sqlite3.Connection, *, start_utc: str, end_utc: str) -> list[Post]:
    """Posts planned in [start, end), earliest first."""
    return _posts(conn, "p.planned_at >= ? AND p.planned_at < ?", (start_utc, end_utc))


def post(conn: sqlite3.Connection, post_id: int) -> Post | None:
    found = _posts(conn, "p.id = ?", (post_id,))
    return found[0] if found else None


def due_posts(conn: sqlite3.Connection, *, until_utc: str) -> list[Post]:
    """Posts still to post (status pending) whose planned time is at or before `until_utc`."""
    return _posts(conn, "p.status = 'pending' AND p.planned_at <= ?", (until_utc,))


def planned_times(conn: sqlite3.Connection, *, start_utc: str, end_utc: str) -> set[str]:
    return {r[0] for r in conn.execute(
        "SELECT planned_at FROM moments_posts WHERE planned_at >= ? AND planned_at < ?",
        (start_utc, end_utc))}


def counted_posts(conn: sqlite3.Connection, *, start_utc: str, end_utc: str
                  ) -> list[tuple[str, str]]:
    """(planned_at, content_type) of the posts in [start, end) that are not skipped."""
    return conn.execute(
        "SELECT planned_at, content_type FROM moments_posts "
        "WHERE planned_at >= ? AND planned_at < ? AND status <> 'skipped'",
        (start_utc, end_utc)).fetchall()


def insert_post(conn: sqlite3.Connection, values: Mapping[str, object]) -> int:
    return rows.insert(conn, "moments_posts", values)


def update_post(conn: sqlite3.Connection, post_id: int, values: Mapping[str, object]) -> None:
    rows.update(conn, "moments_posts", post_id, {**values, "updated_at": _now_sql(conn)})


def _now_sql(conn: sqlite3.Connection) -> str:
    return conn.execute("SELECT datetime('now')").fetchone()[0]


def set_media(conn: sqlite3.Connection, post_id: int, file_names: Sequence[str]) -> None:
    conn.execute("DELETE FROM moments_media WHERE post_id = ?", (post_id,))
    conn.executemany("INSERT INTO moments_media (post_id, file_name, position) VALUES (?, ?, ?)",
                     [(post_id, name, i) for i, name in enumerate(file_names)])


def set_visibility_tags(conn: sqlite3.Connection, post_id: int, tag_ids: Iterable[int]) -> None:
    conn.execute("DELETE FROM moments_visibility_tags WHERE post_id = ?", (post_id,))
    conn.executemany("INSERT OR IGNORE INTO moments_visibility_tags (post_id, tag_id) "
                     "VALUES (?, ?)", [(post_id, t) for t in tag_ids])


def reminder_task_ids(conn: sqlite3.Connection, post_id: int) -> list[int]:
    return [r[0] for r in conn.execute(
        "SELECT id FROM tasks WHERE moments_post_id = ? ORDER BY id", (post_id,))]


def delete_post(conn: sqlite3.Connection, post_id: int) -> None:
    """The post with its images' rows, tags and reminder tasks (cascade)."""
    conn.execute("DELETE FROM moments_posts WHERE id = ?", (post_id,))


# --- whole-post images for undo ---------------------------------------------------------------

def snapshot(conn: sqlite3.Connection, post_ids: Iterable[int]) -> dict[int, PostImage | None]:
    images: dict[int, PostImage | None] = {}
    for post_id in post_ids:
        row = conn.execute(f"SELECT {', '.join(POST_COLUMNS)} FROM moments_posts WHERE id = ?",
                           (post_id,)).fetchone()
        if row is None:
            images[post_id] = None
            continue
        images[post_id] = PostImage(
            tuple(row),
            tuple(tuple(r) for r in conn.execute(
                "SELECT id, post_id, file_name, position FROM moments_media WHERE post_id = ?",
                (post_id,))),
            tuple(r[0] for r in conn.execute(
                "SELECT tag_id FROM moments_visibility_tags WHERE post_id = ?", (post_id,))),
            tasks_db.snapshot(conn, reminder_task_ids(conn, post_id)))
    return images


def restore(conn: sqlite3.Connection, images: Mapping[int, PostImage | None]) -> None:
    """Make each post exactly its image (deleted where None). Deleting first lets the cascade
    remove images, tags and tasks the image does not hold."""
    for post_id, image in images.items():
        delete_post(conn, post_id)
        if image is None:
            continue
        conn.execute(f"INSERT INTO moments_posts ({', '.join(POST_COLUMNS)}) "
                     f"VALUES ({', '.join('?' * len(POST_COLUMNS))})", image.row)
        conn.executemany("INSERT INTO moments_media (id, post_id, file_name, position) "
                         "VALUES (?, ?, ?, ?)", image.media)
        set_visibility_tags(conn, post_id, image.tag_ids)
        tasks_db.restore(conn, image.tasks)


# --- slot templates ---------------------------------------------------------------------------

def templates(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    return conn.execute("SELECT id, name FROM moments_slot_templates ORDER BY id").fetchall()


def template_id(conn: sqlite3.Connection, name: str) -> int | None:
    row = conn.execute("SELECT id FROM moments_slot_templates WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None


def insert_template(conn: sqlite3.Connection, name: str) -> int:
    return conn.execute("INSERT INTO moments_slot_templates (name) VALUES (?)", (name,)).lastrowid


def slots(conn: sqlite3.Connection, template: int) -> list[Slot]:
    return [Slot(*r) for r in conn.execute(
        "SELECT weekday, local_time, content_type, body FROM moments_slots "
        "WHERE template_id = ? ORDER BY weekday, local_time, id", (template,))]


def set_slots(conn: sqlite3.Connection, template: int, new_slots: Iterable[Slot],
              hard_ad_types: Iterable[str]) -> None:
    ads = set(hard_ad_types)
    conn.execute("DELETE FROM moments_slots WHERE template_id = ?", (template,))
    conn.executemany(
        "INSERT INTO moments_slots (template_id, weekday, local_time, content_type, body, "
        "is_hard_ad) VALUES (?, ?, ?, ?, ?, ?)",
        [(template, s.weekday, s.local_time, s.content_type, s.body, int(s.content_type in ads))
         for s in new_slots])
