"""Import edge cases: undo in any order across batches, keys learnt within a file, the trash,
owners, single-choice groups, odd values, orders, and dry run = import = undoable (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop import contacts
from desktop.importing import batches
from desktop.importing.contacts_import import import_contacts
from desktop.importing.fields import recognise
from desktop.importing.orders_import import import_orders
from desktop.importing.reader import read_table
from tests.desktop.import_helpers import (
    comparable,
    data_dump,
    fresh_path,
    make_existing,
    table_of,
)


def run_import(workspace, table, *, dry_run=False, overwrite=False, mapping=None):
    mapping = recognise(table.headers, "contacts") if mapping is None else mapping
    return workspace.execute(lambda c: import_contacts(
        c, table=table, mapping=mapping, dry_run=dry_run, overwrite=overwrite,
        file_name="file.csv")).value


def undo(workspace, report):
    return workspace.execute(lambda c: batches.undo_batch(c, batch_id=report.batch_id))




def single_choice_group(conn):
    conn.execute("INSERT INTO tag_groups (id, name, single_choice) VALUES (50, '消费能力', 1)")
    conn.execute("INSERT INTO tags (id, group_id, name) VALUES (51, 50, '低'), (52, 50, '高')")


def names(conn, table):
    return sorted(r[0] for r in conn.execute(f"SELECT name FROM {table}"))


# --- 1. undo of two batches touching the same contact, in either order ---------------------

FILE_A = "昵称,手机号,标签,添加人,添加时间\n小花,13800138000,消费能力:低,店长,2025-03-01\n"
FILE_B = ("手机号,城市,微信号,标签,添加人,添加时间\n"
          "13800138000,上海,wx_hua,消费能力:高;新品,导购,2025-01-01\n")


def test_undo_a_then_b_when_b_merged_into_a_contact_a_created(workspace, tmp_path):
    single_choice_group(workspace.conn)
    before = data_dump(workspace.conn)
    a = run_import(workspace, table_of(tmp_path, FILE_A))
    b = run_import(workspace, table_of(tmp_path, FILE_B), overwrite=True)
    assert (a.created, b.merged) == (1, 1)
    undo(workspace, a)  # the contact goes, with what b gave it
    undo(workspace, b)  # b's "untag 低" must not bring a tag back to a contact that is gone
    assert data_dump(workspace.conn) == before


def test_undo_b_then_a_restores_the_original(workspace, tmp_path):
    single_choice_group(workspace.conn)
    before = data_dump(workspace.conn)
    a = run_import(workspace, table_of(tmp_path, FILE_A))
    after_a = data_dump(workspace.conn)
    b = run_import(workspace, table_of(tmp_path, FILE_B), overwrite=True)
    conn = workspace.conn
    owner = conn.execute("SELECT a.name FROM contacts c JOIN accounts a "
                         "ON a.id = c.owner_account_id").fetchone()
    assert owner == ("导购",)  # b's link is earlier
    undo(workspace, b)
    assert data_dump(conn) == after_a
    undo(workspace, a)
    assert data_dump(conn) == before


def test_undo_does_not_break_the_single_choice_rule_after_the_operator_retagged(workspace,
                                                                                tmp_path):
    conn = workspace.conn
    single_choice_group(conn)
    conn.execute("INSERT INTO tags (id, group_id, name) VALUES (53, 50, '中')")
    cid = make_existing(workspace)
    workspace.execute(lambda c: contacts.set_tags(c, contact_id=cid, tag_ids=[51]))
    b = run_import(workspace, table_of(tmp_path, "手机号,标签\n13800138000,消费能力:高\n"),
                   overwrite=True)
    workspace.execute(lambda c: contacts.set_tags(c, contact_id=cid, tag_ids=[53]))
    undo(workspace, b)  # 低 cannot come back next to the operator's 中: the later edit wins
    assert conn.execute("SELECT tag_id FROM contact_tags").fetchall() == [(53,)]


# --- 2. tags, groups and accounts a batch created and a later batch also uses -------------

HEAD = "昵称,手机号,标签,添加人\n"


def test_what_a_created_and_b_uses_survives_undo_of_a_and_goes_with_undo_of_b(workspace,
                                                                               tmp_path):
    conn = workspace.conn
    before = data_dump(conn)
    a = run_import(workspace, table_of(tmp_path, f"{HEAD}甲,13800000001,VIP,店长\n"))
    b = run_import(workspace, table_of(tmp_path, f"{HEAD}乙,13800000002,VIP,店长\n"))
    assert (b.new_tags, b.new_accounts) == ([], [])
    undo(workspace, a)
    assert names(conn, "tags") == ["VIP"] and names(conn, "accounts") == ["店长"]
    assert names(conn, "tag_groups") == ["导入"]
    undo(workspace, b)
    assert data_dump(conn) == before


def test_a_group_a_created_and_b_added_a_tag_to_goes_with_the_last_undo(workspace, tmp_path):
    conn = workspace.conn
    before = data_dump(conn)
    a = run_import(workspace, table_of(tmp_path, "昵称,手机号,标签\n甲,13800000001,VIP\n"))
    b = run_import(workspace, table_of(tmp_path, "昵称,手机号,标签\n乙,13800000002,新客\n"))
    assert b.new_tags == ["导入:新客"]
    undo(workspace, a)
    assert names(conn, "tags") == ["新客"] and names(conn, "tag_groups") == ["导入"]
    undo(workspace, b)
    assert data_dump(conn) == before


def test_undo_keeps_a_created_tag_that_a_moments_post_now_uses(workspace, tmp_path):
    conn = workspace.conn
    a = run_import(workspace, table_of(tmp_path, f"{HEAD}甲,13800000001,VIP,店长\n"))
    (tag_id,), = conn.execute("SELECT id FROM tags").fetchall()
    (account_id,), = conn.execute("SELECT id FROM accounts").fetchall()
    conn.execute("INSERT INTO moments_posts (id, planned_at, account_id, visibility) "
                 "VALUES (1, '2026-01-01 00:00:00', ?, 'only_tags')", (account_id,))
    conn.execute("INSERT INTO moments_visibility_tags VALUES (1, ?)", (tag_id,))
    undo(workspace, a)
    assert conn.execute("SELECT * FROM moments_visibility_tags").fetchall() == [(1, tag_id)]
    assert conn.execute("SELECT account_id FROM moments_posts").fetchall() == [(account_id,)]


# --- 3. keys learnt from earlier rows of the same file --------------------------------------

def test_a_key_first_seen_on_a_folded_row_finds_the_same_new_contact(workspace, tmp_path):
    table = table_of(tmp_path, """\
        昵称,手机号,外部联系人ID,城市
        小花,13800138000,,
        ,13800138000,wm001,
        ,,wm001,上海
        """)
    report = run_import(workspace, table)
    assert (report.created, report.folded, report.rejected) == (1, 2, [])
    assert workspace.conn.execute("SELECT nickname, phone, wecom_external_id, city "
                                  "FROM contacts").fetchall() == [
        ("小花", "13800138000", "wm001", "上海")]


def test_a_key_filled_into_an_existing_contact_finds_it_again_later_in_the_file(workspace,
                                                                                tmp_path):
    cid = make_existing(workspace)
    table = table_of(tmp_path, "手机号,微信号,城市\n13800138000,wx_old,\n,wx_old,上海\n")
    report = run_import(workspace, table)
    assert (report.created, report.merged, report.rejected) == (0, 1, [])
    assert workspace.conn.execute("SELECT id, wechat_id, city FROM contacts").fetchall() == [
        (cid, "wx_old", "上海")]


def test_keys_naming_two_contacts_merge_into_the_first_key_and_warn(workspace, tmp_path):
    by_wecom = make_existing(workspace, nickname="企微客户", phone="", wecom_external_id="wmA")
    by_phone = make_existing(workspace, nickname="手机客户", phone="13900139000")
    table = table_of(tmp_path, "外部联系人ID,手机号,城市\nwmA,13900139000,杭州\n")
    planned = run_import(workspace, table, dry_run=True)
    report = run_import(workspace, table)
    assert comparable(planned) == comparable(report)
    assert (report.created, report.merged, report.rejected) == (0, 1, [])
    assert [w.row for w in report.warnings] == [2]
    assert "手机客户" in report.warnings[0].message
    cities = dict(workspace.conn.execute("SELECT id, city FROM contacts"))
    assert cities == {by_wecom: "杭州", by_phone: ""}


# --- 4. the trash ----------------------------------------------------------------------------

def test_a_row_matching_only_a_trashed_contact_creates_one_and_says_so(workspace, tmp_path):
    cid = make_existing(workspace, nickname="旧客户")
    workspace.execute(lambda c: contacts.move_to_trash(c, contact_ids=[cid]))
    table = table_of(tmp_path, "昵称,手机号\n新客户,13800138000\n")
    planned = run_import(workspace, table, dry_run=True)
    assert (planned.created, planned.merged) == (1, 0)
    assert len(planned.warnings) == 1 and "回收站" in planned.warnings[0].message
    assert "旧客户" in planned.warnings[0].message
    report = run_import(workspace, table)
    assert comparable(planned) == comparable(report)


# --- 5. owner and added_at ---------------------------------------------------------------------

def test_an_earlier_link_changes_the_owner_and_undo_puts_it_back(workspace, tmp_path):
    conn = workspace.conn
    first = run_import(workspace, table_of(
        tmp_path, "昵称,手机号,添加人,添加时间\n小花,13800138000,店长,2025-03-01\n"))
    before = data_dump(conn)
    report = run_import(workspace, table_of(
        tmp_path, "手机号,添加人,添加时间\n13800138000,导购,2024-12-01\n"))
    assert report.merged == 1
    row = conn.execute("SELECT a.name, c.added_at FROM contacts c JOIN accounts a "
                       "ON a.id = c.owner_account_id").fetchone()
    assert row == ("导购", "2024-11-30 16:00:00")
    undo(workspace, report)
    assert data_dump(conn) == before
    assert first.created == 1


# --- 6. names ------------------------------------------------------------------------------------

def test_nickname_falls_back_to_remark_and_empty_cells_never_blank_a_merge(workspace, tmp_path):
    cid = make_existing(workspace, nickname="老客户", city="北京")
    table = table_of(tmp_path, "昵称,备注,手机号,城市\n,王姐,13900139000,\n,,13800138000,\n")
    report = run_import(workspace, table)
    assert report.created == 1
    conn = workspace.conn
    assert conn.execute("SELECT nickname, remark FROM contacts WHERE phone = '13900139000'"
                        ).fetchone() == ("王姐", "王姐")
    assert conn.execute("SELECT nickname, city FROM contacts WHERE id = ?", (cid,)
                        ).fetchone() == ("老客户", "北京")


def test_a_real_nickname_later_in_the_file_replaces_the_remark_stand_in(workspace, tmp_path):
    table = table_of(tmp_path, "昵称,备注,手机号\n,王姐,13900139000\n王小丽,,13900139000\n")
    run_import(workspace, table)
    assert workspace.conn.execute("SELECT nickname, remark FROM contacts").fetchall() == [
        ("王小丽", "王姐")]


# --- 7. single-choice groups on a new contact --------------------------------------------------

def test_two_tags_of_a_single_choice_group_for_a_new_contact_keep_the_first(workspace, tmp_path):
    conn = workspace.conn
    single_choice_group(conn)
    table = table_of(tmp_path, """\
        昵称,手机号,标签
        小花,13800138000,"消费能力:低,消费能力:高"
        小花,13800138000,消费能力:高
        """)
    for overwrite in (False, True):
        planned = run_import(workspace, table, dry_run=True, overwrite=overwrite)
        assert planned.warnings
    report = run_import(workspace, table, overwrite=True)
    assert report.created == 1 and report.rejected == []
    assert conn.execute("SELECT tag_id FROM contact_tags").fetchall() == [(52,)]


# --- 8. odd values -----------------------------------------------------------------------------

def test_long_tags_emoji_names_0086_phones_and_20_digit_ids(workspace, tmp_path):
    tag30 = "标" * 30
    table = table_of(tmp_path, f"""\
        昵称,手机号,微信号,标签
        🌸花花🌸,0086 138 0013 8000,12345678901234567890,{tag30}
        😀,0086-139-0013-9000,,组{"二" * 28}:{tag30}
        超长,138,,{tag30}x
        """)
    planned = run_import(workspace, table, dry_run=True)
    report = run_import(workspace, table)
    assert comparable(planned) == comparable(report)
    assert report.created == 2 and {i.row for i in report.rejected} == {4}
    conn = workspace.conn
    assert conn.execute("SELECT nickname, phone, wechat_id FROM contacts ORDER BY id").fetchall(
    ) == [("🌸花花🌸", "13800138000", "12345678901234567890"), ("😀", "13900139000", "")]
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]


# --- 9. orders -----------------------------------------------------------------------------------

def run_orders(workspace, table, dry_run=False):
    mapping = recognise(table.headers, "orders")
    return workspace.execute(lambda c: import_orders(
        c, table=table, mapping=mapping, dry_run=dry_run, file_name="orders.csv")).value


def test_orders_zero_amounts_repeats_and_wechat_id_matches(workspace, tmp_path):
    cid = make_existing(workspace, phone="", wechat_id="wx_hua")
    table = table_of(tmp_path, """\
        微信号,下单时间,金额,商品
        wx_hua,2025-03-07,0,赠品
        wx_hua,2025-03-08,12.5,花茶
        wx_hua,2025-03-08,12.5,花茶
        """)
    planned = run_orders(workspace, table, dry_run=True)
    report = run_orders(workspace, table)
    assert comparable(planned) == comparable(report)
    assert report.created == 2
    assert [(i.row, "第 3 行" in i.message) for i in report.rejected] == [(4, True)]
    assert workspace.conn.execute("SELECT order_count, total_spent_fen FROM contacts "
                                  "WHERE id = ?", (cid,)).fetchone() == (2, 1250)


# --- 10. dry run = import, and undo restores (random small files) -----------------------------

NAMES = ["", "小花", "李雷", "韩梅梅"]
PHONES = ["", "13800000001", "13800000002", "13800000003", "13800000004"]
WECHATS = ["", "wx1", "wx2"]
TAGS = ["", "VIP", "消费能力:低", "消费能力:高", "新客,VIP", "来源:门店"]
OWNERS = ["", "店长", "导购"]
DATES = ["", "2024-01-01", "2025-06-01"]
CITIES = ["", "上海", "杭州"]

row_strategy = st.tuples(*(st.sampled_from(values) for values in
                           (NAMES, NAMES, PHONES, WECHATS, TAGS, OWNERS, DATES, CITIES)))


def seed(conn):
    """A few existing contacts (one in the trash), a single-choice group and an account."""
    for table in ("contacts", "import_batches", "tags", "tag_groups", "accounts"):
        conn.execute(f"DELETE FROM {table}")
    single_choice_group(conn)
    conn.execute("INSERT INTO accounts (id, name) VALUES (1, '店长')")
    conn.execute("INSERT INTO contacts (id, nickname, remark, phone, city, owner_account_id, "
                 "added_at) VALUES (1, '老客户', '', '13800000001', '北京', 1, "
                 "'2024-06-01 00:00:00'), (2, '', '老王', '13800000002', '', NULL, "
                 "'2025-01-01 00:00:00')")
    conn.execute("INSERT INTO contact_accounts (contact_id, account_id, added_at) "
                 "VALUES (1, 1, '2024-06-01 00:00:00')")
    conn.execute("INSERT INTO contact_tags VALUES (1, 51)")
    conn.execute("INSERT INTO contacts (id, nickname, phone, deleted_at) "
                 "VALUES (3, '回收站', '13800000003', '2025-01-01 00:00:00')")


def random_table(tmp_path, rows):
    lines = ["昵称,备注,手机号,微信号,标签,添加人,添加时间,城市"]
    lines += [",".join(f'"{cell}"' for cell in row) for row in rows]
    path = fresh_path(tmp_path, "random")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_table(path)


SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
files = st.lists(row_strategy, min_size=1, max_size=30)


@SETTINGS
@given(rows=files, overwrite=st.booleans())
def test_dry_run_equals_import_and_undo_restores(workspace, tmp_path, rows, overwrite):
    conn = workspace.conn
    seed(conn)
    table = random_table(tmp_path, rows)
    before = data_dump(conn)
    planned = run_import(workspace, table, dry_run=True, overwrite=overwrite)
    assert data_dump(conn) == before
    done = run_import(workspace, table, overwrite=overwrite)
    assert comparable(planned) == comparable(done)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    undo(workspace, done)
    assert data_dump(conn) == before


@SETTINGS
@given(rows_a=files, rows_b=files, overwrite=st.booleans(), a_first=st.booleans())
def test_two_batches_undone_in_either_order_restore_the_database(workspace, tmp_path, rows_a,
                                                                  rows_b, overwrite, a_first):
    conn = workspace.conn
    seed(conn)
    before = data_dump(conn)
    a = run_import(workspace, random_table(tmp_path, rows_a), overwrite=overwrite)
    after_a = data_dump(conn)
    b = run_import(workspace, random_table(tmp_path, rows_b), overwrite=overwrite)
    if a_first:
        undo(workspace, a)
        undo(workspace, b)
    else:
        undo(workspace, b)
        assert data_dump(conn) == after_a
        undo(workspace, a)
    assert data_dump(conn) == before


def test_undo_does_not_bring_back_an_owner_account_deleted_since(workspace, tmp_path):
    conn = workspace.conn
    run_import(workspace, table_of(
        tmp_path, "昵称,手机号,添加人,添加时间\n小花,13800138000,店长,2025-03-01\n"))
    report = run_import(workspace, table_of(
        tmp_path, "手机号,添加人,添加时间\n13800138000,导购,2024-12-01\n"))
    conn.execute("DELETE FROM accounts WHERE name = '店长'")  # the operator removed it since
    undo(workspace, report)
    assert conn.execute("SELECT owner_account_id FROM contacts").fetchall() == [(None,)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
