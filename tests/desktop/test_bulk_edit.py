"""Bulk edits: only what differs is written, each is one undo step, undo and redo are exact."""

from __future__ import annotations

import pytest

from db.connection import transaction
from desktop import bulk_edit
from desktop.changes import Changes
from desktop.contacts import ValidationError
from tests.conftest import dump

LOW, HIGH, WHITEN, HYDRATE = 1, 2, 3, 4  # 消费能力 (single choice): 低 高; 需求类型: 美白 补水


@pytest.fixture
def ws(workspace):
    """Five contacts (1 has a remark), two tag groups, two accounts; 1 has 低 and 美白, 2 has
    高, 3 is L4 pinned by an earlier rule run, 4 is L4 unpinned, 5 belongs to 门店主号."""
    c = workspace.conn
    c.execute("INSERT INTO accounts (id, name) VALUES (1, '门店主号'), (2, '小号')")
    c.execute("INSERT INTO tag_groups (id, name, single_choice) VALUES (1, '消费能力', 1), "
              "(2, '需求类型', 0)")
    c.execute("INSERT INTO tags (id, group_id, name) VALUES (1, 1, '低'), (2, 1, '高'), "
              "(3, 2, '美白'), (4, 2, '补水')")
    c.execute("INSERT INTO contacts (id, nickname, remark, tier, tier_pinned, tier_reason, "
              "owner_account_id, updated_at) VALUES "
              "(1, '花花', '张姐', 1, 0, '', NULL, '2020-01-01 00:00:00'), "
              "(2, '小李', '', 2, 0, '', NULL, '2020-01-01 00:00:00'), "
              "(3, '王五', '', 4, 1, '手动设置为 L4', NULL, '2020-01-01 00:00:00'), "
              "(4, '赵六', '', 4, 0, '近30天消费 3 笔', NULL, '2020-01-01 00:00:00'), "
              "(5, '钱七', '', 3, 1, '手动设置为 L3', 1, '2020-01-01 00:00:00')")
    c.execute("INSERT INTO contact_tags VALUES (1, 1), (1, 3), (2, 2)")
    return workspace


def pairs(ws) -> set[tuple[int, int]]:
    return set(ws.conn.execute("SELECT contact_id, tag_id FROM contact_tags"))


def history(ws) -> list[tuple]:
    return ws.conn.execute("SELECT contact_id, dimension, from_value, to_value, changed_at, "
                           "reason FROM layer_history ORDER BY contact_id").fetchall()


def stamped(ws) -> set[int]:
    return {r[0] for r in ws.conn.execute(
        "SELECT id FROM contacts WHERE updated_at <> '2020-01-01 00:00:00'")}


def round_trip(ws, operation):
    """Run `operation` as the app does; check undo gives back the dump before and redo the
    dump after. Returns the operation's result."""
    before = dump(ws.conn)
    result = ws.execute(operation)
    after = dump(ws.conn)
    assert after != before and ws.undo_stack.undo_label == result.label
    assert ws.undo().label == result.label
    assert dump(ws.conn) == before
    ws.redo()
    assert dump(ws.conn) == after
    return result


ALL = [1, 2, 3, 4, 5]
OPERATIONS = {
    "add_tags": lambda c: bulk_edit.add_tags(c, contact_ids=ALL, tag_ids=[HIGH, WHITEN]),
    "remove_tags": lambda c: bulk_edit.remove_tags(c, contact_ids=ALL, tag_ids=[LOW, WHITEN]),
    "set_tier": lambda c: bulk_edit.set_tier(c, contact_ids=ALL, tier=4),
    "unpin_tier": lambda c: bulk_edit.unpin_tier(c, contact_ids=ALL),
    "set_owner": lambda c: bulk_edit.set_owner(c, contact_ids=ALL, account_id=2),
    "clear_owner": lambda c: bulk_edit.set_owner(c, contact_ids=ALL, account_id=None),
    "toggle_on": lambda c: bulk_edit.toggle_tag(c, contact_id=2, tag_id=LOW),
    "toggle_off": lambda c: bulk_edit.toggle_tag(c, contact_id=1, tag_id=WHITEN),
}


@pytest.mark.parametrize("name", OPERATIONS)
def test_every_operation_undoes_to_the_same_dump_and_redoes_to_the_same_result(ws, name):
    result = round_trip(ws, OPERATIONS[name])
    assert ws.undo_stack.history() == ([result.label], [])  # one step, redone


def test_add_tags_inserts_only_missing_pairs_and_replaces_the_single_choice_rival(ws):
    result = round_trip(ws, lambda c: bulk_edit.add_tags(c, contact_ids=[1, 2, 3],
                                                         tag_ids=[HIGH, WHITEN]))
    assert pairs(ws) == {(1, HIGH), (1, WHITEN), (2, HIGH), (2, WHITEN), (3, HIGH),
                         (3, WHITEN)}
    assert result.label == "给 3 位客户加标签 高、美白"
    assert result.count == 3  # contacts changed: 1 (高 replaces 低), 2 (美白), 3 (both)
    assert result.changes == Changes(contacts=True, tags=True)
    ws.undo()
    assert pairs(ws) == {(1, LOW), (1, WHITEN), (2, HIGH)}  # 低 is back, 高 gone
    assert stamped(ws) == set()  # tags live in contact_tags; contact rows are not rewritten


def test_two_tags_of_one_single_choice_group_are_refused(ws):
    before = dump(ws.conn)
    with pytest.raises(ValidationError) as error:
        ws.execute(lambda c: bulk_edit.add_tags(c, contact_ids=ALL, tag_ids=[LOW, HIGH]))
    assert error.value.field == "tag_ids" and "消费能力" in str(error.value)
    assert dump(ws.conn) == before and ws.undo_stack.undo_label is None


def test_remove_tags_removes_the_held_pairs_of_the_selection_only(ws):
    result = round_trip(ws, lambda c: bulk_edit.remove_tags(c, contact_ids=[1, 3],
                                                            tag_ids=[WHITEN, HIGH, LOW]))
    assert pairs(ws) == {(2, HIGH)}
    assert (result.label, result.count) == ("给 2 位客户去掉标签 美白、高、低", 1)


def test_set_tier_pins_and_writes_history_once_per_changed_tier(ws, clock):
    result = round_trip(ws, lambda c: bulk_edit.set_tier(c, contact_ids=ALL, tier=4,
                                                         clock=clock))
    assert result.label == "把 5 位客户设为 L4（固定）"
    assert result.changes == Changes(contacts=True, tiers=True, contact_detail=True)
    assert result.count == 4  # 3 was already L4, pinned, with this reason
    assert ws.conn.execute("SELECT DISTINCT tier, tier_pinned, tier_reason FROM contacts"
                           ).fetchall() == [(4, 1, "手动设置为 L4")]
    when = "2026-11-23 02:00:00"
    assert history(ws) == [(1, "tier", "1", "4", when, "手动设置为 L4"),
                           (2, "tier", "2", "4", when, "手动设置为 L4"),
                           (5, "tier", "3", "4", when, "手动设置为 L4")]  # 4 was L4: pin only
    assert stamped(ws) == {1, 2, 4, 5}
    ws.undo()
    assert history(ws) == []
    assert ws.conn.execute("SELECT tier, tier_pinned, tier_reason FROM contacts WHERE id = 4"
                           ).fetchone() == (4, 0, "近30天消费 3 笔")


def test_set_tier_keeps_older_history_and_a_second_change_adds_its_own_row(ws, clock):
    ws.execute(lambda c: bulk_edit.set_tier(c, contact_ids=[1], tier=2, clock=clock))
    ws.execute(lambda c: bulk_edit.set_tier(c, contact_ids=[1], tier=5, clock=clock))
    assert [r[2:4] for r in history(ws)] == [("1", "2"), ("2", "5")]
    ws.undo()
    assert [r[2:4] for r in history(ws)] == [("1", "2")]


def test_unpin_tier_recomputes_the_unpinned_in_the_same_undoable_step(ws, clock):
    result = round_trip(ws, lambda c: bulk_edit.unpin_tier(c, contact_ids=ALL, clock=clock))
    assert (result.label, result.count) == ("取消固定 5 位客户的层级", 2)
    assert result.changes.tiers
    # 王五 had no orders or interactions: the rules give L1 once the pin is gone.
    tier, pinned, reason = ws.conn.execute(
        "SELECT tier, tier_pinned, tier_reason FROM contacts WHERE id = 3").fetchone()
    assert (tier, pinned) == (1, 0) and reason.startswith("L1：")
    assert stamped(ws) == {3, 5}
    assert [row[:4] for row in history(ws) if row[1] == "tier"] == [
        (3, "tier", "4", "1"), (5, "tier", "3", "1")]
    # 赵六 was not pinned: left for the next recompute.
    assert ws.conn.execute("SELECT tier, tier_reason FROM contacts WHERE id = 4"
                           ).fetchone() == (4, "近30天消费 3 笔")


def test_set_owner_names_the_account_and_writes_only_other_owners(ws):
    result = round_trip(ws, lambda c: bulk_edit.set_owner(c, contact_ids=[1, 5], account_id=1))
    assert (result.label, result.count) == ("把 2 位客户的所属账号改为 门店主号", 1)
    assert result.changes == Changes(contacts=True, contact_detail=True)
    assert stamped(ws) == {1}
    cleared = ws.execute(lambda c: bulk_edit.set_owner(c, contact_ids=ALL, account_id=None))
    assert (cleared.label, cleared.count) == ("清空 5 位客户的所属账号", 2)
    assert ws.conn.execute("SELECT count(*) FROM contacts WHERE owner_account_id IS NOT NULL"
                           ).fetchone() == (0,)


def test_toggle_adds_then_removes_and_names_the_contact(ws):
    on = ws.execute(lambda c: bulk_edit.toggle_tag(c, contact_id=1, tag_id=HIGH))
    assert on.label == "给 张姐 加标签 高"  # the remark, else the nickname
    assert pairs(ws) == {(1, HIGH), (1, WHITEN), (2, HIGH)}  # 低 replaced
    off = ws.execute(lambda c: bulk_edit.toggle_tag(c, contact_id=1, tag_id=HIGH))
    assert off.label == "给 张姐 去掉标签 高" and pairs(ws) == {(1, WHITEN), (2, HIGH)}
    assert ws.execute(lambda c: bulk_edit.toggle_tag(c, contact_id=2, tag_id=WHITEN)
                      ).label == "给 小李 加标签 美白"
    ws.undo()
    ws.undo()
    ws.undo()
    assert pairs(ws) == {(1, LOW), (1, WHITEN), (2, HIGH)}


def test_nothing_to_change_records_no_step(ws):
    result = ws.execute(lambda c: bulk_edit.add_tags(c, contact_ids=[2], tag_ids=[HIGH]))
    assert (result.changes, result.count, result.undo) == (Changes(), 0, None)
    assert ws.undo_stack.history() == ([], [])


@pytest.mark.parametrize("operation, field", [
    (lambda c: bulk_edit.add_tags(c, contact_ids=[], tag_ids=[HIGH]), "contact_ids"),
    (lambda c: bulk_edit.add_tags(c, contact_ids=[1], tag_ids=[]), "tag_ids"),
    (lambda c: bulk_edit.add_tags(c, contact_ids=[1], tag_ids=[99]), "tag_ids"),
    (lambda c: bulk_edit.remove_tags(c, contact_ids=[1], tag_ids=[WHITEN, 99]), "tag_ids"),
    (lambda c: bulk_edit.set_tier(c, contact_ids=[1], tier=0), "tier"),
    (lambda c: bulk_edit.set_tier(c, contact_ids=[1], tier=6), "tier"),
    (lambda c: bulk_edit.set_tier(c, contact_ids=[1], tier="4"), "tier"),
    (lambda c: bulk_edit.set_tier(c, contact_ids=[], tier=4), "contact_ids"),
    (lambda c: bulk_edit.unpin_tier(c, contact_ids=[]), "contact_ids"),
    (lambda c: bulk_edit.set_owner(c, contact_ids=[1], account_id=99), "account_id"),
    (lambda c: bulk_edit.toggle_tag(c, contact_id=99, tag_id=HIGH), "contact_id"),
    (lambda c: bulk_edit.toggle_tag(c, contact_id=1, tag_id=99), "tag_ids"),
])
def test_invalid_input_is_refused_in_chinese_before_anything_is_written(ws, operation, field):
    before = dump(ws.conn)
    with pytest.raises(ValidationError) as error:
        ws.execute(operation)
    assert error.value.field == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(error.value))
    assert dump(ws.conn) == before and ws.undo_stack.undo_label is None


def test_a_selection_past_the_usual_sqlite_variable_limit_is_one_step(ws):
    """Every contact may be selected; many SQLite builds refuse over 32,766 `?` a statement."""
    with transaction(ws.conn):
        ws.conn.executemany("INSERT INTO contacts (id, nickname) VALUES (?, '客户')",
                            [(i,) for i in range(10, 33_005)])
    ids = [*ALL, *range(10, 33_005)]
    result = ws.execute(lambda c: bulk_edit.add_tags(c, contact_ids=ids, tag_ids=[HYDRATE]))
    assert result.count == 33_000 and result.label == "给 33000 位客户加标签 补水"
    assert len(pairs(ws)) == 3 + 33_000
    ws.undo()
    assert pairs(ws) == {(1, LOW), (1, WHITEN), (2, HIGH)}
