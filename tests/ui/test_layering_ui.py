"""Layering in the window: every contact's "why" in the detail panel, the 分层规则 form, and the
full recompute (after saving, on demand, once a day at start before the automation rules)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QDialog

from db import settings
from desktop import contacts, layering, timefmt
from desktop.layering_rules import DEFAULT_SETTINGS, load_settings
from tests.conftest import wait_ops
from tests.desktop.layering_seed import seed
from ui.contact_dialogs import OrderDialog


def days_ago(days: float) -> str:
    """The app runs on the real clock: instants are seeded relative to now."""
    return timefmt.to_db(datetime.now(UTC) - timedelta(days=days))


def history_rows(detail) -> list[tuple[str, ...]]:
    tree = detail._history
    return [tuple(tree.topLevelItem(i).text(c) for c in range(5))
            for i in range(tree.topLevelItemCount())]


def test_an_order_moves_the_tier_and_the_detail_panel_says_why(running, qtbot, monkeypatch):
    window = running.window
    running.runner.run(None, lambda c: contacts.create_contact(c, values={"nickname": "新客小美"}))
    wait_ops(qtbot, running)
    contact_id = running.reader.execute(
        "SELECT id FROM contacts WHERE nickname = '新客小美'").fetchone()[0]
    window.open_contact(contact_id)
    wait_ops(qtbot, running)
    detail = window.contacts_page.detail
    assert detail._why.text().splitlines()[0].startswith("L1：")

    def fill_order(dialog):
        dialog.ordered_at.setText(timefmt.local_text(days_ago(0.1)))
        dialog.amount.setText("6000")
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(OrderDialog, "exec", fill_order)
    detail._add_order()
    wait_ops(qtbot, running)
    tier, stage, rfm, band, cycle = detail._why.text().splitlines()
    assert tier == "L5：近365天消费 ¥6,000 ≥ ¥5,000"
    assert stage == "新客：累计下单 1 笔"
    assert rfm.startswith("RFM：R") and "→" in rfm and "均值" in rfm
    assert band.endswith("活跃")
    assert "按设置 45 天，预计 " in cycle and cycle.endswith("复购")  # one order: the rule's cycle
    moved = [row for row in history_rows(detail) if row[4] == tier]
    assert len(moved) == 1 and moved[0][2:4] == ("L1 潜在", "L5 超级用户")

    running.runner.undo(window)  # the order and its layering go together
    wait_ops(qtbot, running)
    assert detail._why.text().splitlines()[0].startswith("L1：")
    assert [row for row in history_rows(detail) if row[4] == tier] == []


def status(running) -> str:
    return running.window.statusBar().currentMessage()


def test_the_settings_form_saves_restores_defaults_and_recomputes(running, qtbot):
    window = running.window
    dialog = window.layering.open_settings()
    assert dialog.inputs["l4_avg_above_fen"].value() == 200.0  # ¥, stored in fen
    dialog.inputs["l2_min_interactions"].setValue(1)
    dialog.inputs["churn_days"].setValue(60)
    window.statusBar().clearMessage()
    dialog.save()
    wait_ops(qtbot, running)
    stored = load_settings(running.reader)
    assert (stored.l2_min_interactions, stored.churn_days) == (1, 60)
    assert not dialog.isVisible()
    assert status(running).startswith("已重新计算分层：")
    # the new threshold is what the rules now say
    reasons = [r[0] for r in running.reader.execute(
        "SELECT tier_reason FROM contacts WHERE tier = 2 AND tier_reason LIKE '%互动%'")]
    assert reasons and all(r.endswith("≥ 1") for r in reasons)

    window.statusBar().clearMessage()
    running.runner.undo(window)  # undoing the settings recomputes too
    wait_ops(qtbot, running)
    assert load_settings(running.reader) == DEFAULT_SETTINGS
    assert status(running).startswith("已重新计算分层：")
    assert running.reader.execute(
        "SELECT count(*) FROM contacts WHERE tier_reason LIKE 'L2：%≥ 1' AND "
        "tier_reason LIKE '%互动%'").fetchone()[0] == 0

    dialog = window.layering.open_settings()
    dialog.inputs["silent_days"].setValue(50)  # not above 活跃's 90 days: refused, form stays
    dialog.save()
    wait_ops(qtbot, running)
    assert dialog.isVisible() and running.reader is not None
    dialog.defaults_button.click()
    assert dialog.values() == DEFAULT_SETTINGS
    dialog.save()  # nothing changed: closes without a step
    wait_ops(qtbot, running)
    assert not dialog.isVisible()


def test_tools_recompute_reports_how_many_moved(running, qtbot):
    window = running.window
    assert window.layering.recompute_action.shortcut().toString() == "Ctrl+R"
    running.runner.run(None, lambda c: _stale(c))
    wait_ops(qtbot, running)
    window.layering.recompute_action.trigger()
    wait_ops(qtbot, running)
    assert status(running) == "已重新计算分层：1 位客户的层级或阶段有变化"


def _stale(conn):
    """One live contact's stored tier no longer what the rules give."""
    from desktop.changes import Changes, OpResult
    conn.execute("UPDATE contacts SET tier = CASE tier WHEN 5 THEN 4 ELSE tier + 1 END, "
                 "tier_pinned = 0 WHERE id = (SELECT min(id) FROM contacts "
                 "WHERE deleted_at IS NULL AND tier_pinned = 0)")
    return OpResult(Changes())


@pytest.fixture
def declining_shop(db_path):
    """A customer whose orders fell off: 4 orders 150–180 days ago, 1 in the last 90 days —
    衰退期 by the rules, but stored as 成长期 (yesterday's recompute)."""
    from desktop.workspace import open_workspace

    ws = open_workspace(db_path)
    contact_id = seed(ws.conn, added=days_ago(400), stage="growing", touches=[days_ago(2)],
                      orders=[(days_ago(d), 10_000) for d in (180, 170, 160, 150, 20)])
    settings.put(ws.conn, layering.LAST_FULL_DAY_KEY, "2020-01-01")
    ws.close()
    return contact_id


def test_the_daily_recompute_runs_at_start_before_the_rules(qtbot, db_path, declining_shop,
                                                            message_boxes):
    from ui.app import start

    state = start(db_path)
    try:
        wait_ops(qtbot, state)
        qtbot.waitUntil(lambda: state.reader.execute(
            "SELECT count(*) FROM tasks").fetchone()[0] > 0, timeout=5000)
        wait_ops(qtbot, state)
        assert not layering.daily_recompute_due(state.reader)
        assert state.reader.execute("SELECT stage FROM contacts WHERE id = ?",
                                    (declining_shop,)).fetchone() == ("declining",)
        # the win-back rule (entered 衰退期) saw the fresh stage on its first run
        assert state.reader.execute(
            "SELECT count(*) FROM tasks t JOIN sop_rules r ON r.id = t.sop_rule_id "
            "WHERE r.code = 'winback' AND t.contact_id = ?", (declining_shop,)
        ).fetchone() == (1,)
    finally:
        state.close()
    again = start(db_path)  # the same day: nothing to do
    qtbot.addWidget(again.window)
    try:
        wait_ops(qtbot, again)
        assert not again.window.statusBar().currentMessage().startswith("已重新计算分层")
    finally:
        again.close()
