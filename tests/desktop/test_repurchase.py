"""Learned repurchase cycles on known gap sequences (issue 10, section 3), learned by the
layering recompute and stored on the contact; the text is what the contact panel shows."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pytest

from db import activity, bulk
from db import contacts as contacts_db
from desktop import contacts, layering, sop, sop_rules
from desktop.errors import ValidationError
from desktop.layering_rules import DEFAULT_SETTINGS, save_settings
from desktop.repurchase import expected_date
from tests.conftest import FIXED_NOW, dump, fresh_connection
from tests.desktop.layering_seed import ago


@pytest.fixture
def conn(db_path):
    conn = fresh_connection(db_path)
    sop_rules.ensure_builtin_rules(conn)
    yield conn
    conn.close()


def customer(conn, *order_days_ago: float, category: str = "", name: str = "客户") -> int:
    contact_id = contacts_db.insert(conn, {"nickname": name, "added_at": ago(900)})
    for days in order_days_ago:
        activity.insert_order(conn, contact_id=contact_id, ordered_at=ago(days), amount_fen=100,
                              item="", category=category, channel="")
    bulk.refresh_contact_activity(conn, [contact_id])
    return contact_id


TODAY = FIXED_NOW.astimezone().date()  # 2026-11-23 in Shanghai


@dataclass(frozen=True)
class Stored:
    basis: str
    days: int | None
    gaps: int
    text: str  # the contact panel's line

    @property
    def expected_at(self) -> date:
        return expected_date(self.last_order_at, self.days)

    last_order_at: str = ""


def estimate_cycles(conn, contact_ids=None, *, clock) -> dict[int, Stored]:
    """Recompute (all, or the ids given), then contact id → its stored cycle, for the live
    contacts that have one."""
    if contact_ids is None:
        layering.recompute_all(conn, clock=clock)
    else:
        layering.recompute_contacts(conn, contact_ids, clock=clock)
    rows = conn.execute("SELECT id, cycle_basis, cycle_days, cycle_gaps, last_order_at "
                        "FROM contacts WHERE deleted_at IS NULL AND cycle_basis <> ''")
    return {cid: Stored(basis, days, gaps, layering.why(conn, cid, clock).repurchase, last)
            for cid, basis, days, gaps, last in rows.fetchall()
            if contact_ids is None or cid in contact_ids}


def test_regular_gaps_give_the_customers_own_cycle(conn, clock):
    cid = customer(conn, 94, 66, 38, 10, category="面膜")  # every 28 days
    cycle = estimate_cycles(conn, clock=clock)[cid]
    assert (cycle.basis, cycle.days, cycle.gaps) == ("own", 28, 3)
    assert cycle.expected_at == TODAY - timedelta(days=10) + timedelta(days=28)
    assert cycle.expected_at == date(2026, 12, 11)
    assert cycle.text == "上 3 次间隔约 28 天，预计 12 月 11 日复购"


def test_irregular_gaps_take_the_median_not_the_mean(conn, clock):
    # gaps 20, 90, 25, 30 → median 27.5 → 28 (a mean would say 41)
    cid = customer(conn, 175, 155, 65, 40, 10)
    cycle = estimate_cycles(conn, clock=clock)[cid]
    assert (cycle.basis, cycle.days, cycle.gaps) == ("own", 28, 4)


def test_split_orders_on_one_day_are_one_purchase(conn, clock):
    cid = customer(conn, 60, 40, 40.01, 20)  # gaps 20, (under a day), 20
    cycle = estimate_cycles(conn, clock=clock)[cid]
    assert (cycle.basis, cycle.days, cycle.gaps) == ("own", 20, 2)


def test_only_the_last_gaps_count(conn, clock):
    # eight old 60-day gaps, then six of 10 days: the habit changed
    old = [400 - 60 * i for i in range(6)]  # 400 … 100
    cid = customer(conn, *old, 90, 80, 70, 60, 50, 40)
    assert estimate_cycles(conn, clock=clock)[cid].days == 10


def test_too_few_orders_fall_back_to_the_categorys_median(conn, clock):
    for _ in range(5):
        customer(conn, 80, 50, category="花茶")  # five gaps of 30 days
    customer(conn, 300, 200, category="花茶")     # one of 100
    customer(conn, 90, 80, 70, category="代餐")   # another category's gaps do not count
    cid = customer(conn, 50, 5, category="花茶")  # 2 orders: one gap of its own, too few
    cycle = estimate_cycles(conn, clock=clock)[cid]
    # 花茶 gaps: 30 ×5, 100, 45 (this customer's) → median 30
    assert (cycle.basis, cycle.days, cycle.gaps) == ("category", 30, 7)
    assert cycle.expected_at == date(2026, 12, 18)
    assert cycle.text == "品类“花茶”中位间隔约 30 天，预计 12 月 18 日复购"


def test_no_category_data_falls_back_to_the_setting(conn, clock):
    customer(conn, 80, 50, category="花茶")  # one gap: too few for a category median
    cid = customer(conn, 5, category="花茶")
    plain = customer(conn, 100)  # no category, overdue
    cycles = estimate_cycles(conn, clock=clock)
    assert (cycles[cid].basis, cycles[cid].days, cycles[cid].gaps) == ("setting", 45, 0)
    assert cycles[cid].text == "按设置 45 天，预计 2027 年 1 月 2 日复购"
    assert cycles[plain].basis == "setting"
    assert cycles[plain].expected_at == date(2026, 9, 29)
    assert cycles[plain].text == "按设置 45 天，预计 9 月 29 日复购（已过 55 天）"


def test_the_setting_uses_the_rules_category_cycle(conn, clock):
    conn.execute("UPDATE sop_rules SET params_json = ? WHERE code = 'repurchase'",
                 (json.dumps({"default_days": 60, "category_days": {"面膜": 20}},
                             ensure_ascii=False),))
    mask = customer(conn, 10, category="面膜")
    other = customer(conn, 10, category="彩妆")
    cycles = estimate_cycles(conn, clock=clock)
    assert (cycles[mask].basis, cycles[mask].days) == ("setting", 20)
    assert (cycles[other].basis, cycles[other].days) == ("setting", 60)


def test_only_live_contacts_with_orders_and_the_ids_asked(conn, clock):
    a = customer(conn, 94, 66, 38, 10)
    b = customer(conn, 30, 20, 10)
    none = customer(conn)
    gone = customer(conn, 30, 20, 10)
    conn.execute("UPDATE contacts SET deleted_at = '2026-11-01 00:00:00' WHERE id = ?", (gone,))
    assert set(estimate_cycles(conn, clock=clock)) == {a, b}
    assert none not in estimate_cycles(conn, [none], clock=clock)
    only = estimate_cycles(conn, [b], clock=clock)
    assert set(only) == {b} and only[b].days == 10


def stored(conn, contact_id: int) -> tuple:
    return conn.execute("SELECT cycle_basis, cycle_days, cycle_gaps FROM contacts WHERE id = ?",
                        (contact_id,)).fetchone()


def test_an_added_order_learns_the_cycle_in_its_undo_step(workspace, clock):
    conn = workspace.conn
    sop_rules.ensure_builtin_rules(conn)
    cid = customer(conn, 60, 30, category="花茶")
    layering.recompute_all(conn, clock=clock)
    assert stored(conn, cid) == ("setting", 45, 0)
    before = dump(conn)
    workspace.execute(lambda c: contacts.add_order(
        c, contact_id=cid, ordered_at=ago(10)[:16], amount="99", clock=clock))
    assert stored(conn, cid) == ("own", 25, 2)  # gaps 30 and 20
    after = dump(conn)
    workspace.undo()
    assert dump(conn) == before
    workspace.redo()
    assert dump(conn) == after


def test_an_incremental_recompute_uses_the_stored_category_medians(conn, clock):
    for _ in range(5):
        customer(conn, 80, 50, category="花茶")  # five gaps of 30 days
    layering.recompute_all(conn, clock=clock)
    for _ in range(5):
        customer(conn, 80, 70, category="花茶")  # five of 10 days, not yet in the median
    cid = customer(conn, 20, category="花茶")
    layering.recompute_contacts(conn, [cid], clock=clock)
    assert stored(conn, cid) == ("category", 30, 5)
    layering.recompute_all(conn, clock=clock)  # now: 30 ×5, 10 ×5 → 20
    assert stored(conn, cid) == ("category", 20, 10)


def test_before_any_full_recompute_the_medians_come_from_everyone(conn, clock):
    for _ in range(5):
        customer(conn, 80, 50, category="花茶")
    cid = customer(conn, 20, category="花茶")
    layering.recompute_contacts(conn, [cid], clock=clock)
    assert stored(conn, cid) == ("category", 30, 5)


def test_overdue_by_half_again_its_own_cycle_is_declining_and_gets_the_win_back(
        workspace, clock):
    conn = workspace.conn
    sop_rules.ensure_builtin_rules(conn)
    conn.execute("UPDATE sop_rules SET enabled = (code = 'winback')")
    late = customer(conn, 46, 36, 26, 16, name="晚了")   # cycle 10, 16 days: > 15
    on_time = customer(conn, 44, 34, 24, 14, name="还好")  # cycle 10, 14 days: not yet
    workspace.execute(lambda c: layering.recompute_all(c, clock=clock))
    stage, reason = conn.execute("SELECT stage, stage_reason FROM contacts WHERE id = ?",
                                 (late,)).fetchone()
    assert (stage, reason) == (
        "declining", "衰退期：距上次购买 16 天，超过自身复购周期 10 天的 1.5 倍")
    assert conn.execute("SELECT stage FROM contacts WHERE id = ?", (on_time,)).fetchone()[0] \
        != "declining"
    created = workspace.execute(lambda c: sop.run_sop(c, clock=clock)).value.created
    assert created["winback"] == 1
    assert conn.execute("SELECT contact_id FROM tasks").fetchall() == [(late,)]


def test_the_overdue_factor_is_a_setting(conn, clock):
    late = customer(conn, 46, 36, 26, 16)
    layering.recompute_all(conn, clock=clock)
    assert conn.execute("SELECT stage FROM contacts").fetchone()[0] == "declining"
    save_settings(conn, values=replace(DEFAULT_SETTINGS, cycle_overdue_factor=2.0))
    layering.recompute_all(conn, clock=clock)
    assert conn.execute("SELECT stage FROM contacts WHERE id = ?", (late,)).fetchone()[0] \
        != "declining"
    with pytest.raises(ValidationError):
        save_settings(conn, values=replace(DEFAULT_SETTINGS, cycle_overdue_factor=0.5))


def test_a_category_new_since_the_full_recompute_is_read_too(conn, clock):
    conn.execute("UPDATE sop_rules SET params_json = ? WHERE code = 'repurchase'",
                 (json.dumps({"default_days": 60, "category_days": {"代餐": 20}},
                             ensure_ascii=False),))
    customer(conn, 80, 50, category="花茶")
    layering.recompute_all(conn, clock=clock)
    cid = customer(conn, 10, category="代餐")  # not among the categories stored
    layering.recompute_contacts(conn, [cid], clock=clock)
    assert stored(conn, cid) == ("setting", 20, 0)


def test_a_customer_not_yet_scored_is_told_to_recompute_not_that_they_never_ordered(workspace):
    conn = workspace.conn
    conn.execute("INSERT INTO contacts (id, nickname, last_order_at, order_count) "
                 "VALUES (1, '新下单', '2026-11-20 02:00:00', 1)")
    conn.commit()
    assert layering.why(conn, 1).rfm == "RFM 还没有评分：请重新计算分层"
