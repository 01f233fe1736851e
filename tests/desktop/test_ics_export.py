"""Open tasks → .ics, read back with icalendar: summary, due time in the machine's zone,
relative alarm at the remind time, recurrence, stable UIDs; and `siyu export tasks`."""

from __future__ import annotations

import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from desktop import ics_export, timefmt
from desktop.cli import main
from desktop.errors import UserFacingError
from tests.conftest import FIXED_NOW

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(**delta) -> str:
    return timefmt.to_db(FIXED_NOW + timedelta(**delta))


@pytest.fixture
def with_tasks(workspace):
    conn = workspace.conn
    conn.execute("INSERT INTO contacts (id, nickname, remark) VALUES (1, '张小花', '张姐')")
    conn.execute("INSERT INTO contacts (id, nickname, deleted_at) VALUES (2, '王磊', ?)",
                 (at(days=-1),))
    conn.execute("INSERT INTO scripts (id, title, category) VALUES (3, '复购提醒', '复购')")
    rows = [  # title, contact, due, remind, recurrence, priority, status, script, notes
        ("复购提醒", 1, at(hours=5), at(hours=4, minutes=50), "", 1, "open", 3, "问问效果"),
        ("盘点库存", None, at(days=1), None, "weekly", 3, "snoozed", None, ""),
        ("发朋友圈", None, at(days=2), at(days=2), "every:3", 2, "open", None, ""),
        ("已完成", 1, at(hours=1), None, "", 2, "done", None, ""),
        ("已取消", 1, at(hours=1), None, "", 2, "cancelled", None, ""),
        ("没定时间", 1, None, None, "", 2, "open", None, ""),
        ("回收站客户", 2, at(hours=1), None, "", 2, "open", None, ""),
        ("昨天逾期", 1, at(hours=-11), None, "", 2, "open", None, ""),
        ("今早逾期", 1, at(hours=-9), None, "", 2, "open", None, ""),
    ]
    conn.executemany("INSERT INTO tasks (title, contact_id, due_at, remind_at, recurrence, "
                     "priority, status, suggested_script_id, notes, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-11-20 08:00:00')", rows)
    return workspace


def read(path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def test_open_dated_tasks_become_events_with_alarms(with_tasks, tmp_path, clock):
    target = tmp_path / "任务.ics"
    assert ics_export.export_tasks_ics(with_tasks.conn, target, clock=clock,
                                       zone_name="Asia/Shanghai") == 4
    calendar = read(target)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [
        "今早逾期 · 张姐", "复购提醒 · 张姐", "盘点库存", "发朋友圈"]  # not yesterday's
    events = events[1:]
    first = events[0]
    start = first.decoded("DTSTART")
    assert start == FIXED_NOW + timedelta(hours=5) and start.tzinfo.key == "Asia/Shanghai"
    assert first["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert first.decoded("DURATION") == timedelta(minutes=15)
    assert first["PRIORITY"] == 1
    assert str(first["DESCRIPTION"]) == "客户：张姐\n建议话术：复购提醒\n问问效果"
    [alarm] = first.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-10)
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert "TRIGGER:-PT10M" in target.read_text(encoding="utf-8")
    assert events[1].walk("VALARM") == [] and events[1]["PRIORITY"] == 9
    assert events[1]["RRULE"]["FREQ"] == ["WEEKLY"]
    assert (events[2]["RRULE"]["FREQ"], events[2]["RRULE"]["INTERVAL"]) == (["DAILY"], [3])
    assert events[2].walk("VALARM")[0].decoded("TRIGGER") == timedelta(0)


def test_uids_are_stable_across_exports(with_tasks, tmp_path, clock):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    ics_export.export_tasks_ics(with_tasks.conn, first, clock=clock)
    ics_export.export_tasks_ics(with_tasks.conn, second, clock=lambda: FIXED_NOW
                                + timedelta(hours=1))
    uids = [str(e["UID"]) for e in read(first).walk("VEVENT")]
    assert uids == [str(e["UID"]) for e in read(second).walk("VEVENT")]
    assert uids[1] == "task-1-2026-11-20T08:00:00@siyu-workstation"
    assert len(set(uids)) == 4


@pytest.fixture
def berlin(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_machines_zone_is_named_from_tz(with_tasks, tmp_path, clock, berlin):
    assert ics_export.local_zone_name() == "Europe/Berlin"
    target = tmp_path / "t.ics"
    ics_export.export_tasks_ics(with_tasks.conn, target, clock=clock)
    event = next(e for e in read(target).walk("VEVENT") if e["SUMMARY"].startswith("复购"))
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTSTART") == FIXED_NOW + timedelta(hours=5)


def test_an_unnamed_zone_at_utc_plus_8_is_shanghai_and_utc_stays_utc(monkeypatch, with_tasks,
                                                                       tmp_path, clock):
    monkeypatch.setenv("TZ", "CST-8")   # an offset without a zone name
    monkeypatch.setattr(ics_export, "Path", lambda _p: tmp_path / "missing")
    time.tzset()
    try:
        assert ics_export.local_zone_name() == "Asia/Shanghai"
    finally:
        monkeypatch.undo()
        time.tzset()
    target = tmp_path / "utc.ics"
    ics_export.export_tasks_ics(with_tasks.conn, target, clock=clock, zone_name="UTC")
    assert "DTSTART:20261123T070000Z" in target.read_text(encoding="utf-8")
    assert read(target).walk("VTIMEZONE") == []


def test_a_folder_or_unwritable_place_is_refused(with_tasks, tmp_path, clock):
    with pytest.raises(UserFacingError, match="文件夹"):
        ics_export.export_tasks_ics(with_tasks.conn, tmp_path, clock=clock)
    with pytest.raises(UserFacingError, match="无法保存"):
        ics_export.export_tasks_ics(with_tasks.conn, tmp_path / "no" / "t.ics", clock=clock)


def test_siyu_export_tasks(with_tasks, tmp_path, capsys, clock, monkeypatch):
    # The command reads the real clock; the tasks are laid out around FIXED_NOW.
    export = ics_export.export_tasks_ics
    monkeypatch.setattr(ics_export, "export_tasks_ics",
                        lambda conn, path: export(conn, path, clock=clock))
    db_path = with_tasks.path
    with_tasks.close()
    target = tmp_path / "tasks.ics"
    assert main(["--db", str(db_path), "export", "tasks", "-o", str(target)]) == 0
    assert capsys.readouterr().out.strip() == f"已导出 4 个任务到 {target}"
    assert len(read(target).walk("VEVENT")) == 4
    assert main(["export", "tasks", "--db", str(db_path), "-o", str(tmp_path / "x" / "t.ics")
                 ]) == 2
    assert "无法保存导出文件" in capsys.readouterr().err
