"""Guard-rails of the moments plan (settings the operator can tune): at most N posts a day
(default 3) and at most P% hard ads in a week (default 30%, 福利/活动预告 count as ads).

Skipped posts do not count (they were not posted); drafts, 待发 and 已发 do. Exactly at the
limit is fine: 3 posts on a day with a limit of 3 gives no warning, 4 does; 3 ads in 10 posts
(30%) gives none, 4 in 10 does. Days are local days; weeks run Monday to Sunday.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from db import moments as moments_db
from db import settings
from db.connection import transaction
from desktop import timefmt
from desktop.changes import Changes, OpResult
from desktop.contacts import ValidationError
from desktop.moments import HARD_AD_TYPES, Post, local_day, posts_on_days, week_start

DAILY_LIMIT_KEY = "moments.daily_limit"
HARD_AD_PERCENT_KEY = "moments.hard_ad_max_percent"
DEFAULT_DAILY_LIMIT = 3
DEFAULT_HARD_AD_PERCENT = 30


@dataclass(frozen=True)
class GuardRails:
    daily_limit: int = DEFAULT_DAILY_LIMIT
    hard_ad_max_percent: int = DEFAULT_HARD_AD_PERCENT


def load_guard_rails(conn: sqlite3.Connection) -> GuardRails:
    return GuardRails(int(settings.get(conn, DAILY_LIMIT_KEY, DEFAULT_DAILY_LIMIT)),
                      int(settings.get(conn, HARD_AD_PERCENT_KEY, DEFAULT_HARD_AD_PERCENT)))


def save_guard_rails(conn: sqlite3.Connection, *, daily_limit: int, hard_ad_max_percent: int
                     ) -> OpResult:
    """Store both settings; one undo step."""
    if not 1 <= daily_limit <= 50:
        raise ValidationError("daily_limit", "每日上限应在 1 到 50 条之间")
    if not 0 <= hard_ad_max_percent <= 100:
        raise ValidationError("hard_ad_max_percent", "硬广占比上限应在 0% 到 100% 之间")
    before = load_guard_rails(conn)
    return _store(conn, GuardRails(daily_limit, hard_ad_max_percent), before)


def _store(conn: sqlite3.Connection, rails: GuardRails, other: GuardRails) -> OpResult:
    with transaction(conn):
        settings.put(conn, DAILY_LIMIT_KEY, rails.daily_limit)
        settings.put(conn, HARD_AD_PERCENT_KEY, rails.hard_ad_max_percent)
    return OpResult(Changes(moments=True, settings=True), label="修改发圈提醒上限",
                    undo=lambda c: _store(c, other, rails))


def day_warning(count: int, rails: GuardRails) -> str:
    return f"{count} 条，超过每日上限 {rails.daily_limit}" if count > rails.daily_limit else ""


def week_warning(total: int, ads: int, rails: GuardRails) -> str:
    if not total or ads * 100 <= rails.hard_ad_max_percent * total:
        return ""
    return (f"硬广 {ads}/{total} 条（{round(ads * 100 / total)}%），"
            f"超过上限 {rails.hard_ad_max_percent}%")


@dataclass(frozen=True)
class Plan:
    """What the calendar shows for a range of days, with the warnings of each day and week."""
    first_day: date
    days: int
    posts: list[Post]
    day_warnings: dict[date, str]
    week_warnings: dict[date, str]   # by the week's Monday


def load_plan(conn: sqlite3.Connection, *, first_day: date, days: int) -> Plan:
    """The posts of the range and the warnings; whole weeks are counted for the weeks it
    touches, so a week cut by the month's edge still says the truth."""
    rails = load_guard_rails(conn)
    posts = posts_on_days(conn, first_day=first_day, days=days)
    per_day = Counter(local_day(p.planned_at) for p in posts if p.status != "skipped")
    monday = week_start(first_day)
    week_days = (first_day + timedelta(days=days - 1) - monday).days // 7 * 7 + 7
    counted = counted_in(conn, first_day=monday, days=week_days)
    totals: Counter = Counter()
    ads: Counter = Counter()
    for day, content_type in counted:
        totals[week_start(day)] += 1
        ads[week_start(day)] += content_type in HARD_AD_TYPES
    return Plan(first_day, days, posts,
                {d: w for d, n in per_day.items() if (w := day_warning(n, rails))},
                {m: w for m in totals if (w := week_warning(totals[m], ads[m], rails))})


def counted_in(conn: sqlite3.Connection, *, first_day: date, days: int
               ) -> list[tuple[date, str]]:
    start, _ = timefmt.local_day_bounds(first_day)
    end, _ = timefmt.local_day_bounds(first_day + timedelta(days=days))
    return [(local_day(planned), ctype) for planned, ctype in
            moments_db.counted_posts(conn, start_utc=start, end_utc=end)]


def guard_rail_warnings(conn: sqlite3.Connection, *, day: date) -> list[str]:
    """Chinese warnings for `day` and its week ('今日 4 条，超过每日上限 3', …); [] when fine."""
    plan = load_plan(conn, first_day=day, days=1)
    out = [f"{day:%m-%d} {plan.day_warnings[day]}"] if day in plan.day_warnings else []
    if week_start(day) in plan.week_warnings:
        out.append(f"本周{plan.week_warnings[week_start(day)]}")
    return out
