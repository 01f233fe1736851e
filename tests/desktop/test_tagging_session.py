"""The tagging session's state: numbering, moves, counts, time left, saving and resuming."""

from __future__ import annotations

from datetime import timedelta

import pytest

from db import settings
from desktop import contacts, reads
from desktop import tagging_session as ts
from tests.conftest import FIXED_NOW


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = FIXED_NOW

    def __call__(self):
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def fake_clock():
    return FakeClock()


@pytest.fixture
def people(workspace):
    """Three tag groups and six contacts (ids in creation order)."""
    c = workspace.conn
    c.execute("INSERT INTO tag_groups (id, name, single_choice, sort_order) VALUES "
              "(1, '来源', 1, 1), (2, '需求类型', 0, 2), (3, '消费能力', 1, 3)")
    c.executemany("INSERT INTO tags (group_id, name, color, sort_order) VALUES (?, ?, ?, ?)",
                  [(1, n, "#29B6F6", i) for i, n in enumerate(
                      ("门店扫码", "包裹卡", "抖音", "公众号", "直播", "老客推荐", "小红书",
                       "视频号"))]
                  + [(2, n, "#AB47BC", i) for i, n in enumerate(("美白", "抗衰", "祛痘"))]
                  + [(3, n, "#E53935", i) for i, n in enumerate(("低", "中", "高"))])
    return [workspace.execute(lambda conn, n=name: contacts.create_contact(
        conn, values={"nickname": n})).value for name in ("甲", "乙", "丙", "丁", "戊", "己")]


def start(workspace, ids, clock, groups=(1, 2, 3)) -> ts.Session:
    session = ts.new_session(workspace.conn, name="高价值", contact_ids=ids, group_ids=groups,
                             clock=clock)
    workspace.execute(lambda c: ts.save_session(c, session=session))
    return session


def test_tags_are_numbered_in_group_then_tag_order_nine_to_a_page(workspace, people):
    groups = reads.groups_with_tags(workspace.conn)
    pages = ts.tag_pages(groups, [3, 1])  # the order chosen does not matter: group order does
    assert [[t.name for t in page] for page in pages] == [
        ["门店扫码", "包裹卡", "抖音", "公众号", "直播", "老客推荐", "小红书", "视频号", "低"],
        ["中", "高"]]
    assert [t.name for t in ts.tag_pages(groups, [2])[0]] == ["美白", "抗衰", "祛痘"]
    assert ts.tag_pages(groups, []) == ()


def test_moves_count_done_skipped_and_stop_at_the_ends(workspace, people, fake_clock):
    session = start(workspace, [*people[:4], people[0]], fake_clock)
    assert session.contact_ids == tuple(people[:4])  # the duplicate is dropped
    assert (session.current, session.position, session.total) == (people[0], 0, 4)
    conn = workspace.conn
    assert ts.previous_contact(conn, session, clock=fake_clock).position == 0
    session = ts.next_contact(conn, session, clock=fake_clock)
    session = ts.skip_contact(conn, session, clock=fake_clock)
    assert session.current == people[2]
    assert (session.done, session.skipped_only) == ({people[0]}, {people[1]})
    session = ts.previous_contact(conn, session, clock=fake_clock)
    assert session.current == people[1]
    session = ts.next_contact(conn, session, clock=fake_clock)  # done after all
    assert session.skipped_only == frozenset()
    session = ts.next_contact(conn, session, clock=fake_clock)
    session = ts.next_contact(conn, session, clock=fake_clock)
    assert session.current is None and session.position == 4
    assert ts.next_contact(conn, session, clock=fake_clock) == session
    assert ts.previous_contact(conn, session, clock=fake_clock).current == people[3]


def test_changes_count_as_visited_and_undo_pops_the_journal(workspace, people, fake_clock):
    session = start(workspace, people, fake_clock)
    session = session.with_change(people[0]).with_change(people[0])
    session = ts.skip_contact(workspace.conn, session, clock=fake_clock).with_change(people[1])
    assert session.changed == {people[0], people[1]}
    assert session.visited == {people[0], people[1]}  # skipped, but changed: processed
    assert session.skipped_only == frozenset()
    assert ts.merge_label(session) == "打标签：2 位客户"
    session = session.without_last_change()
    assert session.journal == (people[0], people[0]) and session.changed == {people[0]}


def test_time_left_is_the_median_of_recent_moves_times_contacts_left(workspace, people,
                                                                     fake_clock):
    conn = workspace.conn
    session = start(workspace, people, fake_clock)
    assert session.time_left_seconds() is None  # nothing to go by yet
    for seconds in (10, 600, 20):  # a long pause for a phone call barely counts
        fake_clock.advance(seconds)
        session = ts.next_contact(conn, session, clock=fake_clock)
    assert session.recent_seconds == (10, 600, 20)
    assert session.time_left_seconds() == 20 * 3
    fake_clock.advance(50)
    session = ts.previous_contact(conn, session, clock=fake_clock)  # back: not a sample
    fake_clock.advance(4)
    session = ts.skip_contact(conn, session, clock=fake_clock)  # skips are moves too
    assert session.recent_seconds == (10, 600, 20, 4)
    for _ in range(ts.RECENT_MOVES):
        session = ts.previous_contact(conn, session, clock=fake_clock)
        fake_clock.advance(30)
        session = ts.skip_contact(conn, session, clock=fake_clock)
    assert session.recent_seconds == (30,) * ts.RECENT_MOVES  # only the recent pace counts


def test_saved_after_each_move_and_resumed_after_a_restart(workspace, people, fake_clock):
    conn = workspace.conn
    session = start(workspace, people, fake_clock, groups=(2,))
    fake_clock.advance(12)
    session = ts.next_contact(conn, session, clock=fake_clock).with_change(people[1])
    session = ts.skip_contact(conn, session, clock=fake_clock)
    workspace.execute(lambda c: ts.save_progress(c, session=session))
    assert workspace.undo_stack.undo_label.startswith("新建客户")  # saving is no undo step

    fake_clock.advance(3600)
    resumed = ts.load_session(conn, clock=fake_clock)
    assert (resumed.name, resumed.group_ids, resumed.current) == ("高价值", (2,), people[2])
    assert (resumed.done, resumed.skipped_only, resumed.changed) == (
        {people[0]}, frozenset(), {people[1]})
    assert resumed.journal == ()  # the last run's undo steps are gone with it
    assert resumed.recent_seconds == (12, 0) and resumed.arrived_at == fake_clock.now
    workspace.execute(ts.end_session)
    assert ts.load_session(conn) is None


def test_contacts_deleted_meanwhile_are_skipped_on_resume_and_moves(workspace, people,
                                                                    fake_clock):
    conn = workspace.conn
    session = start(workspace, people, fake_clock)
    session = ts.next_contact(conn, session, clock=fake_clock)
    workspace.execute(lambda c: ts.save_progress(c, session=session))
    workspace.execute(lambda c: contacts.move_to_trash(c, contact_ids=[people[1], people[3]]))
    workspace.execute(lambda c: contacts.purge(c, contact_ids=[people[4]]))

    resumed = ts.load_session(conn, clock=fake_clock)
    assert resumed.current == people[2] and resumed.position == 2
    assert ts.previous_contact(conn, resumed, clock=fake_clock).current == people[0]
    assert ts.next_contact(conn, resumed, clock=fake_clock).current == people[5]
    assert ts.new_session(conn, name="x", contact_ids=people[3:5], group_ids=[]).current is None


def test_a_saved_session_of_another_version_is_not_resumed(workspace, people):
    workspace.execute(lambda c: ts.save_session(c, session=ts.new_session(
        c, name="x", contact_ids=people, group_ids=[])))
    plan = settings.get(workspace.conn, ts.PLAN_KEY)
    settings.put(workspace.conn, ts.PLAN_KEY, {**plan, "version": 99})
    assert ts.load_session(workspace.conn) is None


def test_the_group_choice_is_remembered(workspace):
    assert ts.remembered_groups(workspace.conn) is None
    workspace.execute(lambda c: ts.remember_groups(c, group_ids=[3, 1]))
    assert ts.remembered_groups(workspace.conn) == [3, 1]
    assert workspace.undo_stack.undo_label is None


def test_card_shows_the_latest_history_and_tags(workspace, people, clock):
    contact_id = people[0]
    workspace.execute(lambda c: contacts.update_contact(
        c, contact_id=contact_id, values={"remark": "甲姐", "channel": "包裹卡"}))
    for day in range(1, 6):
        workspace.execute(lambda c, d=day: contacts.add_interaction(
            c, contact_id=contact_id, kind="chat", occurred_at=f"2026-11-0{d} 10:00",
            note=f"第{d}次", clock=clock))
        workspace.execute(lambda c, d=day: contacts.add_order(
            c, contact_id=contact_id, ordered_at=f"2026-10-0{d} 10:00", amount="99",
            clock=clock))
    workspace.execute(lambda c: contacts.set_tags(c, contact_id=contact_id, tag_ids=[9, 12]))
    shown = ts.card(workspace.conn, contact_id)
    assert (shown.name, shown.nickname, shown.channel) == ("甲姐", "甲", "包裹卡")
    assert [i.note for i in shown.interactions] == ["第5次", "第4次", "第3次"]
    assert [o.ordered_at[:10] for o in shown.orders] == ["2026-10-05", "2026-10-04",
                                                         "2026-10-03"]
    assert (shown.order_count, shown.total_spent_fen, shown.tag_ids) == (5, 49500, {9, 12})
    assert (shown.tier, shown.tier_pinned) == (3, False)  # 5 interactions in 30 days
    workspace.execute(lambda c: contacts.move_to_trash(c, contact_ids=[contact_id]))
    assert ts.card(workspace.conn, contact_id) is None
