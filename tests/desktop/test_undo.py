"""The undo stack's history and merging: a tagging session's key presses become one step."""

from __future__ import annotations

import pytest

from desktop import bulk_edit
from desktop.changes import Changes, OpResult
from desktop.undo import UndoStack
from tests.conftest import dump

LOW, HIGH, WHITEN = 1, 2, 3  # 消费能力 (single choice): 低 高; 需求类型: 美白


@pytest.fixture
def ws(workspace):
    c = workspace.conn
    c.execute("INSERT INTO tag_groups (id, name, single_choice) VALUES (1, '消费能力', 1), "
              "(2, '需求类型', 0)")
    c.execute("INSERT INTO tags (id, group_id, name) VALUES (1, 1, '低'), (2, 1, '高'), "
              "(3, 2, '美白')")
    c.execute("INSERT INTO contacts (id, nickname) VALUES (1, '花花'), (2, '小李')")
    return workspace


def toggle(ws, contact_id: int, tag_id: int) -> str:
    return ws.execute(lambda c: bulk_edit.toggle_tag(c, contact_id=contact_id,
                                                     tag_id=tag_id)).label


def test_history_lists_undo_steps_newest_first_and_redo_steps_next_first(ws):
    labels = [toggle(ws, 1, LOW), toggle(ws, 1, WHITEN), toggle(ws, 2, HIGH)]
    assert ws.undo_stack.history() == (labels[::-1], [])
    ws.undo()
    ws.undo()
    assert ws.undo_stack.history() == ([labels[0]], [labels[1], labels[2]])
    assert (ws.undo_stack.undo_label, ws.undo_stack.redo_label) == (labels[0], labels[1])


def test_a_session_becomes_one_step_that_undoes_and_redoes_exactly(ws):
    toggle(ws, 2, WHITEN)  # before the session: stays its own step
    before = dump(ws.conn)
    mark = ws.undo_stack.mark()
    # The same pair on, off, on, and a single-choice tag replaced: order matters both ways.
    for contact_id, tag_id in ((1, LOW), (1, WHITEN), (1, WHITEN), (1, HIGH), (1, WHITEN),
                               (2, LOW)):
        toggle(ws, contact_id, tag_id)
    after = dump(ws.conn)
    assert ws.undo_stack.merge_since(mark, "打标签：2 位客户")
    assert ws.undo_stack.history() == (["打标签：2 位客户", "给 小李 加标签 美白"], [])
    undone = ws.undo()
    assert undone.label == "打标签：2 位客户" and undone.changes == Changes(contacts=True,
                                                                        tags=True)
    assert dump(ws.conn) == before
    ws.redo()
    assert dump(ws.conn) == after
    ws.undo()
    ws.undo()
    assert ws.conn.execute("SELECT count(*) FROM contact_tags").fetchone() == (0,)


def test_nothing_recorded_since_the_mark_merges_nothing(ws):
    toggle(ws, 1, LOW)
    mark = ws.undo_stack.mark()
    assert not ws.undo_stack.merge_since(mark, "打标签")
    assert ws.undo_stack.history() == (["给 花花 加标签 低"], [])


def test_steps_undone_during_the_session_stay_redoable_after_the_merge(ws):
    mark = ws.undo_stack.mark()
    toggle(ws, 1, LOW)
    toggle(ws, 1, WHITEN)
    third = toggle(ws, 2, HIGH)
    all_three = dump(ws.conn)
    ws.undo()
    assert ws.undo_stack.merge_since(mark, "打标签")
    assert ws.undo_stack.history() == (["打标签"], [third])
    ws.redo()
    assert dump(ws.conn) == all_three
    ws.undo()
    ws.undo()
    assert ws.conn.execute("SELECT count(*) FROM contact_tags").fetchone() == (0,)


def test_a_session_wholly_undone_or_followed_by_a_redone_older_step_merges_nothing(ws):
    older = toggle(ws, 2, HIGH)
    mark = ws.undo_stack.mark()
    session = toggle(ws, 1, LOW)
    ws.undo()
    ws.undo()
    ws.redo()  # the older step is back on the undo stack; it was recorded before the mark
    assert not ws.undo_stack.merge_since(mark, "打标签")
    assert ws.undo_stack.history() == ([older], [session])


def test_the_merge_spares_a_redo_stack_cleared_by_the_session(ws):
    toggle(ws, 2, HIGH)
    ws.undo()
    mark = ws.undo_stack.mark()
    toggle(ws, 1, LOW)  # a new step: the undone one can no longer be redone
    assert ws.undo_stack.merge_since(mark, "打标签")
    assert ws.undo_stack.history() == (["打标签"], [])


def test_the_cap_spares_an_open_session_and_applies_again_after_the_merge(ws):
    ws.undo_stack = UndoStack(limit=3)
    for _ in range(4):
        toggle(ws, 2, HIGH)  # older steps: the cap keeps the newest three
    assert len(ws.undo_stack.history()[0]) == 3
    before = dump(ws.conn)
    mark = ws.undo_stack.mark()
    for _ in range(3):
        toggle(ws, 1, LOW)
        toggle(ws, 1, WHITEN)
    # The session is never trimmed, and counts as the one step it becomes.
    assert len(ws.undo_stack.history()[0]) == 2 + 6
    assert ws.undo_stack.merge_since(mark, "打标签")
    assert len(ws.undo_stack.history()[0]) == 3 and ws.undo_stack.undo_label == "打标签"
    ws.undo()
    assert dump(ws.conn) == before


def test_steps_trimmed_before_the_mark_was_taken_are_simply_gone(ws):
    ws.undo_stack = UndoStack(limit=2)
    mark = ws.undo_stack.mark()
    assert not ws.undo_stack.merge_since(mark, "打标签")  # closes the mark at once
    for tag_id in (LOW, WHITEN, HIGH):
        toggle(ws, 1, tag_id)
    assert ws.undo_stack.merge_since(mark, "打标签")  # merges what the cap kept
    ws.undo()
    assert ws.conn.execute("SELECT tag_id FROM contact_tags").fetchall() == [(LOW,)]


def test_a_failing_part_rolls_the_whole_merged_undo_back(ws):
    def fails(_conn):
        raise RuntimeError("disk full")
    mark = ws.undo_stack.mark()
    ws.execute(lambda c: OpResult(Changes(), label="坏步骤", undo=fails))
    toggle(ws, 1, LOW)
    ws.undo_stack.merge_since(mark, "打标签")
    tagged = dump(ws.conn)
    with pytest.raises(RuntimeError):
        ws.undo()  # the toggle's revert ran first, then the older part failed
    assert dump(ws.conn) == tagged
    assert ws.undo_stack.history() == (["打标签"], [])
