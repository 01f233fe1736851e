"""Import history: undo a whole batch (also days later), and saved column mappings.

Undo removes the contacts (or orders) the batch created and puts back what it changed in
contacts that existed before — field by field, only where the field still holds what the import
wrote, so a later edit by the operator is never lost. Tags, groups and accounts the batch created
go too, unless something else uses them by now.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence

from db import bulk
from db import imports as imports_db
from db.connection import transaction
from db.imports import BatchInfo, SavedMapping
from desktop import snapshots, timefmt
from desktop.changes import Changes, OpResult
from desktop.errors import UserFacingError
from desktop.importing.fields import headers_signature

__all__ = ["BatchInfo", "SavedMapping", "find_mapping", "list_batches", "list_mappings",
           "save_mapping", "undo_batch"]

list_batches = imports_db.list_batches


def undo_batch(conn: sqlite3.Connection, *, batch_id: int,
               clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """Revert import batch `batch_id` in one transaction. Cannot itself be redone."""
    batch = imports_db.get_batch(conn, batch_id)
    if batch is None:
        raise UserFacingError(f"找不到导入记录 #{batch_id}")
    if batch.undone_at:
        raise UserFacingError(f"导入 #{batch_id} 已于 {timefmt.local_text(batch.undone_at)} "
                              "撤销过了")
    with transaction(conn):
        if batch.kind == "orders":
            touched = imports_db.delete_created_orders(conn, batch_id)
            bulk.refresh_contact_activity(conn, touched)
            count = batch.created
        else:
            leftovers = imports_db.kept_leftovers(conn)
            used = imports_db.used_by_batch(conn, batch_id) if leftovers else {}
            snapshots.undo_for_batch(conn, batch_id)
            count = imports_db.delete_created_contacts(conn, batch_id)
            _revert_effects(conn, batch_id, now=timefmt.to_db(clock()))
            _remove_leftovers(conn, leftovers, used)
        imports_db.mark_undone(conn, batch_id, undone_at=timefmt.to_db(clock()))
    return OpResult(Changes(contacts=True, contact_detail=True, tags=True, tasks=True),
                    label=f"撤销导入 #{batch_id}（{batch.file_name}）", count=count,
                    irreversible=True)


def _revert_effects(conn: sqlite3.Connection, batch_id: int, *, now: str) -> None:
    """Newest effect first: a tag the batch gave is taken away before the one it replaced in a
    single-choice group comes back; tags go before their groups.

    The contacts an effect names may be gone by now (another batch's undo removed the contact
    that batch created, or the operator purged it): such effects are skipped. A tag taken away
    comes back only where the operator has not chosen another one of that group since.
    A tag, group or account the batch created stays while something else uses it — then the
    undo of the batch that uses it removes it (see _remove_leftovers)."""
    effects = imports_db.effects_of(conn, batch_id)
    handed_on: set[tuple[int, int]] = set()  # (contact, tag) untags given to a later batch
    for kind, contact_id, ref_id, detail in effects:
        if kind == "fields":
            _revert_fields(conn, batch_id, contact_id, json.loads(detail), now=now)
        elif kind == "tag":
            imports_db.remove_contact_tags(conn, [(contact_id, ref_id)])
            _hand_on_untag(conn, batch_id, contact_id, ref_id, effects, handed_on)
        elif kind == "untag":
            if (contact_id, ref_id) in handed_on:
                continue
            later_tags = imports_db.later_effects(conn, batch_id, contact_id, "tag")
            for rowid, later_ref, _detail in later_tags:
                if later_ref == ref_id:  # a later batch gave it back: it was there all along
                    imports_db.delete_effect(conn, rowid)
            imports_db.restore_contact_tag(conn, contact_id, ref_id)
        elif kind == "link":
            imports_db.remove_links(conn, [(contact_id, ref_id)])
        elif not imports_db.delete_unused(conn, kind, ref_id):
            imports_db.mark_kept(conn, batch_id, kind, ref_id, True)


def _revert_fields(conn: sqlite3.Connection, batch_id: int, contact_id: int,
                   changed: dict[str, list], *, now: str) -> None:
    """Put back each field that still holds what the import wrote. A field a later import
    changed again gets this import's "before" handed on, so undoing that one later restores
    the value from before both."""
    current = imports_db.current_values(conn, contact_id, list(changed))
    if current is None:  # purged since, or created by another batch whose undo removed it
        return
    back = {col: before for col, (before, after) in changed.items() if current[col] == after}
    moved = {col: (before, after) for col, (before, after) in changed.items()
             if col not in back}
    if moved:
        for rowid, _ref, detail in imports_db.later_effects(conn, batch_id, contact_id,
                                                             "fields"):
            later = json.loads(detail)
            hits = [col for col, (before, after) in moved.items()
                    if col in later and later[col][0] == after]
            for col in hits:
                later[col][0] = moved.pop(col)[0]
            if hits:
                imports_db.update_effect(conn, rowid,
                                         detail=json.dumps(later, ensure_ascii=False))
    owner = back.get("owner_account_id")
    if owner is not None and not imports_db.account_exists(conn, int(owner)):
        back["owner_account_id"] = None  # deleted since: as its ON DELETE SET NULL would
    if back:
        imports_db.update_contacts(conn, [(contact_id, back)], updated_at=now)


def _hand_on_untag(conn: sqlite3.Connection, batch_id: int, contact_id: int, tag_id: int,
                   effects: Sequence[tuple], handed_on: set[tuple[int, int]]) -> None:
    """This batch gave `tag_id` and a later batch replaced it (single-choice group): that later
    batch's undo must not bring it back, but the tag this batch replaced, if any."""
    for rowid, later_ref, _detail in imports_db.later_effects(conn, batch_id, contact_id,
                                                              "untag"):
        if later_ref != tag_id:
            continue
        group = imports_db.group_of_tag(conn, tag_id)
        replaced = next((ref for kind, c, ref, _d in effects if kind == "untag"
                         and c == contact_id and imports_db.group_of_tag(conn, ref) == group),
                        None)
        if replaced is None:
            imports_db.delete_effect(conn, rowid)
        else:
            imports_db.update_effect(conn, rowid, ref_id=replaced)
            handed_on.add((contact_id, replaced))


def _remove_leftovers(conn: sqlite3.Connection, leftovers: Sequence[tuple[int, str, int]],
                      used: Mapping[str, set[int]]) -> None:
    """Rows an earlier-undone batch created and left because this batch used them: gone now,
    unless something else still uses them."""
    for other, kind, ref_id in leftovers:
        if ref_id in used[kind] and imports_db.delete_unused(conn, kind, ref_id):
            imports_db.mark_kept(conn, other, kind, ref_id, False)


def save_mapping(conn: sqlite3.Connection, *, name: str, kind: str, headers: Sequence[str],
                 mapping: Mapping[str, str]) -> OpResult:
    """Remember a column mapping under `name`; files with the same columns are offered it."""
    name = name.strip()
    if not name:
        raise UserFacingError("请为映射起一个名字")
    with transaction(conn):
        previous = imports_db.saved_mapping_row(conn, name)
        imports_db.save_mapping(conn, name=name, kind=kind, signature=headers_signature(headers),
                                mapping=dict(mapping))

    def undo(c: sqlite3.Connection) -> OpResult:
        if previous is None:
            imports_db.delete_mapping(c, name)
        else:
            imports_db.save_mapping(c, name=name, kind=previous[0], signature=previous[1],
                                    mapping=json.loads(previous[2]))
        return OpResult(Changes(settings=True))
    return OpResult(Changes(settings=True), label=f"保存映射“{name}”", undo=undo)


def find_mapping(conn: sqlite3.Connection, *, kind: str, headers: Sequence[str]
                 ) -> SavedMapping | None:
    """The newest mapping saved for a file with these columns, if any."""
    found = imports_db.mappings(conn, kind=kind, signature=headers_signature(headers))
    return found[0] if found else None


def list_mappings(conn: sqlite3.Connection, *, kind: str) -> list[SavedMapping]:
    return imports_db.mappings(conn, kind=kind)
