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


TagCatalogue = dict[int, tuple[int, Tag]]
"""tag id → (display rank: group order then tag order, the tag). A few hundred entries."""


def tag_catalogue(conn: sqlite3.Connection) -> TagCatalogue:
    ordered = (tag for group in groups_with_tags(conn) for tag in group.tags)
    return {tag.id: (rank, tag) for rank, tag in enumerate(ordered)}


def tags_of_contacts(conn: sqlite3.Connection, contact_ids: Iterable[int],
                     catalogue: TagCatalogue | None = None) -> dict[int, list[Tag]]:
    """Tags for a page of contacts, in group then tag order.

    Reads only (contact, tag) pairs from the primary key and names them from `catalogue`: the
    join with tags and tag_groups and its sort cost more than the rest of a list page.
    """
    ids = list(contact_ids)
    result: dict[int, list[Tag]] = defaultdict(list)
    if not ids:
        return result
    catalogue = tag_catalogue(conn) if catalogue is None else catalogue
    marks = ",".join("?" * len(ids))
    ranked: dict[int, list[tuple[int, Tag]]] = defaultdict(list)
    for contact_id, tag_id in conn.execute(
            f"SELECT contact_id, tag_id FROM contact_tags WHERE contact_id IN ({marks})", ids):
        ranked[contact_id].append(catalogue[tag_id])
    for contact_id, tags in ranked.items():
        result[contact_id] = [tag for _rank, tag in sorted(tags, key=lambda t: t[0])]
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
