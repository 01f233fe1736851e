"""Repurchase cycles learned per customer and per category (issue 10, section 3): the rules, and
the text the contact panel and the repurchase tasks show. Numpy-free; the cycles themselves are
learned by every recompute of the layers (desktop/layering_cycles.py) and stored on the contact
(cycle_days, cycle_basis, cycle_gaps), so everything else only reads them:

  own       the median of the contact's own gaps between orders (at least MIN_OWN_ORDERS
            orders, i.e. MIN_OWN_ORDERS - 1 gaps; the last MAX_OWN_GAPS gaps, so the estimate
            follows a changed habit)         "上 3 次间隔约 28 天，预计 5 月 3 日复购"
  category  else the median gap of the last order's category over all customers, when that
            category has at least MIN_CATEGORY_GAPS gaps
                                              "品类“面膜”中位间隔约 30 天，预计 …"
  setting   else the built-in repurchase rule's cycle (its category_days for the category,
            else default_days; 45 days when the rule is missing)   "按设置 45 天，预计 …"

Gaps under a day (split orders of one purchase) are ignored. A median is used rather than a
mean so one long pause does not stretch the cycle. The expected date is the local date of the
last order plus the cycle.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from db import repurchase as repurchase_db
from desktop import timefmt

MIN_OWN_ORDERS = 3
MAX_OWN_GAPS = 6
MIN_CATEGORY_GAPS = 5
MIN_GAP_DAYS = 1
DEFAULT_DAYS = 45  # the built-in rule's default (desktop/sop_rules.py)
LEARNED = ("own", "category")  # bases learned from orders; 'setting' follows the rule


def rule_params(conn: sqlite3.Connection) -> dict | None:
    """The built-in repurchase rule's params, None when it is missing."""
    return repurchase_db.repurchase_rule_params(conn)


def setting_days(params: dict | None, category: str) -> int:
    """The rule's cycle for a category: its category_days entry, else default_days."""
    if params is None:
        return DEFAULT_DAYS
    per_category = params.get("category_days") or {}
    if category and category in per_category:
        return int(per_category[category])
    return int(params.get("default_days", DEFAULT_DAYS))


def effective(params: dict | None, *, days: int, basis: str, gaps: int, category: str
              ) -> tuple[int, str, int]:
    """(days, basis, gaps) to show: a learned cycle as stored, else the rule's setting as it is
    now (it may have been edited since the last recompute stored it)."""
    if basis in LEARNED:
        return days, basis, gaps
    return setting_days(params, category), "setting", 0


def date_text(day: date, today: date) -> str:
    """'5 月 3 日', with the year when it is not this year."""
    text = f"{day.month} 月 {day.day} 日"
    return text if day.year == today.year else f"{day.year} 年 {text}"


def expected_date(last_order_at: str, days: int) -> date:
    """The local date the next purchase is expected."""
    return timefmt.from_db(last_order_at).astimezone().date() + timedelta(days=days)


def cycle_text(*, days: int, basis: str, gaps: int, category: str, last_order_at: str,
               today: date, overdue: bool = True) -> str:
    """"上 3 次间隔约 28 天，预计 12 月 11 日复购", with "（已过 N 天）" once the date has passed
    when `overdue` (a task's notes leave it out: it would go stale)."""
    expected = expected_date(last_order_at, days)
    if basis == "own":
        head = f"上 {gaps} 次间隔约 {days} 天"
    elif basis == "category":
        head = f"品类“{category}”中位间隔约 {days} 天"
    else:
        head = f"按设置 {days} 天"
    text = f"{head}，预计 {date_text(expected, today)}复购"
    if overdue and today > expected:
        text += f"（已过 {(today - expected).days} 天）"
    return text
