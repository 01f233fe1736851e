"""Tasks: the task page's four lists, and the operations on a task.

`load_task_page` only reads (any thread with its own connection). The operations — create,
update, complete, snooze, reschedule, cancel — write in one transaction on the database thread
and are one undo step each: they keep whole-row images of the tasks they touch, so undo puts
back exactly the rows before and redo exactly the rows after. Invalid input raises
ValidationError before anything is written. Times come in as the operator types them
(local 'YYYY-MM-DD HH:MM') and are stored as UTC text.

Choices worth knowing:
- Completing a recurring task (daily, weekly, monthly, every:N days) adds its next occurrence:
  the first one after now, counted from the due time in local wall-clock time (09:00 stays
  09:00), so a task done late does not leave a trail of overdue copies. Monthly keeps the day
  of the month where it exists (Jan 31 → Feb 28/29 → Mar 31 when stepping from Jan 31); the
  new row is counted from its own due time, so after Feb 28 comes Mar 28.
- Snoozing moves the reminder to the chosen time and, when the task was due earlier, its due
  time too (so it leaves 逾期); the status becomes 'snoozed', which every list treats as open.
- Rescheduling sets a new due time; the reminder keeps its distance from the due time unless
  a new one is given; a snoozed task becomes open again.
"""

from __future__ import annotations

import calendar
import re
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from db import contacts as contacts_db
from db import tasks as tasks_db
from db.connection import transaction
from desktop import timefmt
from desktop.changes import Changes, OpResult
from desktop.contacts import ValidationError

_CHANGED = Changes(tasks=True)
SNOOZE_OPTIONS = ("15m", "1h", "tomorrow", "pick")  # 15 分钟后, 1 小时后, 明天 09:00, 选择时间
TOMORROW_AT = time(9, 0)
_EVERY = re.compile(r"every:(\d{1,3})")


@dataclass(frozen=True)
class TaskList:
    total: int                    # how many in all
    rows: list[tasks_db.TaskRow]  # the first `limit` of them


@dataclass(frozen=True)
class TaskPage:
    """The tabs 今日 / 逾期 / 即将 / 已完成 (same day bounds as the Today page)."""
    today: TaskList      # open, due today (local day), highest priority first
    overdue: TaskList    # open, due before today, oldest first
    upcoming: TaskList   # open, due after today, soonest first, then those without a due time
    done: TaskList       # completed, most recent first


def load_task_page(conn: sqlite3.Connection, *, clock: timefmt.Clock = timefmt.system_clock,
                   limit: int = 200) -> TaskPage:
    start, end = timefmt.local_day_bounds(clock().astimezone().date())
    return TaskPage(
        today=TaskList(*tasks_db.tasks_due_between(conn, start_utc=start, end_utc=end,
                                                   limit=limit)),
        overdue=TaskList(*tasks_db.overdue_tasks(conn, before_utc=start, limit=limit)),
        upcoming=TaskList(*tasks_db.upcoming_tasks(conn, from_utc=end, limit=limit)),
        done=TaskList(*tasks_db.done_tasks(conn, limit=limit)))


# --- pure rules -------------------------------------------------------------------------------

def check_recurrence(text: str) -> str:
    """'', 'daily', 'weekly', 'monthly' or 'every:N' (N days, 1–365); raises ValidationError."""
    text = text.strip()
    match = _EVERY.fullmatch(text)
    if text in ("", "daily", "weekly", "monthly") or (match and 1 <= int(match[1]) <= 365):
        return text
    raise ValidationError("recurrence",
                          "重复方式只能是：不重复、每天、每周、每月或每 N 天（N 为 1–365）")


def _step(due: datetime, recurrence: str, k: int) -> datetime:
    """The k-th occurrence after `due` (naive local wall-clock time)."""
    if recurrence == "monthly":
        months = due.month - 1 + k
        year, month = due.year + months // 12, months % 12 + 1
        return due.replace(year=year, month=month,
                           day=min(due.day, calendar.monthrange(year, month)[1]))
    days = {"daily": 1, "weekly": 7}.get(recurrence) or int(recurrence.removeprefix("every:"))
    return due + timedelta(days=days * k)


def next_due(due: datetime, recurrence: str, *, after: datetime) -> datetime:
    """The first occurrence of a recurring task due at `due` that is later than `after`
    (both aware); computed in local wall-clock time."""
    local_due = due.astimezone().replace(tzinfo=None)
    local_after = after.astimezone().replace(tzinfo=None)
    k = 1
    while (candidate := _step(local_due, recurrence, k)) <= local_after:
        k += 1
    return candidate.astimezone()


def snooze_until(option: str, now: datetime, picked: str = "") -> datetime:
    """When a snoozed task reminds again: 15 minutes or an hour from now, tomorrow at 09:00
    local time, or the time the operator picked (local text, must be later than now)."""
    if option == "15m":
        return now + timedelta(minutes=15)
    if option == "1h":
        return now + timedelta(hours=1)
    if option == "tomorrow":
        tomorrow = now.astimezone().date() + timedelta(days=1)
        return datetime.combine(tomorrow, TOMORROW_AT).astimezone()
    if option != "pick":
        raise ValidationError("option", "请选择推迟多久")
    until = _parse_local(picked, "until", "推迟到")
    if until <= now:
        raise ValidationError("until", "推迟到的时间应晚于现在")
    return until


def _parse_local(text: str, field: str, caption: str) -> datetime:
    try:
        return timefmt.parse_local(text)
    except ValueError as exc:
        raise ValidationError(field, f"{caption}：{exc}") from exc


def normalise_task_fields(conn: sqlite3.Connection, values: Mapping[str, object]
                          ) -> dict[str, object]:
    """Check edited fields (tasks_db.EDITABLE; due_at/remind_at as local text, '' = none) and
    return them as stored. Raises ValidationError naming the field."""
    unknown = set(values) - set(tasks_db.EDITABLE)
    if unknown:
        raise ValidationError(sorted(unknown)[0], f"不能修改字段：{', '.join(sorted(unknown))}")
    out: dict[str, object] = {}
    for name, value in values.items():
        if name == "title":
            out[name] = str(value or "").strip()
            if not out[name]:
                raise ValidationError("title", "任务标题不能为空")
        elif name in ("due_at", "remind_at"):
            caption = "截止时间" if name == "due_at" else "提醒时间"
            text = str(value or "").strip()
            out[name] = timefmt.to_db(_parse_local(text, name, caption)) if text else None
        elif name == "priority":
            if value not in (1, 2, 3, "1", "2", "3"):
                raise ValidationError("priority", "优先级只能是 1（高）、2（中）或 3（低）")
            out[name] = int(value)
        elif name == "recurrence":
            out[name] = check_recurrence(str(value or ""))
        elif name == "contact_id":
            out[name] = None if value in (None, "") else int(value)
            if out[name] is not None and contacts_db.get(conn, out[name]) is None:
                raise ValidationError("contact_id", "这位客户已不存在（可能已被永久删除）")
        elif name == "suggested_script_id":
            out[name] = None if value in (None, "") else int(value)
        else:
            out[name] = str(value or "")
    return out


# --- operations -------------------------------------------------------------------------------

def create_task(conn: sqlite3.Connection, *, values: Mapping[str, object],
                clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """A manual task. Without a 'remind_at' key the reminder is at the due time ('' = none).
    `value` of the result is the new task's id."""
    fields = normalise_task_fields(conn, {**values, "remind_at": values.get(
        "remind_at", values.get("due_at", ""))})
    if "title" not in fields:
        raise ValidationError("title", "任务标题不能为空")
    _check_recurring_has_due(fields)
    created: list[int] = []

    def write(c: sqlite3.Connection) -> None:
        created.append(tasks_db.insert(c, {**fields, "source": "manual",
                                           "created_at": timefmt.to_db(clock())}))
    result = _rewrite(conn, [], f"新建任务“{fields['title']}”", write, created)
    return OpResult(result.changes, result.label, result.count, result.undo, value=created[0])


def update_task(conn: sqlite3.Connection, *, task_id: int, values: Mapping[str, object]
                ) -> OpResult:
    """Write the edited fields that differ from what is stored."""
    current = _existing(conn, task_id)
    fields = {k: v for k, v in normalise_task_fields(conn, values).items() if current[k] != v}
    if not fields:
        return OpResult(Changes())
    _check_recurring_has_due({**current, **fields})
    return _rewrite(conn, [task_id], f"修改任务“{current['title']}”",
                    lambda c: tasks_db.update(c, task_id, fields))


def complete_task(conn: sqlite3.Connection, *, task_id: int,
                  clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """Mark a task done; a recurring one gets its next occurrence (see the module docstring)."""
    current = _existing(conn, task_id)
    if current["status"] == "done":
        return OpResult(Changes())
    now = clock()
    created: list[int] = []

    def write(c: sqlite3.Connection) -> None:
        tasks_db.update(c, task_id, {"status": "done", "done_at": timefmt.to_db(now)})
        if current["recurrence"]:
            created.append(tasks_db.insert(c, _next_occurrence(current, now)))
    return _rewrite(conn, [task_id], f"完成任务“{current['title']}”", write, created)


def snooze_task(conn: sqlite3.Connection, *, task_id: int, option: str, until: str = "",
                clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """Remind again later: `option` is one of SNOOZE_OPTIONS; 'pick' takes `until` (local)."""
    current = _existing(conn, task_id)
    when = timefmt.to_db(snooze_until(option, clock(), until))
    values = {"remind_at": when, "status": "snoozed"}
    if current["due_at"] is not None and current["due_at"] < when:
        values["due_at"] = when
    return _rewrite(conn, [task_id], f"推迟任务“{current['title']}”",
                    lambda c: tasks_db.update(c, task_id, values))


def reschedule_task(conn: sqlite3.Connection, *, task_id: int, due_at: str,
                    remind_at: str | None = None) -> OpResult:
    """Move the due time (local text). `remind_at` None keeps the reminder's distance from the
    due time (or puts it at the new due time when there was no due time); '' removes it."""
    current = _existing(conn, task_id)
    if not due_at.strip():
        raise ValidationError("due_at", "请填写新的截止时间")
    fields = normalise_task_fields(conn, {"due_at": due_at} if remind_at is None
                                   else {"due_at": due_at, "remind_at": remind_at})
    if remind_at is None and current["remind_at"] is not None:
        lead = (timefmt.from_db(current["due_at"]) - timefmt.from_db(current["remind_at"])
                if current["due_at"] else timedelta())
        fields["remind_at"] = timefmt.to_db(timefmt.from_db(fields["due_at"]) - lead)
    if current["status"] == "snoozed":
        fields["status"] = "open"
    return _rewrite(conn, [task_id], f"改期任务“{current['title']}”",
                    lambda c: tasks_db.update(c, task_id, fields))


def cancel_task(conn: sqlite3.Connection, *, task_id: int) -> OpResult:
    current = _existing(conn, task_id)
    if current["status"] == "cancelled":
        return OpResult(Changes())
    return _rewrite(conn, [task_id], f"取消任务“{current['title']}”",
                    lambda c: tasks_db.update(c, task_id, {"status": "cancelled"}))


def _existing(conn: sqlite3.Connection, task_id: int) -> dict[str, object]:
    row = tasks_db.fields(conn, task_id)
    if row is None:
        raise ValidationError("id", "这个任务已不存在")
    return row


def _check_recurring_has_due(fields: Mapping[str, object]) -> None:
    if fields.get("recurrence") and not fields.get("due_at"):
        raise ValidationError("due_at", "重复任务需要截止时间")


def _next_occurrence(current: Mapping[str, object], now: datetime) -> dict[str, object]:
    """The row of a recurring task's next occurrence: same task, open, the next due time and
    the reminder at the same distance before it."""
    due = timefmt.from_db(str(current["due_at"])) if current["due_at"] else now
    following = next_due(due, str(current["recurrence"]), after=now)
    remind = current["remind_at"]
    return {
        **{k: current[k] for k in ("title", "contact_id", "recurrence", "priority", "notes",
                                   "suggested_script_id", "source", "sop_rule_id")},
        "due_at": timefmt.to_db(following),
        "remind_at": None if remind is None
        else timefmt.to_db(following - (due - timefmt.from_db(str(remind)))),
        "created_at": timefmt.to_db(now)}


def _rewrite(conn: sqlite3.Connection, task_ids: list[int], label: str,
             write: Callable[[sqlite3.Connection], None], created: list[int] | None = None
             ) -> OpResult:
    """Run `write` in one transaction; undo/redo swap the before- and after-images of the
    tasks in `task_ids` and of those `write` appended to `created`."""
    before = tasks_db.snapshot(conn, task_ids)
    with transaction(conn):
        write(conn)
    before.update({i: None for i in created or ()})
    after = tasks_db.snapshot(conn, before)
    return OpResult(_CHANGED, label=label, count=len(after),
                    undo=lambda c: _swap(c, before, after))


def _swap(conn: sqlite3.Connection, images: dict, other: dict) -> OpResult:
    tasks_db.restore(conn, images)
    return OpResult(_CHANGED, count=len(images), undo=lambda c: _swap(c, other, images))
