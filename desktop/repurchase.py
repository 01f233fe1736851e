"""Repurchase cycles learned per customer and per category (issue 10, section 3). Reads only.

Each live contact with orders gets a cycle in days, and the local date the next purchase is
expected (the local date of the last order + the cycle):

  own       the median of the contact's own gaps between orders (at least MIN_OWN_ORDERS
            orders, i.e. MIN_OWN_ORDERS - 1 gaps; the last MAX_OWN_GAPS gaps, so the estimate
            follows a changed habit)         "上 3 次间隔约 28 天，预计 5 月 3 日复购"
  category  else the median gap of the last order's category over all customers, when that
            category has at least MIN_CATEGORY_GAPS gaps
                                              "品类“面膜”中位间隔约 30 天，预计 …"
  setting   else the built-in repurchase rule's cycle (its category_days for the category,
            else default_days; 45 days when the rule is missing)   "按设置 45 天，预计 …"

Gaps under a day (split orders of one purchase) are ignored. A median is used rather than a
mean so one long pause does not stretch the cycle.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from db import repurchase as repurchase_db
from desktop import timefmt

MIN_OWN_ORDERS = 3
MAX_OWN_GAPS = 6
MIN_CATEGORY_GAPS = 5
DEFAULT_DAYS = 45  # the built-in rule's default (desktop/sop_rules.py)

BASES = ("own", "category", "setting")


@dataclass(frozen=True)
class Cycle:
    days: int
    basis: str          # 'own' | 'category' | 'setting'
    expected_at: date   # local date
    gaps: int           # gaps the median was taken over (own or category); 0 for 'setting'
    category: str       # the last order's category ('' for none)
    last_order_at: str  # UTC text
    text: str           # "上 3 次间隔约 28 天，预计 5 月 3 日复购"

    def overdue_days(self, today: date) -> int:
        """Days past the expected date (0 when not yet due)."""
        return max(0, (today - self.expected_at).days)


def _round(days: float) -> int:
    return max(1, int(days + 0.5))


def _setting_days(params: dict | None, category: str) -> int:
    if params is None:
        return DEFAULT_DAYS
    per_category = params.get("category_days") or {}
    if category and category in per_category:
        return int(per_category[category])
    return int(params.get("default_days", DEFAULT_DAYS))


def date_text(day: date, today: date) -> str:
    """'5 月 3 日', with the year when it is not this year."""
    text = f"{day.month} 月 {day.day} 日"
    return text if day.year == today.year else f"{day.year} 年 {text}"


def estimate_cycles(conn: sqlite3.Connection, contact_ids: Iterable[int] | None = None, *,
                    clock: timefmt.Clock = timefmt.system_clock) -> dict[int, Cycle]:
    """contact_id → Cycle for the live contacts (all, or `contact_ids`) that have orders.
    The category medians are always taken over all customers."""
    ids = None if contact_ids is None else list(contact_ids)
    last = repurchase_db.last_orders(conn, ids)
    if not last:
        return {}
    own = repurchase_db.own_medians(conn, ids, max_gaps=MAX_OWN_GAPS)
    # The category medians scan every order of a category: only those still needed.
    needed = {category for contact_id, _, category in last
              if own.get(contact_id, (0, 0))[1] < MIN_OWN_ORDERS - 1}
    categories = repurchase_db.category_medians(conn, needed) if needed else {}
    params = repurchase_db.repurchase_rule_params(conn)
    today = clock().astimezone().date()
    cycles: dict[int, Cycle] = {}
    for contact_id, last_order_at, category in last:
        mine = own.get(contact_id)
        shared = categories.get(category)
        if mine is not None and mine[1] >= MIN_OWN_ORDERS - 1:
            basis, days, gaps = "own", _round(mine[0]), mine[1]
        elif shared is not None and shared[1] >= MIN_CATEGORY_GAPS:
            basis, days, gaps = "category", _round(shared[0]), shared[1]
        else:
            basis, days, gaps = "setting", _setting_days(params, category), 0
        expected = timefmt.from_db(last_order_at).astimezone().date() + timedelta(days=days)
        when = f"预计 {date_text(expected, today)}复购"
        if basis == "own":
            head = f"上 {gaps} 次间隔约 {days} 天"
        elif basis == "category":
            head = f"品类“{category}”中位间隔约 {days} 天"
        else:
            head = f"按设置 {days} 天"
        text = f"{head}，{when}"
        if today > expected:
            text += f"（已过 {(today - expected).days} 天）"
        cycles[contact_id] = Cycle(days, basis, expected, gaps, category, last_order_at, text)
    return cycles
