"""Saved segments: save, rename, replace and delete, each undone and redone exactly; live counts."""

from __future__ import annotations

import pytest

from desktop import contacts, segments
from desktop.contact_query import ContactQuery, TagCondition
from desktop.contacts import ValidationError
from tests.conftest import dump

HIGH_VALUE = ContactQuery(tiers=(4, 5), quiet_days=30)


def save(ws, name: str, query: ContactQuery = HIGH_VALUE) -> int:
    return ws.execute(lambda c: segments.save_segment(c, name=name, query=query)).value


def test_saved_segments_list_in_the_order_they_were_saved(workspace):
    first = save(workspace, "高价值老客")
    second = save(workspace, "  新客  ", ContactQuery(stages=("new",), text="花"))
    listed = segments.list_segments(workspace.conn)
    assert [(s.id, s.name) for s in listed] == [(first, "高价值老客"), (second, "新客")]
    assert listed[0].query == HIGH_VALUE
    assert listed[1].query == ContactQuery(stages=("new",), text="花")
    assert listed[0].sort_order < listed[1].sort_order


def test_save_is_one_undo_step_and_redo_brings_back_the_same_row(workspace):
    save(workspace, "老客")
    before = dump(workspace.conn)
    result = workspace.execute(lambda c: segments.save_segment(c, name="高价值老客",
                                                               query=HIGH_VALUE))
    assert result.label == "保存分组 高价值老客"
    assert result.changes.segments and not result.changes.contacts
    after = dump(workspace.conn)
    workspace.undo()
    assert dump(workspace.conn) == before
    workspace.redo()
    assert dump(workspace.conn) == after
    assert segments.list_segments(workspace.conn)[-1].id == result.value


def test_delete_is_undone_with_the_same_id_order_and_time(workspace):
    keep = save(workspace, "新客", ContactQuery(stages=("new",)))
    gone = save(workspace, "高价值老客")
    save(workspace, "沉睡", ContactQuery(quiet_days=180))
    before = dump(workspace.conn)
    result = workspace.execute(lambda c: segments.delete_segment(c, segment_id=gone))
    assert result.label == "删除分组 高价值老客"
    assert result.changes.segments
    assert gone not in [s.id for s in segments.list_segments(workspace.conn)]
    after = dump(workspace.conn)
    workspace.undo()
    assert dump(workspace.conn) == before
    listed = segments.list_segments(workspace.conn)
    assert [s.name for s in listed] == ["新客", "高价值老客", "沉睡"]
    workspace.redo()
    assert dump(workspace.conn) == after
    assert keep in [s.id for s in segments.list_segments(workspace.conn)]


@pytest.mark.parametrize(("change", "label"), [
    ({"name": "重要客户"}, "重命名分组 高价值老客 为 重要客户"),
    ({"query": ContactQuery(tiers=(5,))}, "修改分组 高价值老客"),
    ({"name": "重要客户", "query": ContactQuery(channels=("抖音",))},
     "重命名分组 高价值老客 为 重要客户"),
])
def test_update_is_undone_and_redone_exactly(workspace, change, label):
    segment_id = save(workspace, "高价值老客")
    before = dump(workspace.conn)
    result = workspace.execute(lambda c: segments.update_segment(c, segment_id=segment_id,
                                                                 **change))
    assert result.label == label
    (segment,) = segments.list_segments(workspace.conn)
    assert segment.name == change.get("name", "高价值老客")
    assert segment.query == change.get("query", HIGH_VALUE)
    after = dump(workspace.conn)
    workspace.undo()
    assert dump(workspace.conn) == before
    workspace.redo()
    assert dump(workspace.conn) == after


def test_an_update_that_changes_nothing_is_no_step(workspace):
    segment_id = save(workspace, "高价值老客")
    result = workspace.execute(lambda c: segments.update_segment(
        c, segment_id=segment_id, name=" 高价值老客 ", query=HIGH_VALUE))
    assert result.undo is None and not result.changes.any()
    assert workspace.undo_stack.undo_label == "保存分组 高价值老客"


@pytest.mark.parametrize("name", ["", "   ", "\u3000"])
def test_an_empty_name_is_refused_with_a_hint(workspace, name):
    with pytest.raises(ValidationError, match="不能为空") as caught:
        save(workspace, name)
    assert caught.value.field == "name"
    assert segments.list_segments(workspace.conn) == []


def test_a_taken_name_is_refused_and_says_what_to_do(workspace):
    save(workspace, "高价值老客")
    other = save(workspace, "新客")
    before = dump(workspace.conn)
    with pytest.raises(ValidationError, match="已经有名为“高价值老客”的分组：请换一个名称"):
        save(workspace, " 高价值老客")
    with pytest.raises(ValidationError, match="已经有名为“高价值老客”的分组"):
        workspace.execute(lambda c: segments.update_segment(c, segment_id=other,
                                                            name="高价值老客"))
    assert dump(workspace.conn) == before


def test_a_segment_that_is_gone_is_reported(workspace):
    segment_id = save(workspace, "高价值老客")
    workspace.execute(lambda c: segments.delete_segment(c, segment_id=segment_id))
    for operation in (lambda c: segments.delete_segment(c, segment_id=segment_id),
                      lambda c: segments.update_segment(c, segment_id=segment_id, name="x")):
        with pytest.raises(ValidationError, match="已不存在"):
            workspace.execute(operation)


def test_counts_follow_the_data(workspace, clock):
    c = workspace.conn
    c.execute("INSERT INTO tag_groups (id, name) VALUES (1, '需求')")
    c.execute("INSERT INTO tags (id, group_id, name) VALUES (1, 1, '美白')")
    whitening = save(workspace, "美白", ContactQuery(tag_conditions=(TagCondition("any", (1,)),)))
    flowers = save(workspace, "花", ContactQuery(text="花"))
    everyone = save(workspace, "全部", ContactQuery())

    def counts() -> dict[int, int]:
        return segments.segment_counts(c, segments.list_segments(c), clock=clock)
    assert counts() == {whitening: 0, flowers: 0, everyone: 0}
    ids = [workspace.execute(lambda conn, n=n: contacts.create_contact(
        conn, values={"nickname": n}, clock=clock)).value for n in ("张小花", "王磊", "花花")]
    assert counts() == {whitening: 0, flowers: 2, everyone: 3}
    workspace.execute(lambda conn: contacts.set_tags(conn, contact_id=ids[2], tag_ids={1}))
    assert counts() == {whitening: 1, flowers: 2, everyone: 3}
    workspace.execute(lambda conn: contacts.move_to_trash(conn, contact_ids=[ids[0]],
                                                          clock=clock))
    assert counts() == {whitening: 1, flowers: 1, everyone: 2}
    workspace.undo()
    assert counts() == {whitening: 1, flowers: 2, everyone: 3}
    workspace.execute(lambda conn: segments.update_segment(
        conn, segment_id=flowers, query=ContactQuery(text="花", tag_conditions=(
            TagCondition("none", (1,)),))))
    assert counts()[flowers] == 1  # 花花 has the tag
