"""Tag groups, tags and which contact has which tag."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Tag:
    id: int
    group_id: int
    name: str
    color: str


@dataclass(frozen=True)
class TagGroup:
    id: int
    name: str
    single_choice: bool
    tags: tuple[Tag, ...]


def groups_with_tags(conn: sqlite3.Connection) -> list[TagGroup]:
    tags_by_group: dict[int, list[Tag]] = defaultdict(list)
    for row in conn.execute("SELECT id, group_id, name, color FROM tags "
                            "ORDER BY sort_order, id"):
        tags_by_group[row[1]].append(Tag(*row))
    return [TagGroup(gid, name, bool(single), tuple(tags_by_group[gid]))
            for gid, name, single in conn.execute(
                "SELECT id, name, single_choice FROM tag_groups ORDER BY sort_order, id")]


def tags_of_contacts(conn: sqlite3.Connection, contact_ids: Iterable[int]
                     ) -> dict[int, list[Tag]]:
    """Tags for a page of contacts, in group then tag order."""
    ids = list(contact_ids)
    result: dict[int, list[Tag]] = defaultdict(list)
    if not ids:
        return result
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"""SELECT ct.contact_id, t.id, t.group_id, t.name, t.color
            FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
            JOIN tag_groups g ON g.id = t.group_id
            WHERE ct.contact_id IN ({marks})
            ORDER BY g.sort_order, g.id, t.sort_order, t.id""", ids)
    for contact_id, *tag in rows:
        result[contact_id].append(Tag(*tag))
    return result


def tag_ids_of(conn: sqlite3.Connection, contact_id: int) -> set[int]:
    return {r[0] for r in conn.execute(
        "SELECT tag_id FROM contact_tags WHERE contact_id = ?", (contact_id,))}


def single_choice_groups_of(conn: sqlite3.Connection, tag_ids: Iterable[int]) -> dict[int, int]:
    """For the given tags: tag id → group id, only for tags in single-choice groups."""
    ids = list(tag_ids)
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return dict(conn.execute(
        f"SELECT t.id, t.group_id FROM tags t JOIN tag_groups g ON g.id = t.group_id "
        f"WHERE g.single_choice = 1 AND t.id IN ({marks})", ids).fetchall())


def replace_contact_tags(conn: sqlite3.Connection, contact_id: int, tag_ids: Iterable[int]
                         ) -> None:
    conn.execute("DELETE FROM contact_tags WHERE contact_id = ?", (contact_id,))
    conn.executemany("INSERT INTO contact_tags (contact_id, tag_id) VALUES (?, ?)",
                     [(contact_id, t) for t in tag_ids])
