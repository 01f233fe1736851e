"""Recomputing tiers, lifecycle stages and RFM, with a reason for each and history of changes.

`recompute_all` evaluates every live contact (on demand, after an import, after the layering
settings changed, and once a day at first start: people drift into 流失 as days pass);
`recompute_contacts` evaluates a few after their orders or interactions changed. Both are
operations for the database thread. They are not undoable and do not clear the undo stack
(OpResult without undo): they only bring derived columns up to date, and history is a record of
what happened, not a step to take back.

An operation that changes a contact's orders or interactions (desktop/contacts.py,
desktop/bulk_edit.py) instead calls `recompute_after` inside its own transaction: the layering
it wrote becomes part of that undo step, so undo puts back the before-images and deletes the
history rows it inserted, and redo writes them again.

What is written: tier, tier_reason, stage, stage_reason, rfm_r/f/m, rfm_segment — only on rows
where one of them differs — and one layer_history row per change of tier or stage (from, to,
now, the new reason). A second run over unchanged data writes nothing. A pinned tier is kept
with its reason (a pinned tier without a reason gets "L<n>：手动固定"); its stage and RFM are
computed as for everyone. Trashed contacts are left as they are and are not part of the RFM
population.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, replace
from datetime import datetime

import numpy as np

from db import bulk, contact_bulk
from db import layering as layering_db
from db import settings as settings_db
from db.connection import transaction
from desktop import layering_cycles, layering_rfm, repurchase, timefmt
from desktop.changes import Changes, OpResult, UndoFn
from desktop.layering_eval import STAGE_RULES, TIER_RULES, derive, evaluate
from desktop.layering_rules import (
    BAND_NAMES,
    LayeringSettings,
    band_cutoffs,
    days_ago,
    load_settings,
    recency_band,
    window_cutoff,
)
from desktop.progress import Cancelled, Progress

RFM_MODEL_KEY = "layering.rfm_model"
CATEGORY_CYCLES_KEY = "layering.category_cycles"  # {category: [median gap in days, gaps]}
LAST_FULL_DAY_KEY = "layering.last_full_recompute_day"  # local 'YYYY-MM-DD'
WRITE_CHUNK = 10_000  # rows per UPDATE batch, between progress reports and cancel checks
WRITE_CACHE_MIB = 88  # page cache of a full recompute's write (see _bulk)
_CHANGED = Changes(contacts=True, contact_detail=True, tiers=True)


@dataclass(frozen=True)
class RecomputeSummary:
    contacts: int        # live contacts evaluated
    changed: int         # of them, contacts whose stored layering changed
    tier_changes: int    # contacts whose tier changed (one history row each)
    stage_changes: int   # contacts whose stage changed (one history row each)
    moved: int           # contacts whose tier or stage changed (what the operator is told)

    def line(self) -> str:
        """What the CLI prints and the window reports after a full recompute."""
        return f"已重新计算分层：{self.moved} 位客户的层级或阶段有变化"


def recompute_all(conn: sqlite3.Connection, *, progress: Progress | None = None,
                  clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """Every live contact, with RFM rescored over all customers; marks today as done for
    `daily_recompute_due`. One transaction: Cancel (Progress) raises Cancelled and keeps
    nothing."""
    now = clock()
    aside = not conn.in_transaction  # else an outer transaction may hold writes a reader misses
    with transaction(conn):
        summary = _recompute(conn, None, now, progress, aside=aside).summary
        settings_db.put(conn, LAST_FULL_DAY_KEY, now.astimezone().date().isoformat())
    return _result(summary, "重新计算分层")


def recompute_contacts(conn: sqlite3.Connection, contact_ids: Iterable[int], *,
                       clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """Tier, stage and RFM of these contacts (trashed or unknown ids are skipped). RFM scores
    use the cut points and means of the last full recompute, so no one else's score moves."""
    ids = sorted(set(contact_ids))
    if not ids:
        return OpResult(Changes())
    with transaction(conn):
        summary = _recompute(conn, ids, clock(), None).summary
    return _result(summary, "更新分层")


def daily_recompute_due(conn: sqlite3.Connection,
                        clock: timefmt.Clock = timefmt.system_clock) -> bool:
    """True until a full recompute has run on the operator's current local day."""
    today = clock().astimezone().date().isoformat()
    return settings_db.get(conn, LAST_FULL_DAY_KEY) != today


def load_rfm_model(conn: sqlite3.Connection) -> layering_rfm.RfmModel | None:
    """The cut points and means of the last full recompute (None before the first one)."""
    stored = settings_db.get(conn, RFM_MODEL_KEY)
    if not isinstance(stored, dict):
        return None
    try:
        return layering_rfm.RfmModel(**{
            k: tuple(v) if isinstance(v, list) else v for k, v in stored.items()})
    except TypeError:  # stored by another build with other fields: rescore in full
        return None


@dataclass(frozen=True)
class Why:
    """Why a contact has its tier, stage, RFM segment and recency band, as the detail panel
    says it ("L4：近30天互动 12 次 ≥ 10")."""
    tier: int
    tier_pinned: bool
    tier_reason: str
    stage: str
    stage_reason: str
    rfm: str    # layering_rfm.explain: scores, segment, advice and the comparison with the means
    band: str   # 活跃 / 沉默 / 沉睡 / 浏览未购, '' for none
    repurchase: str  # "上 3 次间隔约 28 天，预计 12 月 11 日复购", '' without a learned cycle


def why(conn: sqlite3.Connection, contact_id: int,
        clock: timefmt.Clock = timefmt.system_clock) -> Why | None:
    """Read on any connection (the UI's reader); None for an unknown contact."""
    row = layering_db.why_row(conn, contact_id)
    if row is None:
        return None
    (tier, pinned, tier_reason, stage, stage_reason, r, f, m, last_order, last_touch,
     cycle_days, cycle_basis, cycle_gaps, category) = row
    model = load_rfm_model(conn)
    unscored = r is None and last_order is not None  # ordered since the last recompute
    rfm = ("RFM 还没有评分：请重新计算分层" if unscored or (model is None and r is not None)
           else layering_rfm.explain(r, f, m, model))
    now = clock()
    band = recency_band(last_order, last_touch, band_cutoffs(load_settings(conn), now))
    cycle = ""
    if cycle_basis and last_order:
        days, basis, gaps = repurchase.effective(
            repurchase.rule_params(conn), days=cycle_days, basis=cycle_basis, gaps=cycle_gaps,
            category=category or "")
        cycle = repurchase.cycle_text(days=days, basis=basis, gaps=gaps, category=category or "",
                                      last_order_at=last_order, today=now.astimezone().date())
    return Why(tier, bool(pinned), tier_reason, stage, stage_reason, rfm, BAND_NAMES.get(band, ""),
               cycle)


def _result(summary: RecomputeSummary, label: str) -> OpResult:
    return OpResult(_CHANGED if summary.changed else Changes(), label=label,
                    count=summary.changed, value=summary)


def _report(progress: Progress | None, done: int, total: int) -> None:
    """Raise Cancelled if Cancel was pressed (the transaction rolls back), else report."""
    if progress is not None:
        if progress.cancel_event.is_set():
            raise Cancelled()
        progress.report(done, total)


@dataclass(frozen=True)
class _Current:
    """What is stored now, one element per live contact in id order (object arrays)."""
    ids: np.ndarray
    columns: dict[str, np.ndarray]


def _recompute(conn: sqlite3.Connection, contact_ids: list[int] | None, now: datetime,
               progress: Progress | None, *, aside: bool = False) -> _Written:
    """Progress: reading and evaluating count as one step per contact, writing as another.
    `aside`: read the orders on a reader in a thread (see _reads)."""
    values = load_settings(conn)
    stored = _stored_medians(conn)
    categories = None if stored is None else ["", *stored]
    current, interactions, fetched = _reads(conn, contact_ids, values, now, categories, aside)
    size = len(current.ids)
    total = 2 * size
    _report(progress, 0, total)
    per_contact, orders = _orders(conn, values, current.ids, now, contact_ids, categories,
                                  fetched)
    medians = _category_medians(conn, contact_ids, orders, stored)
    cycles = layering_cycles.cycles(orders, size, medians,
                                    repurchase.rule_params(conn))
    facts = _facts(current, per_contact, cycles, interactions, now)
    _report(progress, size // 2, total)
    derived = derive(facts, values)
    tier, tier_reason = evaluate(TIER_RULES, derived, values)
    _keep_pinned(current, tier, tier_reason)
    stage, stage_reason = evaluate(STAGE_RULES, derived, values)
    model = _rfm_model(conn, contact_ids, facts, int(now.timestamp()))
    new = {"tier": tier, "tier_reason": tier_reason, "stage": stage,
           "stage_reason": stage_reason, **_rfm_columns(model, facts), **cycles}
    _report(progress, size, total)
    del orders, per_contact, facts, derived  # their memory goes to the page cache of the write
    with _bulk(conn, contact_ids):
        written = _write(conn, current, new, timefmt.to_db(now), progress, total)
    if contact_ids is None:
        settings_db.put(conn, RFM_MODEL_KEY, asdict(model))
        settings_db.put(conn, CATEGORY_CYCLES_KEY, medians)
    return written


def _bulk(conn: sqlite3.Connection, contact_ids: list[int] | None
          ) -> AbstractContextManager[None]:
    """For a full recompute, a page cache that holds every page the write dirties (the table
    and the list's covering index: 82 MB of WAL at 100k, as the reasons grow the rows): with
    64 MB, pages spilled to the WAL mid-transaction (77,000 writes instead of 60,000). Only
    around the write: the reads before it are one pass each and filled it with pages read
    once. Not more: the cache's pages stay in the process's heap after it shrinks back, and
    the next recompute's arrays come on top (bench peak RSS 246 MB; 258 MB with 96 MB). The
    CHECKed values written are the rules' own codes."""
    return bulk.bulk_load(conn, cache_mib=WRITE_CACHE_MIB) if contact_ids is None \
        else nullcontext()


def _reads(conn: sqlite3.Connection, contact_ids: list[int] | None, values: LayeringSettings,
           now: datetime, categories: list[str] | None, aside: bool
           ) -> tuple[_Current, list[tuple[int, int]], layering_cycles.FetchedOrders | None]:
    """The stored layering of the contacts, their interactions in the tier window and, with
    `aside`, their orders (layering_cycles.fetch_orders; else None: read by the caller).

    Aside, the orders are read at the same time on a reader connection in a thread: SQLite
    releases the GIL while it steps, and orders_by_contact is one row, so the thread hardly
    needs the GIL (one row per contact made the two threads queue for it). 0.54 s instead of
    0.77 s for these reads at 100k on two cores. The reader sees what `conn` sees only when
    `conn` has written nothing yet in its transaction and began it with BEGIN IMMEDIATE (the
    caller's `aside`: recompute_all outside any other transaction): then both read the last
    commit, and no one else can commit until `conn` does. An in-memory database has no
    reader: everything is read here."""
    reader = layering_db.open_reader(conn) if aside else None
    after = window_cutoff(now, values.tier_window_days)
    if reader is None:
        return (_current(layering_db.contact_rows(conn, contact_ids)),
                layering_db.interaction_counts(conn, after=after, contact_ids=contact_ids), None)
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            orders = pool.submit(layering_cycles.fetch_orders, reader, contact_ids, categories)
            # The rows' tuples go as soon as they are in arrays: the peak RSS is in the reads.
            current = _current(layering_db.contact_rows(conn, contact_ids))
            interactions = layering_db.interaction_counts(conn, after=after,
                                                          contact_ids=contact_ids)
            return current, interactions, orders.result()
    finally:
        reader.close()


def _stored_medians(conn: sqlite3.Connection) -> layering_cycles.CategoryMedians | None:
    """The category medians of the last full recompute (every category then known)."""
    stored = settings_db.get(conn, CATEGORY_CYCLES_KEY)
    if not isinstance(stored, dict):
        return None
    return {name: (float(days), int(gaps)) for name, (days, gaps) in stored.items()}


def _category_medians(conn: sqlite3.Connection, contact_ids: list[int] | None,
                      orders: layering_cycles.Orders,
                      stored: layering_cycles.CategoryMedians | None
                      ) -> layering_cycles.CategoryMedians:
    """A full recompute learns them from everyone's orders; an incremental one reuses the
    stored ones, or learns them from every live customer when none were stored yet."""
    if contact_ids is None:
        return layering_cycles.category_medians(orders)
    if stored is not None:
        return stored
    everyone = np.array(layering_db.live_ids(conn), dtype=np.int64)
    return layering_cycles.category_medians(layering_cycles.load_orders(conn, everyone, None))


def _current(rows: list[tuple]) -> _Current:
    matrix = np.empty((len(rows), len(layering_db.CONTACT_COLUMNS)), dtype=object)
    if rows:
        matrix[:] = rows
    columns = dict(zip(layering_db.CONTACT_COLUMNS, matrix.T, strict=True))
    return _Current(columns.pop("id").astype(np.int64), columns)


def _orders(conn: sqlite3.Connection, values: LayeringSettings, ids: np.ndarray, now: datetime,
            contact_ids: list[int] | None, categories: list[str] | None,
            fetched: layering_cycles.FetchedOrders | None
            ) -> tuple[dict[str, np.ndarray], layering_cycles.Orders]:
    """Per contact of `ids` (0 without orders): counts and amounts in the tier window, the
    12-month window and the stage window, all-time totals and the first order; and the orders
    one by one. Windows as in layering_rules: an order is inside when at_s > the cutoff."""
    orders = layering_cycles.load_orders(conn, ids, contact_ids, categories, fetched)
    position, at_s, amount = orders.position, orders.at_s, orders.amount_fen

    def per_contact(weights: np.ndarray | None) -> np.ndarray:
        return np.bincount(position, weights, minlength=len(ids)).astype(np.int64)

    def inside(days: int) -> np.ndarray:
        return at_s > int(timefmt.from_db(window_cutoff(now, days)).timestamp())

    tier_window = inside(values.tier_window_days)
    first_order_s = np.zeros(len(ids), dtype=np.int64)
    firsts = orders.firsts()
    first_order_s[position[firsts]] = at_s[firsts]
    # Sums as float64 weights: exact below 2**53 fen (90 trillion yuan) per contact.
    return {"orders_win": per_contact(tier_window),
            "spent_win_fen": per_contact(np.where(tier_window, amount, 0)),
            "spent_year_fen": per_contact(
                np.where(inside(values.l5_window_days), amount, 0)),
            "orders_recent": per_contact(inside(values.stage_window_days)),
            "order_count": per_contact(None), "total_spent_fen": per_contact(amount),
            "first_order_s": first_order_s}, orders


def _facts(current: _Current, orders: dict[str, np.ndarray], cycles: dict[str, np.ndarray],
           interaction_rows: list[tuple[int, int]], now: datetime) -> dict[str, np.ndarray]:
    """The facts of layering_eval.FACT_NAMES, one element per contact of `current`."""
    ids = current.ids
    interactions = _spread(ids, interaction_rows, ("count",))
    now_s = int(now.timestamp())
    has_orders = orders["order_count"] > 0
    last_order_s = np.array([s or 0 for s in current.columns["last_order_s"]], dtype=np.int64)
    return {
        "interactions": interactions["count"],
        "orders_win": orders["orders_win"],
        "spent_win_fen": orders["spent_win_fen"],
        "spent_year_fen": orders["spent_year_fen"],
        "referrals": np.zeros(len(ids), dtype=np.int64),  # no referral data in the schema yet
        "idle_days": days_ago(now_s, current.columns["active_s"].astype(np.int64)),
        "order_count": orders["order_count"],
        "total_spent_fen": orders["total_spent_fen"],
        "orders_recent": orders["orders_recent"],
        "first_order_days": np.where(has_orders, days_ago(now_s, orders["first_order_s"]), -1),
        "last_order_days": np.where(has_orders, days_ago(now_s, last_order_s), -1),
        "cycle_days": np.array([d or 0 for d in cycles["cycle_days"]], dtype=np.int64),
        "cycle_own": (cycles["cycle_basis"] == "own").astype(np.int64),
    }


def _spread(ids: np.ndarray, rows: list[tuple], names: tuple[str, ...]
            ) -> dict[str, np.ndarray]:
    """Per-contact aggregates (contact id first in each row) as arrays aligned with `ids`;
    0 for contacts without a row. Rows of ids not in `ids` (trashed contacts) are dropped."""
    out = {name: np.zeros(len(ids), dtype=np.int64) for name in names}
    if not rows or not len(ids):
        return out
    matrix = np.array(rows, dtype=np.int64)
    position = np.searchsorted(ids, matrix[:, 0]).clip(max=len(ids) - 1)
    known = ids[position] == matrix[:, 0]
    for column, name in enumerate(names, start=1):
        out[name][position[known]] = matrix[known, column]
    return out


def _keep_pinned(current: _Current, tier: np.ndarray, reason: np.ndarray) -> None:
    pinned = np.flatnonzero(current.columns["tier_pinned"] == 1)
    tier[pinned] = current.columns["tier"][pinned]
    for position in pinned.tolist():
        kept = current.columns["tier_reason"][position]
        reason[position] = kept or f"L{tier[position]}：手动固定"


def _rfm_model(conn: sqlite3.Connection, contact_ids: list[int] | None,
               facts: dict[str, np.ndarray], now_s: int) -> layering_rfm.RfmModel:
    """A full recompute fits the model to everyone it read; an incremental one reuses the
    stored model, or fits one to every live customer when none was stored yet (or it had no
    customers to fit)."""
    if contact_ids is None:
        customers = facts["order_count"] > 0
        return layering_rfm.fit(facts["last_order_days"][customers],
                                facts["order_count"][customers],
                                facts["total_spent_fen"][customers])
    stored = load_rfm_model(conn)
    if stored is not None and stored.customers:
        return stored
    population = np.array(layering_db.customer_values(conn), dtype=np.int64).reshape(-1, 3)
    return layering_rfm.fit(days_ago(now_s, population[:, 0]), population[:, 1],
                            population[:, 2])


def _rfm_columns(model: layering_rfm.RfmModel, facts: dict[str, np.ndarray]
                 ) -> dict[str, np.ndarray]:
    """rfm_r/f/m (None without orders) and rfm_segment ('' without orders), object arrays."""
    customers = np.flatnonzero(facts["order_count"] > 0)
    size = len(facts["order_count"])
    columns = {name: np.full(size, None, dtype=object) for name in ("rfm_r", "rfm_f", "rfm_m")}
    columns["rfm_segment"] = np.full(size, "", dtype=object)
    scores = layering_rfm.score(model, facts["last_order_days"][customers],
                                facts["order_count"][customers],
                                facts["total_spent_fen"][customers])
    for name, value in (("rfm_r", scores.r), ("rfm_f", scores.f), ("rfm_m", scores.m),
                        ("rfm_segment", scores.segment)):
        columns[name][customers] = value.tolist()
    return columns


def _write(conn: sqlite3.Connection, current: _Current, new: dict[str, np.ndarray],
           now_text: str, progress: Progress | None, total: int) -> RecomputeSummary:
    """Update the rows that differ and record history; progress advances over the rows.

    A column is assigned only on the rows where it changes, so the rows are written in groups
    by which columns changed: assigning an indexed one, even its old value, rewrites the row's
    entries in every index holding it (the list's covering index holds tier, stage and
    rfm_segment: +4.5 µs a row at 100k, more than the row itself), and a contact without
    orders keeps its empty RFM and cycle (6 values not bound on 40 % of the rows)."""
    old = current.columns
    group = np.zeros(len(current.ids), dtype=np.int64)
    differs = {}
    for bit, name in enumerate(layering_db.LAYER_COLUMNS):
        differs[name] = np.asarray(new[name] != old[name], dtype=bool)
        group |= differs[name].astype(np.int64) << bit
    changed = group != 0
    first = contact_bulk.next_history_id(conn)  # ids chosen here so that a redo reuses them
    history = [(first + n, *row) for n, row in enumerate(
        (int(current.ids[i]), dimension, str(old[dimension][i]), str(new[dimension][i]),
         now_text, new[f"{dimension}_reason"][i])
        for dimension in ("tier", "stage") for i in np.flatnonzero(differs[dimension]))]
    contact_bulk.insert_history(conn, history)
    count = int(changed.sum())
    half, written = total // 2, 0
    for key in np.flatnonzero(np.bincount(group[changed])).tolist():  # the groups present
        columns = [name for bit, name in enumerate(layering_db.LAYER_COLUMNS) if key >> bit & 1]
        positions = np.flatnonzero(changed & (group == key))
        for start in range(0, len(positions), WRITE_CHUNK):
            chunk = positions[start:start + WRITE_CHUNK]
            layering_db.update_contacts(conn, columns, zip(
                *(new[c][chunk].tolist() for c in columns), current.ids[chunk].tolist(),
                strict=True))
            written += len(chunk)
            _report(progress, half + half * written // max(count, 1), total)
    return _Written(RecomputeSummary(len(current.ids), count, int(differs["tier"].sum()),
                                     int(differs["stage"].sum()),
                                     int((differs["tier"] | differs["stage"]).sum())),
                    current, new, np.flatnonzero(changed), history)


@dataclass(frozen=True)
class _Written:
    summary: RecomputeSummary
    current: _Current
    new: dict[str, np.ndarray]
    positions: np.ndarray       # of the rows written, in `current`
    history: list[tuple]        # the layer_history rows inserted, id first

    def layers(self) -> LayerWrite:
        def rows(columns: dict[str, np.ndarray]) -> tuple[tuple, ...]:
            return tuple((*(columns[c][i] for c in layering_db.LAYER_COLUMNS),
                          int(self.current.ids[i])) for i in self.positions.tolist())
        moved = self.summary.tier_changes or self.summary.stage_changes
        changes = (_CHANGED if moved else Changes(contacts=True, contact_detail=True)
                   ) if self.summary.changed else Changes()
        return LayerWrite(rows(self.current.columns), rows(self.new), tuple(self.history),
                          changes)


@dataclass(frozen=True)
class LayerWrite:
    """What one incremental recompute changed, to take back exactly (undo) and write again
    (redo). Rows are LAYER_COLUMNS then the contact id (db.layering.update_contacts)."""
    before: tuple[tuple, ...]
    after: tuple[tuple, ...]
    history: tuple[tuple, ...]  # layer_history rows inserted, id first
    changes: Changes            # tiers when a tier or stage moved

    def revert(self, conn: sqlite3.Connection) -> None:
        contact_bulk.delete_history(conn, (row[0] for row in self.history))
        layering_db.update_contacts(conn, layering_db.LAYER_COLUMNS, self.before)

    def reapply(self, conn: sqlite3.Connection) -> None:
        layering_db.update_contacts(conn, layering_db.LAYER_COLUMNS, self.after)
        contact_bulk.insert_history(conn, self.history)


def recompute_after(conn: sqlite3.Connection, result: OpResult, contact_ids: Iterable[int], *,
                    clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """`result` of an operation that changed these contacts' orders, interactions or pin, with
    their layering recomputed as part of it. Call inside the operation's transaction, after
    its writes. Undo reverts the layering, then the operation; redo does the reverse."""
    ids = sorted(set(contact_ids))
    if result.undo is None or not ids:
        return result
    with transaction(conn):
        write = _recompute(conn, ids, clock(), None).layers()
    return _with_layers(result, write)


def _with_layers(result: OpResult, write: LayerWrite) -> OpResult:
    assert result.undo is not None
    undo_operation: UndoFn = result.undo

    def undo(conn: sqlite3.Connection) -> OpResult:
        write.revert(conn)
        undone = undo_operation(conn)
        assert undone.undo is not None
        redo_operation: UndoFn = undone.undo

        def redo(c: sqlite3.Connection) -> OpResult:
            redone = redo_operation(c)
            write.reapply(c)
            return _with_layers(redone, write)
        return replace(undone, changes=undone.changes | write.changes, undo=redo)
    return replace(result, changes=result.changes | write.changes, undo=undo)
