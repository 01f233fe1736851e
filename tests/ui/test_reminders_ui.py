"""Reminders while the app runs, with a fake clock: one summary at start for what came due
while it was closed, a tray message when the timer fires, the badge on 任务, the status bar
when there is no tray — and never a real notification."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QSystemTrayIcon

from desktop import contacts, tasks
from desktop.reminders import MAX_SLEEP, ReminderSchedule
from desktop.workspace import open_workspace
from tests.conftest import wait_ops
from tests.desktop.test_reminders import FakeClock
from ui.app import start
from ui.reminders import TaskReminders


def local(moment) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def task_id(app, title: str) -> int:
    return app.reader.execute("SELECT id FROM tasks WHERE title = ?", (title,)).fetchone()[0]


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def app(qtbot, db_path, clock, message_boxes):
    """The app on a database with two reminders missed while closed and one 10 minutes
    ahead; its own loops (on the real clock) stopped, so only the test's schedule runs."""
    workspace = open_workspace(db_path)
    for title, due_in in (("回访张姐", -timedelta(hours=2)), ("给李姐发券", -timedelta(days=1)),
                          ("提醒王姐复购", timedelta(minutes=10))):
        workspace.execute(lambda c, t=title, d=due_in: tasks.create_task(
            c, values={"title": t, "due_at": local(clock() + d)}, clock=clock))
    workspace.close()
    state = start(db_path)
    qtbot.addWidget(state.window)
    state.loops.stop()
    wait_ops(qtbot, state)
    yield state
    state.close()


@pytest.fixture
def tray_messages(monkeypatch):
    """A tray that exists but shows nothing: the messages it was asked to show."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    monkeypatch.setattr(QSystemTrayIcon, "show", lambda self: None)
    monkeypatch.setattr(QSystemTrayIcon, "showMessage",
                        lambda self, title, text, *args: shown.append((title, text)))
    return shown


def test_missed_summary_once_then_the_timer_fires_the_next_reminder(app, qtbot, clock,
                                                                    tray_messages):
    reminders = TaskReminders(app.window, app.runner, app.reader, clock=clock)
    reminders.start()
    assert tray_messages == [("关闭期间到期的提醒",
                              "程序关闭期间有 2 个任务提醒到期：给李姐发券、回访张姐。"
                              "已列在“逾期”和“今日”中。")]
    assert app.window.navigation.item(2).text() == "任务 (2)"
    assert reminders.timer.isActive() and reminders.timer.isSingleShot()
    assert reminders.timer.interval() == 10 * 60 * 1000

    clock.advance(minutes=10)
    reminders.timer.start(0)  # the ten minutes have passed
    qtbot.waitUntil(lambda: len(tray_messages) == 2)
    title, text = tray_messages[1]
    assert title == "任务提醒" and text.startswith("提醒王姐复购\n截止：")
    assert app.window.navigation.item(2).text() == "任务 (3)"
    assert reminders.timer.interval() == MAX_SLEEP // timedelta(milliseconds=1)

    clock.advance(hours=1)
    reminders.fire()
    assert len(tray_messages) == 2  # each reminder once
    reminders.stop()


def test_a_snoozed_task_moves_the_timer_and_reminds_again(app, qtbot, clock, tray_messages):
    reminders = TaskReminders(app.window, app.runner, app.reader, clock=clock)
    reminders.start()
    coupon = task_id(app, "给李姐发券")
    app.runner.run(None, lambda c: tasks.snooze_task(c, task_id=coupon, option="15m",
                                                     clock=clock))
    wait_ops(qtbot, app)
    assert reminders.timer.interval() == 10 * 60 * 1000  # 提醒王姐复购 is still first
    assert app.window.navigation.item(2).text() == "任务 (1)"
    clock.advance(minutes=15)
    reminders.fire()
    assert [title for title, _text in tray_messages[1:]] == ["2 个任务提醒"]
    assert tray_messages[-1][1] == "提醒王姐复购、给李姐发券"
    reminders.stop()


def test_without_a_tray_the_summary_goes_to_the_status_bar(app, clock, monkeypatch):
    shown = []
    monkeypatch.setattr(QSystemTrayIcon, "showMessage", lambda *args: shown.append(args))
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen, like some Linux desktops
    reminders = TaskReminders(app.window, app.runner, app.reader, clock=clock)
    reminders.start()
    assert reminders.tray is None and shown == []
    assert app.window.statusBar().currentMessage().startswith(
        "关闭期间到期的提醒：程序关闭期间有 2 个任务提醒到期")
    reminders.stop()


def test_the_app_starts_its_reminders_after_the_rules_ran(qtbot, demo_db, message_boxes):
    state = start(demo_db)
    qtbot.addWidget(state.window)
    try:
        wait_ops(qtbot, state)
        reminders = state.loops.reminders
        assert reminders.started and reminders.timer.isActive()
        assert 0 <= reminders.timer.interval() <= MAX_SLEEP // timedelta(milliseconds=1)
        due_now = ReminderSchedule().badge_count(state.reader)
        assert state.window.navigation.item(2).text() == (f"任务 ({due_now})" if due_now
                                                          else "任务")
    finally:
        state.close()
    assert not reminders.timer.isActive()  # stopped with the window


def test_badge_follows_a_completed_task(app, qtbot, clock):
    reminders = TaskReminders(app.window, app.runner, app.reader, clock=clock)
    reminders.start()
    visit = task_id(app, "回访张姐")
    app.runner.run(None, lambda c: tasks.complete_task(c, task_id=visit, clock=clock))
    wait_ops(qtbot, app)
    assert app.window.navigation.item(2).text() == "任务 (1)"
    reminders.stop()


def test_rules_run_once_a_moment_after_contact_edits(running, qtbot):
    rules = running.loops.rules
    wait_ops(qtbot, running)
    assert rules.hourly_timer.isActive() and not rules.settle_timer.isActive()
    running.runner.run(None, lambda c: contacts.create_contact(c, values={"nickname": "新朋友"}))
    wait_ops(qtbot, running)
    assert rules.settle_timer.isActive()  # not at once: edits come in bursts
    contact_id = running.reader.execute(
        "SELECT id FROM contacts WHERE nickname = '新朋友'").fetchone()[0]
    welcome = "SELECT title FROM tasks WHERE contact_id = ?"
    assert running.reader.execute(welcome, (contact_id,)).fetchall() == []
    rules.settle_timer.start(0)  # the quiet moment has passed
    qtbot.waitUntil(lambda: not rules.settle_timer.isActive())
    wait_ops(qtbot, running)
    assert running.reader.execute(welcome, (contact_id,)).fetchall() == [("发送欢迎语",)]
    assert not rules.settle_timer.isActive()  # the rules' own tasks start no new run
