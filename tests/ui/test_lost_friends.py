"""A full export imported twice through the wizard (这是完整导出), then the lost friends list:
shown most valuable first, exported, recall tasks created and undone."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QWizard

from tests.conftest import wait_ops
from tests.ui.test_import_wizard import check, open_wizard, press
from ui.lost_friends import LostFriendsDialog


def write_export(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text("客户名称,外部联系人ID,添加人\n" + "".join(f"{r},快照号\n" for r in rows),
                    encoding="utf-8")
    return path


def import_full_export(running, qtbot, monkeypatch, path) -> QWizard:
    wizard = open_wizard(running, monkeypatch, path)
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    mapping = wizard.mapping_page
    assert not mapping.account.isEnabled()
    qtbot.mouseClick(mapping.full_export, Qt.MouseButton.LeftButton)
    assert mapping.account.isEnabled()
    assert mapping.account.currentText() == "快照号"  # the only account the file names
    mapping.account.setCurrentText("")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    mapping.account.lineEdit().insert("快照号")  # keyClicks types ASCII only
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    return wizard


def finish_import(running, qtbot, wizard):
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    wait_ops(qtbot, running)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page)


def test_full_exports_then_the_lost_list(running, qtbot, monkeypatch, tmp_path):
    first = write_export(tmp_path, "1102.csv", ["阿明,wm_a", "贝贝,wm_b", "陈晨,wm_c"])
    wizard = import_full_export(running, qtbot, monkeypatch, first)
    assert "第一次完整导出" in check(qtbot, running, wizard)
    finish_import(running, qtbot, wizard)
    assert not wizard.done_page.lost_button.isVisible()
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)

    second = write_export(tmp_path, "1120.csv", ["阿明,wm_a", "丁丁,wm_d"])
    wizard = import_full_export(running, qtbot, monkeypatch, second)
    assert "将标记流失 2 位，新增好友 1 位，重新添加 0 位" in check(qtbot, running, wizard)
    finish_import(running, qtbot, wizard)
    assert "已标记流失 2 位" in wizard.done_page.summary.text()
    assert wizard.done_page.lost_button.isVisible()
    qtbot.mouseClick(wizard.done_page.lost_button, Qt.MouseButton.LeftButton)
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)

    [dialog] = [d for d in running.window.findChildren(LostFriendsDialog) if d.isVisible()]
    assert dialog.list.rowCount() == 2
    assert {dialog.list.item(r, 0).text() for r in range(2)} == {"贝贝", "陈晨"}
    assert dialog.history.rowCount() == 2
    assert [dialog.history.item(0, c).text() for c in range(3, 7)] == ["2", "1", "2", "0"]

    out = tmp_path / "流失.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "CSV (*.csv)")))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot, running)
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == 3 and {rows[1][0], rows[2][0]} == {"贝贝", "陈晨"}

    conn = running.workspace.conn
    recall = "SELECT count(*) FROM tasks WHERE title LIKE '流失回访：%'"
    dialog.list.selectAll()
    qtbot.mouseClick(dialog.recall_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot, running)
    assert conn.execute(recall).fetchone()[0] == 2
    running.window.undo_action.trigger()
    wait_ops(qtbot, running)
    assert conn.execute(recall).fetchone()[0] == 0

    dialog.list.selectRow(0)
    name = dialog.list.item(0, 0).text()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert running.window.contacts_page.detail.contact_id is not None
    detail_name = conn.execute("SELECT nickname FROM contacts WHERE id = ?", (
        running.window.contacts_page.detail.contact_id,)).fetchone()[0]
    assert detail_name == name
    detail = running.window.contacts_page.detail
    lost_line = detail.findChild(QLabel, "detail_lost")
    assert lost_line.isVisible() and "流失（已删除我们，账号“快照号”）" in lost_line.text()


def test_undoing_a_full_export_says_what_happens_to_the_lost_marks(running, qtbot, monkeypatch,
                                                                   tmp_path, message_boxes):
    from ui.import_history import ImportHistoryDialog

    path = write_export(tmp_path, "1102.csv", ["阿明,wm_a"])
    wizard = import_full_export(running, qtbot, monkeypatch, path)
    check(qtbot, running, wizard)
    finish_import(running, qtbot, wizard)
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    running.window.import_history_action.trigger()
    history = running.window.findChild(ImportHistoryDialog)
    qtbot.mouseClick(history.undo_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot, running)
    assert "这是一次完整导出" in message_boxes[-1][2]
    assert running.workspace.conn.execute(
        "SELECT count(*) FROM account_snapshots").fetchone()[0] == 0
