"""App lock and encryption as the operator meets them: the PIN at start and after idle time,
the data hidden while locked, the passphrase on a new computer, the switch in 设置 → 安全."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop import app_lock, encryption
from desktop.workspace import open_workspace
from tests.conftest import wait_ops
from ui.app import start
from ui.lock_screen import AppLock
from ui.security_settings import PassphraseDialog, RecoveryDialog, SecuritySettings


def _set_pin(db_path, pin="2468", minutes=10):
    ws = open_workspace(db_path)
    app_lock.set_lock(ws.conn, pin=pin, idle_minutes=minutes)
    ws.close()


def test_the_pin_is_stored_only_as_a_salted_hash(workspace):
    app_lock.set_lock(workspace.conn, pin="2468", idle_minutes=10)
    stored = workspace.conn.execute("SELECT value_json FROM settings WHERE key = 'app_lock'"
                                    ).fetchone()[0]
    assert "2468" not in stored and "scrypt" in stored
    lock = app_lock.load(workspace.conn)
    assert lock.accepts("2468") and not lock.accepts("2469")
    app_lock.set_lock(workspace.conn, pin="2468", idle_minutes=10)
    assert app_lock.load(workspace.conn).pin_hash["salt"] != lock.pin_hash["salt"]


def test_a_too_short_pin_is_refused(workspace):
    with pytest.raises(app_lock.LockSettingError, match="至少"):
        app_lock.set_lock(workspace.conn, pin="12", idle_minutes=10)


def test_start_is_locked_wrong_pin_refused_right_pin_unlocks(qtbot, demo_db, message_boxes):
    _set_pin(demo_db)
    state = start(demo_db)
    qtbot.addWidget(state.window)
    try:
        lock = state.app_lock
        assert lock.locked and not state.window.centralWidget().isVisible()
        lock.screen.pin.setText("1111")
        lock.screen.try_unlock()
        assert lock.locked and lock.screen.message.text()  # says the PIN was wrong
        lock.screen.reject()  # Esc
        lock.screen.close()
        assert lock.locked and lock.screen.isVisible()
        lock.screen.pin.setText("2468")
        lock.screen.try_unlock()
        assert not lock.locked and state.window.centralWidget().isVisible()
    finally:
        wait_ops(qtbot, state)
        state.close()


def test_idle_time_locks_and_activity_postpones_it(qtbot, running):
    lock = AppLock(running.window, None)
    assert not lock.locked
    ws_lock = app_lock.LockSettings(idle_minutes=1, pin_hash=app_lock.hash_pin("2468"))
    lock.configure(ws_lock)
    lock.timer.setInterval(300)  # a minute is too long for a test
    lock.timer.start()
    qtbot.wait(150)
    qtbot.mouseMove(running.window, running.window.rect().center())  # activity restarts it
    QApplication.processEvents()
    assert lock.timer.remainingTime() > 200
    qtbot.waitUntil(lambda: lock.locked, timeout=3000)
    assert not running.window.centralWidget().isVisible()
    lock.screen.pin.setText("2468")
    lock.screen.try_unlock()
    assert not lock.locked


def test_new_computer_asks_for_the_recovery_passphrase(qtbot, demo_db, message_boxes,
                                                      memory_keyring):
    passphrase = encryption.enable(demo_db)
    memory_keyring.passwords.clear()

    def answer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RecoveryDialog)
        dialog.passphrase.setText("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG")
        dialog.try_passphrase()
        assert "恢复密码不正确" in dialog.message.text()
        dialog.passphrase.setText(passphrase)
        dialog.try_passphrase()
    QTimer.singleShot(0, answer)
    state = start(demo_db)
    assert not isinstance(state, int), message_boxes
    qtbot.addWidget(state.window)
    try:
        assert state.workspace.key is not None and memory_keyring.passwords
        assert state.window.contacts_page.model.rowCount() > 0
    finally:
        wait_ops(qtbot, state)
        state.close()


def test_without_the_passphrase_the_app_refuses_clearly(qtbot, demo_db, message_boxes,
                                                       memory_keyring):
    encryption.enable(demo_db)
    memory_keyring.passwords.clear()
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    assert start(demo_db) == 1
    assert "已加密" in message_boxes[-1][2]


def test_switch_in_settings_encrypts_shows_passphrase_once_and_keeps_working(
        qtbot, demo_db, message_boxes, memory_keyring):
    running = start(demo_db)  # not the fixture: the window is replaced, qtbot must not own it
    wait_ops(qtbot, running)
    rows = running.window.contacts_page.model.rowCount()
    dialog = SecuritySettings(running)
    assert dialog.encryption_button.isEnabled()
    dialog.encryption_button.click()
    assert message_boxes[-1][0] == "question" and "恢复口令" in message_boxes[-1][2]
    qtbot.waitUntil(lambda: running.workspace.key is not None, timeout=15_000)
    shown = running.window.findChild(PassphraseDialog)
    assert shown is not None and shown.isVisible()
    shown.reject()
    assert shown.isVisible()  # not before "我已抄下"
    shown.written_down.setChecked(True)
    shown.accept()
    assert not running.workspace.path.read_bytes().startswith(b"SQLite format 3")
    wait_ops(qtbot, running)
    assert running.window.contacts_page.model.rowCount() == rows
    reader_rows = running.reader.execute("SELECT count(*) FROM contacts").fetchone()[0]
    assert reader_rows >= rows

    asked = len(message_boxes)
    SecuritySettings(running).encryption_button.click()  # and off again, after a question
    assert message_boxes[asked][0] == "question" and "不加密" in message_boxes[asked][2]
    qtbot.waitUntil(lambda: running.workspace.key is None, timeout=15_000)
    assert running.workspace.path.read_bytes().startswith(b"SQLite format 3\x00")
    wait_ops(qtbot, running)
    assert running.window.contacts_page.model.rowCount() == rows
    running.close()


def test_app_lock_is_set_in_settings(qtbot, running):
    dialog = SecuritySettings(running)
    dialog.lock_enabled.setChecked(True)
    dialog.pin.setText("2468")
    dialog.pin_again.setText("2460")
    dialog.save_lock()
    assert dialog.lock_message.text()  # the two PINs differ
    assert running.app_lock.settings is None
    dialog.pin_again.setText("2468")
    dialog.idle_minutes.setValue(5)
    dialog.save_lock()
    qtbot.waitUntil(lambda: running.app_lock.settings is not None)
    assert running.app_lock.settings.idle_minutes == 5
    assert running.app_lock.timer.isActive()


def test_answering_no_leaves_the_database_as_it_is(qtbot, running, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    dialog = SecuritySettings(running)
    dialog.encryption_button.click()
    qtbot.wait(50)
    assert running.workspace.key is None
    assert running.workspace.path.read_bytes().startswith(b"SQLite format 3\x00")
