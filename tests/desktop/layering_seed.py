"""Contacts with interactions and orders at chosen ages, for the layering tests."""

from __future__ import annotations

from datetime import timedelta

from db import activity, bulk
from db import contacts as contacts_db
from desktop import layering, timefmt
from tests.conftest import FIXED_NOW


def ago(days: float = 0, *, seconds: int = 0) -> str:
    """The stored instant `days` days (and `seconds`) before FIXED_NOW."""
    return timefmt.to_db(FIXED_NOW - timedelta(days=days, seconds=seconds))


def inside(days: int) -> str:
    """The oldest instant still within `days` days: one second before the window's cutoff."""
    return ago(days + 1, seconds=-1)


def seed(conn, *, added: str | None = None, touches=(), orders=(), name: str = "客户",
         **columns) -> int:
    """One contact added at `added` (default 400 days ago) with interactions at the instants
    `touches` and orders (instant, amount_fen); extra contact columns as keywords."""
    contact_id = contacts_db.insert(conn, {"nickname": name, "added_at": added or ago(400),
                                           **columns})
    for when in touches:
        activity.insert_interaction(conn, contact_id=contact_id, kind="chat", occurred_at=when,
                                    note="")
    for when, amount_fen in orders:
        activity.insert_order(conn, contact_id=contact_id, ordered_at=when,
                              amount_fen=amount_fen, item="", category="", channel="")
    bulk.refresh_contact_activity(conn, [contact_id])
    return contact_id


def layers(conn, contact_id: int) -> tuple:
    """(tier, tier_reason, stage, stage_reason, rfm_r, rfm_f, rfm_m, rfm_segment)."""
    return conn.execute(
        "SELECT tier, tier_reason, stage, stage_reason, rfm_r, rfm_f, rfm_m, rfm_segment "
        "FROM contacts WHERE id = ?", (contact_id,)).fetchone()


def recompute(conn, clock=lambda: FIXED_NOW):
    return layering.recompute_all(conn, clock=clock)
