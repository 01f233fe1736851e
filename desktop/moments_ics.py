"""The moments plan → an .ics file, so the operator's phone calendar reminds them at post time.

Each post from today on that is still to post (草稿 or 待发) becomes a 15-minute VEVENT at its
planned time with an alarm at that moment, summary "朋友圈·<type>：<first line>", the whole text
in the description (copy it from the phone), and a UID of the post's id and creation time so
importing again updates the same entries. Zones and the atomic write are desktop.ics_export's.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

from db import moments as moments_db
from desktop import timefmt
from desktop.files import write_atomically
from desktop.ics_export import EVENT_LENGTH, new_calendar
from desktop.moments import CONTENT_TYPES, VISIBILITIES, first_line

_NO_END = "9999-12-31 23:59:59"


def export_moments_ics(conn: sqlite3.Connection, path: Path, *,
                       clock: timefmt.Clock = timefmt.system_clock,
                       zone_name: str | None = None) -> int:
    """Write the posts still to post, from today on, to `path` (replaced atomically); return
    how many. Only reads; raises UserFacingError for an unwritable file."""
    path = Path(path)
    zone, calendar = new_calendar(path, "私域工作台朋友圈", zone_name)
    now = clock()
    today_starts, _ = timefmt.local_day_bounds(now.astimezone().date())
    stamp = now.astimezone(UTC)
    count = 0
    for post in moments_db.posts_between(conn, start_utc=today_starts,
                                         end_utc=_NO_END):
        if post.status in ("draft", "pending"):
            calendar.add_component(_event(post, zone, stamp))
            count += 1
    write_atomically(path, calendar.to_ical())
    return count


def _event(post: moments_db.Post, zone: ZoneInfo, stamp: datetime) -> icalendar.Event:
    line = first_line(post.body) or "（未写文案）"
    summary = f"朋友圈·{CONTENT_TYPES[post.content_type]}：{line}"
    event = icalendar.Event()
    event.add("uid", f"moments-{post.id}-{post.created_at.replace(' ', 'T')}@siyu-workstation")
    event.add("dtstamp", stamp)
    event.add("dtstart", timefmt.from_db(post.planned_at).astimezone(zone))
    event.add("duration", EVENT_LENGTH)
    event.add("summary", summary)
    details = [f"账号：{post.account_name}" if post.account_name else "",
               f"活动：{post.campaign}" if post.campaign else "",
               VISIBILITIES[post.visibility],
               f"图片：{len(post.media)} 张" if post.media else ""]
    event.add("description", "\n".join(d for d in details if d) + "\n\n" + post.body)
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    return event
