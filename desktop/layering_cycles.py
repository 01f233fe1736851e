"""The orders of one recompute as arrays, and the repurchase cycles learned from them
(desktop/repurchase.py says the rules; this is how they are computed for 100,000 contacts).

The orders come in one read (db.layering.orders_by_contact) and feed the layering's order
counts and sums too (desktop/layering.py); the gaps
are differences of neighbours, the medians come from one sort of (group, gap) packed into one
integer, so no Python loop runs per contact or per order.
"""

from __future__ import annotations

import sqlite3
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
    amount_fen: np.ndarray
    categories: list[str]

    def firsts(self) -> np.ndarray:
        """Index of each contact's first order."""
        position = self.position
        return np.flatnonzero(np.r_[True, position[1:] != position[:-1]]) if len(position) \
            else np.zeros(0, dtype=np.int64)

    def lasts(self) -> np.ndarray:
        """Index of each contact's last order."""
        position = self.position
        return np.flatnonzero(np.r_[position[1:] != position[:-1], True]) if len(position) \
            else np.zeros(0, dtype=np.int64)


FetchedOrders = tuple[list[str], tuple[str, str, str, str]]  # categories, orders_by_contact


def fetch_orders(conn: sqlite3.Connection, contact_ids: list[int] | None,
                 categories: list[str] | None = None) -> FetchedOrders:
    """The reads of load_orders, on any connection (a full recompute runs them on a reader in
    a thread). `categories`: those expected (the last full recompute's), saving a scan for
    them; none given, the categories are listed first."""
    if categories is None:
        categories = layering_db.order_categories(conn, contact_ids)
    return categories, layering_db.orders_by_contact(conn, categories, _scale(categories),
                                                     contact_ids)


def _scale(categories: list[str]) -> int:
    """The power of two that the category number (up to len(categories)) stays below."""
    return 1 << (len(categories) + 1).bit_length()


def load_orders(conn: sqlite3.Connection, ids: np.ndarray, contact_ids: list[int] | None,
                categories: list[str] | None = None,
                fetched: FetchedOrders | None = None) -> Orders:
    """The orders of the contacts `ids` (sorted; all live contacts when `contact_ids` is None,
    else those ids); orders of other (trashed) contacts are dropped. `categories` as for
    fetch_orders; when an order has another one, they are listed and the orders read again.
    `fetched`: fetch_orders' result when it already ran."""
    categories, texts = fetched or fetch_orders(conn, contact_ids, categories)
    bits = _scale(categories).bit_length() - 1
    contact, counts, packed, amount_fen = map(_numbers, texts)
    if not len(contact) or not len(ids):
        empty = np.zeros(0, dtype=np.int64)
        return Orders(empty, empty, empty, empty, categories)
    position = np.searchsorted(ids, contact).clip(max=len(ids) - 1)
    known = ids[position] == contact
    position = np.repeat(position, counts)
    if not known.all():
        kept = np.repeat(known, counts)
        position, packed, amount_fen = position[kept], packed[kept], amount_fen[kept]
    category, at_s = packed & ((1 << bits) - 1), packed >> bits
    if (category == len(categories)).any():  # a category new since the list was made
        return load_orders(conn, ids, contact_ids)
    in_order = (position[1:] > position[:-1]) | (
        (position[1:] == position[:-1]) & (at_s[1:] >= at_s[:-1]))
    if not in_order.all():  # the scan's order is not promised: sort when it was not kept
        order = np.lexsort((at_s, position))
        position, at_s, category, amount_fen = (position[order], at_s[order], category[order],
                                                amount_fen[order])
    return Orders(position, at_s, category, amount_fen, categories)


def _numbers(text: str) -> np.ndarray:
    """Comma-separated integers as an array ('' gives an empty one)."""
    return np.fromstring(text, dtype=np.int64, sep=",")


def category_medians(orders: Orders) -> CategoryMedians:
    """The median gap of each category over all customers of `orders`: gaps between consecutive
    orders of one contact in that category, under a day left out; (0.0, 0) for a category
    without gaps, so the keys list every category (but '') for the next recompute's read."""
    found: CategoryMedians = {name: (0.0, 0) for name in orders.categories if name}
    if not len(orders.position):
        return found
    # Stable: the rows are in time order within a contact, and stay so within a category.
    order = np.argsort(orders.position * (len(orders.categories) + 1) + orders.category,
                       kind="stable")
    position, category, at_s = (orders.position[order], orders.category[order],
                                orders.at_s[order])
    gap = np.diff(at_s)
    valid = ((position[1:] == position[:-1]) & (category[1:] == category[:-1])
             & (gap >= _MIN_GAP_S))
    keys, medians, counts = _medians(category[1:][valid], gap[valid])
    found.update((orders.categories[k], (m / SECONDS_PER_DAY, n))
                 for k, m, n in zip(keys.tolist(), medians.tolist(), counts.tolist(), strict=True)
                 if orders.categories[k])
    return found


def cycles(orders: Orders, size: int, medians: Mapping[str, tuple[float, int]],
           params: dict | None) -> dict[str, np.ndarray]:
    """cycle_days (None without orders), cycle_basis ('' without orders) and cycle_gaps as
    object arrays of `size` contacts, ready to compare and write."""
    out = {"cycle_days": np.full(size, None, dtype=object),
           "cycle_basis": np.full(size, "", dtype=object),
           "cycle_gaps": np.zeros(size, dtype=np.int64).astype(object)}
    last = orders.lasts()
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
    ends = np.flatnonzero(np.r_[position[1:] != position[:-1], True]) + 1 if len(position) \
        else np.zeros(0, dtype=np.int64)
    end = np.repeat(ends, np.diff(np.r_[0, ends]))
    keep = end - np.arange(len(position)) <= repurchase.MAX_OWN_GAPS
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
    """Medians in days as the whole days stored (at least one)."""
    return np.maximum(1, np.floor(days + 0.5)).astype(np.int64)
