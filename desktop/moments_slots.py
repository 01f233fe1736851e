"""Weekly slot templates: slots (weekday, local time, content type, template text) that fill a
chosen week with draft posts in one action.

The default template is the seed's four slots (resources/demo/shop.json, the same file the demo
data uses, so there is one source): Mon 09:00 早安+今日福利, Tue 15:00 券日预告, Tue 17:00 券日开抢,
Fri 19:00 周末闪购. `ensure_default_template` installs it once, by name.

`fill_week` is idempotent: a slot whose time already holds a post (any status — the operator
may have written, moved in or skipped something there) is left alone, so filling twice creates
nothing new. Slots already past are not filled. Drafts do not remind (desktop.moments).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from db import moments as moments_db
from db.connection import transaction
from desktop import demo_data, timefmt
from desktop.changes import Changes, OpResult
from desktop.contacts import ValidationError
from desktop.moments import (
    CONTENT_TYPES,
    HARD_AD_TYPES,
    check_choice,
    rewrite_posts,
    week_start,
)

Slot = moments_db.Slot
_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def default_template() -> tuple[str, list[Slot]]:
    shop = demo_data.shop()
    return shop.slot_template, [Slot(s.weekday, s.local_time, s.content_type, s.body)
                                for s in shop.slots]


def ensure_default_template(conn: sqlite3.Connection) -> OpResult:
    """Install the default template unless one of that name exists. Not an undo step (it is
    setup, like a migration); `value` is the template's id."""
    name, slots = default_template()
    existing = moments_db.template_id(conn, name)
    if existing is not None:
        return OpResult(Changes(), value=existing)
    with transaction(conn):
        template = moments_db.insert_template(conn, name)
        moments_db.set_slots(conn, template, slots, HARD_AD_TYPES)
    return OpResult(Changes(moments=True), value=template)


def templates(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    return moments_db.templates(conn)


def template_slots(conn: sqlite3.Connection, template_id: int) -> list[Slot]:
    return moments_db.slots(conn, template_id)


def check_slot(slot: Slot) -> Slot:
    """A slot as stored ('9:5' is refused, '9:05' becomes '09:05'); raises ValidationError."""
    if not 1 <= int(slot.weekday) <= 7:
        raise ValidationError("weekday", "星期只能是周一到周日")
    match = _TIME.fullmatch(slot.local_time.strip())
    if not match:
        raise ValidationError("local_time", f"时间“{slot.local_time}”应写成 09:00 这样")
    check_choice("content_type", slot.content_type, CONTENT_TYPES, "内容类型")
    return Slot(int(slot.weekday), f"{int(match[1]):02d}:{match[2]}", slot.content_type,
                slot.body)


def save_slots(conn: sqlite3.Connection, *, template_id: int, slots: Sequence[Slot]
               ) -> OpResult:
    """Replace a template's slots (the slot table editor). One undo step."""
    checked = [check_slot(s) for s in slots]
    before = moments_db.slots(conn, template_id)
    with transaction(conn):
        moments_db.set_slots(conn, template_id, checked, HARD_AD_TYPES)
    return _slots_result(template_id, before, checked)


def _slots_result(template_id: int, restore: list[Slot], current: list[Slot]) -> OpResult:
    def undo(c: sqlite3.Connection) -> OpResult:
        with transaction(c):
            moments_db.set_slots(c, template_id, restore, HARD_AD_TYPES)
        return _slots_result(template_id, current, restore)
    return OpResult(Changes(moments=True), label="修改发圈模板", count=len(current), undo=undo)


def slot_time(monday: date, slot: Slot) -> datetime:
    """The slot's moment in the week starting `monday` (local wall-clock time)."""
    hours, minutes = map(int, slot.local_time.split(":"))
    return datetime.combine(monday + timedelta(days=slot.weekday - 1),
                            time(hours, minutes)).astimezone()


def fill_week(conn: sqlite3.Connection, *, template_id: int, week_start_day: date,
              clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """Drafts for the template's slots in the week of `week_start_day` (any day of it).
    `count` is how many were created (0 when the week is already filled). One undo step."""
    monday = week_start(week_start_day)
    now = clock()
    start, _ = timefmt.local_day_bounds(monday)
    end, _ = timefmt.local_day_bounds(monday + timedelta(days=7))
    taken = moments_db.planned_times(conn, start_utc=start, end_utc=end)
    wanted = []
    for slot in moments_db.slots(conn, template_id):
        when = slot_time(monday, slot)
        if when > now and timefmt.to_db(when) not in taken:
            taken.add(timefmt.to_db(when))
            wanted.append((timefmt.to_db(when), slot))
    if not wanted:
        return OpResult(Changes(), count=0)
    created: list[int] = []

    def write(c: sqlite3.Connection) -> None:
        stamp = timefmt.to_db(now)
        for planned, slot in wanted:
            created.append(moments_db.insert_post(c, {
                "planned_at": planned, "content_type": slot.content_type, "body": slot.body,
                "is_hard_ad": int(slot.content_type in HARD_AD_TYPES), "status": "draft",
                "created_at": stamp, "updated_at": stamp}))
    result = rewrite_posts(conn, [], f"按模板填充 {monday:%m-%d} 这一周", write, created)
    return OpResult(result.changes, result.label, len(created), result.undo)
