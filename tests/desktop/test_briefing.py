"""The morning briefing: which cards, in which order, what each says, and the day's progress."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop import briefing, timefmt
from desktop.errors import ValidationError
from tests.conftest import FIXED_NOW, dump

# FIXED_NOW is 10:00 on 2026-11-23 in Shanghai; today's local start is 14 hours earlier.


def at(delta: timedelta) -> str:
    return timefmt.to_db(FIXED_NOW + delta)


HOURS = timedelta(hours=1)
DAYS = timedelta(days=1)


def person(conn, cid: int, nickname: str, *, remark: str = "", tier: int = 1,
           segment: str = "", stage: str = "potential") -> int:
    conn.execute("INSERT INTO contacts (id, nickname, remark, tier, rfm_segment, stage, "
                 "added_at, last_interaction_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (cid, nickname, remark, tier, segment, stage, at(-100 * DAYS), at(-DAYS)))
    return cid


def task(conn, title: str, contact_id: int | None, due: timedelta, **extra) -> int:
    columns = ", ".join(["title", "contact_id", "due_at", *extra])
    values = [title, contact_id, at(due), *extra.values()]
    return conn.execute(f"INSERT INTO tasks ({columns}) VALUES ({', '.join('?' * len(values))})",
                        values).lastrowid


def keys(queue) -> list[str]:
    return [c.key for c in queue.cards]


@pytest.fixture
def day(workspace):
    """Five contacts and a post: overdue, value order, due-time order, one merged card."""
    c = workspace.conn
    person(c, 1, "小低", tier=2)
    person(c, 2, "张小花", remark="张姐", tier=4, segment="important_value", stage="mature")
    person(c, 3, "王磊", tier=4, segment="general_recall")
    person(c, 4, "李四", tier=4, segment="important_value")
    person(c, 5, "明天的人", tier=5)
    task(c, "逾期回访", 1, -2 * DAYS)                  # overdue: first despite low tier
    task(c, "复购提醒", 2, 3 * HOURS, notes="上 3 次间隔约 28 天，预计 12 月 11 日复购")
    task(c, "生日祝福", 2, 1 * HOURS)                    # same contact: one card
    task(c, "召回", 3, 1 * HOURS)                        # tier 4 but a lower segment
    task(c, "回访", 4, 5 * HOURS)                        # same tier and segment as 张姐, later
    task(c, "下周的事", 5, 2 * DAYS)                     # not today
    task(c, "整理仓库", None, 2 * HOURS)                 # no contact: its own card, last
    c.execute("INSERT INTO moments_posts (id, planned_at, body, status) VALUES "
              "(1, ?, '早安！今日上新', 'draft'), (2, ?, '已经发了', 'posted')",
              (at(6 * HOURS), at(2 * HOURS)))
    c.commit()
    return workspace


def test_order_is_overdue_then_posts_then_tier_and_segment_then_due_time(day, clock):
    queue = briefing.load_queue(day.conn, clock=clock)
    assert keys(queue) == ["c1", "p1", "c2", "c4", "c3", "t7"]
    assert [c.overdue for c in queue.cards] == [True] + [False] * 5
    zhang = queue.cards[2]
    assert (zhang.name, zhang.title, zhang.task_count) == ("张姐", "生日祝福", 2)
    assert queue.progress_text == "今日 0 / 6"


def test_a_card_carries_reasons_purchase_interactions_tasks_and_the_rendered_script(day, clock):
    c = day.conn
    c.execute("INSERT INTO orders (contact_id, ordered_at, amount_fen, item, category) VALUES "
              "(2, ?, 12800, '玫瑰花茶', '花茶'), (2, ?, 5000, '旧单', '')",
              (at(-10 * DAYS), at(-40 * DAYS)))
    c.executemany("INSERT INTO interactions (contact_id, kind, occurred_at, note) VALUES "
                  "(2, 'chat', ?, ?)", [(at(-k * DAYS), f"第{k}次聊天") for k in range(1, 6)])
    c.execute("INSERT INTO scripts (id, title, category, body) VALUES "
              "(9, '生日', '节日', '{称呼}生日快乐！{门店}送您{礼物}')")
    c.execute("UPDATE tasks SET suggested_script_id = 9 WHERE title = '生日祝福'")
    task(c, "没有截止的事", 2, 10 * DAYS)
    c.commit()
    card = briefing.load_queue(c, clock=clock).cards[2]
    detail = briefing.load_card(c, card, clock=clock)
    assert [t.title for t in detail.reasons] == ["生日祝福", "复购提醒"]
    assert detail.reasons[1].notes == "上 3 次间隔约 28 天，预计 12 月 11 日复购"
    assert detail.headline == "L4 · 成熟期 · 重要价值"
    assert detail.last_order_text == "玫瑰花茶（花茶） · 2026-11-13 · ¥128"
    assert [i.note for i in detail.interactions] == ["第1次聊天", "第2次聊天", "第3次聊天"]
    assert [t.title for t in detail.open_tasks] == ["生日祝福", "复购提醒", "没有截止的事"]
    assert detail.script_title == "生日"
    rendered = detail.rendered
    assert rendered.text.startswith("张姐生日快乐！")
    assert [(p.name, p.kind) for p in rendered.problems] == [("门店", "empty"), ("礼物", "unknown")]
    assert rendered.text[rendered.problems[1].start:rendered.problems[1].end] == "{礼物}"


def test_a_rule_task_without_a_script_suggests_one_of_its_category(day, clock):
    c = day.conn
    c.execute("INSERT INTO scripts (id, title, category, body) VALUES (5, '召回一', '召回', "
              "'{称呼}好久不见')")
    rule = c.execute("INSERT INTO sop_rules (code, name, trigger, task_title, script_category) "
                     "VALUES ('quiet', '召回', 'no_interaction', '召回', '召回')").lastrowid
    c.execute("UPDATE tasks SET sop_rule_id = ? WHERE title = '召回'", (rule,))
    c.commit()
    card = next(x for x in briefing.load_queue(c, clock=clock).cards if x.key == "c3")
    detail = briefing.load_card(c, card, clock=clock)
    assert (detail.script_title, detail.rendered.text) == ("召回一", "王磊好久不见")
    no_script = briefing.load_card(c, briefing.load_queue(c, clock=clock).cards[0], clock=clock)
    assert no_script.rendered is None and no_script.last_order_text == "还没有下过单"


def test_done_and_snooze_move_the_progress_and_survive_a_reload(day, clock):
    queue = briefing.load_queue(day.conn, clock=clock)
    zhang = queue.cards[2]
    day.execute(lambda c: briefing.finish_card(c, candidate=zhang, clock=clock))
    queue = briefing.load_queue(day.conn, clock=clock)
    assert "c2" not in keys(queue) and queue.progress_text == "今日 1 / 6"
    day.execute(lambda c: briefing.snooze_card(c, candidate=queue.cards[0], clock=clock))
    again = briefing.load_queue(day.conn, clock=clock)
    assert keys(again) == ["p1", "c4", "c3", "t7"] and again.progress_text == "今日 2 / 6"
    snoozed = day.conn.execute("SELECT due_at, status FROM tasks WHERE title = '逾期回访'"
                               ).fetchone()
    assert snoozed == (at(DAYS - HOURS), "snoozed")  # tomorrow 09:00 local
    day.undo()
    assert briefing.load_queue(day.conn, clock=clock).progress_text == "今日 1 / 6"
    tomorrow = lambda: FIXED_NOW + DAYS  # noqa: E731
    assert briefing.load_queue(day.conn, clock=tomorrow).handled == 0


def test_finishing_a_card_is_one_undo_step(day, clock):
    before = dump(day.conn)
    card = briefing.load_queue(day.conn, clock=clock).cards[2]
    day.execute(lambda c: briefing.finish_card(c, candidate=card, clock=clock))
    assert day.conn.execute("SELECT count(*) FROM tasks WHERE contact_id = 2 AND status = 'done'"
                            ).fetchone()[0] == 2
    day.undo()
    assert dump(day.conn) == before
    day.redo()
    assert briefing.load_queue(day.conn, clock=clock).progress_text == "今日 1 / 6"


def test_a_task_without_a_contact_is_its_own_card(day, clock):
    lone = briefing.load_queue(day.conn, clock=clock).cards[-1]
    assert (lone.key, lone.contact_id, lone.title) == ("t7", None, "整理仓库")
    assert day.execute(lambda c: briefing.finish_card(c, candidate=lone, clock=clock)).label \
        == "完成“整理仓库”"
    assert briefing.load_card(day.conn, lone, clock=clock).reasons[0].status == "done"


def test_a_post_card_is_marked_posted(day, clock):
    post = briefing.load_queue(day.conn, clock=clock).cards[1]
    detail = briefing.load_card(day.conn, post, clock=clock)
    assert detail.rendered.text == "早安！今日上新" and detail.contact is None
    day.execute(lambda c: briefing.finish_card(c, candidate=post, clock=clock))
    assert day.conn.execute("SELECT status FROM moments_posts WHERE id = 1").fetchone() == (
        "posted",)
    with pytest.raises(ValidationError):
        briefing.snooze_card(day.conn, candidate=post, clock=clock)


def test_daily_limit_hides_the_rest_until_postponed(day, clock):
    day.execute(lambda c: briefing.save_limit(c, limit=3))
    queue = briefing.load_queue(day.conn, clock=clock)
    assert keys(queue) == ["c1", "p1", "c2"]
    assert queue.overflow_note == "另有 3 项超出每日上限 3，已移到明天"
    day.execute(lambda c: briefing.finish_card(c, candidate=queue.cards[0], clock=clock))
    queue = briefing.load_queue(day.conn, clock=clock)
    assert keys(queue) == ["p1", "c2"] and queue.progress_text == "今日 1 / 3"
    before = dump(day.conn)
    day.execute(lambda c: briefing.postpone_overflow(c, keep_keys=keys(queue), clock=clock))
    later = briefing.load_queue(day.conn, clock=clock)
    assert later.overflow == 0 and keys(later) == ["p1", "c2"]
    assert day.conn.execute("SELECT title, status, due_at FROM tasks WHERE id = 7").fetchone() \
        == ("整理仓库", "snoozed", at(DAYS - HOURS))
    assert later.progress_text == "今日 1 / 3"
    day.undo()
    assert dump(day.conn) == before


def test_daily_limit_is_checked(workspace):
    assert briefing.load_limit(workspace.conn) == 50
    for bad in (0, 501, "50", True):
        with pytest.raises(ValidationError):
            briefing.save_limit(workspace.conn, limit=bad)
    workspace.execute(lambda c: briefing.save_limit(c, limit=20))
    assert briefing.load_limit(workspace.conn) == 20
    workspace.undo()
    assert briefing.load_limit(workspace.conn) == 50


def test_contacts_at_the_weekly_limit_are_skipped_unless_shown_anyway(day, clock):
    c = day.conn
    c.executemany("INSERT INTO interactions (contact_id, kind, occurred_at) VALUES "
                  "(4, 'script_sent', ?)", [(at(-DAYS),), (at(-2 * DAYS),)])
    c.commit()
    queue = briefing.load_queue(c, clock=clock)
    assert "c4" not in keys(queue)
    assert queue.skipped_note == "已跳过 1 位本周已联系满 2 次的客户"
    shown = briefing.load_queue(c, clock=clock, show_over_budget=True)
    assert "c4" in keys(shown) and shown.skipped == []
    card = next(x for x in shown.cards if x.key == "c4")
    assert briefing.load_card(c, card, clock=clock).pressure_warning == \
        "这位客户本周已联系 2 次，再发会超过每周上限 2 次"


def test_a_script_sent_today_does_not_drop_the_card(day, clock):
    c = day.conn
    c.executemany("INSERT INTO interactions (contact_id, kind, occurred_at) VALUES "
                  "(4, 'script_sent', ?)", [(at(-DAYS),), (at(-HOURS),)])
    c.commit()
    assert "c4" in keys(briefing.load_queue(c, clock=clock))


def test_quiet_contacts_are_a_count_not_cards(day, clock):
    c = day.conn
    c.execute("INSERT INTO contacts (nickname, added_at, last_interaction_at) VALUES "
              "('安静', ?, ?)", (at(-100 * DAYS), at(-40 * DAYS)))
    c.commit()
    queue = briefing.load_queue(c, clock=clock)
    assert queue.quiet_note == "另有 1 位客户 30 天未联系"
    assert all(card.name != "安静" for card in queue.cards)


def test_trashed_contacts_and_finished_tasks_make_no_cards(day, clock):
    c = day.conn
    c.execute("UPDATE contacts SET deleted_at = ? WHERE id = 1", (at(-HOURS),))
    c.execute("UPDATE tasks SET status = 'done' WHERE title = '召回'")
    c.commit()
    assert keys(briefing.load_queue(c, clock=clock)) == ["p1", "c2", "c4", "t7"]
