"""Backups in the window: 备份到…, 从备份恢复… (close, restore, reopen), automatic backups at
start and close, a damaged database at start, and 永久删除此人数据 from the detail panel."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from desktop import backup, paths
from tests.conftest import wait_ops
from ui.app import start
from ui.backup_actions import restore_requested


def count(app_state, table: str = "contacts") -> int:
    return app_state.reader.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def save_to(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))


def open_from(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))


def test_daily_backup_at_start_and_one_at_close(qtbot, demo_db, message_boxes):
    app_state = start(demo_db)
    wait_ops(qtbot, app_state)
    folder = paths.backups_dir(demo_db)
    assert len(backup.auto_backups(folder, "siyu")) == 1  # the daily one
    app_state.close()
    backups = backup.auto_backups(folder, "siyu")
    assert len(backups) in (1, 2)  # the close one (same second: same name)
    assert backups[0][1].stat().st_size > 0


def test_back_up_to_a_file_from_the_file_menu(running, qtbot, tmp_path, monkeypatch,
                                              message_boxes):
    target = tmp_path / "我的备份"
    save_to(monkeypatch, target)
    running.window.backup_actions.backup_action.trigger()
    wait_ops(qtbot, running)
    written = target.with_suffix(backup.ARCHIVE_SUFFIX)
    info = backup.verify_archive(written)
    assert info.counts["contacts"] == 200
    assert message_boxes[-1][0] == "information" and "客户 200 条" in message_boxes[-1][2]


def test_restore_verifies_asks_closes_restores_and_reopens(qtbot, demo_db, tmp_path,
                                                           monkeypatch, message_boxes):
    app_state = start(demo_db)
    archive = tmp_path / "before.siyubak"
    save_to(monkeypatch, archive)
    app_state.window.backup_actions.backup_action.trigger()
    wait_ops(qtbot, app_state)
    app_state.runner.call_on_db_thread(
        lambda ws: ws.conn.execute("DELETE FROM contacts WHERE id > 10"))
    wait_ops(qtbot, app_state)
    assert count(app_state) == 10

    open_from(monkeypatch, archive)
    app_state.window.backup_actions.restore_action.trigger()
    wait_ops(qtbot, app_state)
    question = [m for m in message_boxes if m[0] == "question"][-1]
    assert "客户 200 条" in question[2]
    assert app_state.window.backup_actions.restore_request == archive
    assert not app_state.window.isVisible()

    # what ui.app.run does once the event loop ends
    app_state.close()
    assert restore_requested(archive, demo_db)
    reopened = start(demo_db)
    try:
        assert count(reopened) == 200
        kept = [p for p in paths.backups_dir(demo_db).iterdir() if "before-restore" in p.name]
        assert kept, "the database before the restore is kept"
    finally:
        wait_ops(qtbot, reopened)
        reopened.close()


def test_declining_the_restore_changes_nothing(running, qtbot, tmp_path, monkeypatch):
    archive = tmp_path / "a.siyubak"
    save_to(monkeypatch, archive)
    answers = {"question": QMessageBox.StandardButton.No}
    for kind in ("information", "question", "warning"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda *a, _k=kind, **k: answers.get(_k, QMessageBox.StandardButton.Ok)))
    running.window.backup_actions.backup_action.trigger()
    wait_ops(qtbot, running)
    open_from(monkeypatch, archive)
    running.window.backup_actions.restore_action.trigger()
    wait_ops(qtbot, running)
    assert running.window.backup_actions.restore_request is None
    assert running.window.isVisible()


def test_a_foreign_file_is_refused_with_its_name(running, qtbot, tmp_path, monkeypatch,
                                                 message_boxes):
    bogus = tmp_path / "客户.xlsx"
    bogus.write_bytes(b"not a backup")
    open_from(monkeypatch, bogus)
    running.window.backup_actions.restore_action.trigger()
    wait_ops(qtbot, running)
    assert message_boxes[-1][0] == "warning" and "不是私域工作台的备份文件" in message_boxes[-1][2]
    assert running.window.backup_actions.restore_request is None


@pytest.fixture
def click_restore_button(monkeypatch):
    """The damaged-database box: press its first button (从最新备份恢复)."""
    shown = []

    def exec_(box):
        shown.append(box.text())
        box.buttons()[0].click()
        return 0
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def test_a_damaged_database_at_start_offers_the_newest_backup(qtbot, demo_db, message_boxes,
                                                              click_restore_button):
    app_state = start(demo_db)
    wait_ops(qtbot, app_state)  # the daily backup
    app_state.close()
    data = bytearray(demo_db.read_bytes())
    data[4096 * 2: 4096 * 12] = b"\x07" * (4096 * 10)
    demo_db.write_bytes(bytes(data))

    reopened = start(demo_db)
    assert not isinstance(reopened, int), message_boxes
    try:
        wait_ops(qtbot, reopened)
        assert click_restore_button and "已损坏" in click_restore_button[0]
        assert count(reopened) == 200
        assert reopened.workspace.broken is None
    finally:
        reopened.close()


def test_erase_this_person_from_the_detail_panel(running, qtbot, message_boxes):
    page = running.window.contacts_page
    running.window.navigation.setCurrentRow(1)
    page.view.selectRow(3)
    contact_id = page.detail.contact_id
    name = page.detail._detail.record.remark or page.detail._detail.record.nickname
    page.detail.findChild(QPushButton, "erase_contact").click()
    wait_ops(qtbot, running)
    asked = message_boxes[-2:]
    assert [kind for kind, *_ in asked] == ["warning", "critical"]
    assert all(name in text for _kind, _title, text in asked)
    assert running.reader.execute("SELECT count(*) FROM contacts WHERE id = ?",
                                  (contact_id,)).fetchone()[0] == 0
    assert count(running) == 199
    assert not running.window.undo_action.isEnabled()
