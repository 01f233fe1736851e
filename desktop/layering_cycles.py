"""The orders of one recompute as arrays, and the repurchase cycles learned from them
(desktop/repurchase.py says the rules; this is how they are computed for 100,000 contacts).

The orders come with the per-contact order counts (db.layering.order_facts); the gaps
are differences of neighbours, the medians come from one sort of (group, gap) packed into one
integer, so no Python loop runs per contact or per order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from db import layering as layering_db
from desktop import repurchase

SECONDS_PER_DAY = 86_400
_MIN_GAP_S = repurchase.MIN_GAP_DAYS * SECONDS_PER_DAY

CategoryMedians = dict[str, tuple[float, int]]  # category → (median gap in days, gaps)


@dataclass(frozen=True)
class Orders:
    """Orders of the live contacts of a recompute, by contact and time."""
    position: np.ndarray    # the contact's index in the recompute's id array
    at_s: np.ndarray        # epoch seconds
    category: np.ndarray    # index into `categories`
    categories: list[str]

    def last_rows(self) -> np.ndarray:
        """Index of each contact's last order."""
        position = self.position
        return np.flatnonzero(np.r_[position[1:] != position[:-1], True]) if len(position) \
            else np.zeros(0, dtype=np.int64)


def unpack(ids: np.ndarray, categories: list[str], scale: int, rows: list[tuple]) -> Orders:
    """The orders of db.layering.order_facts `rows` for the contacts `ids` (sorted); orders of
    other (trashed) contacts are dropped."""
    if not rows or not len(ids):
        empty = np.zeros(0, dtype=np.int64)
        return Orders(empty, empty, empty, categories)
    count_column = layering_db.ORDER_COLUMNS.index("order_count")
    contact = np.repeat(np.fromiter((r[0] for r in rows), np.int64, len(rows)),
                        np.fromiter((r[count_column] for r in rows), np.int64, len(rows)))
    packed = np.fromstring(",".join(r[-1] for r in rows), dtype=np.int64, sep=",")
    position = np.searchsorted(ids, contact).clip(max=len(ids) - 1)
    known = ids[position] == contact
    position, packed = position[known], packed[known]
    in_order = (position[1:] > position[:-1]) | (
        (position[1:] == position[:-1]) & (packed[1:] >= packed[:-1]))
    if not in_order.all():  # the scan's order is not promised: sort when it was not kept
        order = np.lexsort((packed, position))
        position, packed = position[order], packed[order]
    return Orders(position, packed // scale, packed % scale, categories)


def category_medians(orders: Orders) -> CategoryMedians:
    """The median gap of each category over all customers of `orders`: gaps between consecutive
    orders of one contact in that category, under a day left out; no entry for ''."""
    if not len(orders.position):
        return {}
    # Stable: the rows are in time order within a contact, and stay so within a category.
    order = np.argsort(orders.position * len(orders.categories) + orders.category, kind="stable")
    position, category, at_s = (orders.position[order], orders.category[order],
                                orders.at_s[order])
    gap = np.diff(at_s)
    valid = ((position[1:] == position[:-1]) & (category[1:] == category[:-1])
             & (gap >= _MIN_GAP_S))
    keys, medians, counts = _medians(category[1:][valid], gap[valid])
    return {orders.categories[k]: (m / SECONDS_PER_DAY, n)
            for k, m, n in zip(keys.tolist(), medians.tolist(), counts.tolist(), strict=True)
            if orders.categories[k]}


def cycles(orders: Orders, size: int, medians: Mapping[str, tuple[float, int]],
           params: dict | None) -> dict[str, np.ndarray]:
    """cycle_days (None without orders), cycle_basis ('' without orders) and cycle_gaps as
    object arrays of `size` contacts, ready to compare and write."""
    out = {"cycle_days": np.full(size, None, dtype=object),
           "cycle_basis": np.full(size, "", dtype=object),
           "cycle_gaps": np.zeros(size, dtype=np.int64).astype(object)}
    last = orders.last_rows()
    if not len(last):
        return out
    contacts = orders.position[last]
    last_category = orders.category[last]
    own_days, own_gaps = _own(orders, size)
    own_days, own_gaps = own_days[contacts], own_gaps[contacts]
    names = orders.categories
    shared = np.array([medians.get(name, (0.0, 0)) for name in names], dtype=float).reshape(-1, 2)
    shared_days, shared_gaps = shared[last_category, 0], shared[last_category, 1].astype(np.int64)
    setting = np.array([repurchase.setting_days(params, name) for name in names])[last_category]
    is_own = own_gaps >= repurchase.MIN_OWN_ORDERS - 1
    is_shared = ~is_own & (shared_gaps >= repurchase.MIN_CATEGORY_GAPS)
    days = np.where(is_own, _rounded(own_days),
                    np.where(is_shared, _rounded(shared_days), setting))
    basis = np.where(is_own, "own", np.where(is_shared, "category", "setting"))
    gaps = np.where(is_own, own_gaps, np.where(is_shared, shared_gaps, 0))
    out["cycle_days"][contacts] = days.tolist()
    out["cycle_basis"][contacts] = basis.tolist()
    out["cycle_gaps"][contacts] = gaps.tolist()
    return out


def _own(orders: Orders, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(median of the last MAX_OWN_GAPS gaps in days, gaps used) per contact position."""
    position, gap = orders.position, np.diff(orders.at_s)
    valid = (position[1:] == position[:-1]) & (gap >= _MIN_GAP_S)
    position, gap = position[1:][valid], gap[valid]
    # Rank from each contact's last gap: the index of the contact's end minus one's own.
    from_end = np.searchsorted(position, position, side="right") - np.arange(len(position))
    keep = from_end <= repurchase.MAX_OWN_GAPS
    keys, medians, counts = _medians(position[keep], gap[keep])
    days, gaps = np.zeros(size), np.zeros(size, dtype=np.int64)
    days[keys], gaps[keys] = medians / SECONDS_PER_DAY, counts
    return days, gaps


def _medians(groups: np.ndarray, values: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(group, median of its values, count) per distinct group; values are non-negative
    seconds below 2**32 (136 years), groups below 2**31, so one packed sort orders both."""
    packed = np.sort((groups.astype(np.int64) << 32) | values.clip(0, 2**32 - 1))
    groups, values = packed >> 32, packed & (2**32 - 1)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]]) if len(packed) \
        else np.zeros(0, dtype=np.int64)
    counts = np.diff(np.r_[starts, len(packed)])
    low, high = values[starts + (counts - 1) // 2], values[starts + counts // 2]
    return groups[starts], (low + high) / 2, counts


def _rounded(days: np.ndarray) -> np.ndarray:
    """repurchase.round_days over an array."""
    return np.maximum(1, np.floor(days + 0.5)).astype(np.int64)
