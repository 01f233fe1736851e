"""The window as the operator sees it: Chinese by default, Today page, status bar, one instance."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QSettings

from desktop import contacts, moments, timefmt
from desktop.workspace import WorkspaceError, open_workspace
from tests.conftest import wait_ops
from ui.app import start, ui_settings
from ui.today_page import CardRole


def test_window_is_chinese_with_navigation_and_status_bar(running):
    window = running.window
    assert [window.navigation.item(i).text() for i in range(window.navigation.count())] == [
        "今日", "客户", "任务", "话术", "朋友圈", "数据"]
    assert window.windowTitle().startswith("私域工作台")
    assert str(running.workspace.path) in window.path_label.text()
    assert window.count_label.text() == "共 200 位客户"


def test_english_is_available_by_setting(qtbot, demo_db, message_boxes):
    state = start(demo_db, language="en")
    qtbot.addWidget(state.window)
    try:
        assert state.window.navigation.item(1).text() == "Contacts"
        assert state.window.count_label.text() == "200 contacts"
    finally:
        state.close()


def test_window_geometry_is_remembered(qtbot, demo_db, message_boxes):
    state = start(demo_db)
    state.window.resize(720, 540)
    state.window.navigation.setCurrentRow(1)
    state.window.close()
    state.close()
    again = start(demo_db)
    qtbot.addWidget(again.window)
    try:
        assert (again.window.width(), again.window.height()) == (720, 540)
        assert again.window.pages.currentWidget() is again.window.contacts_page
    finally:
        again.window.navigation.setCurrentRow(0)
        again.window.close()
        again.close()


def test_today_page_lists_real_work_and_opens_a_contact(running, qtbot):
    window = running.window
    # The demo's posts of today may all be past and posted at this hour: plan one now.
    running.runner.run(window, lambda conn: moments.save_post(conn, values={
        "planned_at": timefmt.local_text(timefmt.to_db(timefmt.system_clock())),
        "body": "今日上新", "status": "draft"}))
    window.navigation.setCurrentRow(0)
    wait_ops(qtbot, running)
    page = window.today_page
    cards = [page.queue.item(i).data(CardRole) for i in range(page.queue.count())]
    assert any(c.overdue for c in cards) and any(not c.overdue for c in cards)
    assert any(c.post_id is not None for c in cards)
    assert page.progress.text().startswith("今日 0 / ") and page.quiet_note.text()
    contact_row = next(i for i, c in enumerate(cards) if c.contact_id is not None)
    page.queue.setCurrentRow(contact_row)
    contact_id = cards[contact_row].contact_id
    page.card.buttons["open"].click()
    assert window.pages.currentWidget() is window.contacts_page
    assert window.contacts_page.detail.contact_id == contact_id
    assert window.contacts_page.selected_ids() == [contact_id]


def test_second_start_on_the_same_database_raises_the_first_window(running, qtbot,
                                                                   monkeypatch):
    raised = []
    monkeypatch.setattr(running.window, "raise_to_front", lambda: raised.append(True))
    assert start(running.workspace.path) == 0
    qtbot.waitUntil(lambda: raised == [True])


def test_second_start_while_another_program_holds_the_database(qtbot, demo_db, message_boxes):
    holder = open_workspace(demo_db)  # e.g. the command line importing into it
    try:
        assert start(demo_db) == 1
    finally:
        holder.close()
    kind, _title, text = message_boxes[-1]
    assert kind == "critical" and "已经打开" in text and str(demo_db) in text


def test_corrupt_database_shows_a_message_and_does_not_open(qtbot, demo_db, message_boxes):
    data = bytearray(demo_db.read_bytes())
    data[4096 * 3: 4096 * 8] = b"\x00\xff" * (4096 * 5 // 2)
    demo_db.write_bytes(bytes(data))
    assert start(demo_db) == 1
    kind, _title, text = message_boxes[-1]
    assert kind == "critical" and "损坏" in text


def test_settings_file_lives_in_the_user_data_folder():
    assert ui_settings().format() == QSettings.Format.IniFormat
    assert ui_settings().fileName().startswith(os.environ["XDG_DATA_HOME"])


def test_damage_found_after_the_window_opened_closes_it_and_refuses_edits(
        qtbot, demo_db, message_boxes, monkeypatch):
    # Damage that only the full page scan notices (reads of the first pages still work).
    from db import connection
    monkeypatch.setattr(connection, "quick_check", lambda conn: ["*** in index contacts_phone"])
    state = start(demo_db)
    qtbot.addWidget(state.window)
    try:
        qtbot.waitUntil(lambda: not state.window.isVisible())
        kind, _title, text = message_boxes[-1]
        assert kind == "critical" and "损坏" in text
        assert state.workspace.broken
        with pytest.raises(WorkspaceError):
            state.workspace.execute(lambda c: contacts.create_contact(c, values={"nickname": "x"}))
    finally:
        state.close()


def test_demo_flag_fills_a_fresh_database_with_progress(qtbot, db_path, message_boxes):
    state = start(db_path, demo_size=300)
    qtbot.addWidget(state.window)
    try:
        wait_ops(qtbot, state)
        assert state.window.count_label.text() == "共 300 位客户"
        state.window.navigation.setCurrentRow(0)
        wait_ops(qtbot, state)
        assert state.window.today_page.queue.count() > 0
    finally:
        state.close()


def test_demo_flag_on_a_used_database_says_so_and_keeps_the_data(qtbot, demo_db,
                                                                 message_boxes):
    state = start(demo_db, demo_size=50)
    qtbot.addWidget(state.window)
    try:
        wait_ops(qtbot, state)
        kind, _title, text = message_boxes[-1]
        assert kind == "warning" and "已经有数据" in text
        assert state.window.count_label.text() == "共 200 位客户"
    finally:
        state.close()


def test_today_is_current_when_shown_after_edits_on_another_page(running, qtbot):
    window = running.window
    window.navigation.setCurrentRow(0)
    wait_ops(qtbot, running)
    page = window.today_page

    def contact_ids():
        return [page.queue.item(i).data(CardRole).contact_id for i in range(page.queue.count())]
    contact_id = next(i for i in contact_ids() if i is not None)
    window.navigation.setCurrentRow(1)
    window.contacts_page.select_contact(contact_id)
    window.contacts_page.trash_action.trigger()
    wait_ops(qtbot, running)
    window.navigation.setCurrentRow(0)
    wait_ops(qtbot, running)
    assert contact_id not in contact_ids()


def test_contact_limit_is_set_from_the_settings_menu_and_undone(running, qtbot, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from desktop import pressure
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (4, True)))
    assert pressure.load_limit(running.reader) == pressure.DEFAULT_WEEKLY_LIMIT
    running.window.pressure_action.trigger()
    wait_ops(qtbot, running)
    assert pressure.load_limit(running.reader) == 4
    running.window.undo_action.trigger()
    wait_ops(qtbot, running)
    assert pressure.load_limit(running.reader) == pressure.DEFAULT_WEEKLY_LIMIT
