"""Import contacts: plan what each row does (dry run), then write it all as one undoable batch.

A row becomes a new contact, or is merged into the contact it matches (WeCom id, then WeChat ID,
then phone — also a contact made from an earlier row of the same file). Merging fills empty
fields, adds tags and account links, and never replaces a non-empty field unless the operator
chose "overwrite". `added_at` keeps the earliest time, and the owner is the account of the
earliest link (PRODUCT.md "Account link"). The dry run and the import run the same planning
code, so their counts agree.

Runs on the database thread. The import is one transaction: Cancel, an error or a killed
process leaves the database as it was.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping

from db import bulk
from db import imports as imports_db
from db import rows as rows_db
from db.connection import transaction
from desktop import snapshots, timefmt
from desktop.changes import Changes, OpResult
from desktop.importing.batches import undo_batch
from desktop.importing.fields import CONTACT_FIELDS, MATCH_ORDER
from desktop.importing.reader import Table
from desktop.importing.report import ImportReport, RowIssue
from desktop.importing.rows import (
    CHUNK,
    Matcher,
    ParsedRow,
    check_cancel,
    check_mapping,
    parse_rows,
    reject,
)
from desktop.pinyin_keys import NAME_KEY_COLUMNS, name_key_rows
from desktop.progress import Progress

IMPORT_GROUP = "导入"  # tags named without a group go here (created when missing)


class _Plan:
    """Everything the import will write, computed from the file and the database (reads only)."""

    def __init__(self, conn: sqlite3.Connection, report: ImportReport, *, now: str,
                 account_kind: str) -> None:
        self.report, self.now, self.account_kind = report, now, account_kind
        self.first_new = rows_db.next_id(conn, "contacts")
        self.new: dict[int, dict[str, object]] = {}         # id → values of a new contact
        self.before: dict[int, dict[str, object]] = {}      # existing id → values as stored
        self.after: dict[int, dict[str, object]] = {}       # existing id → values after merge
        # Kept small for 100k new contacts: per-contact sets and dicts only for existing contacts
        # (held_*) and for single-choice groups; what the import adds lives in flat collections.
        self.held_tags: dict[int, set[int]] = {}            # existing contact → tag ids
        self.added_tags: dict[tuple[int, int], None] = {}   # (contact, tag), an ordered set
        self.removed_tags: list[tuple[int, int]] = []
        self.single_held: dict[tuple[int, int], set[int]] = {}  # (contact, group) → its tags
        self.held_links: dict[int, dict[int, str]] = {}     # existing contact → account → added
        self.linked: set[tuple[int, int]] = set()           # (contact, account) added
        self.added_links: list[tuple] = []
        self.groups = imports_db.tag_groups(conn)            # name → (id, single choice)
        self.tag_ids = imports_db.tags_by_name(conn)         # (group id, name) → tag id
        self.tag_group = {tid: gid for (gid, _n), tid in self.tag_ids.items()}
        self.single = {gid for gid, single in self.groups.values() if single}
        self.next_group = rows_db.next_id(conn, "tag_groups")
        self.next_tag = rows_db.next_id(conn, "tags")
        self.new_groups: list[tuple[int, str]] = []
        self.new_tags: list[tuple[int, int, str]] = []
        self.accounts = imports_db.accounts_by_name(conn)
        self.next_account = rows_db.next_id(conn, "accounts")
        self.new_accounts: list[tuple[int, str]] = []
        self.members: set[int] = set()  # of the full export (这是完整导出), when it is one
        self.comparison: snapshots.Comparison | None = None

    # --- one row -----------------------------------------------------------------------

    def create(self, contact_id: int, values: dict[str, object]) -> None:
        self.new[contact_id] = values
        self.report.created += 1

    def merge_fields(self, contact_id: int, values: Mapping[str, object],
                     overwrite: bool) -> None:
        existing = contact_id in self.after
        target = self.after[contact_id] if existing else self.new[contact_id]
        for key, value in values.items():
            old = target.get(key) or ""
            if key == "added_at":  # the earliest time anyone added this person
                if old and str(value) < str(old):
                    target[key] = value
                    self.report.fields_filled += existing
                elif not old:
                    target[key] = value
            elif not old:
                target[key] = value
                self.report.fields_filled += existing
            elif old != value:
                if overwrite:
                    target[key] = value
                    self.report.fields_overwritten += existing
                else:
                    self.report.conflicts_kept += existing

    def add_tags(self, contact_id: int, row: int, tags: Iterable[tuple[str | None, str]],
                 column: str, overwrite: bool) -> None:
        given_in_row: set[int] = set()
        for group_name, tag_name in tags:
            group_id = self._group(group_name or IMPORT_GROUP)
            tag_id = self._tag(group_id, group_name or IMPORT_GROUP, tag_name)
            held = self.held_tags.get(contact_id, ())
            if (contact_id, tag_id) in self.added_tags or tag_id in held:
                continue
            if group_id in self.single:
                others = self.single_held.setdefault((contact_id, group_id), {
                    t for t in held if self.tag_group.get(t) == group_id})
                if others & given_in_row or (others and not overwrite):
                    self.report.warnings.append(RowIssue(
                        row, column, f"“{group_name}”是单选标签组，这位客户已有其中的标签，"
                                         f"未添加“{tag_name}”（可勾选“覆盖”替换）"))
                    self.report.conflicts_kept += contact_id in self.after
                    continue
                for other in others:
                    if (contact_id, other) in self.added_tags:  # given by an earlier row
                        del self.added_tags[(contact_id, other)]
                        self.report.tags_added -= 1
                    else:
                        self.held_tags[contact_id].discard(other)
                        self.removed_tags.append((contact_id, other))
                others.clear()
                others.add(tag_id)
            given_in_row.add(tag_id)
            self.added_tags[(contact_id, tag_id)] = None
            self.report.tags_added += 1

    def add_link(self, contact_id: int, name: str, values: Mapping[str, object]) -> None:
        if not name:
            return
        account_id = self.account_id(name)
        if (contact_id, account_id) in self.linked \
                or account_id in self.held_links.get(contact_id, ()):
            return
        added_at = str(values.get("added_at") or self.now)
        self.linked.add((contact_id, account_id))
        self.added_links.append((contact_id, account_id, str(values.get("remark", "")),
                                 str(values.get("notes", "")), added_at,
                                 str(values.get("channel", ""))))
        self.report.links_added += 1

    def account_id(self, name: str) -> int:
        """The account's id; one the import creates when it is new."""
        account_id = self.accounts.get(name)
        if account_id is None:
            account_id = self.accounts[name] = self.next_account
            self.next_account += 1
            self.new_accounts.append((account_id, name))
            self.report.new_accounts.append(name)
        return account_id

    def _group(self, name: str) -> int:
        if name not in self.groups:
            self.groups[name] = (self.next_group, False)
            self.new_groups.append((self.next_group, name))
            self.next_group += 1
        return self.groups[name][0]

    def _tag(self, group_id: int, group_name: str, name: str) -> int:
        tag_id = self.tag_ids.get((group_id, name))
        if tag_id is None:
            tag_id = self.tag_ids[(group_id, name)] = self.next_tag
            self.tag_group[tag_id] = group_id
            self.next_tag += 1
            self.new_tags.append((tag_id, group_id, name))
            self.report.new_tags.append(f"{group_name}:{name}")
        return tag_id

    # --- after all rows ------------------------------------------------------------------

    def finish(self) -> None:
        """Owners from the earliest links; count merged/unchanged existing contacts."""
        earliest: dict[int, tuple[str, int]] = {}
        for contact_id, account_id, _remark, _notes, added_at, _source in self.added_links:
            if contact_id not in earliest:
                held = self.held_links.get(contact_id, {})
                earliest[contact_id] = min([(a, x) for x, a in held.items()] or [(added_at,
                                                                                   account_id)])
            earliest[contact_id] = min(earliest[contact_id], (added_at, account_id))
        for contact_id, (_added_at, owner) in earliest.items():
            if contact_id in self.new:
                self.new[contact_id]["owner_account_id"] = owner
            else:
                self.after[contact_id]["owner_account_id"] = owner
        for values in self.new.values():  # the edit form needs a nickname: the remark stands in
            if not values.get("nickname"):
                values["nickname"] = values.get("remark", "")
        touched = ({c for c, _t in self.added_tags} | {c for c, *_ in self.added_links})
        for contact_id in self.before:
            if self.field_changes(contact_id) or contact_id in touched:
                self.report.merged += 1
            else:
                self.report.unchanged += 1

    def field_changes(self, contact_id: int) -> dict[str, object]:
        before, after = self.before[contact_id], self.after[contact_id]
        return {k: after[k] for k in imports_db.MERGE_COLUMNS if after[k] != before[k]}


def _plan(conn: sqlite3.Connection, table: Table, mapping: Mapping[str, str],
          report: ImportReport, *, overwrite: bool, now: str,
          progress: Progress | None, snapshot_account: str = "") -> _Plan:
    total = 2 * len(table.rows)
    parsed = parse_rows(table, mapping, "contacts", report, progress, total=total)
    plan = _Plan(conn, report, now=now,
                 account_kind="wecom" if "wecom_external_id" in mapping else "wechat")
    existing_account = plan.accounts.get(snapshot_account)  # None: the import creates it
    if snapshot_account:
        plan.account_id(snapshot_account)  # a name typed in the wizard may be a new account
    matcher = Matcher(conn)
    trashed = imports_db.trashed_keys(conn, [k for k in MATCH_ORDER if k in mapping])
    targets: list[int | None] = []
    two_contacts: list[tuple[ParsedRow, int, str, str, str, int]] = []
    next_new = plan.first_new
    keyless: set[int] = set()  # rows of a full export that cannot be told apart (see below)
    for row in parsed:  # first pass: who is who (rows may match contacts made by earlier rows)
        if snapshot_account and not any(row.values.get(k) for k in MATCH_ORDER):
            keyless.add(row.row)
            targets.append(None)
            continue
        target = matcher.find(row.values)
        if target is None and any(row.values.get(k) for k in ("nickname", "remark")):
            target, next_new = next_new, next_new + 1
            _warn_trashed(report, mapping, trashed, row)
        if target is not None:
            for key, value, other in matcher.others(row.values, target):
                two_contacts.append((row, target, matcher.matched_by(row.values, target), key,
                                     value, other))
            matcher.register(row.values, target)
        targets.append(target)
    if two_contacts:
        _warn_two_contacts(conn, report, mapping, two_contacts, parsed, targets)
    existing = sorted({t for t in targets if t is not None and t < plan.first_new})
    plan.before = imports_db.merge_values(conn, existing)
    plan.after = {cid: dict(values) for cid, values in plan.before.items()}
    held_tags = imports_db.tags_of(conn, existing)
    plan.held_tags = {cid: held_tags.get(cid, set()) for cid in existing}
    plan.held_links = dict(imports_db.links_of(conn, existing))
    tags_column = mapping.get("tags", "")
    for row, target in zip(parsed, targets, strict=True):
        if row.row in keyless:
            # Without an id the row would become a new contact on every full export, and the
            # friend it stands for could never be matched: lost and new would both be wrong.
            reject(report, table, row, snapshots.KEYLESS_REASON)
            continue
        if target is None:
            reject(report, table, row,
                   "没有找到已有客户，且缺少昵称和备注：新客户至少需要昵称或备注之一")
            continue
        tags = row.values.pop("tags", ())
        owner = str(row.values.pop("owner", "")) or snapshot_account
        if snapshot_account and owner == snapshot_account:
            plan.members.add(target)
        if target >= plan.first_new and target not in plan.new:
            plan.create(target, row.values)  # the row's dict itself: 100k copies cost ~65 MB
        else:
            if target >= plan.first_new:
                report.folded += 1
            plan.merge_fields(target, row.values, overwrite)
        plan.add_tags(target, row.row, tags, tags_column, overwrite)
        plan.add_link(target, owner, row.values)
    plan.finish()
    if snapshot_account:
        plan.comparison = snapshots.compare(
            conn, account=snapshot_account, account_id=existing_account, members=plan.members,
            rejected_rows=report.rejected_rows - len(keyless), keyless_rows=len(keyless))
        report.snapshot = plan.comparison.summary
    report.warnings.sort(key=lambda issue: issue.row)  # stable: a row's issues keep their order
    return plan


_KEY_CAPTIONS = {f.key: f.header for f in CONTACT_FIELDS if f.match_key}


def _warn_trashed(report: ImportReport, mapping: Mapping[str, str],
                  trashed: Mapping[str, Mapping[str, str]], row: ParsedRow) -> None:
    """A row that makes a new contact while someone in the trash has its key: say so (only
    live contacts are merged into; restoring first merges instead)."""
    for key, values in trashed.items():
        name = values.get(row.values.get(key))  # type: ignore[call-overload]
        if name is not None:
            report.warnings.append(RowIssue(
                row.row, mapping[key],
                f"回收站中有同一{_KEY_CAPTIONS[key]}的客户“{name}”：这一行将新建一位客户；"
                "如果是同一个人，请先到回收站恢复这位客户再导入，就会合并而不是新建"))
            return


def _warn_two_contacts(conn: sqlite3.Connection, report: ImportReport,
                       mapping: Mapping[str, str],
                       found: list[tuple[ParsedRow, int, str, str, str, int]],
                       parsed: list[ParsedRow], targets: list[int | None]) -> None:
    """Rows whose keys name two different contacts: the first key (WeCom id, WeChat ID, phone)
    decides; the others are named so the operator can check the file."""
    names = imports_db.display_names(conn, {c for f in found for c in (f[1], f[5])})
    wanted = {c for f in found for c in (f[1], f[5]) if c not in names}
    for row, target in zip(parsed, targets, strict=True):  # new contacts: their first row
        if target in wanted:
            names[target] = str(row.values.get("remark") or row.values.get("nickname") or "")
            wanted.discard(target)
    for row, target, by, key, value, other in found:
        report.warnings.append(RowIssue(
            row.row, mapping[key],
            f"{_KEY_CAPTIONS[key]}“{value}”属于另一位客户“{names.get(other, '')}”，"
            f"这一行按{_KEY_CAPTIONS.get(by, '')}合并到了“{names.get(target, '')}”："
            "请核对这一行的号码"))


def _new_contact_rows(plan: _Plan, batch_id: int, progress: Progress | None,
                      total: int) -> Iterator[tuple]:
    """Rows for imports_db.insert_contacts, checking Cancel between chunks."""
    ids = list(plan.new)
    name_keys = name_key_rows((str(plan.new[i].get("nickname", "")) for i in ids),
                              (str(plan.new[i].get("remark", "")) for i in ids))
    now = plan.now
    for n, contact_id in enumerate(ids):
        if n % CHUNK == 0:
            check_cancel(progress)
            if progress is not None:
                progress.report(total // 2 + n * total // (2 * max(len(ids), 1)), total)
        v = plan.new[contact_id]
        phone = str(v.get("phone", ""))
        yield (contact_id, v.get("nickname", ""), v.get("remark", ""), v.get("wechat_id", ""),
               v.get("wecom_external_id", ""), phone, v.get("gender", ""), v.get("city", ""),
               v.get("birthday", ""), v.get("owner_account_id"), v.get("channel", ""),
               v.get("added_at") or now, v.get("notes", ""),
               1, 0, "", "potential", "", *name_keys[n], phone[::-1], now, now, batch_id)


def _insert_new_contacts(conn: sqlite3.Connection, plan: _Plan, batch_id: int,
                         progress: Progress | None, total: int) -> None:
    """Insert the new contacts as fast as SQLite allows.

    * CHECK constraints are not evaluated row by row (db.bulk.bulk_load: ~10 µs a row here):
      every checked column of these rows is made by our code — tier, stage and the pin are
      constants and gender comes only from values.parse_gender's three codes (asserted below).
    * When the batch is at least as big as the list, the secondary indexes are built once
      afterwards instead of updated per row (half the time at 100k into an empty database).
    """
    genders = {str(v.get("gender", "")) for v in plan.new.values()}
    if not genders <= {"", "male", "female"}:
        raise ValueError(f"unexpected gender codes {genders}")
    rows = _new_contact_rows(plan, batch_id, progress, total)
    with bulk.bulk_load(conn):
        if len(plan.new) >= max(1000, imports_db.live_count(conn)):
            with bulk.indexes_deferred(conn, ["contacts"]):
                imports_db.insert_contacts(conn, rows)
        else:
            imports_db.insert_contacts(conn, rows)


def _derived(values: Mapping[str, object]) -> dict[str, object]:
    """Search keys that follow from the names and the phone (computed on write)."""
    keys = name_key_rows([str(values["nickname"])], [str(values["remark"])])[0]
    return {**dict(zip(NAME_KEY_COLUMNS, keys, strict=True)),
            "phone_reversed": str(values["phone"])[::-1]}


def _write(conn: sqlite3.Connection, plan: _Plan, batch_id: int,
           progress: Progress | None, total: int) -> None:
    effects: list[tuple] = []
    effects += [(batch_id, "new_group", None, gid, "") for gid, _name in plan.new_groups]
    effects += [(batch_id, "new_tag", None, tid, "") for tid, _g, _n in plan.new_tags]
    effects += [(batch_id, "new_account", None, aid, "") for aid, _name in plan.new_accounts]
    conn.executemany("INSERT INTO tag_groups (id, name) VALUES (?, ?)", plan.new_groups)
    conn.executemany("INSERT INTO tags (id, group_id, name) VALUES (?, ?, ?)", plan.new_tags)
    conn.executemany("INSERT INTO accounts (id, name, kind) VALUES (?, ?, ?)",
                     [(aid, name, plan.account_kind) for aid, name in plan.new_accounts])
    _insert_new_contacts(conn, plan, batch_id, progress, total)
    updates = []
    for contact_id in plan.before:
        changed = plan.field_changes(contact_id)
        if not changed:
            continue
        before = plan.before[contact_id]
        if {"nickname", "remark", "phone"} & set(changed):
            changed |= {k: v for k, v in _derived(plan.after[contact_id]).items()
                        if before[k] != v}
        updates.append((contact_id, changed))
        effects.append((batch_id, "fields", contact_id, None, json.dumps(
            {k: [before[k], v] for k, v in changed.items()}, ensure_ascii=False)))
    imports_db.update_contacts(conn, updates, updated_at=plan.now)
    existing = plan.before
    effects += [(batch_id, "untag", c, t, "") for c, t in plan.removed_tags if c in existing]
    effects += [(batch_id, "tag", c, t, "") for c, t in plan.added_tags if c in existing]
    effects += [(batch_id, "link", row[0], row[1], "") for row in plan.added_links
                if row[0] in existing]
    imports_db.remove_contact_tags(conn, plan.removed_tags)
    check_cancel(progress)
    imports_db.add_contact_tags(conn, plan.added_tags)
    imports_db.add_links(conn, plan.added_links)
    imports_db.insert_effects(conn, effects)


def import_contacts(conn: sqlite3.Connection, *, table: Table, mapping: Mapping[str, str],
                    overwrite: bool = False, dry_run: bool = False, file_name: str,
                    snapshot_account: str = "", progress: Progress | None = None,
                    clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """Plan (dry run) or import the rows of `table`; OpResult.value is the ImportReport.

    `mapping` is {field key: column header}. `snapshot_account`: the file is a full export of
    that account's friends (这是完整导出; desktop/snapshots.py) — rows without an account are
    linked to it, and the friends it no longer has are marked lost. Raises UserFacingError for
    an unusable mapping and Cancelled when the operator cancels (nothing is written then).
    """
    snapshot_account = snapshot_account.strip()
    check_mapping(table, mapping, "contacts")
    report = ImportReport("contacts", file_name, dry_run, overwrite, rows=len(table.rows),
                          headers=list(table.headers), warnings=list(table.warnings))
    now = timefmt.to_db(clock())
    total = 2 * len(table.rows)
    if dry_run:
        _plan(conn, table, mapping, report, overwrite=overwrite, now=now, progress=progress,
              snapshot_account=snapshot_account)
        return OpResult(Changes(), value=report)
    with transaction(conn):
        plan = _plan(conn, table, mapping, report, overwrite=overwrite, now=now,
                     progress=progress, snapshot_account=snapshot_account)
        batch_id = imports_db.start_batch(conn, kind="contacts", file_name=file_name,
                                          started_at=now)
        _write(conn, plan, batch_id, progress, total)
        if plan.comparison is not None:
            snapshots.record(conn, plan.comparison, account_id=plan.accounts[snapshot_account],
                             batch_id=batch_id, file_name=file_name, now=now)
        imports_db.finish_batch(conn, batch_id, finished_at=timefmt.to_db(clock()),
                                rows=report.rows, created=report.created, merged=report.merged,
                                rejected=report.rejected_rows)
    report.batch_id = batch_id
    if progress is not None:
        progress.report(total, total)
    return OpResult(Changes(contacts=True, contact_detail=True, tags=bool(plan.new_tags),
                            tasks=plan.comparison is not None),
                    label=f"导入客户（{file_name}）", count=report.created + report.merged,
                    undo=lambda c: undo_batch(c, batch_id=batch_id), value=report)
