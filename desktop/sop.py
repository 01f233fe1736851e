"""The SOP engine: every enabled rule turns its trigger occurrences into tasks (运行自动规则).

`run_sop` is an operation for the database thread, not undoable (it is automatic). Call it at
start, after imports and edits of contacts, orders, interactions, tags or layers, and from a
timer (hourly is plenty: birthdays come due at local midnight, quiet spells by the minute).

Idempotent: each task carries (rule, contact, trigger_key) and the unique index tasks_sop_once
refuses a second one, so running twice creates nothing the second time. An occurrence is:

  trigger                 trigger time                        trigger_key
  contact_added           added_at                            added
  first_order             first order's time                  first_order
  days_after_last_order   last order + the learned cycle       order:<UTC date of last order>
                          − lead_days (desktop/repurchase.py)
  no_interaction          last interaction/order/adding + N d silent:<UTC date of that last>
  entered_stage           the layer_history row's changed_at  stage:<stage>:<history id>
  reached_tier            the layer_history row's changed_at  tier:<tier>:<history id>
  birthday                local midnight of the greeting day  birthday:<year of the birthday>
  tag_added               the run that first sees the tag     tag:<tag id>

A task is due `delay_minutes` after the trigger time (birthday: at `local_time` on the
greeting day, plus the delay) and reminds at its due time. Only occurrences whose trigger time
has passed make tasks, only for live contacts, and only while the task would be at most
LOOK-BACK days overdue: a first run over a 100,000-contact import must not create a welcome
task for everyone added in past years. Look-back: contact_added 3 days, birthday 2 days, every
other trigger 14 days. Stage and tier triggers also need the contact to still be in that stage
(at or above that tier, reached from below).
"""

from __future__ import annotations

import calendar
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from db import rows as rows_db
from db import sop as sop_db
from db.connection import transaction
from desktop import repurchase, timefmt
from desktop.changes import Changes, OpResult
from desktop.progress import Cancelled, Progress
from desktop.sop_rules import DEFAULT_LEAD_DAYS, ensure_builtin_rules

LOOKBACK_DAYS = {"contact_added": 3, "birthday": 2}
DEFAULT_LOOKBACK_DAYS = 14


@dataclass(frozen=True)
class SopRunReport:
    created: dict[str, int]  # rule code → tasks created by this run (enabled rules only)

    @property
    def total(self) -> int:
        return sum(self.created.values())


def run_sop(conn: sqlite3.Connection, *, clock: timefmt.Clock = timefmt.system_clock,
            progress: Progress | None = None) -> OpResult:
    """Create the tasks every enabled rule owes now (seeding missing built-in rules first).
    One transaction; Cancelled (from `progress`) rolls it back. `value` is a SopRunReport."""
    now = clock()
    created: dict[str, int] = {}
    with transaction(conn):
        ensure_builtin_rules(conn)
        active = [r for r in sop_db.rules(conn) if r.enabled]
        for done, rule in enumerate(active):
            if progress is not None:
                if progress.cancel_event.is_set():
                    raise Cancelled()
                progress.report(done, len(active))
            created[rule.code] = _run_rule(conn, rule, now)
    if progress is not None:
        progress.report(len(active), len(active))
    report = SopRunReport(created)
    return OpResult(Changes(tasks=report.total > 0), label="运行自动规则", count=report.total,
                    value=report)


def _run_rule(conn: sqlite3.Connection, rule: sop_db.SopRule, now: datetime) -> int:
    delay = timedelta(minutes=rule.delay_minutes)
    template = sop_db.TaskTemplate(
        rule.id, rule.task_title, f"+{rule.delay_minutes} minutes",
        sop_db.script_for_category(conn, rule.script_category), timefmt.to_db(now))
    overdue_limit = now - timedelta(days=LOOKBACK_DAYS.get(rule.trigger, DEFAULT_LOOKBACK_DAYS))
    since = timefmt.to_db(overdue_limit - delay)  # earliest trigger time still worth a task
    params = rule.params
    match rule.trigger:
        case "contact_added":
            return sop_db.tasks_for_added(conn, template, since=since)
        case "first_order":
            return sop_db.tasks_for_first_order(conn, template, since=since)
        case "days_after_last_order":
            first = rows_db.next_id(conn, "tasks")  # tasks from it on are new
            created = sop_db.tasks_for_last_order(
                conn, template, since=since, default_days=params["default_days"],
                category_days=params.get("category_days", {}),
                lead_days=params.get("lead_days", DEFAULT_LEAD_DAYS))
            _write_cycle_notes(conn, rule, first, now)
            return created
        case "no_interaction":
            return sop_db.tasks_for_quiet(conn, template, since=since, days=params["days"])
        case "entered_stage":
            return sop_db.tasks_for_stage(conn, template, since=since, stage=params["stage"])
        case "reached_tier":
            return sop_db.tasks_for_tier(conn, template, since=since, tier=params["tier"])
        case "birthday":
            return sop_db.tasks_for_birthdays(conn, template, days=list(birthday_occurrences(
                now, overdue_limit, days_before=params["days_before"],
                local_time=time.fromisoformat(params["local_time"]), delay=delay)))
        case "tag_added":
            return sop_db.tasks_for_tag(conn, template, tag_id=params["tag_id"])
    raise ValueError(f"unknown trigger {rule.trigger}")


def _write_cycle_notes(conn: sqlite3.Connection, rule: sop_db.SopRule, first_id: int,
                       now: datetime) -> None:
    """The repurchase tasks just made say why now: "上 3 次间隔约 28 天，预计 12 月 11 日复购"
    (the briefing shows a task's notes)."""
    today = now.astimezone().date()
    notes = []
    for task_id, last_order_at, days, basis, gaps, category in sop_db.repurchase_tasks_since(
            conn, rule.id, first_id):
        days, basis, gaps = repurchase.effective(rule.params, days=days, basis=basis, gaps=gaps,
                                                 category=category)
        notes.append((repurchase.cycle_text(days=days, basis=basis, gaps=gaps,
                                            category=category, last_order_at=last_order_at,
                                            today=today, overdue=False), task_id))
    sop_db.set_task_notes(conn, notes)


def birthday_occurrences(now: datetime, overdue_limit: datetime, *, days_before: int,
                         local_time: time, delay: timedelta) -> Iterator[tuple[str, int, str]]:
    """(MM-DD, year, due UTC) of the birthdays whose greeting day (the birthday minus
    `days_before`, local dates) has begun by `now` and whose greeting is due after
    `overdue_limit`. A 29 February birthday is greeted on 28 February in other years."""
    today = now.astimezone().date()
    day = overdue_limit.astimezone().date() - timedelta(days=1 + delay.days)
    while day <= today:
        due = datetime.combine(day, local_time).astimezone() + delay
        if due >= overdue_limit:
            birthday = day + timedelta(days=days_before)
            yield birthday.strftime("%m-%d"), birthday.year, timefmt.to_db(due)
            if birthday == _feb_28_of_common_year(birthday.year):
                yield "02-29", birthday.year, timefmt.to_db(due)
        day += timedelta(days=1)


def _feb_28_of_common_year(year: int) -> date | None:
    return None if calendar.isleap(year) else date(year, 2, 28)
