"""Open tasks → an .ics file, so the operator's phone calendar reminds them too.

Each open task due today or later becomes a VEVENT (phone calendars — iOS, Google, most
Android ones — import events and ignore VTODO) of 15 minutes at its due time, with a VALARM at
its remind time, an RRULE for a recurring task, and a UID made of the task's id and creation
time so that importing the file again updates the same entries. Left out: tasks without a due
time (no place in a calendar) and those overdue since before today (their alarms could not
fire; they are worked from the app's 逾期 list). icalendar needs ~0.3 ms an event, so a file
of thousands of tasks takes a second or more: run it off the UI thread.

Times carry the machine's zone as a TZID with its VTIMEZONE. Python cannot name the local zone
by itself (datetime's local tzinfo is only an offset, and tzlocal is not a dependency), so the
name comes from $TZ, else the /etc/localtime link, else /etc/timezone; a machine that names
none (Windows) and is at UTC+8 gets Asia/Shanghai, any other gets times in UTC, which every
calendar shows in its own zone. Alarms are relative ("TRIGGER:-PT10M"): icalendar writes an
absolute alarm without the VALUE=DATE-TIME that RFC 5545 requires (LIBRARY-FACTS.md).
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

from db import tasks as tasks_db
from desktop import timefmt
from desktop.errors import UserFacingError
from desktop.files import write_atomically

EVENT_LENGTH = timedelta(minutes=15)
_PRIORITY = {1: 1, 2: 5, 3: 9}  # ours 1 high … 3 low → RFC 5545 1 high, 5 normal, 9 low
_FREQ = {"daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY"}
_SHANGHAI_OFFSET = timedelta(hours=8)


def local_zone_name() -> str | None:
    """The IANA name of the machine's zone, or None when it cannot be told (see above)."""
    candidates = [os.environ.get("TZ", "").removeprefix(":")]
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        candidates.append(str(localtime.resolve()).partition("/zoneinfo/")[2])
    timezone_file = Path("/etc/timezone")
    if timezone_file.is_file():
        candidates.append(timezone_file.read_text(encoding="utf-8", errors="replace").strip())
    for name in candidates:
        if _is_zone(name):
            return name
    if datetime.now().astimezone().utcoffset() == _SHANGHAI_OFFSET:
        return "Asia/Shanghai"
    return None


def _is_zone(name: str) -> bool:
    if not name or name.startswith("/"):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def new_calendar(path: Path, name: str, zone_name: str | None
                 ) -> tuple[ZoneInfo, icalendar.Calendar]:
    """The zone to write times in and an empty calendar named `name` (with its VTIMEZONE);
    refuses a folder as the target before anything is read."""
    if path.is_dir():
        raise UserFacingError(f"“{path}”是一个文件夹，请换一个文件名再导出。")
    zone = ZoneInfo(zone_name or local_zone_name() or "UTC")
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Siyu Workstation//私域工作台//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    if zone.key != "UTC":  # UTC times are written as such ('Z'), with no VTIMEZONE
        calendar.add_component(icalendar.Timezone.from_tzid(zone.key))
    return zone, calendar


def export_tasks_ics(conn: sqlite3.Connection, path: Path, *,
                     clock: timefmt.Clock = timefmt.system_clock,
                     zone_name: str | None = None) -> int:
    """Write the open tasks due today or later to `path` (replaced atomically) and return how
    many. Only reads the database; raises UserFacingError for an unwritable file.
    `zone_name` None: the machine's zone (local_zone_name)."""
    path = Path(path)
    zone, calendar = new_calendar(path, "私域工作台任务", zone_name)
    now = clock()
    today_starts, _ = timefmt.local_day_bounds(now.astimezone().date())
    stamp = now.astimezone(UTC)
    count = 0
    for task in tasks_db.open_tasks_due_from(conn, from_utc=today_starts):
        calendar.add_component(_event(task, zone, stamp))
        count += 1
    write_atomically(path, calendar.to_ical())
    return count


def _event(task: tasks_db.TaskRow, zone: ZoneInfo, stamp: datetime) -> icalendar.Event:
    due = timefmt.from_db(task.due_at)
    summary = f"{task.title} · {task.contact_name}" if task.contact_name else task.title
    event = icalendar.Event()
    event.add("uid", f"task-{task.id}-{task.created_at.replace(' ', 'T')}@siyu-workstation")
    event.add("dtstamp", stamp)
    event.add("dtstart", due.astimezone(zone))
    event.add("duration", EVENT_LENGTH)
    event.add("summary", summary)
    details = [f"客户：{task.contact_name}" if task.contact_name else "",
               f"建议话术：{task.script_title}" if task.script_title else "", task.notes]
    if any(details):
        event.add("description", "\n".join(d for d in details if d))
    event.add("priority", _PRIORITY.get(task.priority, 5))
    if task.recurrence:
        freq = _FREQ.get(task.recurrence)
        event.add("rrule", {"freq": freq} if freq else
                  {"freq": "DAILY", "interval": int(task.recurrence.removeprefix("every:"))})
    if task.remind_at:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timefmt.from_db(task.remind_at) - due)
        event.add_component(alarm)
    return event
