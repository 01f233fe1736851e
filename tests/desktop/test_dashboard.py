"""The 数据 page's numbers on a shop counted by hand (tests/desktop/dashboard_seed.py)."""

from __future__ import annotations

from datetime import date

from desktop import dashboard
from desktop.contact_query import matching_ids
from tests.desktop.dashboard_seed import seed

WEEKS = (date(2026, 11, 9), date(2026, 11, 23))  # a Monday … the next-but-one Monday


def counts(table: dashboard.Table) -> dict:
    return dict(zip(table.columns, table.values[0], strict=True))


def test_contacts_per_tier_stage_and_channel_leave_out_the_trash(workspace):
    seed(workspace.conn)
    conn = workspace.conn
    assert counts(dashboard.contacts_by(conn, "tier")) == {1: 1, 2: 1, 3: 1, 4: 2, 5: 0}
    assert counts(dashboard.contacts_by(conn, "stage")) == {
        "potential": 1, "new": 1, "growing": 1, "mature": 2, "declining": 0, "churned": 0}
    channels = dashboard.contacts_by(conn, "channel")
    assert counts(channels) == {"抖音": 2, "门店扫码": 2, "": 1}
    assert channels.columns[-1] == ""  # the biggest first


def test_an_added_range_counts_local_days(workspace):
    seed(workspace.conn)
    week = (date(2026, 11, 16), date(2026, 11, 22))
    # 小花 at 00:00 on the Monday is in; 王磊 a minute earlier is not
    assert counts(dashboard.contacts_by(workspace.conn, "tier", added=week)) == {
        1: 1, 2: 0, 3: 0, 4: 2, 5: 0}


def test_weeks_are_local_mondays():
    assert dashboard.last_weeks(date(2026, 11, 25)) == (date(2026, 9, 7), date(2026, 11, 29))
    assert dashboard.week_starts((date(2026, 11, 11), date(2026, 11, 23))) == (
        date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23))
    # Shanghai midnight is 16:00 UTC the day before
    assert dashboard.local_window(date(2026, 11, 16), date(2026, 11, 22)) == (
        "2026-11-15 16:00:00", "2026-11-22 16:00:00")


def test_new_contacts_per_week_by_channel_split_at_local_midnight(workspace):
    seed(workspace.conn)
    table = dashboard.new_contacts_by_week(workspace.conn, WEEKS)
    assert table.columns == ("2026-11-09", "2026-11-16", "2026-11-23")
    assert set(table.rows) == {"抖音", "门店扫码"}  # 老周 was added in January
    assert table.value("抖音", "2026-11-09") == 1  # 王磊, Sunday 23:59
    assert table.value("抖音", "2026-11-16") == 1  # 小花, Monday 00:00 (the trashed one not)
    assert table.value("门店扫码", "2026-11-16") == 2
    assert sum(sum(row) for row in table.values) == 4


def test_a_weeks_bar_opens_the_contacts_added_that_week_by_that_channel(workspace, clock):
    seed(workspace.conn)
    query = dashboard.week_query("抖音", date(2026, 11, 16))
    assert list(matching_ids(workspace.conn, query, clock=clock)) == [1]
    query = dashboard.contacts_query("tier", 4)
    assert sorted(matching_ids(workspace.conn, query, clock=clock)) == [3, 4]


def test_tier_migration_counts_each_contact_once_from_its_tier_at_the_date(workspace):
    seed(workspace.conn)
    table = dashboard.tier_migration(workspace.conn, date(2026, 11, 1))
    cells = {(f, t): table.value(f, t) for f in table.rows for t in table.columns
             if table.value(f, t)}
    assert cells == {(2, 4): 1, (1, 4): 1, (3, 3): 1}
    assert dashboard.tier_migration_ids(workspace.conn, date(2026, 11, 1), 1, 4) == [4]
    assert dashboard.tier_migration_ids(workspace.conn, date(2026, 11, 1), 2, 4) == [3]
    # A day earlier the change a minute before midnight on 10-31 counts too
    earlier = dashboard.tier_migration(workspace.conn, date(2026, 10, 31))
    assert earlier.value(1, 2) == 1


def test_rfm_grid_has_eight_segments_with_counts_and_average_spend(workspace):
    seed(workspace.conn)
    table = dashboard.rfm_grid(workspace.conn)
    assert table.rows == dashboard.RFM_SEGMENTS
    assert table.value("important_value", "contacts") == 2  # not the trashed big spender
    assert table.value("important_value", "average_spent_yuan") == 200.0
    assert table.value("general_recall", "contacts") == 1
    assert table.value("general_recall", "average_spent_yuan") == 5.0
    assert table.value("general_keep", "contacts") == 0


def test_tasks_per_week_on_time_late_open(workspace):
    seed(workspace.conn)
    table = dashboard.tasks_by_week(workspace.conn, WEEKS)
    assert table.rows == ("on_time", "late", "open")
    assert [list(row) for row in table.values] == [[1, 1, 0],   # on time: 准时; 周日深夜
                                                   [1, 0, 0],   # late: 晚了
                                                   [0, 2, 1]]   # open/snoozed; 下周一零点
    assert dashboard.task_contact_ids(workspace.conn, date(2026, 11, 16), "open") == [3, 4]
    assert dashboard.task_contact_ids(workspace.conn, date(2026, 11, 9), "late") == [2]


def test_moments_plan_posted_vs_skipped_per_week(workspace):
    seed(workspace.conn)
    table = dashboard.posts_by_week(workspace.conn, WEEKS)
    assert [list(row) for row in table.values] == [[1, 2, 0], [1, 0, 0]]
