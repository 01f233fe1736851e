"""Ctrl+K over a contact: type the shortcut keyword, Enter → the rendered text is on the
clipboard, "话术已发送" is logged and the usage count grows; a placeholder left blocks the copy."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from db import contacts as contacts_db
from desktop import pressure, reads, script_settings, scripts
from desktop.placeholders import ShopSettings, address_of
from tests.conftest import wait_ops
from ui.script_picker import ScriptPicker


def prepare(running, qtbot, body: str, shortcut: str) -> tuple[int, int]:
    """A script and the shop settings, and the first contact selected on the 客户 page."""
    made = []
    running.runner.run(None, lambda c: script_settings.save(
        c, values=ShopSettings(advisor="小雅", store="花间茶舍", coupon="满99减20券")))
    running.runner.run(None, lambda c: scripts.create_script(
        c, values={"title": "测试话术", "category": "破冰", "body": body, "shortcut": shortcut}),
        on_done=lambda r: made.append(r.value))
    wait_ops(qtbot, running)
    running.window.navigation.setCurrentRow(1)
    page = running.window.contacts_page
    page.view.selectRow(0)
    running.window.activateWindow()
    page.view.setFocus()
    qtbot.waitUntil(page.view.hasFocus)
    return made[0], page.detail.contact_id


def open_picker(running, qtbot) -> ScriptPicker:
    page = running.window.contacts_page
    qtbot.keyClick(page.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    picker = page.findChild(ScriptPicker)
    assert picker is not None and picker.isVisible()
    return picker


def test_ctrl_k_shortcut_enter_copies_the_rendered_text_and_logs_it(running, qtbot):
    script_id, contact_id = prepare(running, qtbot, "{称呼}您好，我是{门店}的{顾问}", "zzt")
    QGuiApplication.clipboard().clear()
    picker = open_picker(running, qtbot)
    qtbot.keyClicks(picker.search, "zzt")
    assert picker.current_script().id == script_id
    record = contacts_db.get(running.reader, contact_id)
    expected = f"{address_of(record)}您好，我是花间茶舍的小雅"
    assert picker.editor.toPlainText() == expected
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    wait_ops(qtbot, running)
    assert QGuiApplication.clipboard().text() == expected
    qtbot.waitUntil(lambda: running.window.contacts_page.findChild(ScriptPicker) is None)
    assert scripts.get_script(running.reader, script_id).usage_count == 1
    note = running.reader.execute(
        "SELECT note FROM interactions WHERE contact_id = ? AND script_id = ?",
        (contact_id, script_id)).fetchone()
    assert note == ("话术已发送：测试话术",)


def test_an_unknown_placeholder_refuses_to_copy_until_fixed(running, qtbot):
    script_id, _contact_id = prepare(running, qtbot, "您的会员号是{会员号}，请查收", "hyh")
    QGuiApplication.clipboard().setText("之前的内容")
    picker = open_picker(running, qtbot)
    qtbot.keyClicks(picker.search, "hyh")
    assert [p.name for p in picker.rendered.problems] == ["会员号"]
    assert not picker.copy_button.isEnabled()
    assert "会员号" in picker.problems.text()
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    wait_ops(qtbot, running)
    assert picker.isVisible()
    assert QGuiApplication.clipboard().text() == "之前的内容"
    assert scripts.get_script(running.reader, script_id).usage_count == 0
    picker.editor.setPlainText("您的会员号是 A1024，请查收")  # the operator fixes it inline
    assert picker.copy_button.isEnabled()
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    wait_ops(qtbot, running)
    assert QGuiApplication.clipboard().text() == "您的会员号是 A1024，请查收"
    assert scripts.get_script(running.reader, script_id).usage_count == 1


def test_ctrl_k_from_a_task_offers_its_script_first(running, qtbot, monkeypatch):
    page = running.window.tasks_page
    task = running.reader.execute(
        "SELECT id FROM tasks WHERE contact_id IS NOT NULL AND suggested_script_id IS NOT NULL "
        "LIMIT 1").fetchone()
    row = reads.task(running.reader, task[0])
    monkeypatch.setattr(page, "current_task", lambda: row)
    page.use_script()
    picker = page.findChild(ScriptPicker)
    assert picker.contact.id == row.contact_id
    assert picker.current_script().id == row.suggested_script_id
    picker.reject()


def test_a_contact_at_the_weekly_limit_shows_a_warning_but_can_still_be_sent(running, qtbot):
    script_id, contact_id = prepare(running, qtbot, "{称呼}您好", "yly")
    running.runner.run(None, lambda c: pressure.save_limit(c, limit=pressure.MAX_WEEKLY_LIMIT))
    wait_ops(qtbot, running)
    picker = open_picker(running, qtbot)
    assert picker.pressure.isHidden()
    picker.reject()
    running.runner.run(None, lambda c: pressure.save_limit(c, limit=1))
    running.runner.run(None, lambda c: scripts.use_script(c, script_id=script_id,
                                                          contact_id=contact_id, text="您好"))
    wait_ops(qtbot, running)
    page = running.window.contacts_page
    qtbot.waitUntil(lambda: page.findChild(ScriptPicker) is None)
    running.window.activateWindow()
    page.view.setFocus()
    qtbot.waitUntil(page.view.hasFocus)
    picker = open_picker(running, qtbot)
    assert picker.pressure.isVisible()
    assert "每周上限 1 次" in picker.pressure.text()
    qtbot.keyClicks(picker.search, "yly")
    assert picker.copy_button.isEnabled()  # the operator overrides: sending still works
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    wait_ops(qtbot, running)
    assert scripts.get_script(running.reader, script_id).usage_count == 2


def test_the_highlight_covers_the_placeholder_after_an_emoji(qtbot):
    from PySide6.QtWidgets import QTextEdit

    from desktop.placeholders import render
    from ui.script_picker import highlight_problems

    rendered = render("🎁 专属{礼物}", None, ShopSettings())
    editor = QTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText(rendered.text)
    highlight_problems(editor, rendered)
    [mark] = editor.extraSelections()
    assert mark.cursor.selectedText() == "{礼物}"
