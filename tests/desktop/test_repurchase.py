"""Learned repurchase cycles on known gap sequences (issue 10, section 3)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from db import activity, bulk
from db import contacts as contacts_db
from desktop import sop_rules
from desktop.repurchase import estimate_cycles
from tests.conftest import FIXED_NOW, fresh_connection
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
    assert cycles[plain].overdue_days(TODAY) == 55


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
