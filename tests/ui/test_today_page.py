"""今日 page: the briefing queue worked from the keyboard — Enter copies and logs, D done, S snooze,
N next, O open — with the progress line following along."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from db import settings
from desktop import contacts, layering, moments, timefmt
from desktop.workspace import open_workspace
from tests.conftest import wait_ops


def at(delta: timedelta) -> str:
    return timefmt.to_db(datetime.now(UTC) + delta)


@pytest.fixture
def briefing_app(qtbot, db_path, message_boxes):
    """Three contacts with overdue tasks (oldest first in the queue): 张姐 with a script that
    renders fully, 王磊 with one whose placeholder is unknown, 李四 with none."""
    from ui.app import start

    ws = open_workspace(db_path)
    c = ws.conn
    for cid, nickname, remark in ((1, "张小花", "张姐"), (2, "王磊", ""), (3, "李四", "")):
        c.execute("INSERT INTO contacts (id, nickname, remark, tier, added_at, "
                  "last_interaction_at) VALUES (?, ?, ?, 3, ?, ?)",
                  (cid, nickname, remark, at(-timedelta(days=100)), at(-timedelta(hours=30))))
    c.execute("INSERT INTO scripts (id, title, category, body) VALUES "
              "(1, '回访', '售后回访', '{称呼}，上次的茶喝着怎么样？'), "
              "(2, '坏话术', '售后回访', '{称呼}，{不存在}')")
    for title, cid, days, script in (("回访张姐", 1, 3, 1), ("回访王磊", 2, 2, 2),
                                      ("回访李四", 3, 1, None)):
        c.execute("INSERT INTO tasks (title, contact_id, due_at, suggested_script_id) "
                  "VALUES (?, ?, ?, ?)", (title, cid, at(-timedelta(days=days)), script))
    settings.put(c, layering.LAST_FULL_DAY_KEY, date.today().isoformat())
    c.commit()
    ws.close()
    state = start(db_path)
    assert not isinstance(state, int), message_boxes
    qtbot.addWidget(state.window)
    state.window.resize(1400, 900)
    state.window.navigation.setCurrentRow(0)
    wait_ops(qtbot, state)
    yield state
    wait_ops(qtbot, state)
    state.close()


def names(page) -> list[str]:
    return [page.queue.item(i).data(Qt.ItemDataRole.UserRole).name
            for i in range(page.queue.count())]


def press(qtbot, state, key) -> None:
    qtbot.keyClick(state.window.today_page.queue, key)
    wait_ops(qtbot, state)


def test_the_queue_shows_cards_oldest_overdue_first_with_progress(briefing_app):
    page = briefing_app.window.today_page
    assert names(page)[:3] == ["张姐", "王磊", "李四"]
    assert page.progress.text().startswith("今日 0 / ")
    assert page.card.title.text() == "张姐（张小花）"
    assert page.card.script.toPlainText() == "张姐，上次的茶喝着怎么样？"
    assert [page.card.buttons[k].text()[-3:] for k in ("done", "snooze", "next", "open")] == [
        "(D)", "(S)", "(N)", "(O)"]


def test_enter_copies_and_logs_the_interaction(briefing_app, qtbot):
    QGuiApplication.clipboard().clear()
    press(qtbot, briefing_app, Qt.Key.Key_Return)
    assert QGuiApplication.clipboard().text() == "张姐，上次的茶喝着怎么样？"
    logged = briefing_app.reader.execute(
        "SELECT kind, note FROM interactions WHERE contact_id = 1").fetchall()
    assert logged == [("script_sent", "话术已发送：回访")]
    assert names(briefing_app.window.today_page)[0] == "张姐"  # still to be marked done


def test_enter_with_an_unknown_placeholder_copies_nothing_and_names_it(briefing_app, qtbot):
    page = briefing_app.window.today_page
    press(qtbot, briefing_app, Qt.Key.Key_N)
    assert page.card.title.text() == "王磊"
    QGuiApplication.clipboard().setText("before")
    press(qtbot, briefing_app, Qt.Key.Key_Return)
    assert QGuiApplication.clipboard().text() == "before"
    assert "{不存在}" in page.message.text() and "{不存在}" in page.card.problems.text()


def test_d_completes_and_advances_s_snoozes_and_undo_brings_it_back(briefing_app, qtbot):
    page = briefing_app.window.today_page
    total = page.progress.text().split("/ ")[1]
    press(qtbot, briefing_app, Qt.Key.Key_D)
    assert "张姐" not in names(page) and page.card.title.text() == "王磊"
    assert page.progress.text() == f"今日 1 / {total}"
    press(qtbot, briefing_app, Qt.Key.Key_S)
    assert "王磊" not in names(page) and page.card.title.text() == "李四"
    assert page.progress.text() == f"今日 2 / {total}"
    assert briefing_app.reader.execute("SELECT status FROM tasks WHERE title = '回访王磊'"
                                       ).fetchone() == ("snoozed",)
    briefing_app.window.undo_action.trigger()
    wait_ops(qtbot, briefing_app)
    assert "王磊" in names(page) and page.progress.text() == f"今日 1 / {total}"


def test_n_moves_on_and_o_opens_the_contact(briefing_app, qtbot):
    window = briefing_app.window
    page = window.today_page
    press(qtbot, briefing_app, Qt.Key.Key_N)
    press(qtbot, briefing_app, Qt.Key.Key_N)
    assert page.card.title.text() == "李四" and names(page)[:3] == ["张姐", "王磊", "李四"]
    assert "Ctrl+K" in page.card.script_caption.text()
    with qtbot.waitSignal(page.open_contact) as opened:
        press(qtbot, briefing_app, Qt.Key.Key_O)
    assert opened.args == [3]
    assert window.pages.currentWidget() is window.contacts_page


def test_the_quiet_count_opens_the_contacts_page_filtered(briefing_app, qtbot):
    window = briefing_app.window
    page = window.today_page
    assert page.quiet_note.text() == "另有 0 位客户 30 天未联系"
    assert not page.quiet_button.isVisibleTo(page)
    page.quiet_requested.emit(30)
    wait_ops(qtbot, briefing_app)
    assert window.pages.currentWidget() is window.contacts_page
    assert window.contacts_page.model.ids() == []


def test_daily_limit_is_set_from_the_settings_menu_and_hides_the_rest(briefing_app, qtbot,
                                                                       monkeypatch):
    from PySide6.QtWidgets import QInputDialog
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (1, True)))
    window = briefing_app.window
    page = window.today_page
    window.briefing_limit_action.trigger()
    wait_ops(qtbot, briefing_app)
    assert names(page) == ["张姐"] and page.progress.text() == "今日 0 / 1"
    assert page.overflow_note.text().startswith("另有 ")
    assert page.overflow_note.text().endswith("项超出每日上限 1，已移到明天")
    page.postpone_button.click()
    wait_ops(qtbot, briefing_app)
    assert briefing_app.reader.execute("SELECT status FROM tasks WHERE title = '回访李四'"
                                       ).fetchone() == ("snoozed",)
    assert page.overflow_note.text() == "" and not page.postpone_button.isVisibleTo(page)
    window.undo_action.trigger()
    wait_ops(qtbot, briefing_app)
    assert page.overflow_note.text().endswith("已移到明天")


def test_a_post_card_copies_its_text_marks_it_posted_and_opens_moments(briefing_app, qtbot):
    window = briefing_app.window
    page = window.today_page
    briefing_app.runner.run(window, lambda conn: moments.save_post(conn, values={
        "planned_at": timefmt.local_text(at(timedelta())), "body": "早安！今日上新",  # today
        "status": "draft"}))
    wait_ops(qtbot, briefing_app)
    row = next(i for i in range(page.queue.count())
               if page.queue.item(i).data(Qt.ItemDataRole.UserRole).post_id is not None)
    page.queue.setCurrentRow(row)
    assert page.card.buttons["done"].text().endswith("(D)")
    assert not page.card.buttons["snooze"].isEnabled()
    press(qtbot, briefing_app, Qt.Key.Key_Return)
    assert QGuiApplication.clipboard().text() == "早安！今日上新"
    with qtbot.waitSignal(page.open_moments):
        press(qtbot, briefing_app, Qt.Key.Key_O)
    assert window.pages.currentWidget() is window.moments_page
    window.navigation.setCurrentRow(0)
    wait_ops(qtbot, briefing_app)
    page.queue.setCurrentRow(row)
    press(qtbot, briefing_app, Qt.Key.Key_D)
    assert briefing_app.reader.execute("SELECT status FROM moments_posts").fetchone() == (
        "posted",)
    assert page.progress.text().startswith("今日 1 / ")


def test_contacts_at_the_weekly_limit_are_skipped_until_shown_anyway(briefing_app, qtbot):
    window = briefing_app.window
    page = window.today_page
    # before today (local): scripts sent today do not take a card out of today's queue
    start_of_today = timefmt.from_db(timefmt.local_day_bounds(date.today())[0])
    for hours in (2, 26):
        briefing_app.runner.run(window, lambda conn, h=hours: contacts.add_interaction(
            conn, contact_id=3, kind="script_sent",
            occurred_at=timefmt.local_text(timefmt.to_db(start_of_today - timedelta(hours=h)))))
    wait_ops(qtbot, briefing_app)
    assert "李四" not in names(page)
    assert page.skipped_note.text() == "已跳过 1 位本周已联系满 2 次的客户"
    page.show_all.click()
    wait_ops(qtbot, briefing_app)
    assert "李四" in names(page)
    page.queue.setCurrentRow(names(page).index("李四"))
    assert page.card.pressure.text() == "这位客户本周已联系 2 次，再发会超过每周上限 2 次"
