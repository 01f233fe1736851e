"""The reminder schedule with a fake clock: one summary at start for what came due while the
app was closed, each reminder fired once at its time, a snoozed task again at its new time,
and the one timer's next wake-up."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop import reminders, tasks, timefmt
from tests.conftest import FIXED_NOW


class FakeClock:
    def __init__(self) -> None:
        self.now = FIXED_NOW

    def __call__(self):
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


def add_task(conn, title: str, remind_in: timedelta | None, *, status: str = "open",
             contact_id: int | None = None) -> int:
    remind = None if remind_in is None else timefmt.to_db(FIXED_NOW + remind_in)
    return conn.execute("INSERT INTO tasks (title, contact_id, due_at, remind_at, status) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (title, contact_id, remind, remind, status)).lastrowid


@pytest.fixture
def fake_clock():
    return FakeClock()


def test_what_came_due_while_closed_is_one_summary_not_popups(workspace, fake_clock):
    conn = workspace.conn
    conn.execute("INSERT INTO contacts (id, nickname, remark) VALUES (1, '张小花', '张姐'), "
                 "(2, '王磊', '')")
    conn.execute("UPDATE contacts SET deleted_at = ? WHERE id = 2", (timefmt.to_db(FIXED_NOW),))
    add_task(conn, "回访", -timedelta(days=2), contact_id=1)
    add_task(conn, "发券", -timedelta(hours=3))
    add_task(conn, "盘点", -timedelta(minutes=1))
    add_task(conn, "续费", -timedelta(hours=1))
    add_task(conn, "已完成的", -timedelta(hours=1), status="done")
    add_task(conn, "回收站客户的", -timedelta(hours=1), contact_id=2)
    add_task(conn, "稍后", timedelta(minutes=30))
    schedule = reminders.ReminderSchedule(clock=fake_clock)
    missed = schedule.start(conn)
    assert missed.count == 4
    assert [t.title for t in missed.first] == ["回访", "发券", "续费"]
    assert missed.message() == ("程序关闭期间有 4 个任务提醒到期：回访（张姐）、发券、续费 等。"
                                "已列在“逾期”和“今日”中。")
    assert schedule.due(conn) == []           # none of them pops up on its own
    assert schedule.badge_count(conn) == 4


def test_each_reminder_fires_once_at_its_time(workspace, fake_clock):
    conn = workspace.conn
    soon = add_task(conn, "十分钟后", timedelta(minutes=10))
    later = add_task(conn, "两小时后", timedelta(hours=2))
    add_task(conn, "没有提醒", None)
    schedule = reminders.ReminderSchedule(clock=fake_clock)
    assert schedule.start(conn).count == 0 and schedule.start(conn).message() == ""
    assert schedule.next_wake(conn) == FIXED_NOW + timedelta(minutes=10)
    assert schedule.next_delay_ms(conn) == 10 * 60 * 1000
    fake_clock.advance(minutes=9, seconds=59)
    assert schedule.due(conn) == []
    fake_clock.advance(seconds=1)
    assert [t.id for t in schedule.due(conn)] == [soon]
    assert schedule.due(conn) == []
    assert schedule.next_wake(conn) == FIXED_NOW + timedelta(hours=2)
    max_sleep_ms = reminders.MAX_SLEEP / timedelta(milliseconds=1)
    assert schedule.next_delay_ms(conn) == max_sleep_ms   # 1 h 50 min away: wake within the hour
    fake_clock.advance(hours=3)  # the laptop slept through it: fired late, still once
    assert schedule.next_delay_ms(conn) == 0
    assert [t.id for t in schedule.due(conn)] == [later]
    assert schedule.next_wake(conn) is None
    assert schedule.next_delay_ms(conn) == max_sleep_ms
    assert schedule.badge_count(conn) == 2


def test_a_snoozed_task_reminds_again_and_a_done_one_not_at_all(workspace, fake_clock):
    conn = workspace.conn
    task_id = add_task(conn, "回访", timedelta(minutes=5))
    done_id = add_task(conn, "已处理", timedelta(minutes=5))
    schedule = reminders.ReminderSchedule(clock=fake_clock)
    schedule.start(conn)
    workspace.execute(lambda c: tasks.complete_task(c, task_id=done_id, clock=fake_clock))
    fake_clock.advance(minutes=5)
    assert [t.id for t in schedule.due(conn)] == [task_id]
    workspace.execute(lambda c: tasks.snooze_task(c, task_id=task_id, option="15m",
                                                  clock=fake_clock))
    assert schedule.next_delay_ms(conn) == 15 * 60 * 1000
    fake_clock.advance(minutes=15)
    assert [t.id for t in schedule.due(conn)] == [task_id]


def test_the_schedule_must_be_started_first(workspace, fake_clock):
    with pytest.raises(RuntimeError):
        reminders.ReminderSchedule(clock=fake_clock).due(workspace.conn)
