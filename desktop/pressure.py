"""The contact-pressure budget (触达压力): how often each contact was messaged this week, and a
warning before messaging them again.

What counts as a touch: an interaction of kind 'script_sent' — a script we sent to the contact.
The schema records no direction, so 'chat' (which may be the customer writing to us) is not
counted, nor are tasks done, moments likes/comments or group messages: only the outbound private
messages the app itself logged.

"This week" is the last 7 days, rolling: a touch counts while it is less than 7 × 24 hours old
(one sent exactly 7 days ago has left the window). A calendar week would let an operator send
the limit on Sunday and again on Monday.

The limit only warns: the operator can always send anyway.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import timedelta

from db import pressure as pressure_db
from desktop import timefmt
from desktop.changes import OpResult
from desktop.whole_setting import WholeSetting

KEY = "pressure.weekly_limit"
DEFAULT_WEEKLY_LIMIT = 2
"""Outbound private messages per contact per 7 days. Two is a cautious default: enough for a
follow-up after a first message, few enough that a customer rarely mutes or deletes the account.
WeCom's (企业微信) own caps on mass and private messages change with its versions, so this is not a
platform number: it is the operator's setting, to raise or lower for their customers."""
MAX_WEEKLY_LIMIT = 50
TOUCH_KINDS = ("script_sent",)
WINDOW = timedelta(days=7)


# --- the setting ------------------------------------------------------------------------------

WEEKLY_LIMIT = WholeSetting(KEY, DEFAULT_WEEKLY_LIMIT, MAX_WEEKLY_LIMIT, "weekly_limit",
                            "每周联系上限")


def load_limit(conn: sqlite3.Connection) -> int:
    """The operator's weekly limit (the default when unset or unusable)."""
    return WEEKLY_LIMIT.load(conn)


def save_limit(conn: sqlite3.Connection, *, limit: int) -> OpResult:
    """Store the weekly limit (undoable). Raises ValidationError outside 1–MAX_WEEKLY_LIMIT."""
    return WEEKLY_LIMIT.save(conn, limit)


# --- counting ---------------------------------------------------------------------------------

def touches_this_week(conn: sqlite3.Connection, contact_ids: Iterable[int], *,
                      clock: timefmt.Clock = timefmt.system_clock) -> dict[int, int]:
    """{contact id: scripts sent to them in the last 7 days} for every given id (0 if none)."""
    ids = list(dict.fromkeys(int(i) for i in contact_ids))
    since = timefmt.to_db(clock() - WINDOW)
    found = pressure_db.touches_since(conn, ids, kinds=TOUCH_KINDS, since=since)
    return {cid: found.get(cid, 0) for cid in ids}


def over_budget(conn: sqlite3.Connection, contact_ids: Iterable[int], *,
                clock: timefmt.Clock = timefmt.system_clock) -> set[int]:
    """The contacts at or over the limit: sending one more would exceed it."""
    limit = load_limit(conn)
    return {cid for cid, n in touches_this_week(conn, contact_ids, clock=clock).items()
            if n >= limit}


def segment_warning(conn: sqlite3.Connection, contact_ids: Iterable[int], *,
                    clock: timefmt.Clock = timefmt.system_clock) -> str | None:
    """The warning before messaging a group, or None when nobody in it is at the limit."""
    limit = load_limit(conn)
    counts = [n for n in touches_this_week(conn, contact_ids, clock=clock).values()
              if n >= limit]
    if not counts:
        return None
    times = f"{counts[0]} 次" if min(counts) == max(counts) else f"{limit} 次或更多"
    return f"其中 {len(counts)} 位客户本周已联系 {times}，再发会超过每周上限 {limit} 次"


def contact_warning(conn: sqlite3.Connection, contact_id: int, *,
                    clock: timefmt.Clock = timefmt.system_clock) -> str | None:
    """The warning before messaging one contact, or None while under the limit."""
    limit = load_limit(conn)
    n = touches_this_week(conn, [contact_id], clock=clock)[contact_id]
    if n < limit:
        return None
    return f"这位客户本周已联系 {n} 次，再发会超过每周上限 {limit} 次"
