"""Recomputing layering: history once per change, idempotence, pinning, incremental = full,
cancel, the daily run, and what the undo stack sees."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest

from db import activity, bulk
from db.connection import connect, transaction
from desktop import contacts, layering
from desktop.progress import Cancelled, Progress
from tests.conftest import FIXED_NOW, dump
from tests.desktop.layering_seed import ago, layers, recompute, seed

NOW_TEXT = "2026-11-23 02:00:00"


def history(conn, contact_id=None):
    where = "" if contact_id is None else f"WHERE contact_id = {int(contact_id)}"
    return conn.execute("SELECT contact_id, dimension, from_value, to_value, changed_at, reason "
                        f"FROM layer_history {where} ORDER BY id").fetchall()


def test_every_change_of_tier_or_stage_is_written_once(workspace):
    conn = workspace.conn
    fan = seed(conn, touches=[ago(1)] * 12)
    buyer = seed(conn, touches=[ago(1)], orders=[(ago(2), 1000)])
    idle = seed(conn)  # added 400 days ago, nothing since: stays L1, becomes 流失
    result = recompute(conn)
    assert history(conn) == [
        (fan, "tier", "1", "4", NOW_TEXT, "L4：近30天互动 12 次 ≥ 10"),
        (buyer, "tier", "1", "2", NOW_TEXT, "L2：近30天下单 1 笔 ≥ 1"),
        (buyer, "stage", "potential", "new", NOW_TEXT, "新客：累计下单 1 笔"),
        (idle, "stage", "potential", "churned", NOW_TEXT,
         "流失：已 400 天没有互动、下单或新添加 > 30 天"),
    ]
    assert result.value == layering.RecomputeSummary(contacts=3, changed=3, tier_changes=2,
                                                     stage_changes=2, moved=3)
    assert result.label == "重新计算分层" and result.changes.tiers and result.undo is None

    before = dump(conn)
    again = recompute(conn)
    assert dump(conn) == before  # nothing changed: nothing written, not even a reason
    assert again.value.changed == 0 and not again.changes.any()

    activity.insert_order(conn, contact_id=buyer, ordered_at=ago(1), amount_fen=1000, item="",
                          category="", channel="")
    bulk.refresh_contact_activity(conn, [buyer])
    recompute(conn)
    assert history(conn)[4:] == [
        (buyer, "stage", "new", "growing", NOW_TEXT, "成长期：累计下单 2 笔")]


def test_a_full_recompute_sees_orders_not_yet_committed(workspace):
    """On its own a full recompute reads the orders on a second connection; inside another
    operation's transaction that connection would miss the operation's orders."""
    conn = workspace.conn
    buyer = seed(conn, touches=[ago(1)])
    recompute(conn)
    with transaction(conn):
        activity.insert_order(conn, contact_id=buyer, ordered_at=ago(2), amount_fen=1000,
                              item="", category="茶", channel="")
        bulk.refresh_contact_activity(conn, [buyer])
        recompute(conn)
        assert layers(conn, buyer)[:3] == (2, "L2：近30天下单 1 笔 ≥ 1", "new")
    activity.insert_order(conn, contact_id=buyer, ordered_at=ago(1), amount_fen=1000, item="",
                          category="茶", channel="")
    bulk.refresh_contact_activity(conn, [buyer])
    recompute(conn)  # committed: read aside
    assert layers(conn, buyer)[2:4] == ("growing", "成长期：累计下单 2 笔")


def test_reasons_change_without_history_when_only_the_numbers_move(workspace):
    conn = workspace.conn
    fan = seed(conn, touches=[ago(1)] * 12)
    recompute(conn)
    activity.insert_interaction(conn, contact_id=fan, kind="chat", occurred_at=ago(0), note="")
    recompute(conn)
    assert layers(conn, fan)[:2] == (4, "L4：近30天互动 13 次 ≥ 10")
    assert len(history(conn, fan)) == 1


def test_time_passing_moves_people_into_churned(workspace):
    conn = workspace.conn
    regular = seed(conn, touches=[ago(1)], orders=[(ago(d), 3000) for d in (5, 20, 40)])
    recompute(conn)
    assert layers(conn, regular)[2] == "mature"
    recompute(conn, clock=lambda: FIXED_NOW + timedelta(days=31))
    assert layers(conn, regular)[2:4] == ("churned",
                                          "流失：已 32 天没有互动、下单或新添加 > 30 天")
    assert history(conn, regular)[-1][1:4] == ("stage", "mature", "churned")


@pytest.mark.parametrize(("reason", "kept"), [("手动设置为 L4", "手动设置为 L4"),
                                              ("", "L4：手动固定")])
def test_a_pinned_tier_survives_and_says_so(workspace, reason, kept):
    conn = workspace.conn
    pinned = seed(conn, tier=4, tier_pinned=1, tier_reason=reason,
                  orders=[(ago(2), 1000)], touches=[ago(1)])
    recompute(conn)
    assert layers(conn, pinned)[:4] == (4, kept, "new", "新客：累计下单 1 笔")
    assert [row[1] for row in history(conn, pinned)] == ["stage"]
    conn.execute("UPDATE contacts SET tier_pinned = 0 WHERE id = ?", (pinned,))
    layering.recompute_contacts(conn, [pinned], clock=lambda: FIXED_NOW)
    assert layers(conn, pinned)[:2] == (2, "L2：近30天下单 1 笔 ≥ 1")
    assert history(conn, pinned)[-1][1:4] == ("tier", "4", "2")


def test_trashed_contacts_are_left_as_they_are(workspace):
    conn = workspace.conn
    trashed = seed(conn, touches=[ago(1)] * 12, deleted_at=ago(1))
    before = layers(conn, trashed)
    assert recompute(conn).value.contacts == 0
    assert layering.recompute_contacts(conn, [trashed], clock=lambda: FIXED_NOW).count == 0
    assert layers(conn, trashed) == before and history(conn) == []


def _mixed(conn) -> list[int]:
    """Contacts in every tier and stage."""
    return [
        seed(conn, touches=[ago(1)] * 12),
        seed(conn, touches=[ago(1)] * 5, orders=[(ago(3), 8000), (ago(4), 9000)]),
        seed(conn, touches=[ago(1)], orders=[(ago(d), 20_000) for d in (2, 60, 80)]),
        seed(conn, touches=[ago(2)], orders=[(ago(d), 1000) for d in (180, 170, 160, 150)]),
        seed(conn, orders=[(ago(100), 600_000)], touches=[ago(3)]),
        seed(conn, added=ago(45)),
        seed(conn, added=ago(5), touches=[ago(5)] * 3),
    ]


def test_incremental_recompute_equals_a_full_one_for_those_contacts(workspace, tmp_path):
    conn = workspace.conn
    ids = _mixed(conn)
    recompute(conn)
    changed = ids[1:4]
    for contact_id in changed:  # written directly: the operations would recompute themselves
        activity.insert_order(conn, contact_id=contact_id, ordered_at=ago(1), amount_fen=260_000,
                              item="", category="", channel="")
        activity.insert_interaction(conn, contact_id=contact_id, kind="chat",
                                    occurred_at=ago(1), note="")
    bulk.refresh_contact_activity(conn, changed)
    copy = tmp_path / "full.db"
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(workspace.path, copy)
    other = connect(copy)
    recompute(other)
    result = layering.recompute_contacts(conn, changed + [ids[0]], clock=lambda: FIXED_NOW)
    assert result.label == "更新分层" and result.count == 3 and result.undo is None
    for contact_id in ids:
        assert layers(conn, contact_id)[:4] == layers(other, contact_id)[:4]
    assert history(conn) == history(other)
    # RFM is the exception by design: the full recompute moved the quintile cut points, the
    # incremental one scored with the stored ones (test_layering_rfm checks those scores)
    assert layering.load_rfm_model(conn) != layering.load_rfm_model(other)
    other.close()


class _CancelWhileWriting(Progress):
    """Presses Cancel once evaluation is done, so the first write batch is rolled back."""

    def report(self, done: int, total: int) -> None:
        super().report(done, total)
        if total and done == total // 2:
            self.cancel()


def test_cancel_rolls_everything_back(workspace, clock, monkeypatch):
    conn = workspace.conn
    _mixed(conn)
    monkeypatch.setattr(layering, "WRITE_CHUNK", 2)
    written = []
    update = layering.layering_db.update_contacts
    monkeypatch.setattr(layering.layering_db, "update_contacts",
                        lambda *args: written.append(update(*args)))
    before = dump(conn)
    with pytest.raises(Cancelled):
        layering.recompute_all(conn, progress=_CancelWhileWriting(), clock=clock)
    assert written == [2]  # one batch was written, then rolled back with the history rows
    assert dump(conn) == before
    assert layering.daily_recompute_due(conn, clock)


def test_progress_reaches_its_total(workspace, clock):
    _mixed(workspace.conn)
    progress = Progress()
    layering.recompute_all(workspace.conn, progress=progress, clock=clock)
    assert progress.done == progress.total == 14


def test_recompute_is_no_undo_step_and_keeps_the_undo_stack(workspace, clock):
    contact = workspace.execute(lambda c: contacts.create_contact(
        c, values={"nickname": "张小花"}, clock=clock)).value
    workspace.execute(lambda c: contacts.add_order(
        c, contact_id=contact, ordered_at="2026-11-22 09:00", amount="88"))
    workspace.execute(lambda c: layering.recompute_all(c, clock=clock))
    assert workspace.undo_stack.undo_label == "添加订单"
    assert layers(workspace.conn, contact)[:3] == (2, "L2：近30天下单 1 笔 ≥ 1", "new")


def test_a_full_recompute_runs_once_per_local_day(workspace, clock):
    conn = workspace.conn
    assert layering.daily_recompute_due(conn, clock)
    layering.recompute_contacts(conn, [seed(conn)], clock=clock)
    assert layering.daily_recompute_due(conn, clock)  # an incremental one does not count
    layering.recompute_all(conn, clock=clock)
    assert not layering.daily_recompute_due(conn, clock)
    # 02:00 UTC is 10:00 in Shanghai; 15:59 UTC is still the same day there, 16:00 is not
    assert not layering.daily_recompute_due(conn, lambda: FIXED_NOW + timedelta(hours=13,
                                                                               minutes=59))
    assert layering.daily_recompute_due(conn, lambda: FIXED_NOW + timedelta(hours=14))


def test_empty_database(workspace, clock):
    result = layering.recompute_all(workspace.conn, clock=clock)
    assert result.value == layering.RecomputeSummary(0, 0, 0, 0, 0)
    assert layering.load_rfm_model(workspace.conn).customers == 0
    assert not layering.recompute_contacts(workspace.conn, [], clock=clock).changes.any()
