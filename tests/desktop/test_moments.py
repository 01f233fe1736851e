"""Moments posts: save / reschedule / mark posted with undo, the reminder task that follows a
post, images copied by content, slot-template fill (idempotent), guard-rails at the
boundaries, the .ics export read back and `siyu export moments`."""

from __future__ import annotations

from datetime import date, timedelta

import icalendar
import pytest

from db import tasks as tasks_db
from desktop import moments, moments_guard, moments_media, moments_slots, timefmt
from desktop.cli import main
from desktop.contacts import ValidationError
from desktop.moments_ics import export_moments_ics
from tests.conftest import FIXED_NOW, dump

MONDAY = date(2026, 11, 23)   # FIXED_NOW is Monday 10:00 in Shanghai


def new_post(workspace, clock, when="2026-11-24 09:00", **values) -> int:
    values = {"planned_at": when, "content_type": "daily", "body": "早安\n今天的福利", **values}
    return workspace.execute(lambda c: moments.save_post(c, values=values, clock=clock)).value


def reminder(conn, post_id):
    ids = [r[0] for r in conn.execute("SELECT id FROM tasks WHERE moments_post_id = ?",
                                      (post_id,))]
    return [tasks_db.fields(conn, i) for i in ids]


def test_saving_rescheduling_and_posting_move_one_reminder_and_undo_restores(workspace, clock):
    conn = workspace.conn
    before = dump(conn)
    post_id = new_post(workspace, clock, status="pending", content_type="perk")
    post = moments.get_post(conn, post_id)
    assert post.is_hard_ad and post.planned_at == "2026-11-24 01:00:00"
    [task] = reminder(conn, post_id)
    assert (task["title"], task["due_at"], task["remind_at"], task["source"]) == (
        "发朋友圈：早安", "2026-11-24 01:00:00", "2026-11-24 01:00:00", "moments")

    after_create = dump(conn)
    workspace.execute(lambda c: moments.reschedule_post(c, post_id=post_id,
                                                        planned_at="2026-11-26 20:30"))
    [task] = reminder(conn, post_id)
    assert task["due_at"] == task["remind_at"] == "2026-11-26 12:30:00"
    workspace.undo()
    assert dump(conn) == after_create

    workspace.execute(lambda c: moments.set_post_status(c, post_id=post_id, status="posted",
                                                        clock=clock))
    assert moments.get_post(conn, post_id).posted_at == timefmt.to_db(FIXED_NOW)
    assert reminder(conn, post_id)[0]["status"] == "done"
    workspace.undo()
    workspace.undo()
    assert dump(conn) == before
    workspace.redo()
    assert dump(conn) == after_create


def test_a_draft_does_not_remind_and_bad_input_is_refused_in_chinese(workspace, clock):
    post_id = new_post(workspace, clock)
    assert reminder(workspace.conn, post_id) == []
    with pytest.raises(ValidationError, match="计划发布时间"):
        new_post(workspace, clock, when="下周一")
    with pytest.raises(ValidationError, match="内容类型只能是"):
        new_post(workspace, clock, content_type="ad")
    with pytest.raises(ValidationError, match="至少选一个标签"):
        new_post(workspace, clock, visibility="only_tags")


def test_images_are_copied_by_content_and_survive_the_original_moving(workspace, clock,
                                                                      tmp_path):
    original = tmp_path / "photos" / "新品.JPG"
    original.parent.mkdir()
    original.write_bytes(b"\xff\xd8fake jpeg bytes")
    post_id = workspace.execute(lambda c: moments.save_post(
        c, values={"planned_at": "2026-11-24 09:00", "body": "新品"},
        images=[str(original), str(original)], clock=clock)).value
    names = moments.get_post(workspace.conn, post_id).media
    folder = moments_media.media_dir(workspace.conn)
    assert folder == workspace.path.with_name("siyu.media")
    assert len(names) == 2 and names[0] == names[1] and names[0].endswith(".jpg")
    original.rename(tmp_path / "moved.jpg")
    (tmp_path / "moved.jpg").unlink()
    assert (folder / names[0]).read_bytes() == b"\xff\xd8fake jpeg bytes"
    # editing keeps the stored names without needing the original
    workspace.execute(lambda c: moments.save_post(c, post_id=post_id, values={"body": "改"},
                                                  images=[names[0]]))
    assert moments.get_post(workspace.conn, post_id).media == (names[0],)
    with pytest.raises(ValidationError, match="读不到图片"):
        workspace.execute(lambda c: moments.save_post(c, post_id=post_id, values={},
                                                      images=[str(tmp_path / "gone.png")]))


def test_fill_week_from_the_default_template_is_idempotent_and_undoable(workspace, clock):
    conn = workspace.conn
    template = workspace.execute(moments_slots.ensure_default_template).value
    assert workspace.execute(moments_slots.ensure_default_template).value == template
    before = dump(conn)
    next_week = MONDAY + timedelta(days=9)   # Wednesday of the week of Monday 11-30
    first = workspace.execute(lambda c: moments_slots.fill_week(
        c, template_id=template, week_start_day=next_week, clock=clock))
    assert first.count == 4
    posts = moments.posts_on_days(conn, first_day=date(2026, 11, 30), days=7)
    assert [(timefmt.local_text(p.planned_at), p.content_type, p.status) for p in posts] == [
        ("2026-11-30 09:00", "perk", "draft"), ("2026-12-01 15:00", "event", "draft"),
        ("2026-12-01 17:00", "perk", "draft"), ("2026-12-04 19:00", "perk", "draft")]
    again = workspace.execute(lambda c: moments_slots.fill_week(
        c, template_id=template, week_start_day=date(2026, 11, 30), clock=clock))
    assert again.count == 0
    assert len(moments.posts_on_days(conn, first_day=date(2026, 11, 30), days=7)) == 4
    workspace.undo()
    assert dump(conn) == before
    # this week: Monday 09:00 is already past at 10:00, the other three are filled
    this_week = workspace.execute(lambda c: moments_slots.fill_week(
        c, template_id=template, week_start_day=MONDAY, clock=clock))
    assert this_week.count == 3


def test_slot_editor_checks_times_and_undoes(workspace):
    template = workspace.execute(moments_slots.ensure_default_template).value
    before = moments_slots.template_slots(workspace.conn, template)
    new = [moments_slots.Slot(3, "9:05", "knowledge", "周三干货")]
    workspace.execute(lambda c: moments_slots.save_slots(c, template_id=template, slots=new))
    assert moments_slots.template_slots(workspace.conn, template) == [
        moments_slots.Slot(3, "09:05", "knowledge", "周三干货")]
    workspace.undo()
    assert moments_slots.template_slots(workspace.conn, template) == before
    with pytest.raises(ValidationError, match="09:00"):
        moments_slots.save_slots(workspace.conn, template_id=template,
                                 slots=[moments_slots.Slot(1, "25:00", "daily", "")])


@pytest.mark.parametrize(("posts", "warned"), [(3, False), (4, True)])
def test_daily_limit_warns_only_above_the_limit(workspace, clock, posts, warned):
    for i in range(posts):
        new_post(workspace, clock, when=f"2026-11-25 {9 + i:02d}:00")
    new_post(workspace, clock, when="2026-11-25 22:00", status="skipped")  # never counts
    warnings = moments_guard.guard_rail_warnings(workspace.conn, day=date(2026, 11, 25))
    assert warnings == (["11-25 4 条，超过每日上限 3"] if warned else [])


@pytest.mark.parametrize(("ads", "warned"), [(3, False), (4, True)])
def test_hard_ad_share_warns_only_above_thirty_percent(workspace, clock, ads, warned):
    for i in range(10):   # 10 posts over the week, `ads` of them perk/event
        ctype = ("perk", "event")[i % 2] if i < ads else "knowledge"
        new_post(workspace, clock, when=f"{MONDAY + timedelta(days=1 + i // 2)} "
                                        f"{9 + i % 2:02d}:00", content_type=ctype)
    warnings = moments_guard.guard_rail_warnings(workspace.conn, day=date(2026, 11, 28))
    assert warnings == (["本周硬广 4/10 条（40%），超过上限 30%"] if warned else [])
    workspace.execute(lambda c: moments_guard.save_guard_rails(c, daily_limit=3,
                                                               hard_ad_max_percent=40))
    assert moments_guard.guard_rail_warnings(workspace.conn, day=date(2026, 11, 28)) == []


def read(path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def test_plan_exported_to_ics_reads_back(workspace, clock, tmp_path):
    new_post(workspace, clock, when="2026-11-24 09:00", status="pending", content_type="perk",
             body="券日开抢\n满100减20")
    new_post(workspace, clock, when="2026-11-25 12:00", status="posted")   # done: left out
    new_post(workspace, clock, when="2026-11-20 12:00")                    # past: left out
    target = tmp_path / "plan.ics"
    assert export_moments_ics(workspace.conn, target, clock=clock,
                              zone_name="Asia/Shanghai") == 1
    [event] = read(target).walk("VEVENT")
    assert str(event["summary"]) == "朋友圈·福利：券日开抢"
    assert event.decoded("dtstart").isoformat() == "2026-11-24T09:00:00+08:00"
    assert "满100减20" in str(event["description"])
    assert event.walk("VALARM")[0].decoded("trigger") == timedelta(0)


def test_siyu_export_moments(workspace, clock, tmp_path, capsys):
    new_post(workspace, clock, when="2099-01-01 09:00", status="pending")
    db_path = workspace.path
    workspace.close()
    target = tmp_path / "moments.ics"
    assert main(["--db", str(db_path), "export", "moments", "-o", str(target)]) == 0
    assert capsys.readouterr().out.strip() == f"已导出 1 条朋友圈计划到 {target}"
    assert len(read(target).walk("VEVENT")) == 1


def test_a_missed_post_is_overdue_on_today_until_marked_posted(workspace, clock):
    from desktop.briefing import load_queue
    post_id = new_post(workspace, clock, when="2026-11-22 19:00", status="pending")
    cards = load_queue(workspace.conn, clock=clock).cards
    assert [(c.key, c.overdue, c.title) for c in cards] == [(f"p{post_id}", True, "发朋友圈：早安")]
    assert [p.id for p in moments.due_posts(workspace.conn, clock=clock)] == [post_id]
    workspace.execute(lambda c: moments.set_post_status(c, post_id=post_id, status="posted",
                                                        clock=clock))
    assert load_queue(workspace.conn, clock=clock).cards == []
    assert moments.due_posts(workspace.conn, clock=clock) == []
