"""Tier and lifecycle rules as data, evaluated for many contacts at once, each with its "why".

A rule is a list of conditions on a contact's facts (all must hold) and a reason template. The
rules of a dimension are tried top-down and the first that holds wins (PRODUCT.md: tiers from
L5 down; stages 流失 first); the last rule of each list holds always. Thresholds are names of
LayeringSettings fields, so the operator tunes numbers while the shape of the rules stays fixed.

Facts are numpy arrays, one element per contact (see FACT_NAMES); evaluating 100,000 contacts
is a handful of vector comparisons. Reasons are formatted once per distinct (rule, numbers) and
shared, since most contacts repeat a few dozen texts.
"""

from __future__ import annotations

import operator
import string
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import numpy as np

from desktop.layering_rules import LayeringSettings, yuan

Facts = Mapping[str, np.ndarray]

# What SQL counts per contact (desktop.layering reads them; windows per LayeringSettings).
FACT_NAMES = (
    "interactions",      # interactions within tier_window_days
    "orders_win",        # orders within tier_window_days
    "spent_win_fen",     # their amount
    "spent_year_fen",    # amount of the orders within l5_window_days
    "referrals",         # people this contact referred: always 0 until the schema records them
    "idle_days",         # days since the latest of: being added, an interaction, an order
    "order_count",       # all orders
    "total_spent_fen",   # all orders' amount
    "orders_recent",     # orders within stage_window_days
    "first_order_days",  # days since the first order (-1 without orders)
    "last_order_days",   # days since the last order (-1 without orders): RFM's recency
    "cycle_days",        # the learned repurchase cycle (desktop/repurchase.py), 0 without
    "cycle_own",         # 1 when that cycle is the contact's own (basis 'own')
)


@dataclass(frozen=True)
class Condition:
    fact: str
    op: str                 # one of _OPS
    threshold: str | int    # a LayeringSettings field name, or a fixed number


@dataclass(frozen=True)
class Rule:
    value: int | str        # the tier (1–5) or stage code this rule gives
    conditions: tuple[Condition, ...]
    reason: str             # str.format template over fact and setting names


_OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt,
        "==": operator.eq}


def _c(fact: str, op: str, threshold: str | int) -> Condition:
    return Condition(fact, op, threshold)


TIER_RULES: tuple[Rule, ...] = (
    Rule(5, (_c("spent_year_fen", ">=", "l5_min_spent_fen"),),
         "L5：近{l5_window_days}天消费 {spent_year_fen} ≥ {l5_min_spent_fen}"),
    Rule(5, (_c("referrals", ">=", "l5_min_referrals"),),
         "L5：推荐新客 {referrals} 人 ≥ {l5_min_referrals}"),
    Rule(4, (_c("interactions", ">=", "l4_min_interactions"),),
         "L4：近{tier_window_days}天互动 {interactions} 次 ≥ {l4_min_interactions}"),
    Rule(4, (_c("orders_win", ">=", "l4_min_orders"),),
         "L4：近{tier_window_days}天下单 {orders_win} 笔 ≥ {l4_min_orders}"),
    Rule(4, (_c("orders_win", ">=", 1), _c("avg_win_fen", ">", "l4_avg_above_fen")),
         "L4：近{tier_window_days}天平均客单价 {avg_win_fen} > {l4_avg_above_fen}"),
    Rule(3, (_c("interactions", ">=", "l3_min_interactions"),),
         "L3：近{tier_window_days}天互动 {interactions} 次 ≥ {l3_min_interactions}"),
    Rule(3, (_c("orders_win", ">=", "l3_min_orders"),
             _c("avg_win_fen", ">=", "l3_avg_min_fen"), _c("avg_win_fen", "<=", "l3_avg_max_fen")),
         "L3：近{tier_window_days}天下单 {orders_win} 笔 ≥ {l3_min_orders}，"
         "平均客单价 {avg_win_fen} 在 {l3_avg_min_fen}–{l3_avg_max_fen} 之间"),
    Rule(2, (_c("interactions", ">=", "l2_min_interactions"),),
         "L2：近{tier_window_days}天互动 {interactions} 次 ≥ {l2_min_interactions}"),
    Rule(2, (_c("orders_win", ">=", "l2_min_orders"),),
         "L2：近{tier_window_days}天下单 {orders_win} 笔 ≥ {l2_min_orders}"),
    Rule(1, (), "L1：近{tier_window_days}天互动 {interactions} 次、下单 {orders_win} 笔，"
                "未达到 L2"),
)

STAGE_RULES: tuple[Rule, ...] = (
    Rule("churned", (_c("idle_days", ">", "churn_days"),),
         "流失：已 {idle_days} 天没有互动、下单或新添加 > {churn_days} 天"),
    Rule("declining", (_c("order_count", ">=", "declining_min_orders"), _c("rate_fell", "==", 1)),
         "衰退期：近{stage_window_days}天下单 {orders_recent} 笔，不到此前平均每"
         "{stage_window_days}天 {past_rate} 笔的 {declining_percent}"),
    Rule("declining", (_c("cycle_overdue", "==", 1),),
         "衰退期：距上次购买 {last_order_days} 天，超过自身复购周期 {cycle_days} 天的 "
         "{cycle_overdue_factor} 倍"),
    Rule("mature", (_c("orders_recent", ">=", "mature_min_recent_orders"),),
         "成熟期：近{stage_window_days}天下单 {orders_recent} 笔 ≥ {mature_min_recent_orders}"),
    Rule("mature", (_c("order_count", ">=", "mature_min_orders"),
                    _c("avg_order_fen", ">=", "mature_avg_min_fen")),
         "成熟期：累计下单 {order_count} 笔 ≥ {mature_min_orders}，"
         "平均客单价 {avg_order_fen} ≥ {mature_avg_min_fen}"),
    Rule("growing", (_c("order_count", ">=", 2),), "成长期：累计下单 {order_count} 笔"),
    Rule("new", (_c("order_count", ">=", 1),), "新客：累计下单 {order_count} 笔"),
    Rule("potential", (), "潜在：还没有下单"),
)


def derive(facts: Facts, values: LayeringSettings) -> dict[str, np.ndarray]:
    """The facts plus what the rules compute from them: averages and the past order rate.

    Past rate (衰退期): the orders before the stage window per window-length, over the time from
    the first order to the window's start, counted as at least one window:
        past_rate = orders_before × W / max(first_order_days − W, W)
    and the rate fell when orders_recent < declining_percent % of it, compared in integers:
        orders_recent × 100 × max(first_order_days − W, W) < percent × orders_before × W.
    Overdue on the own cycle (衰退期 too): last_order_days > cycle_overdue_factor × cycle_days,
    only for a cycle learned from the contact's own orders.
    """
    window = values.stage_window_days
    count, recent = facts["order_count"], facts["orders_recent"]
    before = count - recent
    span = np.maximum(facts["first_order_days"] - window, window)
    rate_fell = (before > 0) & (recent * 100 * span < values.declining_percent * before * window)
    with np.errstate(divide="ignore", invalid="ignore"):
        avg_win = np.where(facts["orders_win"] > 0, facts["spent_win_fen"] / facts["orders_win"], 0)
        avg_all = np.where(count > 0, facts["total_spent_fen"] / count, 0)
    overdue = (facts["cycle_own"] == 1) & (
        facts["last_order_days"] > values.cycle_overdue_factor * facts["cycle_days"])
    return {**facts, "avg_win_fen": avg_win, "avg_order_fen": avg_all,
            "past_rate": before * window / span, "rate_fell": rate_fell.astype(np.int64),
            "cycle_overdue": overdue.astype(np.int64)}


def evaluate(rules: tuple[Rule, ...], facts: Mapping[str, np.ndarray],
             values: LayeringSettings) -> tuple[np.ndarray, np.ndarray]:
    """(value per contact, reason per contact) from the first rule that holds for each; both
    object arrays."""
    size = len(next(iter(facts.values())))
    holds = np.ones((len(rules), size), dtype=bool)
    for row, rule in enumerate(rules):
        for condition in rule.conditions:
            threshold = condition.threshold
            if isinstance(threshold, str):
                threshold = getattr(values, threshold)
            holds[row] &= _OPS[condition.op](facts[condition.fact], threshold)
    chosen = holds.argmax(axis=0)  # the first True: the last rule is always True
    outcome = np.array([rule.value for rule in rules], dtype=object)[chosen]
    reasons = np.empty(size, dtype=object)
    for row, rule in enumerate(rules):
        where = np.flatnonzero(chosen == row)
        if len(where):
            reasons[where] = _reasons(rule, facts, values, where)
    return outcome, reasons


def _reasons(rule: Rule, facts: Mapping[str, np.ndarray], values: LayeringSettings,
             where: np.ndarray) -> np.ndarray:
    """The rule's reason for the contacts at `where`, each distinct text formatted once."""
    names = list(dict.fromkeys(
        name for _, name, _, _ in string.Formatter().parse(rule.reason) if name))
    setting_texts = {k: _text(k, v) for k, v in asdict(values).items() if k in names}
    fact_names = [name for name in names if name not in setting_texts]
    # One integer code per distinct combination of the facts the text shows, built column by
    # column (1-D uniques: several times faster than np.unique(axis=0) on a stacked matrix);
    # each distinct value is turned into text once.
    code = np.zeros(len(where), dtype=np.int64)
    shown: list[tuple[list[str], np.ndarray]] = []
    for name in fact_names:
        distinct, inverse = np.unique(facts[name][where], return_inverse=True)
        inverse = inverse.reshape(-1)
        shown.append(([_text(name, value) for value in distinct.tolist()], inverse))
        code = code * len(distinct) + inverse
    _, first, inverse = np.unique(code, return_index=True, return_inverse=True)
    texts = np.array([rule.reason.format(**setting_texts, **{
        name: words[positions[i]] for name, (words, positions) in zip(fact_names, shown,
                                                                       strict=True)})
        for i in first.tolist()], dtype=object)
    return texts[inverse.reshape(-1)]


def _text(name: str, value: float) -> str:
    """A number as a reason shows it, by the unit its name carries."""
    if name.endswith("_fen"):
        return yuan(value)
    if name.endswith("_percent"):
        return f"{value}%"
    if name.endswith("_factor"):
        return f"{value:g}"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)

