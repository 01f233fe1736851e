"""Operations on contacts: create, edit, tag, log an interaction or order, trash, restore, purge.

Every operation (a function returning OpResult) writes in one transaction and says what changed
and how to undo it; call it on the database thread. Those that change whom the layering rules
see (a new or restored contact, an order, an interaction) recompute that contact's tier, stage
and RFM in the same transaction and step (desktop.layering.recompute_after). Invalid input
raises ValidationError before anything is written. The helpers beside them (load_detail,
normalise_fields, birthday_text…) only read or check.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from db import activity
from db import contacts as contacts_db
from db import tags as tags_db
from db.connection import transaction
from desktop import timefmt
from desktop.changes import Changes, OpResult
from desktop.errors import ValidationError
from desktop.phones import normalise_phone
from desktop.pinyin_keys import NAME_KEY_COLUMNS, name_key_rows

GENDERS = ("", "male", "female")
INTERACTION_KINDS = ("chat", "moments_like", "moments_comment", "group_message", "store_visit",
                     "enquiry", "script_sent", "note")
_CONTACT_CHANGED = Changes(contacts=True)
_DETAIL_CHANGED = Changes(contacts=True, contact_detail=True)


@dataclass(frozen=True)
class ContactDetail:
    """Everything the detail panel shows about one person."""
    record: contacts_db.ContactRecord
    tag_ids: frozenset[int]
    links: list[activity.AccountLink]
    interactions: list[activity.Interaction]
    orders: list[activity.Order]
    history: list[activity.LayerChange]


def load_detail(conn: sqlite3.Connection, contact_id: int) -> ContactDetail | None:
    record = contacts_db.get(conn, contact_id)
    if record is None:
        return None
    return ContactDetail(record, frozenset(tags_db.tag_ids_of(conn, contact_id)),
                         activity.account_links_of(conn, contact_id),
                         activity.interactions_of(conn, contact_id),
                         activity.orders_of(conn, contact_id),
                         activity.layer_history_of(conn, contact_id))


_BIRTHDAY = re.compile(r"(\d{4})[-年](\d{1,2})[-月](\d{1,2})日?|-*(\d{1,2})[-月](\d{1,2})日?")


def birthday_text(stored: str) -> str:
    """A stored birthday as the operator types it ('--05-20' → '05-20')."""
    return stored.removeprefix("--")


def display_name(record: contacts_db.ContactRecord) -> str:
    """The remark the operator gave, else the nickname (as db.contacts.display_name_sql)."""
    return record.remark or record.nickname


def _normalise_birthday(text: str) -> str:
    """'1990-5-20', '1990/05/20', '1990年5月20日' → '1990-05-20'; '05-20', '5月20日' → '--05-20'."""
    text = text.strip().replace("/", "-")
    if not text:
        return ""
    match = _BIRTHDAY.fullmatch(text)
    if match:
        year = match[1]
        month, day = (match[2], match[3]) if year else (match[4], match[5])
        try:  # 2000 is a leap year, so 02-29 is accepted when the year is unknown
            parsed = date(int(year or 2000), int(month), int(day))
            return parsed.isoformat() if year else parsed.strftime("--%m-%d")
        except ValueError:
            pass
    raise ValidationError("birthday", f"生日“{text}”无法识别：请写成 1990-05-20，或只写月日 05-20")


def normalise_fields(values: Mapping[str, object]) -> dict[str, object]:
    """Check and normalise edited fields; derived search keys are added. Raises ValidationError."""
    unknown = set(values) - set(contacts_db.EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(sorted(unknown)[0], f"不能修改字段：{', '.join(sorted(unknown))}")
    out: dict[str, object] = {}
    for name, value in values.items():
        if name == "owner_account_id":
            if value not in (None, "") and not str(value).isdigit():
                raise ValidationError(name, "所属账号无效，请从列表中选择")
            out[name] = int(value) if value not in (None, "") else None
            continue
        text = str(value or "").strip()
        if name == "phone":
            try:
                text = normalise_phone(text)
            except ValueError as exc:
                raise ValidationError("phone", str(exc)) from exc
            out["phone_reversed"] = text[::-1]
        elif name == "gender" and text not in GENDERS:
            raise ValidationError("gender", "性别只能是：男、女或未知")
        elif name == "birthday":
            text = _normalise_birthday(text)
        elif name == "added_at":
            text = _parse_when(text, "added_at", "添加时间")
        out[name] = text
    if "nickname" in out and not out["nickname"]:
        raise ValidationError("nickname", "昵称不能为空")
    return out


def _with_name_keys(conn: sqlite3.Connection, contact_id: int | None,
                    values: dict[str, object]) -> dict[str, object]:
    """Recompute pinyin keys and the sort name when a name changes (computed on write)."""
    if "nickname" not in values and "remark" not in values:
        return values
    current = contacts_db.get(conn, contact_id) if contact_id else None
    nickname = str(values.get("nickname", current.nickname if current else ""))
    remark = str(values.get("remark", current.remark if current else ""))
    return {**values, **dict(zip(NAME_KEY_COLUMNS, name_key_rows([nickname], [remark])[0],
                                 strict=True))}


def create_contact(conn: sqlite3.Connection, *, values: Mapping[str, object],
                   clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    fields = normalise_fields({"added_at": timefmt.local_text(timefmt.to_db(clock())), **values})
    if not fields.get("nickname"):
        raise ValidationError("nickname", "昵称不能为空")
    with transaction(conn):
        contact_id = contacts_db.insert(conn, _with_name_keys(conn, None, fields))
        return recompute_after(conn, OpResult(
            _CONTACT_CHANGED, label=f"新建客户 {fields['nickname']}", count=1,
            undo=lambda c: _remove_created(c, contact_id), value=contact_id),
            [contact_id], clock=clock)


def _remove_created(conn: sqlite3.Connection, contact_id: int) -> OpResult:
    """Undo of a creation; its redo puts the same row back (same id, same values)."""
    row = contacts_db.snapshot(conn, contact_id)
    contacts_db.delete_permanently(conn, [contact_id])

    def redo(c: sqlite3.Connection) -> OpResult:
        contacts_db.insert(c, row)
        return OpResult(_CONTACT_CHANGED, count=1, undo=lambda c2: _remove_created(c2, contact_id))
    return OpResult(_CONTACT_CHANGED, count=1, undo=redo)


def update_contact(conn: sqlite3.Connection, *, contact_id: int,
                   values: Mapping[str, object]) -> OpResult:
    """Write the fields that differ from what is stored; undo restores the before-image."""
    fields = normalise_fields(values)
    current = contacts_db.get(conn, contact_id)
    if current is None:
        raise ValidationError("id", "这位客户已不存在（可能已被永久删除）")
    changed = {k: v for k, v in fields.items()
               if k in contacts_db.EDITABLE_FIELDS and getattr(current, k) != v}
    if not changed:
        return OpResult(Changes())
    before = {k: getattr(current, k) for k in changed}
    with transaction(conn):
        extra = {k: v for k, v in fields.items() if k == "phone_reversed" and "phone" in changed}
        contacts_db.update(conn, contact_id, _with_name_keys(conn, contact_id,
                                                             {**changed, **extra}))

    def undo(c: sqlite3.Connection) -> OpResult:
        return _restore_fields(c, contact_id, before)
    return OpResult(_CONTACT_CHANGED, label=f"修改客户 {display_name(current)}", count=1,
                    undo=undo)


def _restore_fields(conn: sqlite3.Connection, contact_id: int, before: dict[str, object]
                    ) -> OpResult:
    current = contacts_db.get(conn, contact_id)
    after = {k: getattr(current, k) for k in before}
    values = dict(before)
    if "phone" in values:
        values["phone_reversed"] = str(values["phone"])[::-1]
    contacts_db.update(conn, contact_id, _with_name_keys(conn, contact_id, values))
    return OpResult(_CONTACT_CHANGED, count=1,
                    undo=lambda c: _restore_fields(c, contact_id, after))


def set_tags(conn: sqlite3.Connection, *, contact_id: int, tag_ids: Iterable[int]) -> OpResult:
    """Replace a contact's tags. Two tags of one single-choice group is refused."""
    wanted = set(tag_ids)
    groups = tags_db.single_choice_groups_of(conn, wanted)
    seen: set[int] = set()
    for group_id in groups.values():
        if group_id in seen:
            raise ValidationError("tags", "单选标签组里只能选一个标签")
        seen.add(group_id)
    before = tags_db.tag_ids_of(conn, contact_id)
    if before == wanted:
        return OpResult(Changes())
    with transaction(conn):
        tags_db.replace_contact_tags(conn, contact_id, wanted)
    return OpResult(Changes(contacts=True, tags=True), label="修改标签", count=1,
                    undo=lambda c: _replace_tags(c, contact_id, before, wanted))


def _replace_tags(conn, contact_id: int, tag_ids: set[int], previous: set[int]) -> OpResult:
    tags_db.replace_contact_tags(conn, contact_id, tag_ids)
    return OpResult(Changes(contacts=True, tags=True), count=1,
                    undo=lambda c: _replace_tags(c, contact_id, previous, tag_ids))


def _parse_when(text: str, field: str, caption: str) -> str:
    """Local time as typed ('2025-03-07 14:05') → stored UTC text, or a ValidationError."""
    try:
        return timefmt.to_db(timefmt.parse_local(text))
    except ValueError as exc:
        raise ValidationError(field, f"{caption}：{exc}") from exc


def _add_history_row(conn: sqlite3.Connection, contact_id: int,
                     insert: Callable[[sqlite3.Connection], int],
                     delete: Callable[[sqlite3.Connection, int], None], label: str,
                     clock: timefmt.Clock) -> OpResult:
    """Insert one interaction/order row, refresh the contact's totals and recompute their
    layering; undo takes all of it back, redo puts it again."""
    with transaction(conn):
        return recompute_after(
            conn, _insert_history_row(conn, contact_id, insert, delete, label), [contact_id],
            clock=clock)


def _insert_history_row(conn: sqlite3.Connection, contact_id: int,
                        insert: Callable[[sqlite3.Connection], int],
                        delete: Callable[[sqlite3.Connection, int], None], label: str
                        ) -> OpResult:
    """Insert the row and refresh the totals; undo deletes it and redo inserts it again."""
    with transaction(conn):
        new_id = insert(conn)
        contacts_db.refresh_activity(conn, contact_id)

    def undo(c: sqlite3.Connection) -> OpResult:
        delete(c, new_id)
        contacts_db.refresh_activity(c, contact_id)
        return OpResult(_DETAIL_CHANGED, count=1, undo=lambda c2: _insert_history_row(
            c2, contact_id, insert, delete, label))
    return OpResult(_DETAIL_CHANGED, label=label, count=1, undo=undo, value=new_id)


def add_interaction(conn: sqlite3.Connection, *, contact_id: int, kind: str, occurred_at: str,
                    note: str = "", clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """Log a touch by hand. `occurred_at` is local time as typed ('2025-03-07 14:05')."""
    if kind not in INTERACTION_KINDS:
        raise ValidationError("kind", "请选择互动类型")
    when = _parse_when(occurred_at, "occurred_at", "互动时间")
    return _add_history_row(
        conn, contact_id,
        lambda c: activity.insert_interaction(c, contact_id=contact_id, kind=kind,
                                              occurred_at=when, note=note.strip()),
        activity.delete_interaction, "添加互动", clock)


def parse_amount_fen(text: str) -> int:
    """'128', '¥128.5', '1,299.00' → fen. Raises ValidationError."""
    cleaned = str(text).strip().replace("¥", "").replace("￥", "").replace(",", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValidationError("amount", f"金额“{text}”不是数字，例如 128 或 128.50") from exc
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError("amount", f"金额“{text}”应为不小于 0、最多两位小数的数字")
    return int(amount * 100)


def add_order(conn: sqlite3.Connection, *, contact_id: int, ordered_at: str, amount: str,
              item: str = "", category: str = "", channel: str = "",
              clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """Record a purchase by hand; `amount` in yuan as typed."""
    amount_fen = parse_amount_fen(amount)
    when = _parse_when(ordered_at, "ordered_at", "下单时间")
    return _add_history_row(
        conn, contact_id,
        lambda c: activity.insert_order(c, contact_id=contact_id, ordered_at=when,
                                        amount_fen=amount_fen, item=item.strip(),
                                        category=category.strip(), channel=channel.strip()),
        activity.delete_order, "添加订单", clock)


def move_to_trash(conn: sqlite3.Connection, *, contact_ids: list[int],
                  clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    return _set_trashed(conn, contact_ids, timefmt.to_db(clock()),
                        label=f"把 {len(contact_ids)} 位客户移到回收站")


def restore_from_trash(conn: sqlite3.Connection, *, contact_ids: list[int],
                       clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """Back into the list, with tier and stage brought up to date (days passed in the trash)."""
    with transaction(conn):
        return recompute_after(
            conn, _set_trashed(conn, contact_ids, None,
                               label=f"从回收站恢复 {len(contact_ids)} 位客户"),
            contact_ids, clock=clock)


def _set_trashed(conn, contact_ids: list[int], deleted_at: str | None, *, label: str) -> OpResult:
    before = contacts_db.deleted_at_of(conn, contact_ids)
    with transaction(conn):
        contacts_db.set_deleted_at(conn, contact_ids, deleted_at)

    def undo(c: sqlite3.Connection) -> OpResult:
        groups: dict[str | None, list[int]] = {}
        for cid, value in before.items():
            groups.setdefault(value, []).append(cid)
        for value, ids in groups.items():
            contacts_db.set_deleted_at(c, ids, value)
        return OpResult(_CONTACT_CHANGED, count=len(before),
                        undo=lambda c2: _set_trashed(c2, contact_ids, deleted_at, label=label))
    return OpResult(_CONTACT_CHANGED, label=label, count=len(contact_ids), undo=undo)


def purge(conn: sqlite3.Connection, *, contact_ids: list[int]) -> OpResult:
    """Erase people for good, with everything recorded about them. Cannot be undone."""
    with transaction(conn):
        contacts_db.delete_permanently(conn, contact_ids)
    return OpResult(Changes(contacts=True, contact_detail=True, tasks=True),
                    label=f"永久删除 {len(contact_ids)} 位客户", count=len(contact_ids),
                    irreversible=True)


def recompute_after(*args, **kwargs):
    """desktop.layering.recompute_after, imported on first use: the engine loads numpy (~80 ms,
    ~20 MB), which an import or a start that adds no order should not pay."""
    from desktop import layering
    return layering.recompute_after(*args, **kwargs)
