"""Contact operations: what the operator edits is stored normalised, and every step undoes."""

from __future__ import annotations

import pytest

from db import contacts as contacts_db
from desktop import contacts, reads
from desktop.contacts import ValidationError
from tests.conftest import dump


def add(ws, **values):
    return ws.execute(lambda c: contacts.create_contact(c, values=values)).value


@pytest.fixture
def tagged(workspace):
    """Two tag groups: 消费能力 (single choice) and 需求类型 (multi)."""
    c = workspace.conn
    c.execute("INSERT INTO tag_groups (id, name, single_choice) VALUES (1, '消费能力', 1), "
              "(2, '需求类型', 0)")
    c.execute("INSERT INTO tags (id, group_id, name, color) VALUES (1, 1, '低', '#90A4AE'), "
              "(2, 1, '高', '#E53935'), (3, 2, '美白', '#AB47BC'), (4, 2, '补水', '#29B6F6')")
    return workspace


def test_new_contact_gets_search_keys_and_normalised_phone(workspace, clock):
    result = workspace.execute(lambda c: contacts.create_contact(
        c, values={"nickname": "单小花", "phone": "+86 138-0013-8000"}, clock=clock))
    record = contacts_db.get(workspace.conn, result.value)
    assert record.phone == "13800138000"
    assert record.added_at == "2026-11-23 02:00:00"
    row = workspace.conn.execute(
        "SELECT nickname_pinyin, nickname_initials, sort_name, phone_reversed FROM contacts "
        "WHERE id = ?", (result.value,)).fetchone()
    assert row == ("shanxiaohua", "sxh", "shanxiaohua", "00083100831")


def test_list_is_sorted_by_pinyin_of_remark_or_nickname(workspace):
    for nickname, remark in (("张小花", ""), ("Amy", ""), ("李四", "阿姨"), ("曾哥", "")):
        add(workspace, nickname=nickname, remark=remark)
    ids = reads.contact_ids(workspace.conn)
    names = [reads.contact_rows(workspace.conn, [i])[i].nickname for i in ids]
    assert names == ["Amy", "李四", "曾哥", "张小花"]  # amy, ayi (remark), zengge, zhangxiaohua


def test_edit_writes_only_changed_fields_and_undo_restores_them(workspace):
    contact_id = add(workspace, nickname="张小花", phone="13800138000")
    before = dump(workspace.conn)
    result = workspace.execute(lambda c: contacts.update_contact(
        c, contact_id=contact_id, values={"nickname": "张小花", "remark": "张姐-美容卡",
                                          "birthday": "1990/5/20", "gender": "female",
                                          "added_at": "2025-03-07 14:05"}))
    assert result.changes.contacts and result.label.startswith("修改客户")
    record = contacts_db.get(workspace.conn, contact_id)
    assert (record.remark, record.birthday, record.gender) == ("张姐-美容卡", "1990-05-20",
                                                                "female")
    workspace.undo()
    assert dump(workspace.conn) == before
    workspace.redo()
    assert contacts_db.get(workspace.conn, contact_id).remark == "张姐-美容卡"


@pytest.mark.parametrize("values, field", [
    ({"phone": "138-abc"}, "phone"),
    ({"birthday": "1990-02-30"}, "birthday"),
    ({"birthday": "next week"}, "birthday"),
    ({"added_at": "2025-13-01"}, "added_at"),
    ({"nickname": "  "}, "nickname"),
    ({"gender": "x"}, "gender"),
    ({"tier": 5}, "tier"),
    ({"owner_account_id": "abc"}, "owner_account_id"),
])
def test_invalid_edits_name_the_field_and_write_nothing(workspace, values, field):
    contact_id = add(workspace, nickname="张小花")
    before = dump(workspace.conn)
    with pytest.raises(ValidationError) as error:
        workspace.execute(lambda c: contacts.update_contact(c, contact_id=contact_id,
                                                            values=values))
    assert error.value.field == field
    assert str(error.value)  # a message the operator can act on
    assert dump(workspace.conn) == before


def test_birthday_without_year_is_kept_as_month_day(workspace):
    contact_id = add(workspace, nickname="王磊", birthday="2月29日")
    assert contacts_db.get(workspace.conn, contact_id).birthday == "--02-29"


def test_single_choice_group_refuses_two_tags(tagged):
    contact_id = add(tagged, nickname="张小花")
    before = dump(tagged.conn)
    with pytest.raises(ValidationError):
        tagged.execute(lambda c: contacts.set_tags(c, contact_id=contact_id, tag_ids={1, 2}))
    assert dump(tagged.conn) == before


def test_tags_change_and_undo(tagged):
    contact_id = add(tagged, nickname="张小花")
    tagged.execute(lambda c: contacts.set_tags(c, contact_id=contact_id, tag_ids={1, 3}))
    before = dump(tagged.conn)
    tagged.execute(lambda c: contacts.set_tags(c, contact_id=contact_id, tag_ids={2, 3, 4}))
    assert [t.name for t in reads.tags_of_contacts(tagged.conn, [contact_id])[contact_id]] == [
        "高", "美白", "补水"]
    tagged.undo()
    assert dump(tagged.conn) == before


def test_interaction_and_order_update_the_contact_and_undo(workspace):
    contact_id = add(workspace, nickname="张小花")
    before = dump(workspace.conn)
    workspace.execute(lambda c: contacts.add_interaction(
        c, contact_id=contact_id, kind="chat", occurred_at="2026-11-20 10:30", note="问了价格"))
    workspace.execute(lambda c: contacts.add_order(
        c, contact_id=contact_id, ordered_at="2026-11-21", amount="¥1,299.50", item="玫瑰花茶"))
    record = contacts_db.get(workspace.conn, contact_id)
    assert record.order_count == 1 and record.total_spent_fen == 129950
    assert record.last_interaction_at is not None and record.last_order_at is not None
    workspace.undo()
    workspace.undo()
    assert dump(workspace.conn) == before


@pytest.mark.parametrize("amount", ["abc", "-5", "12.345", "", "nan", "inf"])
def test_bad_order_amount_is_refused(workspace, amount):
    contact_id = add(workspace, nickname="张小花")
    with pytest.raises(ValidationError) as error:
        workspace.execute(lambda c: contacts.add_order(c, contact_id=contact_id,
                                                       ordered_at="2026-11-21", amount=amount))
    assert error.value.field == "amount"


def test_trash_restore_round_trip_with_undo(workspace):
    keep = add(workspace, nickname="王磊")
    gone = add(workspace, nickname="张小花")
    before = dump(workspace.conn)
    workspace.execute(lambda c: contacts.move_to_trash(c, contact_ids=[gone]))
    assert list(reads.contact_ids(workspace.conn)) == [keep]
    assert list(reads.contact_ids(workspace.conn, trashed=True)) == [gone]
    workspace.undo()
    assert dump(workspace.conn) == before
    workspace.redo()
    workspace.execute(lambda c: contacts.restore_from_trash(c, contact_ids=[gone]))
    assert sorted(reads.contact_ids(workspace.conn)) == [keep, gone]


def test_purge_erases_the_person_and_clears_undo(workspace):
    contact_id = add(workspace, nickname="张小花")
    workspace.execute(lambda c: contacts.add_interaction(
        c, contact_id=contact_id, kind="chat", occurred_at="2026-11-20"))
    workspace.conn.execute("INSERT INTO tasks (title, contact_id) VALUES ('回访', ?)",
                           (contact_id,))
    workspace.execute(lambda c: contacts.move_to_trash(c, contact_ids=[contact_id]))
    result = workspace.execute(lambda c: contacts.purge(c, contact_ids=[contact_id]))
    assert result.irreversible and workspace.undo_stack.undo_label is None
    for table in ("contacts", "interactions", "tasks"):
        assert workspace.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_create_is_undone_by_removing_the_contact_and_redone_exactly(workspace):
    before = dump(workspace.conn)
    add(workspace, nickname="新客户")
    created = dump(workspace.conn)
    assert workspace.undo_stack.undo_label == "新建客户 新客户"
    workspace.undo()
    assert dump(workspace.conn) == before
    assert workspace.undo_stack.redo_label == "新建客户 新客户"
    workspace.redo()
    assert dump(workspace.conn) == created


def test_undone_interaction_can_be_redone(workspace):
    contact_id = add(workspace, nickname="张小花")
    workspace.execute(lambda c: contacts.add_interaction(
        c, contact_id=contact_id, kind="enquiry", occurred_at="2026-11-20 10:30"))
    workspace.undo()
    assert contacts_db.get(workspace.conn, contact_id).last_interaction_at is None
    assert workspace.undo_stack.redo_label == "添加互动"
    workspace.redo()
    assert contacts_db.get(workspace.conn, contact_id).last_interaction_at is not None
