"""The tagging session driven by key presses, as an operator would: toggle, tier, move, resume,
undo step by step, and end with the whole session as one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from db import contacts as contacts_db
from db import tags as tags_db
from desktop import reads
from desktop import tagging_session as ts
from tests.conftest import dump, wait_ops
from tests.desktop.test_tagging_session import FakeClock
from ui.tagging_session import TaggingSessionDialog, TagGroupPicker, open_tagging_session


@pytest.fixture
def groups(running):
    """需求类型 (7 tags) and 消费能力 (低/中/高, single choice): keys 1–7 and 8 = 低."""
    by_name = {g.name: g for g in reads.groups_with_tags(running.reader)}
    return by_name["需求类型"], by_name["消费能力"]


@pytest.fixture
def contact_ids(running):
    return list(reads.contact_ids(running.reader)[:5])


def start(running, qtbot, contact_ids, groups, clock=None) -> TaggingSessionDialog:
    dialog = open_tagging_session(
        running.window, running.runner, running.reader, name="高价值客户",
        contact_ids=contact_ids, group_ids=[g.id for g in groups],
        **({"clock": clock} if clock else {}))
    wait_ops(qtbot, running)
    assert dialog.isVisible() and dialog.isFullScreen()
    return dialog


@pytest.fixture
def dialog(running, qtbot, contact_ids, groups) -> TaggingSessionDialog:
    """A new session over the first five contacts of the list."""
    return start(running, qtbot, contact_ids, groups)


def tags_of(running, contact_id: int) -> set[int]:
    return tags_db.tag_ids_of(running.reader, contact_id)


def press(qtbot, running, dialog, *keys, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    for key in keys:
        qtbot.keyClick(dialog, key, modifier)
        wait_ops(qtbot, running)


def progress(dialog) -> str:
    return dialog.findChild(QLabel, "progress_label").text()


def test_number_keys_toggle_tags_on_and_off(running, qtbot, dialog, contact_ids, groups):
    first = contact_ids[0]
    whitening = groups[0].tags[0]
    had = whitening.id in tags_of(running, first)
    chip = dialog.findChild(QLabel, f"tag_chip_{whitening.id}")
    assert chip.text() == f"1  {whitening.name}" and chip.property("on") == had

    press(qtbot, running, dialog, Qt.Key.Key_1)
    assert (whitening.id in tags_of(running, first)) != had
    assert chip.property("on") != had
    press(qtbot, running, dialog, Qt.Key.Key_1)
    assert (whitening.id in tags_of(running, first)) == had

    low, middle, high = groups[1].tags
    press(qtbot, running, dialog, Qt.Key.Key_8)  # 低, the 8th tag of the chosen groups
    assert low.id in tags_of(running, first)
    press(qtbot, running, dialog, Qt.Key.Key_9)
    held = tags_of(running, first)
    assert middle.id in held and low.id not in held  # single choice: 中 replaced 低
    press(qtbot, running, dialog, Qt.Key.Key_0)  # the next page: 高 on key 1
    assert dialog.findChild(QLabel, f"tag_chip_{high.id}").text() == f"1  {high.name}"
    assert dialog.findChild(QLabel, f"tag_chip_{middle.id}") is None
    press(qtbot, running, dialog, Qt.Key.Key_1)
    assert high.id in tags_of(running, first)
    assert dialog.session.changed == {first}


def test_l_then_a_digit_sets_and_pins_the_tier(running, qtbot, dialog, contact_ids):
    first = contact_ids[0]
    tags_before = tags_of(running, first)
    press(qtbot, running, dialog, Qt.Key.Key_L, Qt.Key.Key_3)
    record = contacts_db.get(running.reader, first)
    assert (record.tier, record.tier_pinned) == (3, 1)
    assert tags_of(running, first) == tags_before  # 3 chose a tier, no tag
    assert dialog.findChild(QLabel, "tier_badge").text().startswith("L3")
    press(qtbot, running, dialog, Qt.Key.Key_L, Qt.Key.Key_S)  # another key leaves L: skip
    assert progress(dialog) == "2 / 5"


def test_moving_shows_progress_counts_and_time_left(running, qtbot, contact_ids, groups):
    clock = FakeClock()
    dialog = start(running, qtbot, contact_ids, groups, clock=clock)
    name = dialog.findChild(QLabel, "card_name")
    names = {i: contacts_db.get(running.reader, i) for i in contact_ids}
    assert progress(dialog) == "1 / 5"
    assert name.text() == (names[contact_ids[0]].remark or names[contact_ids[0]].nickname)
    for key, seconds, shown in ((Qt.Key.Key_Return, 60, "2 / 5"), (Qt.Key.Key_S, 180, "3 / 5"),
                                (Qt.Key.Key_Left, 5, "2 / 5"), (Qt.Key.Key_Right, 120, "3 / 5"),
                                (Qt.Key.Key_S, 30, "4 / 5")):
        clock.advance(seconds)
        press(qtbot, running, dialog, key)
        assert progress(dialog) == shown
    assert dialog.session.current == contact_ids[3]
    assert (dialog.session.done, dialog.session.skipped_only) == (
        {contact_ids[0], contact_ids[1]}, {contact_ids[2]})  # skipped, then done after all
    # the median of 60, 180, 120 and 30 seconds, for the 2 contacts left: 3 minutes
    assert "3" in dialog.findChild(QLabel, "time_left_label").text()
    assert ts.load_session(running.reader).current == contact_ids[3]  # saved at each move


def test_closing_and_reopening_resumes_at_the_same_contact(running, qtbot, dialog, contact_ids,
                                                           message_boxes):
    press(qtbot, running, dialog, Qt.Key.Key_Return, Qt.Key.Key_Return, Qt.Key.Key_1)
    dialog.close()
    wait_ops(qtbot, running)
    assert not dialog.isVisible()

    again = open_tagging_session(running.window, running.runner, running.reader,
                                 name="另一个分组", contact_ids=contact_ids[3:])
    wait_ops(qtbot, running)
    assert message_boxes[-1][0] == "question"  # resume? — answered Yes
    assert again is not dialog and again.isVisible()
    assert progress(again) == "3 / 5" and again.session.current == contact_ids[2]
    assert again.session.name == "高价值客户"
    assert again.session.changed == {contact_ids[2]}
    assert again.session.journal == ()  # the last run's change is one merged undo step now


def test_ctrl_z_undoes_the_sessions_changes_step_by_step(running, qtbot, dialog, contact_ids,
                                                          groups):
    first = contact_ids[0]
    before = tags_of(running, first)
    press(qtbot, running, dialog, Qt.Key.Key_1, Qt.Key.Key_2)
    after_two = tags_of(running, first)
    assert after_two != before
    ctrl = Qt.KeyboardModifier.ControlModifier
    press(qtbot, running, dialog, Qt.Key.Key_Z, modifier=ctrl)
    assert tags_of(running, first) == before ^ {groups[0].tags[0].id}
    assert dialog.session.journal == (first,)
    press(qtbot, running, dialog, Qt.Key.Key_Z, modifier=ctrl)
    assert tags_of(running, first) == before
    assert not dialog.session.changed
    undo_label = running.workspace.undo_stack.undo_label
    press(qtbot, running, dialog, Qt.Key.Key_Z, modifier=ctrl)  # nothing of the session left
    assert running.workspace.undo_stack.undo_label == undo_label


def test_ending_merges_the_session_into_one_undo_step(running, qtbot, message_boxes):
    wait_ops(qtbot, running)  # the start's chores (recompute, rules) are not part of the session
    before = dump(running.reader)
    dialog = open_tagging_session(running.window, running.runner, running.reader,
                                  name="全部客户", contact_ids=reads.contact_ids(running.reader),
                                  group_ids=[1, 2, 3])
    press(qtbot, running, dialog, Qt.Key.Key_1, Qt.Key.Key_Return, Qt.Key.Key_2,
          Qt.Key.Key_L, Qt.Key.Key_5, Qt.Key.Key_Return, Qt.Key.Key_Escape)
    assert dialog.pages.currentIndex() == 1  # the summary
    summary = dialog.findChild(QLabel, "summary_label").text()
    assert "2" in summary
    assert running.workspace.undo_stack.undo_label == "打标签：2 位客户"
    assert running.window.undo_action.text().endswith("打标签：2 位客户")
    assert dialog.undo_all_button.isEnabled()

    qtbot.mouseClick(dialog.undo_all_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot, running)
    assert not dialog.isVisible()
    assert dump(running.reader) == before  # the saved session is gone too
    assert ts.load_session(running.reader) is None


def test_done_forgets_the_session_and_keeps_the_changes(running, qtbot, dialog):
    press(qtbot, running, dialog, Qt.Key.Key_1, *[Qt.Key.Key_Return] * 5)  # past the last one
    assert dialog.pages.currentIndex() == 1 and not dialog.later_button.isVisible()
    press(qtbot, running, dialog, Qt.Key.Key_Escape)  # on the summary: Done
    assert not dialog.isVisible()
    assert ts.load_session(running.reader) is None
    assert running.workspace.undo_stack.undo_label == "打标签：1 位客户"


def test_the_groups_picked_are_numbered_and_remembered(running, qtbot, contact_ids, groups,
                                                       monkeypatch):
    all_groups = reads.groups_with_tags(running.reader)
    picker = TagGroupPicker(all_groups, None)
    qtbot.addWidget(picker)
    assert picker.chosen_ids() == [g.id for g in all_groups]  # never chosen: all of them

    def pick(self):
        for row in range(self.list.count()):
            ticked = self.list.item(row).data(Qt.ItemDataRole.UserRole) == groups[1].id
            self.list.item(row).setCheckState(Qt.CheckState.Checked if ticked
                                              else Qt.CheckState.Unchecked)
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(TagGroupPicker, "exec", pick)
    dialog = open_tagging_session(running.window, running.runner, running.reader,
                                  name="新客", contact_ids=contact_ids)
    wait_ops(qtbot, running)
    assert dialog.session.group_ids == (groups[1].id,)
    assert dialog.findChild(QLabel, f"tag_chip_{groups[1].tags[0].id}").text().startswith("1")
    assert ts.remembered_groups(running.reader) == [groups[1].id]
    assert TagGroupPicker(all_groups, [groups[1].id]).chosen_ids() == [groups[1].id]
