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
from desktop import timefmt
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
            count = imports_db.delete_created_contacts(conn, batch_id)
            _revert_effects(conn, batch_id)
        imports_db.mark_undone(conn, batch_id, undone_at=timefmt.to_db(clock()))
    return OpResult(Changes(contacts=True, contact_detail=True, tags=True),
                    label=f"撤销导入 #{batch_id}（{batch.file_name}）", count=count,
                    irreversible=True)


def _revert_effects(conn: sqlite3.Connection, batch_id: int) -> None:
    """Newest effect first: a tag the batch gave is taken away before the one it replaced in a
    single-choice group comes back; tags go before their groups."""
    for kind, contact_id, ref_id, detail in imports_db.effects_of(conn, batch_id):
        if kind == "fields":
            changed = json.loads(detail)
            current = imports_db.current_values(conn, contact_id, list(changed))
            if current is None:  # purged since
                continue
            back = {col: before for col, (before, after) in changed.items()
                    if current[col] == after}
            if back:
                imports_db.update_contacts(conn, [(contact_id, back)],
                                           updated_at=timefmt.to_db(timefmt.system_clock()))
        elif kind == "tag":
            imports_db.remove_contact_tags(conn, [(contact_id, ref_id)])
        elif kind == "untag":
            imports_db.add_contact_tags(conn, [(contact_id, ref_id)])
        elif kind == "link":
            imports_db.remove_links(conn, [(contact_id, ref_id)])
        else:
            imports_db.delete_unused(conn, kind, ref_id)


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
