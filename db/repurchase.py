"""Set-based reads for the learned repurchase cycle (desktop/repurchase.py).

A gap is the time between two consecutive orders of one contact, in days (julianday
difference of the stored UTC instants). Gaps under a day are split orders of one purchase and
are left out. Medians are taken in SQL: rank the gaps in their partition, keep the middle one
(odd count) or the middle two (even count) and average them.

`contact_ids` None means every contact; otherwise only those (a JSON array parameter).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

MIN_GAP_DAYS = 1.0


def _filter(column: str, contact_ids: Iterable[int] | None) -> tuple[str, dict]:
    if contact_ids is None:
        return "", {}
    return (f"AND {column} IN (SELECT value FROM json_each(:ids))",
            {"ids": json.dumps([int(i) for i in contact_ids])})


def last_orders(conn: sqlite3.Connection, contact_ids: Iterable[int] | None = None
                ) -> list[tuple[int, str, str]]:
    """(contact_id, ordered_at, category) of the last order of each live contact with orders."""
    where, params = _filter("o.contact_id", contact_ids)
    # Bare columns with max(): SQLite takes category from the row holding the maximum.
    return conn.execute(f"""
        SELECT o.contact_id, max(o.ordered_at), o.category
        FROM orders o JOIN contacts c ON c.id = o.contact_id
        WHERE c.deleted_at IS NULL {where}
        GROUP BY o.contact_id""", params).fetchall()


def own_medians(conn: sqlite3.Connection, contact_ids: Iterable[int] | None = None, *,
                max_gaps: int) -> dict[int, tuple[float, int]]:
    """contact_id → (median gap in days, gaps used) over each contact's last `max_gaps` gaps."""
    where, params = _filter("contact_id", contact_ids)
    rows = conn.execute(f"""
        WITH gaps AS (
            SELECT contact_id, ordered_at,
                   julianday(ordered_at) - julianday(lag(ordered_at) OVER (
                       PARTITION BY contact_id ORDER BY ordered_at, id)) AS gap
            FROM orders WHERE 1 {where}),
        recent AS (
            SELECT contact_id, gap,
                   row_number() OVER (PARTITION BY contact_id ORDER BY ordered_at DESC) AS r
            FROM gaps WHERE gap >= :min_gap),
        ranked AS (
            SELECT contact_id, gap,
                   row_number() OVER (PARTITION BY contact_id ORDER BY gap) AS k,
                   count(*) OVER (PARTITION BY contact_id) AS n
            FROM recent WHERE r <= :max_gaps)
        SELECT contact_id, avg(gap), max(n) FROM ranked
        WHERE k IN ((n + 1) / 2, (n + 2) / 2)
        GROUP BY contact_id""", {**params, "min_gap": MIN_GAP_DAYS, "max_gaps": max_gaps})
    return {cid: (median, n) for cid, median, n in rows}


def category_medians(conn: sqlite3.Connection, categories: Iterable[str] | None = None
                     ) -> dict[str, tuple[float, int]]:
    """category → (median gap in days, number of gaps) over all contacts, a gap being between
    two consecutive orders of one contact in that category. Categories '' are left out."""
    cats = None if categories is None else sorted({c for c in categories if c})
    if cats is not None and not cats:
        return {}
    where = "" if cats is None else "AND category IN (SELECT value FROM json_each(:cats))"
    params = {} if cats is None else {"cats": json.dumps(cats, ensure_ascii=False)}
    rows = conn.execute(f"""
        WITH gaps AS (
            SELECT category,
                   julianday(ordered_at) - julianday(lag(ordered_at) OVER (
                       PARTITION BY contact_id, category ORDER BY ordered_at, id)) AS gap
            FROM orders WHERE category <> '' {where}),
        ranked AS (
            SELECT category, gap,
                   row_number() OVER (PARTITION BY category ORDER BY gap) AS k,
                   count(*) OVER (PARTITION BY category) AS n
            FROM gaps WHERE gap >= :min_gap)
        SELECT category, avg(gap), max(n) FROM ranked
        WHERE k IN ((n + 1) / 2, (n + 2) / 2)
        GROUP BY category""", {**params, "min_gap": MIN_GAP_DAYS})
    return {cat: (median, n) for cat, median, n in rows}


def repurchase_rule_params(conn: sqlite3.Connection) -> dict | None:
    """The built-in repurchase rule's params ({"default_days", "category_days"}), None if absent."""
    row = conn.execute("SELECT params_json FROM sop_rules WHERE code = 'repurchase'").fetchone()
    return json.loads(row[0]) if row else None
