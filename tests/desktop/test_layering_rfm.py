"""RFM: quintile scores with ties on a hand-computed set, the eight segments, explanations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop import layering, layering_rfm
from desktop.layering_rfm import RfmModel
from tests.desktop.layering_seed import ago, layers, recompute, seed

# (orders, fen per order, days since the last order) per customer; worked by hand below.
CUSTOMERS = [
    (1, 10_000, 5), (1, 20_000, 5), (1, 10_000, 40), (1, 50_000, 100), (2, 10_000, 5),
    (2, 30_000, 200), (3, 10_000, 40), (5, 10_000, 10), (8, 10_000, 300), (10, 20_000, 2),
]
# F: counts 1 1 1 1 2 2 3 5 8 10 → cuts 1 1 2 5 → 1 1 1 1 3 3 4 4 5 5
# M: totals 100 200 100 500 200 600 300 500 800 2000 (yuan) → cuts 100 200 500 600
#    → 1 2 1 3 2 4 3 3 5 5
# R: days 5 5 40 100 5 200 40 10 300 2 → cuts (days) 200 40 10 5, R = 1 + #{days < cut}
#    → 4 4 2 2 4 1 2 3 1 5
# means: R 2.8, F 2.8, M 2.9; "high" = strictly above the mean
EXPECTED = [
    (4, 1, 1, "general_develop"), (4, 1, 2, "general_develop"), (2, 1, 1, "general_recall"),
    (2, 1, 3, "important_recall"), (4, 3, 2, "general_value"), (1, 3, 4, "important_keep"),
    (2, 4, 3, "important_keep"), (3, 4, 3, "important_value"), (1, 5, 5, "important_keep"),
    (5, 5, 5, "important_value"),
]


def _seed_customers(conn) -> list[int]:
    ids = []
    for count, fen, days in CUSTOMERS:
        bought = [(ago(days + extra), fen) for extra in range(count)]
        ids.append(seed(conn, touches=[ago(1)], orders=bought))
    return ids


def test_scores_and_segments_match_the_hand_computed_set(workspace):
    conn = workspace.conn
    ids = _seed_customers(conn)
    nobody = seed(conn, touches=[ago(1)])
    trashed = seed(conn, orders=[(ago(1), 900_000)], deleted_at=ago(1))
    recompute(conn)
    assert [layers(conn, i)[4:] for i in ids] == EXPECTED
    assert layers(conn, nobody)[4:] == (None, None, None, "")
    assert layers(conn, trashed)[4:] == (None, None, None, "")  # not scored, not counted
    model = layering.load_rfm_model(conn)
    assert model == RfmModel(10, (200, 40, 10, 5), (1, 1, 2, 5),
                             (10_000, 20_000, 50_000, 60_000), 2.8, 2.8, 2.9)


@given(st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=40))
def test_cut_points_score_as_one_plus_floor_five_rank_over_n(values):
    """The documented formula, with ties: r = how many values are strictly smaller."""
    array = np.array(values, dtype=np.int64)
    model = layering_rfm.fit(array, array, array)
    scores = layering_rfm.score(model, array, array, array)
    n = len(values)
    expected_high = [1 + 5 * sum(v < x for v in values) // n for x in values]
    expected_recency = [1 + 5 * sum(v > x for v in values) // n for x in values]
    assert scores.f.tolist() == expected_high
    assert scores.m.tolist() == expected_high
    assert scores.r.tolist() == expected_recency


@pytest.mark.parametrize(("r", "f", "m", "code"), [
    (4, 4, 4, "important_value"), (4, 2, 4, "important_develop"), (2, 4, 4, "important_keep"),
    (2, 2, 4, "important_recall"), (4, 4, 2, "general_value"), (4, 2, 2, "general_develop"),
    (2, 4, 2, "general_keep"), (2, 2, 2, "general_recall"), (3, 3, 3, "general_recall"),
])
def test_each_score_above_its_mean_is_high_and_equal_is_low(r, f, m, code):
    model = RfmModel(10, (50, 40, 30, 20), (1, 2, 3, 4), (1, 2, 3, 4), 3.0, 3.0, 3.0)
    days = {1: 60, 2: 45, 3: 35, 4: 25, 5: 10}[r]
    scores = layering_rfm.score(model, np.array([days]), np.array([f]), np.array([m]))
    assert (scores.r[0], scores.f[0], scores.m[0], scores.segment[0]) == (r, f, m, code)


def test_explanation_names_the_segment_and_the_comparisons():
    model = RfmModel(10, (), (), (), 3.02, 3.1, 2.9)
    assert layering_rfm.explain(4, 2, 5, model) == (
        "R4 F2 M5 → 重要发展：最近买过、花得多，但买得不勤，提高复购频次"
        "（R 4 > 均值 3.02，F 2 ≤ 均值 3.10，M 5 > 均值 2.90）")
    assert layering_rfm.explain(None, None, None, model) == "还没有下单，不参与 RFM 评分"


def test_incremental_scoring_uses_the_cut_points_of_the_last_full_recompute(workspace, clock):
    conn = workspace.conn
    ids = _seed_customers(conn)
    recompute(conn)
    model = layering.load_rfm_model(conn)
    newcomer = seed(conn, touches=[ago(1)], orders=[(ago(0), 2_000_000)] * 12)
    layering.recompute_contacts(conn, [newcomer], clock=clock)
    # by the stored cuts: 0 days < every R cut, 12 orders > every F cut, ¥240,000 > every M
    assert layers(conn, newcomer)[4:] == (5, 5, 5, "important_value")
    assert [layers(conn, i)[4:] for i in ids] == EXPECTED  # nobody else moved
    assert layering.load_rfm_model(conn) == model


def test_incremental_scoring_before_any_full_recompute_fits_the_customers_now(workspace,
                                                                            clock):
    conn = workspace.conn
    ids = _seed_customers(conn)
    layering.recompute_contacts(conn, ids, clock=clock)
    assert [layers(conn, i)[4:] for i in ids] == EXPECTED
    assert layering.load_rfm_model(conn) is None  # only a full recompute stores one
