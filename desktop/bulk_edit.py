"""Operations on many contacts at once (tags, tier, owner), and one contact's tag toggled.

Each writes in one transaction and is one undo step holding only the rows it changed; call it
on the database thread. Invalid input raises ValidationError before anything is written.
The work is set-based (db/contact_bulk.py) so that 20,000 contacts — and their undo — take well
under a second. Tag edits write contact_tags only; contacts.updated_at is stamped on the rows
whose own columns change (tier, owner).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from db import activity, bulk, contact_bulk
from db import contacts as contacts_db
from db import tags as tags_db
from db.connection import transaction
from desktop import timefmt
from desktop.changes import Changes, OpResult
from desktop.contacts import ValidationError, display_name, recompute_after

_TAGS_CHANGED = Changes(contacts=True, tags=True)
_TIER_CHANGED = Changes(contacts=True, tiers=True, contact_detail=True)
_OWNER_CHANGED = Changes(contacts=True, contact_detail=True)
TIERS = range(1, 6)


@dataclass(frozen=True)
class _Side:
    """What one side of an edit holds and the other does not; switching to it writes this."""
    rows: Sequence[tuple] = ()                    # (contact id, *values of _Edit.columns)
    tags: Sequence[contact_bulk.TagPair] = ()
    history: Sequence[tuple] = ()                 # layer_history rows, id first


@dataclass(frozen=True)
class _Edit:
    changes: Changes
    count: int                                    # contacts changed
    columns: tuple[str, ...] = ()
    clock: timefmt.Clock = timefmt.system_clock   # stamps updated_at, on undo and redo too


def _switch(conn: sqlite3.Connection, edit: _Edit, to: _Side, away: _Side) -> OpResult:
    """Leave `away` for `to`; the result's undo switches back. Deletes go first so that a
    single-choice group never holds two tags, even for a moment (the schema's trigger)."""
    contact_bulk.delete_tag_pairs(conn, away.tags)
    if away.history:
        contact_bulk.delete_history(conn, (row[0] for row in away.history))
    if to.rows:
        contact_bulk.write_contact_values(conn, edit.columns, to.rows,
                                          updated_at=timefmt.to_db(edit.clock()))
    bulk.insert_contact_tags(conn, to.tags)
    contact_bulk.insert_history(conn, to.history)
    return OpResult(edit.changes, count=edit.count,
                    undo=lambda c: _switch(c, edit, away, to))


def _apply(conn: sqlite3.Connection, edit: _Edit, before: _Side, after: _Side, *,
           label: str) -> OpResult:
    if not edit.count:  # everyone already as asked: no write, no undo step
        return OpResult(Changes(), label=label)
    with transaction(conn):
        result = _switch(conn, edit, after, before)
    return replace(result, label=label)


def _selection(contact_ids: Iterable[int]) -> list[int]:
    ids = list(dict.fromkeys(contact_ids))
    if not ids:
        raise ValidationError("contact_ids", "请先选择客户")
    return ids


def _known_tags(conn: sqlite3.Connection, tag_ids: Iterable[int]
                ) -> list[tuple[tags_db.Tag, tags_db.TagGroup]]:
    """The tags in the order given, each with its group."""
    ids = list(dict.fromkeys(tag_ids))
    if not ids:
        raise ValidationError("tag_ids", "请选择标签")
    known = {tag.id: (tag, group) for group in tags_db.groups_with_tags(conn)
             for tag in group.tags}
    if any(i not in known for i in ids):
        raise ValidationError("tag_ids", "标签不存在（可能已被删除），请重新选择")
    return [known[i] for i in ids]


def _names(tags: list[tuple[tags_db.Tag, tags_db.TagGroup]]) -> str:
    return "、".join(tag.name for tag, _group in tags)


def _tag_edit(conn: sqlite3.Connection, *, added: list[contact_bulk.TagPair],
              removed: list[contact_bulk.TagPair], label: str) -> OpResult:
    count = len({contact_id for contact_id, _tag in (*added, *removed)})
    return _apply(conn, _Edit(_TAGS_CHANGED, count), _Side(tags=removed), _Side(tags=added),
                  label=label)


def _give_tags(conn: sqlite3.Connection, contact_ids: list[int], tag_ids: list[int], *,
               label: str) -> OpResult:
    return _tag_edit(conn, added=contact_bulk.missing_tag_pairs(conn, contact_ids, tag_ids),
                     removed=contact_bulk.rival_tag_pairs(conn, contact_ids, tag_ids),
                     label=label)


def add_tags(conn: sqlite3.Connection, *, contact_ids: Iterable[int],
             tag_ids: Iterable[int]) -> OpResult:
    """Give the tags to whoever lacks them. A tag of a single-choice group replaces the
    contact's other tag of that group; two tags of one such group at once are refused."""
    ids = _selection(contact_ids)
    tags = _known_tags(conn, tag_ids)
    single_choice = [group for _tag, group in tags if group.single_choice]
    for group in single_choice:
        if single_choice.count(group) > 1:
            raise ValidationError("tag_ids", f"“{group.name}”是单选标签组，一次只能加其中一个标签")
    return _give_tags(conn, ids, [tag.id for tag, _group in tags],
                      label=f"给 {len(ids)} 位客户加标签 {_names(tags)}")


def remove_tags(conn: sqlite3.Connection, *, contact_ids: Iterable[int],
                tag_ids: Iterable[int]) -> OpResult:
    ids = _selection(contact_ids)
    tags = _known_tags(conn, tag_ids)
    held = contact_bulk.held_tag_pairs(conn, ids, [tag.id for tag, _group in tags])
    return _tag_edit(conn, added=[], removed=held,
                     label=f"给 {len(ids)} 位客户去掉标签 {_names(tags)}")


def toggle_tag(conn: sqlite3.Connection, *, contact_id: int, tag_id: int) -> OpResult:
    """One key press of the tagging session: add the tag if absent (replacing the other tag
    of a single-choice group), remove it if present."""
    record = contacts_db.get(conn, contact_id)
    if record is None:
        raise ValidationError("contact_id", "这位客户已不存在（可能已被永久删除）")
    [(tag, _group)] = _known_tags(conn, [tag_id])
    name = display_name(record)
    if tag_id in tags_db.tag_ids_of(conn, contact_id):
        return _tag_edit(conn, added=[], removed=[(contact_id, tag_id)],
                         label=f"给 {name} 去掉标签 {tag.name}")
    return _give_tags(conn, [contact_id], [tag_id], label=f"给 {name} 加标签 {tag.name}")


def _set_columns(conn: sqlite3.Connection, contact_ids: list[int], values: dict[str, object],
                 *, changes: Changes, clock: timefmt.Clock, label: str,
                 history: Callable[[list[tuple]], list[tuple]] = lambda _rows: []
                 ) -> OpResult:
    """Write `values` to the contacts whose columns differ; `history` makes the
    layer_history rows for those contacts' before-rows."""
    columns, target = tuple(values), tuple(values.values())
    before = [row for row in contact_bulk.contact_values(conn, contact_ids, columns)
              if tuple(row[1:]) != target]
    after = [(row[0], *target) for row in before]
    edit = _Edit(changes, len(before), columns, clock)
    return _apply(conn, edit, _Side(rows=before), _Side(rows=after, history=history(before)),
                  label=label)


def set_tier(conn: sqlite3.Connection, *, contact_ids: Iterable[int], tier: int,
             clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """Set and pin the tier (recomputing leaves it alone until unpinned); each contact whose
    tier changes gets one layer_history row."""
    if type(tier) is not int or tier not in TIERS:
        raise ValidationError("tier", "层级只能是 L1 到 L5")
    ids = _selection(contact_ids)
    reason = f"手动设置为 L{tier}"
    now = timefmt.to_db(clock())

    def history(before: list[tuple]) -> list[tuple]:
        first = contact_bulk.next_history_id(conn)
        changed = [(contact_id, old) for contact_id, old, *_rest in before if old != tier]
        return [(first + i, contact_id, "tier", str(old), str(tier), now, reason)
                for i, (contact_id, old) in enumerate(changed)]
    return _set_columns(conn, ids, {"tier": tier, "tier_pinned": 1, "tier_reason": reason},
                        changes=_TIER_CHANGED, clock=clock, history=history,
                        label=f"把 {len(ids)} 位客户设为 L{tier}（固定）")


def unpin_tier(conn: sqlite3.Connection, *, contact_ids: Iterable[int],
               clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """Let the tier rules apply again: the unpinned contacts are recomputed in the same step."""
    ids = _selection(contact_ids)
    pinned = [row[0] for row in contact_bulk.contact_values(conn, ids, ("tier_pinned",))
              if row[1]]
    with transaction(conn):
        result = _set_columns(conn, ids, {"tier_pinned": 0}, changes=_TIER_CHANGED, clock=clock,
                              label=f"取消固定 {len(ids)} 位客户的层级")
        return recompute_after(conn, result, pinned, clock=clock)


def set_owner(conn: sqlite3.Connection, *, contact_ids: Iterable[int], account_id: int | None,
              clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """Set (or with None clear) the account a contact belongs to."""
    ids = _selection(contact_ids)
    if account_id is None:
        label = f"清空 {len(ids)} 位客户的所属账号"
    else:
        names = {account.id: account.name for account in activity.accounts(conn)}
        if account_id not in names:
            raise ValidationError("account_id", "所属账号不存在（可能已被删除），请从列表中选择")
        label = f"把 {len(ids)} 位客户的所属账号改为 {names[account_id]}"
    return _set_columns(conn, ids, {"owner_account_id": account_id}, changes=_OWNER_CHANGED,
                        clock=clock, label=label)

