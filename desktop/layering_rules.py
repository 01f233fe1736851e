"""The thresholds and windows of layering (PRODUCT.md "Tier", "Lifecycle stage", "Recency
bands"), kept in the settings table so the operator can tune them; and how a window of days is
read.

Days. "Within N days" means fewer than N + 1 whole days (24 h each, counted back from now)
have passed: an order 30 days and 5 hours ago is "30 days ago" and so inside a 30-day window,
one 31 days ago is not. The same reading makes "流失: no activity for > 30 days" and "活跃:
0–90 days since the last order" say exactly what they say in whole days. In SQL a window is
`instant > cutoff` with cutoff = now − (N + 1) days (`window_cutoff`).

Storage: one settings key per field, "layering.<field>"; a missing or unusable stored value
reads as its default, so a database from an older build (or a new field) needs no migration.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta

from db import settings as settings_db
from db.connection import transaction
from desktop import timefmt
from desktop.changes import Changes, OpResult
from desktop.errors import ValidationError

# The eight classic RFM segments by stored code, as PRODUCT.md names them (the engine in
# layering_rfm assigns the codes; filters and reasons name them from here, without numpy).
SEGMENT_NAMES = {
    "important_value": "重要价值", "important_develop": "重要发展", "important_keep": "重要保持",
    "important_recall": "重要挽留", "general_value": "一般价值", "general_develop": "一般发展",
    "general_keep": "一般保持", "general_recall": "一般挽留",
}

KEY_PREFIX = "layering."
SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class LayeringSettings:
    """Every threshold of the default rules; money in fen, windows in days."""
    # Tiers: counted in the last tier_window_days unless a rule names its own window.
    tier_window_days: int = 30
    l2_min_interactions: int = 3
    l2_min_orders: int = 1
    l3_min_interactions: int = 5
    l3_min_orders: int = 2
    l3_avg_min_fen: int = 5_000          # L3 by orders: average order ¥50 …
    l3_avg_max_fen: int = 20_000         # … to ¥200
    l4_min_interactions: int = 10
    l4_min_orders: int = 3
    l4_avg_above_fen: int = 20_000       # L4: average order > ¥200
    l5_window_days: int = 365            # "12 months"
    l5_min_spent_fen: int = 500_000      # ¥5,000
    l5_min_referrals: int = 1
    # Lifecycle stages.
    churn_days: int = 30
    stage_window_days: int = 90          # the window of 衰退期 and 成熟期
    declining_min_orders: int = 2
    declining_percent: int = 50          # recent orders < 50% of the past rate per window
    cycle_overdue_factor: float = 1.5    # also 衰退期: days since the last order > 1.5 × own cycle
    mature_min_recent_orders: int = 3
    mature_min_orders: int = 2
    mature_avg_min_fen: int = 50_000     # ¥500
    # Recency bands (days since the last order; browsing: days since the last interaction).
    active_days: int = 90
    silent_days: int = 180
    browsing_days: int = 30


DEFAULT_SETTINGS = LayeringSettings()


@dataclass(frozen=True)
class FieldInfo:
    caption: str
    unit: str   # 'days' | 'count' | 'fen' | 'percent': what the form shows and how it checks


FIELD_INFO: dict[str, FieldInfo] = {
    "tier_window_days": FieldInfo("分层统计窗口（天）", "days"),
    "l2_min_interactions": FieldInfo("L2 最少互动次数", "count"),
    "l2_min_orders": FieldInfo("L2 最少下单笔数", "count"),
    "l3_min_interactions": FieldInfo("L3 最少互动次数", "count"),
    "l3_min_orders": FieldInfo("L3 最少下单笔数", "count"),
    "l3_avg_min_fen": FieldInfo("L3 平均客单价下限", "fen"),
    "l3_avg_max_fen": FieldInfo("L3 平均客单价上限", "fen"),
    "l4_min_interactions": FieldInfo("L4 最少互动次数", "count"),
    "l4_min_orders": FieldInfo("L4 最少下单笔数", "count"),
    "l4_avg_above_fen": FieldInfo("L4 平均客单价高于", "fen"),
    "l5_window_days": FieldInfo("L5 消费统计窗口（天）", "days"),
    "l5_min_spent_fen": FieldInfo("L5 最低消费金额", "fen"),
    "l5_min_referrals": FieldInfo("L5 最少推荐人数", "count"),
    "churn_days": FieldInfo("流失：无任何活动的天数超过", "days"),
    "stage_window_days": FieldInfo("衰退期/成熟期统计窗口（天）", "days"),
    "declining_min_orders": FieldInfo("衰退期最少累计下单笔数", "count"),
    "declining_percent": FieldInfo("衰退期：低于以往下单频率的百分比", "percent"),
    "cycle_overdue_factor": FieldInfo("衰退期：距上次购买超过自身复购周期的倍数", "factor"),
    "mature_min_recent_orders": FieldInfo("成熟期：窗口内最少下单笔数", "count"),
    "mature_min_orders": FieldInfo("成熟期：按客单价时最少累计笔数", "count"),
    "mature_avg_min_fen": FieldInfo("成熟期：平均客单价不低于", "fen"),
    "active_days": FieldInfo("活跃：距上次下单不超过（天）", "days"),
    "silent_days": FieldInfo("沉默：距上次下单不超过（天）", "days"),
    "browsing_days": FieldInfo("浏览未购：近多少天有互动", "days"),
}

# What the form accepts for each unit, inclusive. Ten years of days is far beyond any rule.
LIMITS = {"days": (1, 3650), "count": (1, 1_000_000), "fen": (0, 10**12), "percent": (1, 100),
          "factor": (1, 10)}


def validate(values: LayeringSettings) -> None:
    """Raise ValidationError (field named, message in Chinese) for a value the rules cannot use."""
    for name, value in asdict(values).items():
        info = FIELD_INFO[name]
        low, high = LIMITS[info.unit]
        number = (int, float) if info.unit == "factor" else (int,)
        if type(value) not in number or not low <= value <= high:
            kind = "的数（可带一位小数）" if info.unit == "factor" else "的整数"
            raise ValidationError(name, f"“{info.caption}”应为 {low} 到 {high} 之间{kind}")
    if values.l3_avg_min_fen > values.l3_avg_max_fen:
        raise ValidationError("l3_avg_max_fen", "L3 平均客单价上限不能低于下限")
    if values.active_days >= values.silent_days:
        raise ValidationError("silent_days", "沉默的天数必须大于活跃的天数")


def _stored(conn: sqlite3.Connection) -> dict[str, object]:
    """The stored value of each field that has one."""
    missing = object()
    found = {f.name: settings_db.get(conn, KEY_PREFIX + f.name, missing)
             for f in fields(LayeringSettings)}
    return {name: value for name, value in found.items() if value is not missing}


def load_settings(conn: sqlite3.Connection) -> LayeringSettings:
    """The operator's thresholds; a field stored with an unusable value reads as its default."""
    stored = _stored(conn)
    try:
        whole = LayeringSettings(**{**asdict(DEFAULT_SETTINGS), **stored})
        validate(whole)
        return whole
    except ValidationError:
        pass  # e.g. a value edited by hand: keep the fields that still make sense one by one
    values = asdict(DEFAULT_SETTINGS)
    for name, value in stored.items():
        candidate = LayeringSettings(**{**values, name: value})
        try:
            validate(candidate)
        except ValidationError:
            continue
        values[name] = value
    return LayeringSettings(**values)


def save_settings(conn: sqlite3.Connection, *, values: LayeringSettings) -> OpResult:
    """Store the thresholds (undoable). Restore the defaults with `values=DEFAULT_SETTINGS`.

    Tiers and stages are not recomputed here: run `desktop.layering.recompute_all` after this
    operation and after its undo/redo (the recompute writes history, which no undo removes).
    """
    validate(values)
    if load_settings(conn) == values:
        return OpResult(Changes())
    before, wanted = _stored(conn), asdict(values)
    label = "恢复默认分层规则" if values == DEFAULT_SETTINGS else "修改分层规则"
    with transaction(conn):
        _write(conn, wanted)
    return OpResult(Changes(settings=True), label=label, count=1,
                    undo=lambda c: _restore(c, before, wanted))


def _write(conn: sqlite3.Connection, values: dict[str, object]) -> None:
    """Put the given fields and remove the stored keys of the others."""
    for name in (f.name for f in fields(LayeringSettings)):
        if name in values:
            settings_db.put(conn, KEY_PREFIX + name, values[name])
        else:
            settings_db.delete(conn, KEY_PREFIX + name)


def _restore(conn: sqlite3.Connection, values: dict[str, object],
             previous: dict[str, object]) -> OpResult:
    _write(conn, values)
    return OpResult(Changes(settings=True), count=1,
                    undo=lambda c: _restore(c, previous, values))


def window_cutoff(now: datetime, days: int) -> str:
    """The stored instant after which an event is within `days` days of `now` (see above)."""
    return timefmt.to_db(now - timedelta(days=days + 1))


def days_ago(now_s: int, then_s: int) -> int:
    """Whole days from `then_s` to `now_s` (epoch seconds), rounded down."""
    return (now_s - then_s) // SECONDS_PER_DAY


def yuan(fen: float) -> str:
    """¥ text for reasons: '¥5,000' for whole yuan, else '¥128.50'."""
    return f"¥{fen / 100:,.0f}" if fen % 100 == 0 else f"¥{fen / 100:,.2f}"


BAND_NAMES = {"active": "活跃", "silent": "沉默", "dormant": "沉睡", "browsing": "浏览未购"}


@dataclass(frozen=True)
class BandCutoffs:
    """Recency bands as ranges of stored UTC instants, for filters (SQL: db.layering.
    recency_band_where) and for `recency_band`:

    活跃 active     last_order_at > active_after           (0–90 days since the last order)
    沉默 silent     silent_after < last_order_at <= active_after   (91–180 days)
    沉睡 dormant    last_order_at <= silent_after           (> 180 days)
    浏览未购 browsing  no order, last_interaction_at > browsing_after  (touched in 30 days)
    Everyone else (no order, no recent interaction) is in no band ('').
    """
    active_after: str
    silent_after: str
    browsing_after: str


def band_cutoffs(values: LayeringSettings, now: datetime) -> BandCutoffs:
    return BandCutoffs(window_cutoff(now, values.active_days),
                       window_cutoff(now, values.silent_days),
                       window_cutoff(now, values.browsing_days))


def recency_band(last_order_at: str | None, last_interaction_at: str | None,
                 cutoffs: BandCutoffs) -> str:
    """The band code of one contact from its stored last order / last interaction ('' = none)."""
    if last_order_at is None:
        recent = last_interaction_at is not None and last_interaction_at > cutoffs.browsing_after
        return "browsing" if recent else ""
    if last_order_at > cutoffs.active_after:
        return "active"
    return "silent" if last_order_at > cutoffs.silent_after else "dormant"
