"""Importing contacts and orders: dry run = import, merge rules, all-or-nothing, undo."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from desktop import contacts
from desktop.importing import batches
from desktop.importing.contacts_import import import_contacts
from desktop.importing.fields import recognise
from desktop.importing.orders_import import import_orders
from desktop.importing.reader import read_table
from desktop.progress import Cancelled, Progress
from tests.conftest import dump
from tests.desktop.import_helpers import comparable, data_dump, make_existing, table_of


def run_import(workspace, table, *, dry_run=False, overwrite=False, mapping=None, **kwargs):
    mapping = recognise(table.headers, "contacts") if mapping is None else mapping
    return workspace.execute(lambda c: import_contacts(
        c, table=table, mapping=mapping, dry_run=dry_run, overwrite=overwrite,
        file_name="file.csv", **kwargs))




WECOM = """\
    客户名称,备注名,手机号,外部联系人ID,企业标签,添加人,添加时间,性别
    张小花,花花,+86 138-0013-8000,wm001,"高消费，来源:门店, 宝妈",店长,2025/3/7 14:05,女
    张小花,,13800138000,wm001,新品控,导购小王,2025-02-01,女
    李雷,,1.39001390000E+10,wm002,,店长,2025年3月9日,男
    ,,,wm003,,店长,2025-03-10,
    王芳,,138-abc,wm004,,店长,2025-03-11,女
    赵六,,13700137000,wm005,,店长,2025-02-30,男
    """


def test_a_wecom_export_imports_with_the_same_counts_as_its_dry_run(workspace, tmp_path):
    table = table_of(tmp_path, WECOM)
    before = data_dump(workspace.conn)
    planned = run_import(workspace, table, dry_run=True).value
    assert data_dump(workspace.conn) == before  # a dry run writes nothing
    done = run_import(workspace, table).value
    assert comparable(planned) == comparable(done)
    assert (done.rows, done.created, done.folded) == (6, 2, 1)
    rejected = {(issue.row, issue.column) for issue in done.rejected}
    assert rejected == {(5, ""), (6, "手机号"), (7, "添加时间")}
    assert sorted(done.new_tags) == ["导入:宝妈", "导入:新品控", "导入:高消费", "来源:门店"]
    assert sorted(done.new_accounts) == ["导购小王", "店长"]
    assert workspace.conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]  # incl. CHECKs


def test_one_person_added_by_two_accounts_becomes_one_contact_with_two_links(workspace, tmp_path):
    run_import(workspace, table_of(tmp_path, WECOM))
    conn = workspace.conn
    (cid, nickname, remark, phone, added_at, owner), = conn.execute(
        "SELECT id, nickname, remark, phone, added_at, "
        "(SELECT name FROM accounts WHERE id = owner_account_id) "
        "FROM contacts WHERE wecom_external_id = 'wm001'").fetchall()
    assert (nickname, remark, phone) == ("张小花", "花花", "13800138000")
    assert added_at == "2025-01-31 16:00:00"  # the earlier row: 2025-02-01 in Shanghai
    assert owner == "导购小王"  # the account that added her first
    links = conn.execute("SELECT a.name FROM contact_accounts l JOIN accounts a "
                         "ON a.id = l.account_id WHERE contact_id = ? ORDER BY a.name",
                         (cid,)).fetchall()
    assert links == [("导购小王",), ("店长",)]
    tags = conn.execute("SELECT g.name || ':' || t.name FROM contact_tags ct JOIN tags t "
                        "ON t.id = ct.tag_id JOIN tag_groups g ON g.id = t.group_id "
                        "WHERE ct.contact_id = ? ORDER BY 1", (cid,)).fetchall()
    assert [t for (t,) in tags] == ["导入:宝妈", "导入:新品控", "导入:高消费", "来源:门店"]
    lei = conn.execute("SELECT phone, gender, nickname_pinyin FROM contacts "
                       "WHERE wecom_external_id = 'wm002'").fetchone()
    assert lei == ("13900139000", "male", "lilei")




def test_a_merge_fills_empty_fields_and_keeps_the_rest(workspace, tmp_path):
    cid = make_existing(workspace, remark="老王", city="")
    table = table_of(tmp_path, """\
        昵称,备注,手机号,城市,标签
        新名字,王先生,138 0013 8000,上海,VIP
        """)
    report = run_import(workspace, table).value
    assert (report.created, report.merged, report.fields_filled, report.conflicts_kept) == (
        0, 1, 1, 2)
    record = workspace.conn.execute(
        "SELECT nickname, remark, city FROM contacts WHERE id = ?", (cid,)).fetchone()
    assert record == ("老客户", "老王", "上海")
    assert any("不覆盖" in line for line in report.lines())


def test_overwrite_replaces_non_empty_fields_and_the_search_keys(workspace, tmp_path):
    cid = make_existing(workspace, remark="老王")
    table = table_of(tmp_path, "备注,手机号\n单小姐,13800138000\n")
    report = run_import(workspace, table, overwrite=True).value
    assert report.fields_overwritten == 1
    assert workspace.conn.execute("SELECT remark, remark_pinyin, sort_name FROM contacts "
                                  "WHERE id = ?", (cid,)).fetchone() == (
        "单小姐", "shanxiaojie", "shanxiaojie")


def test_matching_prefers_the_wecom_id_over_the_phone(workspace, tmp_path):
    by_phone = make_existing(workspace, nickname="按手机", phone="13800138000")
    by_wecom = make_existing(workspace, nickname="按企微", phone="", wecom_external_id="wmX")
    table = table_of(tmp_path, "外部联系人ID,手机号,城市\nwmX,13800138000,杭州\n")
    run_import(workspace, table)
    cities = dict(workspace.conn.execute("SELECT id, city FROM contacts"))
    assert cities == {by_phone: "", by_wecom: "杭州"}


def test_single_choice_groups_keep_one_tag_unless_overwrite(workspace, tmp_path):
    conn = workspace.conn
    conn.execute("INSERT INTO tag_groups (id, name, single_choice) VALUES (50, '消费能力', 1)")
    conn.execute("INSERT INTO tags (id, group_id, name) VALUES (51, 50, '低'), (52, 50, '高')")
    cid = make_existing(workspace)
    workspace.execute(lambda c: contacts.set_tags(c, contact_id=cid, tag_ids=[51]))
    table = table_of(tmp_path, "手机号,标签\n13800138000,消费能力:高\n")
    report = run_import(workspace, table).value
    assert report.warnings and report.tags_added == 0
    assert conn.execute("SELECT tag_id FROM contact_tags").fetchall() == [(51,)]
    before = data_dump(conn)
    report = run_import(workspace, table, overwrite=True).value
    assert conn.execute("SELECT tag_id FROM contact_tags").fetchall() == [(52,)]
    workspace.execute(lambda c: batches.undo_batch(c, batch_id=report.batch_id))
    assert data_dump(conn) == before


def test_undo_of_a_batch_restores_the_database_as_it_was(workspace, tmp_path):
    make_existing(workspace, remark="", city="", phone="13600136000")
    before = data_dump(workspace.conn)
    table = table_of(tmp_path, WECOM + "    老客户,老王,13600136000,,常客,店长,2024-01-01,男\n")
    report = run_import(workspace, table).value
    assert report.merged == 1 and report.created == 2
    assert data_dump(workspace.conn) != before
    result = workspace.execute(lambda c: batches.undo_batch(c, batch_id=report.batch_id))
    assert result.count == 2
    assert data_dump(workspace.conn) == before
    history = batches.list_batches(workspace.conn)
    assert history[0].id == report.batch_id and history[0].undone_at is not None
    with pytest.raises(Exception, match="撤销过了"):
        batches.undo_batch(workspace.conn, batch_id=report.batch_id)


def test_undo_keeps_what_the_operator_changed_after_the_import(workspace, tmp_path):
    cid = make_existing(workspace, city="")
    report = run_import(workspace, table_of(tmp_path, "手机号,城市,备注\n13800138000,上海,小王\n")
                        ).value
    workspace.execute(lambda c: contacts.update_contact(c, contact_id=cid,
                                                        values={"city": "北京"}))
    workspace.execute(lambda c: batches.undo_batch(c, batch_id=report.batch_id))
    assert workspace.conn.execute("SELECT city, remark FROM contacts WHERE id = ?",
                                  (cid,)).fetchone() == ("北京", "")


def test_ctrl_z_undoes_an_import_in_one_step(workspace, tmp_path):
    before = data_dump(workspace.conn)
    run_import(workspace, table_of(tmp_path, WECOM))
    assert workspace.undo_stack.undo_label.startswith("导入客户")
    workspace.undo()
    assert data_dump(workspace.conn) == before


class CancelAfter(Progress):
    """Presses Cancel once the import has reported `after` progress steps."""

    def __init__(self, after: int) -> None:
        super().__init__()
        self.calls, self.after = 0, after

    def report(self, done: int, total: int) -> None:
        super().report(done, total)
        self.calls += 1
        if self.calls > self.after:
            self.cancel()


def big_file(tmp_path, rows: int) -> str:
    path = tmp_path / "big.csv"
    lines = ["昵称,手机号,标签"] + [f"客户{i},138{i:08d},批量{i % 7}" for i in range(rows)]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("after", [0, 2, 4])
def test_cancel_at_any_point_leaves_the_database_unchanged(workspace, tmp_path, after):
    make_existing(workspace)
    before = dump(workspace.conn)
    table = read_table(big_file(tmp_path, 12_000))
    with pytest.raises(Cancelled):
        run_import(workspace, table, progress=CancelAfter(after))
    assert dump(workspace.conn) == before


def test_a_killed_process_mid_import_leaves_the_database_unchanged(workspace, tmp_path):
    make_existing(workspace)
    workspace.close()
    source = big_file(tmp_path, 12_000)
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {os.getcwd()!r})
        from desktop.workspace import open_workspace
        from desktop.importing.reader import read_table
        from desktop.importing.contacts_import import import_contacts
        from desktop.progress import Progress

        class Die(Progress):
            def report(self, done, total):
                if done > total // 2:
                    os._exit(9)  # as if the laptop lost power mid-write

        ws = open_workspace(__import__("pathlib").Path({str(workspace.path)!r}))
        table = read_table(__import__("pathlib").Path({str(source)!r}))
        import_contacts(ws.conn, table=table, mapping={{"nickname": "昵称", "phone": "手机号",
                        "tags": "标签"}}, file_name="big.csv", progress=Die())
        """)
    from tests.conftest import fresh_connection
    conn = fresh_connection(workspace.path)
    before = dump(conn)
    conn.close()
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 9, result.stderr
    conn = fresh_connection(workspace.path)
    assert dump(conn) == before
    conn.close()


ORDERS = """\
    手机号,下单时间,实付金额,商品名称,品类
    13800138000,2025-03-07 14:05,¥128.50,玫瑰花茶,花茶
    13800138000,2025-04-07 10:00,99,玫瑰花茶,花茶
    13800138000,2025-04-07 10:00,99,玫瑰花茶,花茶
    13999999999,2025-04-08,50,菊花茶,花茶
    13800138000,2025-04-09,-5,退款,花茶
    13800138000,,20,试饮,花茶
    """


def test_orders_import_matches_contacts_and_refuses_duplicates(workspace, tmp_path):
    cid = make_existing(workspace)
    table = table_of(tmp_path, ORDERS)
    mapping = recognise(table.headers, "orders")

    def run(dry_run):
        return workspace.execute(lambda c: import_orders(
            c, table=table, mapping=mapping, dry_run=dry_run, file_name="orders.csv")).value
    planned = run(True)
    done = run(False)
    assert comparable(planned) == comparable(done)
    assert (done.created, done.merged) == (2, 1)
    reasons = {issue.row: issue.message for issue in done.rejected}
    assert set(reasons) == {4, 5, 6, 7}
    assert "第 3 行" in reasons[4] and "没有找到" in reasons[5] and "缺少下单时间" in reasons[7]
    totals = workspace.conn.execute("SELECT order_count, total_spent_fen FROM contacts "
                                    "WHERE id = ?", (cid,)).fetchone()
    assert totals == (2, 22750)
    again = run(False)
    reasons = {issue.row: issue.message for issue in again.rejected}
    assert again.created == 0 and "已经存在" in reasons[2] and "已经存在" in reasons[3]
    workspace.execute(lambda c: batches.undo_batch(c, batch_id=done.batch_id))
    assert workspace.conn.execute("SELECT order_count, total_spent_fen FROM contacts "
                                  "WHERE id = ?", (cid,)).fetchone() == (0, 0)


def test_saved_mappings_are_offered_for_files_with_the_same_columns(workspace):
    headers = ["客户", "电话号", "备注信息"]
    mapping = {"nickname": "客户", "phone": "电话号", "notes": "备注信息"}
    workspace.execute(lambda c: batches.save_mapping(c, name="收银系统", kind="contacts",
                                                     headers=headers, mapping=mapping))
    found = batches.find_mapping(workspace.conn, kind="contacts",
                                 headers=["备注信息", "客户", "电话号"])
    assert found.name == "收银系统" and found.mapping == mapping
    assert batches.find_mapping(workspace.conn, kind="contacts", headers=["客户"]) is None
    workspace.undo()
    assert batches.list_mappings(workspace.conn, kind="contacts") == []


def test_a_mapping_naming_a_missing_column_is_refused_before_anything_is_read(workspace, tmp_path):
    table = table_of(tmp_path, "昵称\n张三\n")
    with pytest.raises(Exception, match="没有“手机”这一列"):
        run_import(workspace, table, mapping={"nickname": "昵称", "phone": "手机"})
