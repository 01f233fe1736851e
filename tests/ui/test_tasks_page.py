"""The 任务 page driven as an operator would: tabs with counts, done (a weekly task makes the
next), snooze, reschedule, cancel, new, edit, open the contact, and the calendar export."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from db import tasks as tasks_db
from desktop import tasks, timefmt
from tests.conftest import wait_ops
from ui.task_dialogs import TaskEditDialog, WhenDialog, to_qt
from ui.tasks_page import TABS, TasksPage


def tasks_page(qtbot, running) -> TasksPage:
    wait_ops(qtbot, running)  # the automation rules' first run at start
    running.window.navigation.setCurrentRow(2)
    return running.window.tasks_page


def select(page: TasksPage, kind: str, task_id: int) -> None:
    page.tabs.setCurrentIndex(TABS.index(kind))
    row = page.models[kind].row_of(task_id)
    assert row >= 0, f"task {task_id} is not in {kind}"
    page.views[kind].selectRow(row)


def shown_ids(page: TasksPage, kind: str) -> list[int]:
    return [t.id for t in page.models[kind].rows]


def stored(running, task_id: int) -> dict:
    return tasks_db.fields(running.reader, task_id)


def test_tabs_show_their_counts_and_the_columns_speak_chinese(running, qtbot):
    page = tasks_page(qtbot, running)
    expected = tasks.load_task_page(running.reader)
    assert [page.tabs.tabText(i) for i in range(4)] == [
        f"今日 ({expected.today.total})", f"逾期 ({expected.overdue.total})",
        f"即将 ({expected.upcoming.total})", f"已完成 ({expected.done.total})"]
    assert expected.today.total >= 2 and expected.done.total > 0
    model = page.models["upcoming"]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)] == [
        "任务", "客户", "截止时间", "提醒", "优先级", "重复", "来源", "建议话术"]
    weekly = next(t for t in model.rows if t.recurrence == "weekly")
    row = model.row_of(weekly.id)
    assert model.index(row, 5).data() == "每周"
    assert model.index(row, 6).data() == "手动"
    sop = next(t for kind in TABS for t in page.models[kind].rows if t.source == "sop")
    sop_model = next(page.models[k] for k in TABS if sop in page.models[k].rows)
    assert sop_model.index(sop_model.row_of(sop.id), 6).data() == "自动规则"
    assert page.models["done"].headerData(3, Qt.Orientation.Horizontal) == "完成时间"


def test_done_by_key_on_a_weekly_task_makes_the_next_one(running, qtbot):
    page = tasks_page(qtbot, running)
    weekly = next(t for t in page.models["upcoming"].rows if t.recurrence == "weekly")
    before = set(shown_ids(page, "upcoming"))  # the demo may hold another task of that title
    select(page, "upcoming", weekly.id)
    view = page.views["upcoming"]
    running.window.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_D)
    wait_ops(qtbot, running)
    assert stored(running, weekly.id)["status"] == "done"
    assert weekly.id in shown_ids(page, "done")
    [following] = [t for t in page.models["upcoming"].rows
                   if t.title == weekly.title and t.id not in before]
    assert timefmt.from_db(following.due_at) == timefmt.from_db(weekly.due_at) + timedelta(days=7)
    assert running.window.undo_action.text() == f"撤销：完成任务“{weekly.title}”"
    running.window.undo_action.trigger()
    wait_ops(qtbot, running)
    assert stored(running, weekly.id)["status"] == "open"
    assert tasks_db.fields(running.reader, following.id) is None


def test_snooze_an_hour_moves_an_overdue_task_out_of_overdue(running, qtbot):
    page = tasks_page(qtbot, running)
    task = page.models["overdue"].rows[0]
    select(page, "overdue", task.id)
    before = datetime.now(UTC)
    page.snooze_actions["1h"].trigger()
    wait_ops(qtbot, running)
    after = stored(running, task.id)
    assert after["status"] == "snoozed"
    remind = timefmt.from_db(after["remind_at"])
    assert before + timedelta(minutes=59) <= remind <= datetime.now(UTC) + timedelta(hours=1)
    assert after["due_at"] == after["remind_at"]  # it was due earlier, so the due time moved
    assert task.id not in shown_ids(page, "overdue")
    kind = next(k for k in ("today", "upcoming") if task.id in shown_ids(page, k))
    model = page.models[kind]
    assert model.index(model.row_of(task.id), 0).data() == f"{task.title}（已推迟）"


def test_snooze_to_a_picked_time_and_reschedule(running, qtbot, monkeypatch):
    page = tasks_page(qtbot, running)
    task = page.models["today"].rows[0]
    select(page, "today", task.id)
    picked = (datetime.now() + timedelta(days=3)).replace(hour=15, minute=30, second=0,
                                                          microsecond=0)

    def answer(dialog):
        dialog.when.setDateTime(to_qt(picked.astimezone()))
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(WhenDialog, "exec", answer)
    page.snooze_actions["pick"].trigger()
    wait_ops(qtbot, running)
    assert stored(running, task.id)["remind_at"] == timefmt.to_db(picked)
    assert task.id in shown_ids(page, "upcoming")

    picked = picked + timedelta(days=1)
    select(page, "upcoming", task.id)
    page.reschedule_action.trigger()
    wait_ops(qtbot, running)
    after = stored(running, task.id)
    assert (after["due_at"], after["status"]) == (timefmt.to_db(picked), "open")


def test_cancel_takes_a_task_off_the_lists_and_undo_brings_it_back(running, qtbot):
    page = tasks_page(qtbot, running)
    task = page.models["today"].rows[0]
    select(page, "today", task.id)
    today_before = page.models["today"].rowCount()
    page.cancel_action.trigger()
    wait_ops(qtbot, running)
    assert stored(running, task.id)["status"] == "cancelled"
    assert all(task.id not in shown_ids(page, kind) for kind in TABS)
    assert page.tabs.tabText(0) == f"今日 ({tasks.load_task_page(running.reader).today.total})"
    assert page.current_task() is not None  # the next one is selected, ready for a key
    running.window.undo_action.trigger()
    wait_ops(qtbot, running)
    assert page.models["today"].rowCount() == today_before


def test_new_task_for_a_contact_is_created_and_selected(running, qtbot, monkeypatch):
    page = tasks_page(qtbot, running)
    contact = running.reader.execute(
        "SELECT id, nickname FROM contacts WHERE remark = '' AND deleted_at IS NULL "
        "ORDER BY id LIMIT 1").fetchone()
    due = (datetime.now() + timedelta(days=2)).replace(hour=10, minute=0, second=0,
                                                       microsecond=0)

    def fill(dialog: TaskEditDialog):
        assert dialog.windowTitle() == "新建任务"
        dialog.title.setText("给客户回电话")
        dialog.contact.search.setText(contact[1])
        dialog.contact.find()
        dialog.due.setDateTime(to_qt(due.astimezone()))
        dialog.remind.setCurrentIndex(dialog.remind.findData(15))
        dialog.priority.setCurrentIndex(dialog.priority.findData(1))
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(TaskEditDialog, "exec", fill)
    page.new_action.trigger()
    wait_ops(qtbot, running)
    task = page.current_task()
    assert page.current_kind() == "upcoming"
    assert (task.title, task.contact_id, task.priority, task.source) == (
        "给客户回电话", contact[0], 1, "manual")
    assert (task.due_at, task.remind_at) == (timefmt.to_db(due),
                                             timefmt.to_db(due - timedelta(minutes=15)))
    assert running.window.undo_action.text() == "撤销：新建任务“给客户回电话”"


def test_edit_by_double_click_changes_only_what_was_edited(running, qtbot, monkeypatch):
    page = tasks_page(qtbot, running)
    task = page.models["overdue"].rows[0]
    select(page, "overdue", task.id)
    before = stored(running, task.id)

    def fill(dialog: TaskEditDialog):
        assert dialog.windowTitle() == "编辑任务"
        dialog.title.setText(task.title + "（加急）")
        dialog.recurrence.setCurrentIndex(dialog.recurrence.findData("every"))
        dialog.every_days.setValue(3)
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(TaskEditDialog, "exec", fill)
    view = page.views["overdue"]
    view.doubleClicked.emit(view.currentIndex())
    wait_ops(qtbot, running)
    after = stored(running, task.id)
    assert after == {**before, "title": task.title + "（加急）", "recurrence": "every:3"}
    model = page.models["overdue"]
    assert model.index(model.row_of(task.id), 5).data() == "每 3 天"


def test_open_contact_goes_to_the_contact(running, qtbot):
    page = tasks_page(qtbot, running)
    task = next(t for t in page.models["today"].rows if t.contact_id is not None)
    select(page, "today", task.id)
    assert page.open_contact_action.isEnabled()
    page.open_contact_action.trigger()
    window = running.window
    assert window.pages.currentWidget() is window.contacts_page
    assert window.contacts_page.detail.contact_id == task.contact_id


def test_calendar_export_saves_an_ics_file_and_says_what_to_do(running, qtbot, monkeypatch,
                                                              tmp_path, message_boxes):
    offered = []

    def answer(parent, caption, default, filters):
        offered.append((default, filters))
        return str(tmp_path / "我的任务"), ""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    running.window.export_tasks_action.trigger()
    wait_ops(qtbot, running)
    assert offered[0][0].endswith("私域任务.ics") and "*.ics" in offered[0][1]
    path = tmp_path / "我的任务.ics"
    events = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    kind, title, text = message_boxes[-1]
    assert (kind, title) == ("information", "导出任务到日历")
    assert f"导出了 {len(events)} 个任务" in text and "用手机日历导入这个文件即可收到提醒" in text
    assert len(events) > 0
