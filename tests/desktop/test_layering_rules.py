"""Every tier, stage and band threshold of PRODUCT.md: exactly at it, one below, one above.

Windows: an event is within N days when its days-ago (whole days, rounded down) is ≤ N, so
`inside(N)` (N days 23:59:59 ago) counts and `ago(N + 1)` does not.
"""

from __future__ import annotations

import numpy as np
import pytest

from db import layering as layering_db
from desktop.layering_eval import FACT_NAMES, TIER_RULES, derive, evaluate
from desktop.layering_rules import DEFAULT_SETTINGS, band_cutoffs, recency_band
from tests.conftest import FIXED_NOW
from tests.desktop.layering_seed import ago, inside, layers, recompute, seed

Y = 100  # fen per yuan


def touches(n: int, when: str | None = None) -> list[str]:
    return [when or ago(1)] * n


def orders(*amounts_yuan: float, when: str | None = None) -> list[tuple[str, int]]:
    return [(when or ago(2), round(a * Y)) for a in amounts_yuan]


TIER_CASES = {
    # L2: ≥ 3 interactions or ≥ 1 order in 30 days
    "2 interactions": (touches(2), [], 1, "L1：近30天互动 2 次、下单 0 笔，未达到 L2"),
    "3 interactions": (touches(3), [], 2, "L2：近30天互动 3 次 ≥ 3"),
    "4 interactions": (touches(4), [], 2, "L2：近30天互动 4 次 ≥ 3"),
    "no order": ([], [], 1, "L1：近30天互动 0 次、下单 0 笔，未达到 L2"),
    "1 small order": ([], orders(10), 2, "L2：近30天下单 1 笔 ≥ 1"),
    # the 30-day window
    "3 interactions 31 days ago": (touches(3, ago(31)), [], 1,
                                   "L1：近30天互动 0 次、下单 0 笔，未达到 L2"),
    "3 interactions at 30 days": (touches(3, ago(30)), [], 2, "L2：近30天互动 3 次 ≥ 3"),
    "3 interactions 30 d 23:59:59 ago": (touches(3, inside(30)), [], 2, "L2：近30天互动 3 次 ≥ 3"),
    "3 interactions 29 days ago": (touches(3, ago(29)), [], 2, "L2：近30天互动 3 次 ≥ 3"),
    "order 31 days ago": ([], orders(10, when=ago(31)), 1,
                          "L1：近30天互动 0 次、下单 0 笔，未达到 L2"),
    # L3: ≥ 5 interactions (4: above), or ≥ 2 orders averaging ¥50–200
    "5 interactions": (touches(5), [], 3, "L3：近30天互动 5 次 ≥ 5"),
    "6 interactions": (touches(6), [], 3, "L3：近30天互动 6 次 ≥ 5"),
    "1 order of ¥100": ([], orders(100), 2, "L2：近30天下单 1 笔 ≥ 1"),
    "2 orders avg ¥49.99": ([], orders(49.99, 49.99), 2, "L2：近30天下单 2 笔 ≥ 1"),
    "2 orders avg ¥50": ([], orders(40, 60), 3,
                         "L3：近30天下单 2 笔 ≥ 2，平均客单价 ¥50 在 ¥50–¥200 之间"),
    "2 orders avg ¥50.01": ([], orders(50.01, 50.01), 3,
                            "L3：近30天下单 2 笔 ≥ 2，平均客单价 ¥50.01 在 ¥50–¥200 之间"),
    "2 orders avg ¥199.99": ([], orders(199.99, 199.99), 3,
                             "L3：近30天下单 2 笔 ≥ 2，平均客单价 ¥199.99 在 ¥50–¥200 之间"),
    "2 orders avg ¥200": ([], orders(150, 250), 3,
                          "L3：近30天下单 2 笔 ≥ 2，平均客单价 ¥200 在 ¥50–¥200 之间"),
    # L4: ≥ 10 interactions, or ≥ 3 orders, or average order > ¥200
    "9 interactions": (touches(9), [], 3, "L3：近30天互动 9 次 ≥ 5"),
    "10 interactions": (touches(10), [], 4, "L4：近30天互动 10 次 ≥ 10"),
    "11 interactions": (touches(11), [], 4, "L4：近30天互动 11 次 ≥ 10"),
    "12 interactions": (touches(12), [], 4, "L4：近30天互动 12 次 ≥ 10"),
    "2 small orders": ([], orders(10, 10), 2, "L2：近30天下单 2 笔 ≥ 1"),
    "3 small orders": ([], orders(10, 10, 10), 4, "L4：近30天下单 3 笔 ≥ 3"),
    "4 small orders": ([], orders(10, 10, 10, 10), 4, "L4：近30天下单 4 笔 ≥ 3"),
    "1 order of ¥200": ([], orders(200), 2, "L2：近30天下单 1 笔 ≥ 1"),
    "1 order of ¥200.01": ([], orders(200.01), 4, "L4：近30天平均客单价 ¥200.01 > ¥200"),
    "2 orders avg ¥200.01": ([], orders(200, 200.02), 4, "L4：近30天平均客单价 ¥200.01 > ¥200"),
    # L5: 12-month spend ≥ ¥5,000 (orders older than 30 days count only here)
    "¥4,999.99 in 12 months": ([], orders(4999.99, when=ago(100)), 1,
                               "L1：近30天互动 0 次、下单 0 笔，未达到 L2"),
    "¥5,000 in 12 months": ([], orders(2500, 2500, when=ago(100)), 5,
                            "L5：近365天消费 ¥5,000 ≥ ¥5,000"),
    "¥5,000.01 in 12 months": ([], orders(5000.01, when=ago(100)), 5,
                               "L5：近365天消费 ¥5,000.01 ≥ ¥5,000"),
    "¥5,000 at 365 days": ([], orders(5000, when=inside(365)), 5,
                           "L5：近365天消费 ¥5,000 ≥ ¥5,000"),
    "¥5,000 366 days ago": ([], orders(5000, when=ago(366)), 1,
                            "L1：近30天互动 0 次、下单 0 笔，未达到 L2"),
    "L5 wins over L4": (touches(12), orders(6000), 5, "L5：近365天消费 ¥6,000 ≥ ¥5,000"),
}


@pytest.mark.parametrize("case", TIER_CASES)
def test_tier_boundaries(workspace, case):
    interactions, bought, tier, reason = TIER_CASES[case]
    contact = seed(workspace.conn, touches=interactions, orders=bought)
    recompute(workspace.conn)
    assert layers(workspace.conn, contact)[:2] == (tier, reason)


def _facts(**values) -> dict[str, np.ndarray]:
    base = {name: np.zeros(1, dtype=np.int64) for name in FACT_NAMES}
    return derive({**base, **{k: np.array([v]) for k, v in values.items()}}, DEFAULT_SETTINGS)


@pytest.mark.parametrize(("referrals", "tier"), [(0, 1), (1, 5), (2, 5)])
def test_one_referral_makes_l5(referrals, tier):
    """Referrals are not recorded anywhere yet (every contact counts 0); the rule is ready."""
    value, reason = evaluate(TIER_RULES, _facts(referrals=referrals), DEFAULT_SETTINGS)
    assert value[0] == tier
    if tier == 5:
        assert reason[0] == f"L5：推荐新客 {referrals} 人 ≥ 1"


RECENT = [ago(1)]  # an interaction yesterday: not churned

STAGE_CASES = {
    # 流失: nothing (interaction, order, being added) for > 30 days
    "added 30 days ago": (ago(30), [], [], "potential", "潜在：还没有下单"),
    "added 30 d 23:59:59 ago": (inside(30), [], [], "potential", "潜在：还没有下单"),
    "added 31 days ago": (ago(31), [], [], "churned",
                          "流失：已 31 天没有互动、下单或新添加 > 30 天"),
    "added 29 days ago": (ago(29), [], [], "potential", "潜在：还没有下单"),
    "interaction 30 days ago": (None, [ago(30)], [], "potential", "潜在：还没有下单"),
    "interaction 31 days ago": (None, [ago(31)], [], "churned",
                                "流失：已 31 天没有互动、下单或新添加 > 30 天"),
    "order 30 days ago": (None, [], orders(10, when=ago(30)), "new", "新客：累计下单 1 笔"),
    "order 31 days ago": (None, [], orders(10, when=ago(31)), "churned",
                          "流失：已 31 天没有互动、下单或新添加 > 30 天"),
    "customer, 45 days quiet": (None, [ago(45)], orders(10, 10, 10, when=ago(46)), "churned",
                                "流失：已 45 天没有互动、下单或新添加 > 30 天"),
    # by order count
    "1 order": (None, RECENT, orders(10, when=ago(100)), "new", "新客：累计下单 1 笔"),
    "2 orders": (None, RECENT, orders(10, 10, when=ago(20)), "growing", "成长期：累计下单 2 笔"),
    # 成熟期: ≥ 3 orders in 90 days, or ≥ 2 orders averaging ≥ ¥500
    "3 orders in 90 days": (None, RECENT, orders(10, when=ago(10)) + orders(10, when=ago(50))
                            + orders(10, when=ago(90)), "mature",
                            "成熟期：近90天下单 3 笔 ≥ 3"),
    "3 orders, one 91 days ago": (None, RECENT, orders(10, when=ago(10))
                                  + orders(10, when=ago(50)) + orders(10, when=ago(91)),
                                  "growing", "成长期：累计下单 3 笔"),
    "4 orders in 90 days": (None, RECENT, orders(10, 10, 10, 10, when=ago(20)), "mature",
                            "成熟期：近90天下单 4 笔 ≥ 3"),
    "2 orders avg ¥499.99": (None, RECENT, orders(499.99, 499.99), "growing",
                             "成长期：累计下单 2 笔"),
    "2 orders avg ¥500": (None, RECENT, orders(400, 600), "mature",
                          "成熟期：累计下单 2 笔 ≥ 2，平均客单价 ¥500 ≥ ¥500"),
    "2 orders avg ¥500.01": (None, RECENT, orders(500.01, 500.01), "mature",
                             "成熟期：累计下单 2 笔 ≥ 2，平均客单价 ¥500.01 ≥ ¥500"),
    "1 order of ¥1,000": (None, RECENT, orders(1000), "new", "新客：累计下单 1 笔"),
    # 衰退期: ≥ 2 orders and orders in 90 days < half the past rate per 90 days. Four orders
    # 150–180 days ago: rate 4 per 90 days (one window since the first order), half is 2.
    "past rate 4, 1 recent": (None, RECENT, orders(10, when=ago(10)) + [
        (ago(d), 1000) for d in (180, 170, 160, 150)], "declining",
        "衰退期：近90天下单 1 笔，不到此前平均每90天 4.0 笔的 50%"),
    "past rate 4, 2 recent": (None, RECENT, orders(10, 10, when=ago(10)) + [
        (ago(d), 1000) for d in (180, 170, 160, 150)], "growing", "成长期：累计下单 6 笔"),
    "past rate 4, 3 recent": (None, RECENT, orders(10, 10, 10, when=ago(10)) + [
        (ago(d), 1000) for d in (180, 170, 160, 150)], "mature", "成熟期：近90天下单 3 笔 ≥ 3"),
    # the past rate spreads over the time since the first order: 4 orders over 270 days
    # before the window is 4/3 per 90 days, half is 0.67 — one recent order is enough
    "past rate 4/3, 1 recent": (None, RECENT, orders(10, when=ago(10)) + [
        (ago(d), 1000) for d in (360, 350, 340, 330)], "growing", "成长期：累计下单 5 笔"),
    "past rate 4/3, 0 recent": (None, RECENT, [(ago(d), 1000) for d in (360, 350, 340, 330)],
                                "declining",
                                "衰退期：近90天下单 0 笔，不到此前平均每90天 1.3 笔的 50%"),
    "2 old orders, none recent": (None, RECENT, orders(10, when=ago(150)) + orders(
        10, when=ago(120)), "declining",
        "衰退期：近90天下单 0 笔，不到此前平均每90天 2.0 笔的 50%"),
    "1 old order, none recent": (None, RECENT, orders(10, when=ago(150)), "new",
                                 "新客：累计下单 1 笔"),
    "an order on day 91 is past": (None, RECENT, orders(10, when=ago(91)) + orders(
        10, when=ago(150)), "declining",
        "衰退期：近90天下单 0 笔，不到此前平均每90天 2.0 笔的 50%"),
    "an order on day 90 is recent": (None, RECENT, orders(10, when=ago(90)) + orders(
        10, when=ago(150)), "growing", "成长期：累计下单 2 笔"),
}


@pytest.mark.parametrize("case", STAGE_CASES)
def test_stage_boundaries(workspace, case):
    added, interactions, bought, stage, reason = STAGE_CASES[case]
    contact = seed(workspace.conn, added=added, touches=interactions, orders=bought)
    recompute(workspace.conn)
    assert layers(workspace.conn, contact)[2:4] == (stage, reason)


BAND_CASES = {
    "order today": ([ago(0)], "active"),
    "order 90 days ago": ([ago(90)], "active"),
    "order 90 d 23:59:59 ago": ([inside(90)], "active"),
    "order 91 days ago": ([ago(91)], "silent"),
    "order 180 days ago": ([ago(180)], "silent"),
    "order 180 d 23:59:59 ago": ([inside(180)], "silent"),
    "order 181 days ago": ([ago(181)], "dormant"),
    "order 400 days ago": ([ago(400)], "dormant"),
    "touched 30 days ago, no order": ([None, ago(30)], "browsing"),
    "touched 30 d 23:59:59 ago, no order": ([None, inside(30)], "browsing"),
    "touched 31 days ago, no order": ([None, ago(31)], ""),
    "never touched, no order": ([None, None], ""),
    "order 200 days ago, touched today": ([ago(200), ago(0)], "dormant"),
}


@pytest.mark.parametrize("case", BAND_CASES)
def test_recency_band_boundaries(workspace, case):
    """The pure function and the SQL terms for filters agree at every boundary."""
    stored, band = BAND_CASES[case]
    last_order, last_touch = (stored + [None])[:2]
    cutoffs = band_cutoffs(DEFAULT_SETTINGS, FIXED_NOW)
    assert recency_band(last_order, last_touch, cutoffs) == band
    contact = seed(workspace.conn, orders=[(last_order, 1000)] if last_order else [],
                   touches=[last_touch] if last_touch else [])
    found = set()
    for name in ("active", "silent", "dormant", "browsing"):
        where, params = layering_db.recency_band_where(
            name, active_after=cutoffs.active_after, silent_after=cutoffs.silent_after,
            browsing_after=cutoffs.browsing_after)
        if workspace.conn.execute(f"SELECT 1 FROM contacts WHERE id = ? AND {where}",
                                  (contact, *params)).fetchone():
            found.add(name)
    assert found == ({band} if band else set())
