"""Task operations (each one undo step back to the same rows), recurrence, snooze and the
task page's tabs, with the fixed clock (2026-11-23 10:00 in Shanghai)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desktop import tasks, timefmt
from desktop.contacts import ValidationError
from tests.conftest import FIXED_NOW, dump


def local(text: str) -> datetime:
    return timefmt.parse_local(text)


def stored(text: str) -> str:
    """Local 'YYYY-MM-DD HH:MM' → stored UTC text."""
    return timefmt.to_db(local(text))


def new_task(workspace, clock, **values) -> int:
    values.setdefault("title", "回访")
    return workspace.execute(lambda c: tasks.create_task(c, values=values, clock=clock)).value


def row(workspace, task_id):
    return tasks.tasks_db.task(workspace.conn, task_id)


def undo_redo_round_trip(workspace, operation) -> None:
    """op → undo gives the dump from before; redo gives the dump from after."""
    before = dump(workspace.conn)
    workspace.execute(operation)
    after = dump(workspace.conn)
    assert after != before
    workspace.undo()
    assert dump(workspace.conn) == before
    workspace.redo()
    assert dump(workspace.conn) == after


def test_a_manual_task_reminds_at_its_due_time_and_undoes(workspace, clock):
    workspace.conn.execute("INSERT INTO contacts (id, nickname, remark) "
                           "VALUES (1, '张小花', '张姐')")
    values = {"title": " 送试用装 ", "contact_id": 1, "due_at": "2026-11-24 15:00",
              "priority": "1", "notes": "带上新品"}
    undo_redo_round_trip(workspace, lambda c: tasks.create_task(c, values=values, clock=clock))
    task = row(workspace, 1)
    assert (task.title, task.contact_name, task.priority, task.source, task.status) == (
        "送试用装", "张姐", 1, "manual", "open")
    assert task.due_at == task.remind_at == "2026-11-24 07:00:00"
    no_reminder = new_task(workspace, clock, due_at="2026-11-24 15:00", remind_at="")
    assert row(workspace, no_reminder).remind_at is None


@pytest.mark.parametrize(("values", "field"), [
    ({"title": "  "}, "title"),
    ({"recurrence": "yearly"}, "recurrence"),
    ({"recurrence": "every:0", "due_at": "2026-11-24"}, "recurrence"),
    ({"recurrence": "daily"}, "due_at"),
    ({"priority": 4}, "priority"),
    ({"due_at": "明天"}, "due_at"),
    ({"contact_id": 99}, "contact_id"),
    ({"colour": "red"}, "colour"),
])
def test_invalid_task_fields_are_refused_before_writing(workspace, clock, values, field):
    with pytest.raises(ValidationError) as error:
        tasks.create_task(workspace.conn, values={"title": "回访", **values}, clock=clock)
    assert error.value.field == field
    assert workspace.conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == 0


@pytest.mark.parametrize(("due", "recurrence", "now", "expected"), [
    ("2026-11-23 09:00", "daily", "2026-11-23 10:00", "2026-11-24 09:00"),
    ("2026-11-20 09:00", "daily", "2026-11-23 10:00", "2026-11-24 09:00"),  # done late
    ("2026-11-25 09:00", "daily", "2026-11-23 10:00", "2026-11-26 09:00"),  # done early
    ("2026-11-23 09:00", "weekly", "2026-11-23 10:00", "2026-11-30 09:00"),
    ("2026-11-23 09:00", "every:3", "2026-11-23 10:00", "2026-11-26 09:00"),
    ("2026-11-10 09:00", "every:3", "2026-11-23 10:00", "2026-11-25 09:00"),
    ("2026-11-23 09:00", "monthly", "2026-11-23 10:00", "2026-12-23 09:00"),
    ("2026-12-23 09:00", "monthly", "2026-12-23 10:00", "2027-01-23 09:00"),
    ("2027-01-31 09:00", "monthly", "2027-01-31 10:00", "2027-02-28 09:00"),
    ("2028-01-31 09:00", "monthly", "2028-01-31 10:00", "2028-02-29 09:00"),
    ("2027-01-31 09:00", "monthly", "2027-03-01 10:00", "2027-03-31 09:00"),
    ("2027-02-28 09:00", "monthly", "2027-02-28 10:00", "2027-03-28 09:00"),
])
def test_the_next_occurrence(due, recurrence, now, expected):
    assert tasks.next_due(local(due), recurrence, after=local(now)) == local(expected)


def test_completing_a_recurring_task_makes_the_next_one(workspace, clock):
    task_id = new_task(workspace, clock, title="盘点库存", due_at="2026-11-23 09:00",
                       remind_at="2026-11-23 08:30", recurrence="weekly", priority=1)
    undo_redo_round_trip(workspace, lambda c: tasks.complete_task(c, task_id=task_id,
                                                                  clock=clock))
    done, following = row(workspace, task_id), row(workspace, task_id + 1)
    assert (done.status, done.done_at) == ("done", timefmt.to_db(FIXED_NOW))
    assert (following.title, following.status, following.recurrence, following.priority) == (
        "盘点库存", "open", "weekly", 1)
    assert following.due_at == stored("2026-11-30 09:00")
    assert following.remind_at == stored("2026-11-30 08:30")
    # completing a done task again changes nothing
    assert not tasks.complete_task(workspace.conn, task_id=task_id, clock=clock).changes.any()


@pytest.mark.parametrize(("option", "picked", "expected"), [
    ("15m", "", "2026-11-23 10:15"),
    ("1h", "", "2026-11-23 11:00"),
    ("tomorrow", "", "2026-11-24 09:00"),
    ("pick", "2026-11-25 14:30", "2026-11-25 14:30"),
])
def test_snooze_moves_the_reminder_and_an_earlier_due_time(workspace, clock, option, picked,
                                                           expected):
    task_id = new_task(workspace, clock, due_at="2026-11-22 18:00")
    undo_redo_round_trip(workspace, lambda c: tasks.snooze_task(
        c, task_id=task_id, option=option, until=picked, clock=clock))
    task = row(workspace, task_id)
    assert (task.status, task.remind_at, task.due_at) == (
        "snoozed", stored(expected), stored(expected))


def test_snooze_keeps_a_later_due_time_and_refuses_the_past(workspace, clock):
    task_id = new_task(workspace, clock, due_at="2026-11-30 18:00")
    workspace.execute(lambda c: tasks.snooze_task(c, task_id=task_id, option="1h", clock=clock))
    assert row(workspace, task_id).due_at == stored("2026-11-30 18:00")
    with pytest.raises(ValidationError, match="晚于现在"):
        tasks.snooze_task(workspace.conn, task_id=task_id, option="pick",
                          until="2026-11-23 09:00", clock=clock)
    with pytest.raises(ValidationError):
        tasks.snooze_task(workspace.conn, task_id=task_id, option="later", clock=clock)


def test_reschedule_keeps_the_reminder_lead_and_reopens_a_snoozed_task(workspace, clock):
    task_id = new_task(workspace, clock, due_at="2026-11-24 15:00",
                       remind_at="2026-11-24 14:00")
    workspace.execute(lambda c: tasks.snooze_task(c, task_id=task_id, option="15m",
                                                  clock=clock))
    undo_redo_round_trip(workspace, lambda c: tasks.reschedule_task(
        c, task_id=task_id, due_at="2026-11-26 10:00"))
    task = row(workspace, task_id)
    # the snooze left remind 10:15 today before due 15:00 tomorrow: that lead is kept
    lead = timefmt.from_db(stored("2026-11-24 15:00")) - timefmt.from_db(stored("2026-11-23 10:15"))
    assert task.status == "open" and task.due_at == stored("2026-11-26 10:00")
    assert timefmt.from_db(task.due_at) - timefmt.from_db(task.remind_at) == lead
    workspace.execute(lambda c: tasks.reschedule_task(c, task_id=task_id, due_at="2026-11-27",
                                                      remind_at=""))
    assert row(workspace, task_id).remind_at is None
    with pytest.raises(ValidationError):
        tasks.reschedule_task(workspace.conn, task_id=task_id, due_at=" ")


def test_edit_and_cancel_are_undoable(workspace, clock):
    task_id = new_task(workspace, clock, due_at="2026-11-24 15:00")
    undo_redo_round_trip(workspace, lambda c: tasks.update_task(
        c, task_id=task_id, values={"title": "电话回访", "priority": 3, "recurrence": "every:14",
                                    "notes": "问问效果"}))
    assert row(workspace, task_id).recurrence == "every:14"
    assert not tasks.update_task(workspace.conn, task_id=task_id,
                                 values={"title": "电话回访"}).changes.any()
    undo_redo_round_trip(workspace, lambda c: tasks.cancel_task(c, task_id=task_id))
    assert row(workspace, task_id).status == "cancelled"
    with pytest.raises(ValidationError, match="不存在"):
        tasks.cancel_task(workspace.conn, task_id=999)


def test_the_task_page_tabs(workspace, clock):
    for title, due in (("昨天的", "2026-11-22 18:00"), ("今天早上", "2026-11-23 08:00"),
                       ("今天晚上", "2026-11-23 20:00"), ("明天", "2026-11-24 09:00"),
                       ("下周", "2026-11-30 09:00"), ("没定时间", "")):
        new_task(workspace, clock, title=title, due_at=due)
    workspace.execute(lambda c: tasks.complete_task(c, task_id=2, clock=clock))
    workspace.execute(lambda c: tasks.cancel_task(c, task_id=4))
    page = tasks.load_task_page(workspace.conn, clock=clock)
    assert [t.title for t in page.overdue.rows] == ["昨天的"]
    assert [t.title for t in page.today.rows] == ["今天晚上"]
    assert [t.title for t in page.upcoming.rows] == ["下周", "没定时间"]
    assert [t.title for t in page.done.rows] == ["今天早上"]
    assert (page.overdue.total, page.today.total, page.upcoming.total, page.done.total) == (
        1, 1, 2, 1)
    assert tasks.load_task_page(workspace.conn, clock=clock, limit=1).upcoming.total == 2


def test_tasks_of_trashed_contacts_are_not_listed(workspace, clock):
    workspace.conn.execute("INSERT INTO contacts (id, nickname, deleted_at) "
                           "VALUES (1, '张小花', '2026-11-01 00:00:00')")
    workspace.conn.execute("INSERT INTO tasks (title, contact_id, due_at) VALUES ('回访', 1, ?)",
                           (timefmt.to_db(FIXED_NOW + timedelta(hours=1)),))
    assert tasks.load_task_page(workspace.conn, clock=clock).today.total == 0
