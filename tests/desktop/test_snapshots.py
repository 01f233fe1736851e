"""Full exports of one account (这是完整导出): lost, new, unchanged and re-added friends."""

from __future__ import annotations

import csv
from datetime import UTC, datetime

import pytest

from desktop import contacts, snapshots
from desktop.importing import batches
from desktop.importing.contacts_import import import_contacts
from desktop.importing.fields import recognise
from tests.desktop.import_helpers import comparable, data_dump, table_of

NOV_2 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
NOV_20 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
DEC_1 = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)

HEADER = "客户名称,外部联系人ID,手机号,企业标签\n"
FRIENDS = {"a": "阿明,wm_a,13800000001,", "b": "贝贝,wm_b,13800000002,VIP",
           "c": "陈晨,wm_c,13800000003,", "d": "丁丁,wm_d,13800000004,"}


def export(tmp_path, *keys, extra=""):
    return table_of(tmp_path, HEADER + "".join(FRIENDS[k] + "\n" for k in keys) + extra)


def full_import(workspace, table, when, *, dry_run=False, account="店长号"):
    return workspace.execute(lambda c: import_contacts(
        c, table=table, mapping=recognise(table.headers, "contacts"), dry_run=dry_run,
        file_name=f"{when:%m%d}.csv", snapshot_account=account, clock=lambda: when)).value


def ids_by_name(conn):
    return dict(conn.execute("SELECT nickname, id FROM contacts"))


def open_losses(conn):
    return {f.nickname for f in snapshots.lost_friends(conn)}


def welcomed(conn):
    return {r[0] for r in conn.execute(
        "SELECT c.nickname FROM tasks t JOIN contacts c ON c.id = t.contact_id "
        "JOIN sop_rules r ON r.id = t.sop_rule_id WHERE r.code = 'welcome'")}


def counts(conn):
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("contacts", "contact_tags", "orders", "interactions")}


def test_first_export_is_the_baseline(workspace, tmp_path):
    report = full_import(workspace, export(tmp_path, "a", "b", "c"), NOV_2)
    assert report.snapshot.previous_at is None
    assert "第一次完整导出" in "\n".join(report.lines())
    assert [(s.account, s.member_count, s.new_count, s.lost_count)
            for s in snapshots.history(workspace.conn)] == [("店长号", 3, 0, 0)]
    assert open_losses(workspace.conn) == set() and welcomed(workspace.conn) == set()
    links = workspace.conn.execute("SELECT count(*) FROM contact_accounts").fetchone()[0]
    assert links == 3  # a full export of the account: every friend is linked to it


def test_lost_new_unchanged_and_readded_over_three_exports(workspace, tmp_path):
    full_import(workspace, export(tmp_path, "a", "b", "c"), NOV_2)
    conn = workspace.conn
    b = ids_by_name(conn)["贝贝"]
    workspace.execute(lambda c: contacts.add_order(c, contact_id=b, ordered_at="2026-10-01",
                                                   amount="88"))
    workspace.execute(lambda c: contacts.add_interaction(
        c, contact_id=b, kind="chat", occurred_at="2026-10-02", note="问过价格"))
    before = counts(conn)

    second = export(tmp_path, "a", "c", "d")  # b deleted us, d is new
    dry = full_import(workspace, second, NOV_20, dry_run=True)
    report = full_import(workspace, second, NOV_20)
    assert comparable(dry) == comparable(report)
    summary = report.snapshot
    assert (summary.lost, summary.new, summary.readded, summary.members) == (1, 1, 0, 3)
    assert "将标记流失 1 位，新增好友 1 位，重新添加 0 位（与 2026-11-02 的完整导出对比" \
        in "\n".join(dry.lines())
    assert open_losses(conn) == {"贝贝"}
    assert welcomed(conn) == {"丁丁"}
    [lost] = snapshots.lost_friends(conn)
    assert snapshots.loss_range(lost.seen_at, lost.missed_at) == "11 月 2 日 – 11 月 20 日"
    assert snapshots.contact_loss_lines(conn, lost.contact_id) == [
        "流失（已删除我们，账号“店长号”），发生在 11 月 2 日 – 11 月 20 日之间"]
    # nothing is deleted: 贝贝 keeps the tag, the order, the chat; only 丁丁 was added
    assert counts(conn) == {**before, "contacts": before["contacts"] + 1}
    assert before["contact_tags"] == before["orders"] == before["interactions"] == 1
    assert "贝贝" in ids_by_name(conn)

    third = full_import(workspace, export(tmp_path, "a", "b", "c", "d"), DEC_1)
    assert (third.snapshot.lost, third.snapshot.new, third.snapshot.readded) == (0, 0, 1)
    assert open_losses(conn) == set()
    assert welcomed(conn) == {"丁丁"}  # re-added friends get no welcome
    assert [(s.new_count, s.lost_count, s.readded_count)
            for s in snapshots.history(conn)] == [(0, 0, 1), (1, 1, 0), (0, 0, 0)]


def test_undoing_the_import_removes_its_snapshot_losses_and_welcomes(workspace, tmp_path):
    full_import(workspace, export(tmp_path, "a", "b", "c"), NOV_2)
    full_import(workspace, export(tmp_path, "a", "c", "d"), NOV_20)
    after_second = data_dump(workspace.conn)
    third = full_import(workspace, export(tmp_path, "a", "b", "c"), DEC_1)  # b back, d lost
    assert open_losses(workspace.conn) == {"丁丁"}

    workspace.execute(lambda c: batches.undo_batch(c, batch_id=third.batch_id))
    assert data_dump(workspace.conn) == after_second  # 贝贝's loss is open again

    second_batch = batches.list_batches(workspace.conn)[1].id
    workspace.execute(lambda c: batches.undo_batch(c, batch_id=second_batch))
    conn = workspace.conn
    assert open_losses(conn) == set() and welcomed(conn) == set()
    assert len(snapshots.history(conn)) == 1


def test_a_rejected_row_refuses_the_comparison(workspace, tmp_path):
    full_import(workspace, export(tmp_path, "a", "b", "c"), NOV_2)
    # b's row has a broken phone: b may still be a friend, so nobody is marked lost
    table = export(tmp_path, "a", "c", extra="贝贝,wm_b,138-abc\n")
    report = full_import(workspace, table, NOV_20)
    assert report.rejected_rows == 1
    assert report.snapshot.refused_rows == 1
    assert "这次不做对比" in "\n".join(report.lines())
    assert open_losses(workspace.conn) == set()
    assert len(snapshots.history(workspace.conn)) == 1


def test_a_row_without_any_id_is_rejected_but_does_not_stop_the_comparison(workspace, tmp_path):
    # Without an id the row could never be matched: imported, it would be a new duplicate on
    # every full export and the friend behind it would look lost and new at once.
    full_import(workspace, export(tmp_path, "a", "b", "c"), NOV_2)
    before = counts(workspace.conn)["contacts"]
    table = export(tmp_path, "a", "b", extra="无名氏,,,\n")
    dry = full_import(workspace, table, NOV_20, dry_run=True)
    report = full_import(workspace, table, NOV_20)
    assert (dry.snapshot.lost, dry.snapshot.keyless_rows) == (1, 1)
    assert report.snapshot == dry.snapshot
    assert [issue.row for issue in report.rejected] == [4]  # the header is row 1
    assert "外部联系人ID、微信号或手机号" in report.rejected[0].message
    assert "另有 1 行没有外部联系人ID" in "\n".join(report.lines())
    assert open_losses(workspace.conn) == {"陈晨"}
    assert counts(workspace.conn)["contacts"] == before  # no duplicate made


def test_rows_of_another_account_are_not_members(workspace, tmp_path):
    table = table_of(tmp_path, "客户名称,外部联系人ID,添加人\n阿明,wm_a,店长号\n贝贝,wm_b,导购号\n")
    report = full_import(workspace, table, NOV_2)
    assert report.snapshot.members == 1


def test_recall_tasks_are_one_undo_step(workspace, tmp_path, clock):
    full_import(workspace, export(tmp_path, "a", "b", "c"), NOV_2)
    full_import(workspace, export(tmp_path, "a"), NOV_20)
    ids = [f.contact_id for f in snapshots.lost_friends(workspace.conn)]
    result = workspace.execute(lambda c: snapshots.create_recall_tasks(
        c, contact_ids=ids, clock=clock))
    titles = {r[0] for r in workspace.conn.execute(
        "SELECT title FROM tasks WHERE source = 'manual'")}
    assert result.count == 2 and titles == {"流失回访：贝贝", "流失回访：陈晨"}
    workspace.undo()
    assert workspace.conn.execute(
        "SELECT count(*) FROM tasks WHERE source = 'manual'").fetchone()[0] == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_lost_friends_export(workspace, tmp_path, fmt):
    full_import(workspace, export(tmp_path, "a", "b"), NOV_2)
    full_import(workspace, export(tmp_path, "a"), NOV_20)
    path = tmp_path / f"lost.{fmt}"
    assert snapshots.export_lost_friends(workspace.conn, path, fmt=fmt, mask_phone=True) == 1
    if fmt == "csv":
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    else:
        from openpyxl import load_workbook
        rows = [[c or "" for c in r] for r in load_workbook(path).active.iter_rows(
            values_only=True)]
    assert rows[0][:3] == ["昵称", "备注", "手机号"]
    assert rows[1][0] == "贝贝" and rows[1][2] == "138****0002"
    assert rows[1][-1] == "11 月 2 日 – 11 月 20 日"


def test_cli_full_snapshot_and_lost_friends_export(db_path, tmp_path, capsys):
    from desktop.cli import main

    first, second = tmp_path / "1102.csv", tmp_path / "1120.csv"
    first.write_text("客户名称,外部联系人ID,添加人\n阿明,wm_a,店长号\n贝贝,wm_b,店长号\n",
                     encoding="utf-8")
    second.write_text("客户名称,外部联系人ID\n阿明,wm_a\n", encoding="utf-8")
    db = ["--db", str(db_path)]
    assert main([*db, "import", "contacts", str(first), "--full-snapshot"]) == 0
    assert "第一次完整导出" in capsys.readouterr().out
    assert main([*db, "import", "contacts", str(second), "--full-snapshot"]) == 2
    assert "--account" in capsys.readouterr().err
    assert main([*db, "import", "contacts", str(second), "--full-snapshot", "--account",
                 "店长号", "--dry-run"]) == 0
    assert "将标记流失 1 位，新增好友 0 位" in capsys.readouterr().out
    assert main([*db, "import", "contacts", str(second), "--full-snapshot", "--account",
                 "店长号"]) == 0
    out = tmp_path / "lost.csv"
    assert main([*db, "export", "lost-friends", "--out", str(out)]) == 0
    assert "已导出 1 位流失好友" in capsys.readouterr().out
    assert "贝贝" in out.read_text(encoding="utf-8-sig")
