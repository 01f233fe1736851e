"""The Today page's lists come from real queries with the operator's local day."""

from __future__ import annotations

from datetime import timedelta

from desktop import contacts, timefmt, today
from tests.conftest import FIXED_NOW


def at(delta: timedelta) -> str:
    return timefmt.to_db(FIXED_NOW + delta)


def test_today_sorts_tasks_posts_and_quiet_contacts(workspace, clock):
    c = workspace.conn
    c.execute("INSERT INTO contacts (id, nickname, remark, added_at, last_interaction_at, tier) "
              "VALUES (1, '张小花', '张姐', ?, ?, 4), (2, '王磊', '', ?, NULL, 2), "
              "(3, '新朋友', '', ?, NULL, 1), (4, '李四', '', ?, ?, 3)",
              (at(-timedelta(days=400)), at(-timedelta(days=45)), at(-timedelta(days=60)),
               at(-timedelta(days=2)), at(-timedelta(days=90)), at(-timedelta(days=1))))
    c.execute("INSERT INTO tasks (title, contact_id, due_at, status) VALUES "
              "('逾期回访', 1, ?, 'open'), ('今日复购提醒', 2, ?, 'open'), "
              "('明天的任务', 2, ?, 'open'), ('已完成', 1, ?, 'done')",
              (at(-timedelta(days=2)), at(timedelta(hours=3)), at(timedelta(days=1, hours=2)),
               at(timedelta(hours=1))))
    c.execute("INSERT INTO moments_posts (planned_at, body, status) VALUES (?, '早安', 'pending'),"
              " (?, '昨天的', 'posted')", (at(timedelta(hours=5)), at(-timedelta(days=1))))
    overview = today.load_today(c, clock=clock)
    assert [t.title for t in overview.overdue_tasks] == ["逾期回访"]
    assert (overview.overdue_total, overview.todays_total) == (1, 1)
    assert [t.title for t in overview.todays_tasks] == ["今日复购提醒"]
    assert overview.overdue_tasks[0].contact_name == "张姐"
    assert [p.body for p in overview.todays_posts] == ["早安"]
    # 张姐 (45 days quiet) and 王磊 (never touched, added 60 days ago); not the new friend or 李四
    assert overview.needs_touch_total == 2
    assert [r.display_name for r in overview.needs_touch] == ["张姐", "王磊"]


def test_totals_count_beyond_the_listed_rows(workspace, clock):
    workspace.conn.executemany("INSERT INTO tasks (title, due_at) VALUES (?, ?)",
                               [(f"任务{i}", at(-timedelta(days=1, minutes=i)))
                                for i in range(250)])
    overview = today.load_today(workspace.conn, clock=clock)
    assert overview.overdue_total == 250 and len(overview.overdue_tasks) == 200


def test_quiet_days_is_a_setting(workspace, clock):
    c = workspace.conn
    c.execute("INSERT INTO contacts (nickname, added_at, last_interaction_at) VALUES "
              "('张小花', ?, ?)", (at(-timedelta(days=100)), at(-timedelta(days=10))))
    assert today.load_today(c, clock=clock).needs_touch_total == 0
    c.execute("INSERT INTO settings VALUES ('today.quiet_days', '7')")
    overview = today.load_today(c, clock=clock)
    assert (overview.quiet_days, overview.needs_touch_total) == (7, 1)


def test_trashed_contacts_and_their_tasks_are_not_listed(workspace, clock):
    c = workspace.conn
    c.execute("INSERT INTO contacts (id, nickname, added_at) VALUES (1, '张小花', ?)",
              (at(-timedelta(days=90)),))
    c.execute("INSERT INTO tasks (title, contact_id, due_at) VALUES ('回访', 1, ?)",
              (at(timedelta(hours=2)),))
    workspace.execute(lambda conn: contacts.move_to_trash(conn, contact_ids=[1], clock=clock))
    overview = today.load_today(c, clock=clock)
    assert overview.todays_tasks == [] and overview.needs_touch_total == 0


def test_completing_a_task_can_be_undone(workspace, clock):
    c = workspace.conn
    c.execute("INSERT INTO tasks (id, title, due_at) VALUES (1, '发朋友圈', ?)",
              (at(timedelta(hours=1)),))
    workspace.execute(lambda conn: today.complete_task(conn, task_id=1, clock=clock))
    assert today.load_today(c, clock=clock).todays_tasks == []
    workspace.undo()
    assert [t.title for t in today.load_today(c, clock=clock).todays_tasks] == ["发朋友圈"]
