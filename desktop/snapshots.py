"""Full exports (这是完整导出) of one account, compared with its previous one: who deleted us
(流失), who is new (新增 → the welcome task), who came back (重新添加).

The members of a snapshot are the contacts the file's accepted rows were created as or merged
into. A rejected row may be a friend whom the comparison would wrongly mark lost, and the file
does not say which contact it is — so when any row is rejected no comparison is made at all
(no snapshot is kept either: the next one would call those friends "new"). The operator fixes
the rows and imports again.

Nothing about a contact is ever deleted here: a loss is a row in friend_losses, closed when a
later export has the friend again. The import (contacts_import) plans the comparison in its
dry run and records it in its own transaction; undoing the import batch undoes the snapshot
(`undo_for_batch`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from db import snapshots as snapshots_db
from db import sop as sop_db
from db.connection import transaction
from db.snapshots import LostFriend, SnapshotInfo
from desktop import exporting, timefmt
from desktop.changes import Changes, OpResult
from desktop.errors import UserFacingError
from desktop.importing.values import clean_text
from desktop.sop_rules import ensure_builtin_rules

if TYPE_CHECKING:
    from desktop.importing.reader import Table  # reads Excel too: not loaded for a type

WELCOME = "welcome"  # desktop/sop_rules.py BUILTIN_RULES
KEYLESS_REASON = ("完整导出的每一行需要外部联系人ID、微信号或手机号之一，才能与上次导出对应"
                  "（否则每次导入都会多出一位重复客户）：请在原表补上后重新导入这一行")
RECALL_TITLE = f"流失回访：{sop_db.PLACEHOLDER}"


@dataclass(frozen=True)
class SnapshotSummary:
    """What a full export does to an account's friend list; equal in a dry run and the import."""
    account: str
    members: int
    previous_at: str | None = None  # UTC taken_at of the export compared with; None = first
    new: int = 0
    lost: int = 0
    readded: int = 0
    refused_rows: int = 0           # rejected rows: no comparison, nothing recorded
    keyless_rows: int = 0           # rows without any id: rejected, compared without them
    welcome: bool = True            # the welcome rule is on: new friends get its task

    def lines(self, *, dry_run: bool) -> list[str]:
        will = "将" if dry_run else "已"
        if self.refused_rows:
            return [f"完整导出（账号“{self.account}”）：有 {self.refused_rows} 行无法导入，"
                    "它们可能是仍在的好友，对比会把他们误标为流失，所以这次不做对比、"
                    "不记录这次完整导出。请按下表修正这些行后重新导入。"]
        keyless = ([f"另有 {self.keyless_rows} 行没有外部联系人ID、微信号和手机号，无法对应，"
                    "未导入也不参与对比（见下表）。"] if self.keyless_rows else [])
        if self.previous_at is None:
            return [f"这是账号“{self.account}”的第一次完整导出：{will}记录 {self.members} 位"
                    "好友作为基准，下次完整导出时再对比流失和新增。", *keyless]
        out = [f"{will}标记流失 {self.lost} 位，新增好友 {self.new} 位，重新添加 {self.readded} 位"
               f"（与 {timefmt.local_text(self.previous_at, with_time=False)} 的完整导出对比，"
               f"账号“{self.account}”，本次共 {self.members} 位好友）。"]
        out += keyless
        if self.new:
            out.append("新增的好友会收到欢迎任务。" if self.welcome
                       else "自动规则“新客欢迎”已关闭：新增的好友不会收到欢迎任务。")
        if self.lost:
            out.append("流失的好友不会被删除，资料、标签和记录都保留；在“客户 → 流失好友…”查看。")
        return out


@dataclass
class Comparison:
    """The sets behind a SnapshotSummary, kept for `record`."""
    summary: SnapshotSummary
    account_id: int | None
    members: set[int]
    previous: SnapshotInfo | None = None
    new: list[int] = field(default_factory=list)
    lost: list[int] = field(default_factory=list)
    readded: list[int] = field(default_factory=list)  # loss ids to close
    welcome_rule: sop_db.SopRule | None = None


def _welcome_rule(conn: sqlite3.Connection) -> sop_db.SopRule | None:
    return next((r for r in sop_db.rules(conn) if r.code == WELCOME), None)


def compare(conn: sqlite3.Connection, *, account: str, account_id: int | None,
            members: set[int], rejected_rows: int, keyless_rows: int = 0) -> Comparison:
    """Reads only. `account_id` None: an account the import creates (first export).
    `rejected_rows` excludes the `keyless_rows` (rows without any id, which never stand for a
    member, so they do not stop the comparison)."""
    if rejected_rows:
        return Comparison(SnapshotSummary(account, len(members), refused_rows=rejected_rows),
                          account_id, members)
    previous = None if account_id is None else snapshots_db.latest(conn, account_id)
    if previous is None:
        return Comparison(SnapshotSummary(account, len(members), keyless_rows=keyless_rows),
                          account_id, members)
    before = snapshots_db.members(conn, previous.id)
    open_losses = snapshots_db.open_loss_contacts(conn, account_id)
    readded = sorted(open_losses[c] for c in members if c in open_losses)
    new = sorted(c for c in members if c not in before and c not in open_losses)
    lost = sorted(before - members)
    rule = _welcome_rule(conn)
    welcome = rule is None or rule.enabled  # None: the built-ins are seeded when recording
    return Comparison(SnapshotSummary(account, len(members), previous.taken_at, len(new),
                                      len(lost), len(readded), welcome=welcome,
                                      keyless_rows=keyless_rows),
                      account_id, members, previous, new, lost, readded, rule)


def record(conn: sqlite3.Connection, comparison: Comparison, *, account_id: int,
           batch_id: int, file_name: str, now: str) -> int | None:
    """Write the snapshot, its losses, the closed losses and the welcome tasks (inside the
    import's transaction). Returns the snapshot id (None when the comparison was refused)."""
    summary = comparison.summary
    if summary.refused_rows:
        return None
    snapshot_id = snapshots_db.insert_snapshot(
        conn, account_id=account_id, taken_at=now, batch_id=batch_id, file_name=file_name,
        member_ids=sorted(comparison.members), new_count=summary.new,
        lost_count=summary.lost, readded_count=summary.readded)
    if comparison.previous is None:
        return snapshot_id
    snapshots_db.insert_losses(conn, snapshot_id=snapshot_id, account_id=account_id,
                               contact_ids=comparison.lost, seen_at=comparison.previous.taken_at,
                               missed_at=now)
    snapshots_db.close_losses(conn, comparison.readded, snapshot_id=snapshot_id, readded_at=now)
    rule = comparison.welcome_rule
    if rule is None:
        rule = sop_db.rule(conn, ensure_builtin_rules(conn)[WELCOME])
    if comparison.new and rule.enabled:
        template = sop_db.TaskTemplate(rule.id, rule.task_title, f"+{rule.delay_minutes} minutes",
                                       sop_db.script_for_category(conn, rule.script_category),
                                       now)
        sop_db.tasks_for_contact_ids(conn, template, contact_ids=comparison.new,
                                     trigger_key="added")
    return snapshot_id


def undo_for_batch(conn: sqlite3.Connection, batch_id: int) -> None:
    """Part of undoing an import batch (its transaction): remove the snapshots it recorded,
    the losses they found and their open welcome tasks; reopen the losses they closed."""
    found = snapshots_db.of_batch(conn, batch_id)
    if not found:
        return
    rule = _welcome_rule(conn)
    for snapshot_id, taken_at in found:
        snapshots_db.delete_snapshot(conn, snapshot_id, taken_at=taken_at,
                                     welcome_rule_id=rule.id if rule else None)


def file_account(table: Table, mapping: Mapping[str, str]) -> str | None:
    """The account a full export is of, when the file's account column (添加人) names exactly
    one; None when it names none or several (the operator chooses)."""
    column = mapping.get("owner")
    if column is None:
        return None
    index = table.headers.index(column)
    names = {clean_text(row[index]) for row in table.rows if index < len(row)} - {""}
    return names.pop() if len(names) == 1 else None


def recorded_by(conn: sqlite3.Connection, batch_id: int) -> bool:
    """Whether the import batch recorded a full export (its undo undoes the comparison)."""
    return bool(snapshots_db.of_batch(conn, batch_id))


def loss_range(seen_at: str, missed_at: str) -> str:
    """'11 月 2 日 – 11 月 20 日' in local dates (with years when they differ)."""
    first, last = (timefmt.from_db(t).astimezone().date() for t in (seen_at, missed_at))
    if first.year != last.year:
        return (f"{first.year} 年 {first.month} 月 {first.day} 日 – "
                f"{last.year} 年 {last.month} 月 {last.day} 日")
    return f"{first.month} 月 {first.day} 日 – {last.month} 月 {last.day} 日"


def loss_line(account: str, seen_at: str, missed_at: str) -> str:
    """The contact panel's line for an open loss."""
    return f"流失（已删除我们，账号“{account}”），发生在 {loss_range(seen_at, missed_at)}之间"


# --- operations on the lost list ------------------------------------------------------------

def create_recall_tasks(conn: sqlite3.Connection, *, contact_ids: Sequence[int],
                        clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """One task "流失回访：{客户}" due now for each contact; one undo step."""
    if not contact_ids:
        raise UserFacingError("请先在列表中选择要回访的客户")
    now = timefmt.to_db(clock())
    with transaction(conn):
        task_ids = snapshots_db.insert_recall_tasks(
            conn, contact_ids, title=RECALL_TITLE, placeholder=sop_db.PLACEHOLDER, due_at=now,
            now=now)
    label = f"为 {len(task_ids)} 位流失好友创建回访任务"

    def undo(c: sqlite3.Connection) -> OpResult:
        with transaction(c):
            snapshots_db.delete_tasks(c, task_ids)
        return OpResult(Changes(tasks=True), label, len(task_ids), is_undo_step=True,
                        undo=lambda c2: create_recall_tasks(c2, contact_ids=contact_ids,
                                                            clock=clock))
    return OpResult(Changes(tasks=True), label, len(task_ids), undo, value=task_ids)


EXPORT_HEADERS = ("昵称", "备注", "手机号", "账号", "层级", "生命周期", "累计消费（元）",
                  "最近下单", "流失时间段")

_XLSX_KEYS = ("nickname", "remark", "phone", "owner", "tier", "stage", "total_spent",
              "last_order_at", "lost")  # exporting's column widths by key


def export_lost_friends(conn: sqlite3.Connection, path: Path, *, fmt: str = "csv",
                        mask_phone: bool = False, account_id: int | None = None) -> int:
    """The open losses (most valuable first) to CSV (UTF-8 with BOM) or .xlsx, written beside
    the target and swapped in; formula-like cells neutralised. Reads only; returns the count."""
    rows = [[f.nickname, f.remark, exporting.mask_phone(f.phone) if mask_phone else f.phone,
             f.account, f"L{f.tier}", exporting.STAGE_NAMES.get(f.stage, f.stage),
             exporting.yuan(f.total_spent_fen), timefmt.local_text(f.last_order_at),
             loss_range(f.seen_at, f.missed_at)]
            for f in snapshots_db.open_losses(conn, account_id)]
    return exporting.write_table(path, fmt, _XLSX_KEYS, EXPORT_HEADERS, rows)


def history(conn: sqlite3.Connection, account_id: int | None = None) -> list[SnapshotInfo]:
    """Full exports recorded, newest first (for the lost list's 导出记录)."""
    return snapshots_db.history(conn, account_id)


def lost_friends(conn: sqlite3.Connection, account_id: int | None = None, *,
                 batch_id: int | None = None) -> list[LostFriend]:
    """Open losses, most valuable first (of one account / found by one import when given)."""
    return snapshots_db.open_losses(conn, account_id, batch_id=batch_id)


def contact_loss_lines(conn: sqlite3.Connection, contact_id: int) -> list[str]:
    return [loss_line(*row) for row in snapshots_db.open_losses_of(conn, contact_id)]


def accounts_with_snapshots(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    return snapshots_db.accounts_with_snapshots(conn)


def valuable(friends: Iterable[LostFriend], *, min_tier: int = 3) -> list[int]:
    """Contact ids of the lost friends at `min_tier` or above (the import result's offer)."""
    return [f.contact_id for f in friends if f.tier >= min_tier]
