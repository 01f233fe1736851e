"""Saved segments (分组): a ContactQuery under a name, listed in the sidebar with a live count.

save / update / delete are operations for the database thread: each writes in one transaction
and undoes exactly (same id, same order, same creation time), its undo's result being the
redo. A name that is empty or already taken raises ValidationError before anything is written.
`list_segments` and `segment_counts` only read (any thread with its own connection).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace

from db import segments as segments_db
from db.connection import transaction
from desktop import timefmt
from desktop.changes import Changes, OpResult
from desktop.contact_query import ContactQuery, count_matching
from desktop.contacts import ValidationError

_CHANGED = Changes(segments=True)


@dataclass(frozen=True)
class Segment:
    id: int
    name: str
    query: ContactQuery
    sort_order: int


def list_segments(conn: sqlite3.Connection) -> list[Segment]:
    """Every saved segment, in sidebar order."""
    return [Segment(row.id, row.name, ContactQuery.from_json(row.filter_json), row.sort_order)
            for row in segments_db.list_segments(conn)]


def segment_counts(conn: sqlite3.Connection, segments: Iterable[Segment], *,
                   clock: timefmt.Clock = timefmt.system_clock) -> dict[int, int]:
    """Segment id → how many contacts it holds now, every count against the same 'now'."""
    now = clock()
    return {s.id: count_matching(conn, s.query, clock=lambda: now) for s in segments}


def _checked_name(conn: sqlite3.Connection, name: str, *, segment_id: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError("name", "分组名称不能为空：请输入一个名称，例如“高价值老客”")
    holder = segments_db.id_named(conn, name)
    if holder is not None and holder != segment_id:
        raise ValidationError("name", f"已经有名为“{name}”的分组：请换一个名称，"
                                      "或者在那个分组上选择“用当前筛选替换”")
    return name


def _existing(conn: sqlite3.Connection, segment_id: int) -> segments_db.SegmentRow:
    row = segments_db.get(conn, segment_id)
    if row is None:
        raise ValidationError("segment_id", "这个分组已不存在（可能已被删除），请刷新分组列表")
    return row


def save_segment(conn: sqlite3.Connection, *, name: str, query: ContactQuery) -> OpResult:
    """Save `query` as a new segment after the others; `value` is its id."""
    name = _checked_name(conn, name)
    with transaction(conn):
        segment_id = segments_db.insert(conn, name=name, filter_json=query.to_json())
    return OpResult(_CHANGED, label=f"保存分组 {name}", count=1, value=segment_id,
                    undo=lambda c: _remove(c, segment_id))


def _remove(conn: sqlite3.Connection, segment_id: int) -> OpResult:
    """Delete the row; the result's undo puts it back as it was."""
    row = _existing(conn, segment_id)
    segments_db.delete(conn, segment_id)
    return OpResult(_CHANGED, count=1, undo=lambda c: _put_back(c, row))


def _put_back(conn: sqlite3.Connection, row: segments_db.SegmentRow) -> OpResult:
    segments_db.put_back(conn, row)
    return OpResult(_CHANGED, count=1, undo=lambda c: _remove(c, row.id))


def delete_segment(conn: sqlite3.Connection, *, segment_id: int) -> OpResult:
    """Delete a segment (the contacts in it are not touched)."""
    name = _existing(conn, segment_id).name
    with transaction(conn):
        result = _remove(conn, segment_id)
    return replace(result, label=f"删除分组 {name}")


def update_segment(conn: sqlite3.Connection, *, segment_id: int, name: str | None = None,
                   query: ContactQuery | None = None) -> OpResult:
    """Rename a segment and/or replace its query; None keeps what is stored."""
    before = _existing(conn, segment_id)
    new_name = before.name if name is None else _checked_name(conn, name, segment_id=segment_id)
    new_json = before.filter_json if query is None else query.to_json()
    if (new_name, new_json) == (before.name, before.filter_json):
        return OpResult(Changes())
    with transaction(conn):
        result = _write(conn, before, new_name, new_json)
    label = (f"重命名分组 {before.name} 为 {new_name}" if new_name != before.name
             else f"修改分组 {before.name}")
    return replace(result, label=label)


def _write(conn: sqlite3.Connection, before: segments_db.SegmentRow, name: str,
           filter_json: str) -> OpResult:
    """Store name and query; the result's undo stores `before`'s again."""
    segments_db.update(conn, before.id, name=name, filter_json=filter_json)
    after = replace(before, name=name, filter_json=filter_json)
    return OpResult(_CHANGED, count=1,
                    undo=lambda c: _write(c, after, before.name, before.filter_json))
