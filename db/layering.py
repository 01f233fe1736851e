"""Set-based reads and writes of layering: per-contact counts in time windows, and the results.

Windows are given as exclusive lower bounds on stored UTC instants ("after"): an event is in the
window when `instant > after` (the desktop layer turns "within N days" into that bound). Every
read is one GROUP BY or one scan, never a query per contact: 100,000 contacts with 500,000
orders and 1,000,000 interactions are read in a few hundred milliseconds. `contact_ids=None`
means every live contact; a list restricts the reads to those ids (a JSON array bound once).

Instants are returned as epoch seconds (unixepoch, SQLite ≥ 3.38) so the caller computes whole
days exactly, without parsing text per row.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from db import cipher, connection

# contact_rows: the current layering of each live contact, and when it was last active.
CONTACT_COLUMNS = ("id", "tier", "tier_pinned", "tier_reason", "stage", "stage_reason", "rfm_r",
                   "rfm_f", "rfm_m", "rfm_segment", "cycle_days", "cycle_basis", "cycle_gaps",
                   "active_s", "last_order_s")
# update_contacts: the columns layering writes (the repurchase cycle is learned in the same pass).
LAYER_COLUMNS = ("tier", "tier_reason", "stage", "stage_reason", "rfm_r", "rfm_f", "rfm_m",
                 "rfm_segment", "cycle_days", "cycle_basis", "cycle_gaps")


def _scope(column: str, contact_ids: Sequence[int] | None) -> tuple[str, dict]:
    """A WHERE term limiting `column` to contact_ids (named parameter :ids), or none."""
    if contact_ids is None:
        return "1", {}
    return (f"{column} IN (SELECT value FROM json_each(:ids))",
            {"ids": json.dumps([int(i) for i in contact_ids])})


def open_reader(conn: sqlite3.Connection) -> sqlite3.Connection | None:
    """A read-only connection to the file of `conn` (with its key) for another thread; None for
    an in-memory database. Under WAL it reads the last commit, not `conn`'s pending writes."""
    path = next((file for _, name, file in conn.execute("PRAGMA database_list")
                 if name == "main"), "")
    if not path:
        return None
    return connection.connect(Path(path), read_only=True, check_same_thread=False,
                              key=cipher.key_of(conn))


def contact_rows(conn: sqlite3.Connection, contact_ids: Sequence[int] | None = None
                 ) -> list[tuple]:
    """CONTACT_COLUMNS of live contacts, by id. active_s: the latest of being added, the last
    interaction and the last order; last_order_s is None without orders. Both come from the
    columns every write of interactions/orders keeps up to date (db.bulk.refresh_contact_activity).
    """
    where, params = _scope("id", contact_ids)
    # "+deleted_at": without it the planner walks a partial index and looks every row up
    # (0.25 s instead of a 0.07 s table scan at 100k).
    return conn.execute(f"""
        SELECT id, tier, tier_pinned, tier_reason, stage, stage_reason, rfm_r, rfm_f, rfm_m,
               rfm_segment, cycle_days, cycle_basis, cycle_gaps,
               unixepoch(max(added_at, coalesce(last_interaction_at, ''),
                             coalesce(last_order_at, ''))), unixepoch(last_order_at)
        FROM contacts WHERE +deleted_at IS NULL AND {where} ORDER BY id""", params).fetchall()


def order_categories(conn: sqlite3.Connection, contact_ids: Sequence[int] | None = None
                     ) -> list[str]:
    """The distinct categories of the contacts' orders ('' among them), sorted: a scan.

    Sorted here, not by ORDER BY: with it SQLite sorts every order by category before it drops
    the duplicates (0.13 s at 100k; without, 0.05 s: each row only looked up among the few
    distinct values seen)."""
    where, params = _scope("contact_id", contact_ids)
    return sorted(r[0] for r in conn.execute(
        f"SELECT DISTINCT category FROM orders WHERE {where}", params))


def orders_by_contact(conn: sqlite3.Connection, categories: Sequence[str], scale: int,
                      contact_ids: Sequence[int] | None = None) -> tuple[str, str, str, str]:
    """The orders of the contacts (trashed contacts included; the caller skips them) as four
    comma-separated lists ('' without orders): the contact ids with orders, their order
    counts, then each order's "epoch seconds × scale + category number" and its amount_fen,
    contact after contact (a GROUP BY walking orders_contact_time: by time, which the caller
    checks). Category number i names categories[i]; a category not in the list gets number
    len(categories).

    One row of four texts, parsed by the caller in one call each: 500,000 rows of their own
    cost twice this query to fetch, 100,000 rows of one per contact still 0.03 s of Python
    objects, and the windowed counts and sums the layering needs are cheaper from the parsed
    orders than as FILTER aggregates here. Categories go as numbers (a CASE over the known
    ones): a text per order costs more to parse than the CASE."""
    where, params = _scope("contact_id", contact_ids)
    whens = " ".join(f"WHEN :c{i} THEN {i}" for i in range(len(categories)))
    number = f"CASE category {whens} ELSE :other END" if categories else ":other"
    return conn.execute(f"""
        SELECT coalesce(group_concat(contact_id), ''), coalesce(group_concat(n), ''),
               coalesce(group_concat(packed), ''), coalesce(group_concat(amounts), '')
        FROM (SELECT contact_id, count(*) AS n,
                     group_concat(unixepoch(ordered_at) * :scale + {number}) AS packed,
                     group_concat(amount_fen) AS amounts
              FROM orders WHERE {where} GROUP BY contact_id)""",
        {"scale": scale, "other": len(categories), **params,
         **{f"c{i}": c for i, c in enumerate(categories)}}).fetchone()


def interaction_counts(conn: sqlite3.Connection, *, after: str,
                       contact_ids: Sequence[int] | None = None) -> list[tuple[int, int]]:
    """(contact_id, interactions after `after`) for contacts with any; a scan of the covering
    index interactions_contact_time."""
    where, params = _scope("contact_id", contact_ids)
    return conn.execute(f"""
        SELECT contact_id, count(*) FROM interactions
        WHERE occurred_at > :after AND {where} GROUP BY contact_id""",
        {"after": after, **params}).fetchall()


def live_ids(conn: sqlite3.Connection) -> list[int]:
    """Ids of the live contacts, ascending."""
    return [r[0] for r in conn.execute(
        "SELECT id FROM contacts WHERE +deleted_at IS NULL ORDER BY id")]


def customer_values(conn: sqlite3.Connection) -> list[tuple[int, int, int]]:
    """(last order epoch seconds, order count, total spend) of every live customer: the RFM
    population when no stored model exists yet."""
    return conn.execute("""
        SELECT unixepoch(last_order_at), order_count, total_spent_fen FROM contacts
        WHERE +deleted_at IS NULL AND order_count > 0""").fetchall()


def why_row(conn: sqlite3.Connection, contact_id: int) -> tuple | None:
    """(tier, tier_pinned, tier_reason, stage, stage_reason, rfm_r, rfm_f, rfm_m,
    last_order_at, last_interaction_at, cycle_days, cycle_basis, cycle_gaps, the last order's
    category) of one contact, or None."""
    return conn.execute("""
        SELECT tier, tier_pinned, tier_reason, stage, stage_reason, rfm_r, rfm_f, rfm_m,
               last_order_at, last_interaction_at, cycle_days, cycle_basis, cycle_gaps,
               (SELECT category FROM orders WHERE contact_id = contacts.id
                ORDER BY ordered_at DESC, id DESC LIMIT 1)
        FROM contacts WHERE id = ?""",
        (contact_id,)).fetchone()


def update_contacts(conn: sqlite3.Connection, columns: Sequence[str],
                    rows: Iterable[Sequence]) -> int:
    """Set `columns` (layering columns only) per row: the values in that order, then the id."""
    unknown = set(columns) - set(LAYER_COLUMNS)
    if unknown:
        raise ValueError(f"not a layering column: {sorted(unknown)}")
    assignments = ", ".join(f"{column} = ?" for column in columns)
    return conn.executemany(f"UPDATE contacts SET {assignments} WHERE id = ?", rows).rowcount


RECENCY_BAND_SQL = {
    "active": "last_order_at > ?",
    "silent": "last_order_at > ? AND last_order_at <= ?",
    "dormant": "last_order_at <= ?",
    "browsing": "last_order_at IS NULL AND last_interaction_at > ?",
}


def recency_band_where(band: str, *, active_after: str, silent_after: str,
                       browsing_after: str) -> tuple[str, list[str]]:
    """A WHERE term over contacts and its parameters for one recency band (the bounds come from
    desktop.layering_rules.band_cutoffs); raises KeyError for an unknown band."""
    params = {"active": [active_after], "silent": [silent_after, active_after],
              "dormant": [silent_after], "browsing": [browsing_after]}[band]
    return RECENCY_BAND_SQL[band], params
