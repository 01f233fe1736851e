"""RFM: recency, frequency and monetary value scored 1–5 by quintile, and the eight segments.

Who is scored: live contacts with at least one order ("customers"); others get no scores and
segment ''. Values: R from the whole days since the last order (fewer days = higher score),
F = order count, M = total spend in fen (all orders).

Scores, with ties: for a value x among the n customers' values,
    score = 1 + floor(5 × r / n),   r = how many customers have a strictly worse value
(for F and M: smaller; for R: more days). Equal values always get equal scores; the lowest
value scores 1; a value reaches 5 only when at least 4/5 of the customers are below it.
The same scores come from four cut points, which is how they are computed and stored:
    t_k = the ceil(k × n / 5)-th worst value, k = 1…4,   score = 1 + #{k : x better than t_k}
Worked example, order counts 1 1 1 1 2 2 3 5 8 10 (n = 10): cuts 1, 1, 2, 5 → a customer with
1 order scores 1, 2 → 3, 3 → 4, 5 → 4, 8 → 5, 10 → 5.

Segments: each score is "high" (↑) when strictly above the mean of that score over all scored
customers, else "low" (↓); the (R, F, M) pattern names the segment (SEGMENTS).

Incremental scoring (one contact's order changed) reuses the cut points and means of the last
full recompute (`RfmModel`, kept in settings) so that nobody else's score moves; the next full
recompute rescores everyone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from desktop.layering_rules import SEGMENT_NAMES

# (R high, F high, M high) → stored code
SEGMENTS: dict[tuple[bool, bool, bool], str] = {
    (True, True, True): "important_value",
    (True, False, True): "important_develop",
    (False, True, True): "important_keep",
    (False, False, True): "important_recall",
    (True, True, False): "general_value",
    (True, False, False): "general_develop",
    (False, True, False): "general_keep",
    (False, False, False): "general_recall",
}
SEGMENT_ADVICE = {
    "important_value": "最近买过、买得勤、花得多，重点维护",
    "important_develop": "最近买过、花得多，但买得不勤，提高复购频次",
    "important_keep": "买得勤、花得多，但有一阵没买了，主动联系保持",
    "important_recall": "花得多，但买得少、很久没买，重点挽回",
    "general_value": "最近买过、买得勤，但花得不多，提升客单价",
    "general_develop": "最近买过，但买得少、花得少，培养消费习惯",
    "general_keep": "买得勤，但花得少、有一阵没买，定期唤醒",
    "general_recall": "买得少、花得少、很久没买，低成本召回",
}
# Indexed by 4·R↑ + 2·F↑ + M↑, for scoring many customers at once.
_BY_BITS = np.array([SEGMENTS[(bool(b & 4), bool(b & 2), bool(b & 1))] for b in range(8)],
                    dtype=object)
QUINTILES = 5


@dataclass(frozen=True)
class RfmModel:
    """Cut points and mean scores of one full scoring. R's cuts are in days since the last
    order: R = 1 + #{cut : days < cut}; F and M: score = 1 + #{cut : value > cut}."""
    customers: int
    recency_cuts_days: tuple[int, ...]
    frequency_cuts: tuple[int, ...]
    monetary_cuts_fen: tuple[int, ...]
    mean_r: float
    mean_f: float
    mean_m: float


@dataclass(frozen=True)
class RfmScores:
    r: np.ndarray
    f: np.ndarray
    m: np.ndarray
    segment: np.ndarray  # codes (object array)


def _cuts(values: np.ndarray) -> tuple[int, ...]:
    """The ceil(k·n/5)-th smallest value for k = 1…4 (none for no values)."""
    n = len(values)
    if n == 0:
        return ()
    ordered = np.sort(values)
    return tuple(int(ordered[(k * n + QUINTILES - 1) // QUINTILES - 1])
                 for k in range(1, QUINTILES))


def _score(values: np.ndarray, cuts: tuple[int, ...]) -> np.ndarray:
    """1 + how many cut points lie strictly below each value."""
    return 1 + np.searchsorted(np.asarray(cuts, dtype=np.int64), values, side="left")


def fit(days: np.ndarray, counts: np.ndarray, spent_fen: np.ndarray) -> RfmModel:
    """The model of one population of customers (arrays of equal length, one per customer)."""
    model = RfmModel(len(days), tuple(-cut for cut in _cuts(-days)), _cuts(counts),
                     _cuts(spent_fen), 0.0, 0.0, 0.0)
    if model.customers == 0:
        return model
    scores = score(model, days, counts, spent_fen)
    return replace(model, mean_r=float(scores.r.mean()), mean_f=float(scores.f.mean()),
                   mean_m=float(scores.m.mean()))


def score(model: RfmModel, days: np.ndarray, counts: np.ndarray,
          spent_fen: np.ndarray) -> RfmScores:
    r = _score(-days, tuple(-cut for cut in model.recency_cuts_days))
    f = _score(counts, model.frequency_cuts)
    m = _score(spent_fen, model.monetary_cuts_fen)
    bits = 4 * (r > model.mean_r) + 2 * (f > model.mean_f) + (m > model.mean_m)
    return RfmScores(r, f, m, _BY_BITS[bits])


def explain(r: int | None, f: int | None, m: int | None, model: RfmModel) -> str:
    """'R4 F2 M5 → 重要发展：…（R 4 > 均值 3.02，…）' for the detail panel."""
    if r is None or f is None or m is None:
        return "还没有下单，不参与 RFM 评分"
    highs = (r > model.mean_r, f > model.mean_f, m > model.mean_m)
    code = SEGMENTS[highs]
    compared = "，".join(
        f"{letter} {value} {'>' if high else '≤'} 均值 {mean:.2f}"
        for letter, value, mean, high in zip("RFM", (r, f, m),
                                             (model.mean_r, model.mean_f, model.mean_m), highs,
                                             strict=True))
    return f"R{r} F{f} M{m} → {SEGMENT_NAMES[code]}：{SEGMENT_ADVICE[code]}（{compared}）"
