"""Demo data: counts, determinism, refusal, constraints, coherent aggregates, today, cancel,
and the data files in resources/demo/."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

import pytest

from db import bulk
from db.connection import connect, transaction
from desktop import demo, demo_data
from desktop.demo import DemoCancelled, DemoRefused, fill_demo
from desktop.pinyin_keys import name_keys
from tests.conftest import dump as dump_rows
from tests.conftest import fresh_connection

NOW = datetime(2026, 11, 23, 2, 0)   # UTC; 10:00 in Shanghai
SIZE = 300
TS = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")





def dump(conn) -> dict[str, list[tuple]]:
    return dump_rows(conn, skip_columns=())


def schema(conn) -> list[tuple]:
    return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()


def count(conn, sql: str, *params) -> int:
    return conn.execute(sql, params).fetchone()[0]


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    conn = fresh_connection(tmp_path_factory.mktemp("demo") / "demo.db")
    summary = fill_demo(conn, size=SIZE, now=NOW)
    yield conn, summary
    conn.close()


def test_counts_match_the_summary(filled):
    conn, s = filled
    tables = {"accounts": "accounts", "contacts": "contacts",
              "contact_accounts": "contact_accounts", "tag_groups": "tag_groups",
              "tags": "tags", "contact_tags": "contact_tags", "orders": "orders",
              "interactions": "interactions", "layer_history": "layer_history",
              "scripts": "scripts", "sequences": "sequences", "sequence_steps": "sequence_steps",
              "slot_templates": "moments_slot_templates", "slots": "moments_slots",
              "sop_rules": "sop_rules", "moments_posts": "moments_posts", "tasks": "tasks"}
    assert set(tables) == set(asdict(s))
    for field, table in tables.items():
        assert getattr(s, field) == count(conn, f"SELECT count(*) FROM {table}"), field
    assert s.contacts == SIZE and s.accounts == 3 and s.tag_groups == 6 and s.sop_rules == 8
    assert s.sequences == 1 and s.slots == 4 and 20 <= s.scripts <= 40
    # averages near the requested 1.5 orders and 4 interactions per contact
    assert 1.0 <= s.orders / SIZE <= 2.0
    assert 3.0 <= s.interactions / SIZE <= 5.0
    assert SIZE // 20 <= count(conn, "SELECT count(*) FROM tasks WHERE status = 'open'")


def test_database_stays_valid(filled):
    conn, _ = filled
    # quick_check verifies CHECK and NOT NULL constraints, which the bulk load skipped
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA ignore_check_constraints").fetchone()[0] == 0


def test_schema_is_unchanged_after_the_fill(filled, tmp_path):
    conn, _ = filled
    assert schema(conn) == schema(fresh_connection(tmp_path / "empty.db"))


def test_same_seed_same_data_other_seed_other_data(tmp_path):
    dumps = []
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        conn = fresh_connection(tmp_path / f"{name}.db")
        fill_demo(conn, size=120, seed=seed, now=NOW)
        dumps.append(dump(conn))
        conn.close()
    assert dumps[0] == dumps[1]
    assert dumps[0]["contacts"] != dumps[2]["contacts"]


def test_refuses_a_database_with_data_and_writes_nothing(db_path):
    conn = connect(db_path)
    with transaction(conn):
        conn.execute("INSERT INTO contacts (nickname) VALUES ('张三')")
    before = dump(conn)
    with pytest.raises(DemoRefused, match="1 位客户.*示例数据只能填入新的空数据库.*--db"):
        fill_demo(conn, size=50, now=NOW)
    assert dump(conn) == before
    assert not conn.in_transaction


def test_refuses_tags_only_and_a_second_fill(db_path):
    conn = connect(db_path)
    assert not bulk.has_user_data(conn)
    with transaction(conn):
        conn.execute("INSERT INTO tag_groups (name) VALUES ('来源')")
    assert bulk.has_user_data(conn)
    with pytest.raises(DemoRefused):
        fill_demo(conn, size=50, now=NOW)
    assert count(conn, "SELECT count(*) FROM contacts") == 0


def test_refuses_after_a_demo_fill(filled):
    conn, _ = filled
    with pytest.raises(DemoRefused, match=f"{SIZE} 位客户"):
        fill_demo(conn, size=10, now=NOW)


def test_single_choice_groups_hold_at_most_one_tag(filled):
    conn, _ = filled
    assert count(conn, """
        SELECT count(*) FROM (SELECT ct.contact_id, t.group_id FROM contact_tags ct
            JOIN tags t ON t.id = ct.tag_id JOIN tag_groups g ON g.id = t.group_id
            WHERE g.single_choice = 1 GROUP BY 1, 2 HAVING count(*) > 1)""") == 0
    per_contact = conn.execute("SELECT max(n) FROM (SELECT count(*) AS n FROM contact_tags "
                               "GROUP BY contact_id)").fetchone()[0]
    assert per_contact <= 5
    assert count(conn, "SELECT count(*) FROM tags WHERE color NOT GLOB "
                       "'#[0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F]'") == 0


def test_aggregates_match_orders_and_interactions(filled):
    conn, _ = filled
    mismatches = conn.execute("""
        SELECT c.id FROM contacts c
        WHERE c.last_interaction_at IS NOT
                  (SELECT max(occurred_at) FROM interactions WHERE contact_id = c.id)
           OR c.last_order_at IS NOT (SELECT max(ordered_at) FROM orders WHERE contact_id = c.id)
           OR c.order_count <> (SELECT count(*) FROM orders WHERE contact_id = c.id)
           OR c.total_spent_fen <> (SELECT coalesce(sum(amount_fen), 0) FROM orders
                                    WHERE contact_id = c.id)""").fetchall()
    assert mismatches == []
    assert count(conn, "SELECT count(*) FROM contacts WHERE order_count > 0") > SIZE // 4


def test_contacts_look_real(filled):
    conn, _ = filled
    rows = conn.execute("SELECT nickname, remark, wechat_id, phone, phone_reversed, gender, "
                        "birthday, added_at, nickname_pinyin, remark_pinyin, sort_name, "
                        "wecom_external_id, owner_account_id FROM contacts").fetchall()
    now_text = NOW.strftime("%Y-%m-%d %H:%M:%S")
    week_ago = (NOW - timedelta(days=7)).strftime("%Y-%m-%d %H:%M:%S")
    for (nick, remark, wechat, phone, phone_rev, gender, birthday, added, nick_py, remark_py,
         sort_name, wecom, owner) in rows:
        assert nick
        assert phone == "" or re.fullmatch(r"1[3-9]\d{9}", phone)
        assert phone_rev == phone[::-1]
        assert gender in ("", "male", "female")
        assert birthday == "" or re.fullmatch(r"(\d{4}|-)-\d\d-\d\d", birthday)
        assert TS.match(added) and added <= now_text
        assert sort_name == (remark_py if remark else nick_py)
        assert wechat == "" or re.fullmatch(r"[a-z][a-z0-9_]{5,24}", wechat)
        assert (wecom != "") == (wecom.startswith("wm") and len(wecom) == 32)
        assert owner in (1, 2, 3)
    n = len(rows)
    assert 0.45 * n < sum(1 for r in rows if r[1]) < 0.75 * n          # remarks ~60 %
    assert 0.55 * n < sum(1 for r in rows if r[2]) < 0.85 * n          # wechat ids ~70 %
    assert 0.6 * n < sum(1 for r in rows if r[3]) < 0.9 * n            # phones ~75 %
    assert len({r[2] for r in rows if r[2]}) == sum(1 for r in rows if r[2])
    assert len({r[3] for r in rows if r[3]}) == sum(1 for r in rows if r[3])
    assert any(r[7] >= week_ago for r in rows), "nobody new this week"
    assert any(r[11] for r in rows), "no WeCom contacts"


def test_search_keys_are_those_of_pinyin_keys(filled):
    conn, _ = filled
    rows = conn.execute("SELECT nickname, remark, nickname_pinyin, nickname_initials, "
                        "remark_pinyin, remark_initials FROM contacts").fetchall()
    for nickname, remark, *keys in rows:
        assert tuple(keys) == name_keys(nickname) + name_keys(remark), nickname
    assert sum(1 for r in rows if r[2]) > 0.95 * len(rows)


def test_owner_is_the_earliest_link(filled):
    conn, _ = filled
    assert count(conn, "SELECT count(*) FROM contacts c WHERE NOT EXISTS "
                       "(SELECT 1 FROM contact_accounts WHERE contact_id = c.id)") == 0
    assert count(conn, """
        SELECT count(*) FROM contacts c WHERE c.owner_account_id IS NOT
            (SELECT account_id FROM contact_accounts WHERE contact_id = c.id
             ORDER BY added_at, account_id LIMIT 1)""") == 0
    two = count(conn, "SELECT count(*) FROM (SELECT contact_id FROM contact_accounts "
                      "GROUP BY contact_id HAVING count(*) = 2)")
    assert 0.03 * SIZE < two < 0.2 * SIZE
    assert count(conn, "SELECT count(*) FROM accounts WHERE kind = 'wecom'") == 1


def test_tiers_and_stages_are_coherent(filled):
    conn, _ = filled
    assert len(conn.execute("SELECT DISTINCT tier FROM contacts").fetchall()) >= 3
    assert len(conn.execute("SELECT DISTINCT stage FROM contacts").fetchall()) >= 4
    # no order → stage potential or churned; stage new ↔ exactly one order
    assert count(conn, "SELECT count(*) FROM contacts WHERE order_count = 0 "
                       "AND stage NOT IN ('potential', 'churned')") == 0
    assert count(conn, "SELECT count(*) FROM contacts WHERE stage = 'new' "
                       "AND order_count <> 1") == 0
    assert count(conn, "SELECT count(*) FROM contacts WHERE tier_reason = '' "
                       "OR stage_reason = ''") == 0
    assert count(conn, "SELECT count(*) FROM layer_history WHERE dimension = 'tier' "
                       "AND NOT (from_value GLOB '[1-5]' AND to_value GLOB '[1-5]')") == 0
    assert count(conn, "SELECT count(*) FROM layer_history") > SIZE // 2


def test_timestamps_are_utc_text_and_not_in_the_future(filled):
    conn, _ = filled
    now_text = NOW.strftime("%Y-%m-%d %H:%M:%S")
    for table, column in (("interactions", "occurred_at"), ("orders", "ordered_at"),
                          ("layer_history", "changed_at"), ("contact_accounts", "added_at")):
        values = [r[0] for r in conn.execute(f"SELECT {column} FROM {table}")]
        assert all(TS.match(v) and v <= now_text for v in values), table
    assert count(conn, "SELECT count(*) FROM orders WHERE amount_fen NOT BETWEEN 1990 "
                       "AND 129900") == 0


def _local_today_bounds() -> tuple[str, str]:
    local_midnight = datetime.combine((NOW + timedelta(hours=8)).date(), datetime.min.time())
    start = local_midnight - timedelta(hours=8)
    return (start.strftime("%Y-%m-%d %H:%M:%S"),
            (start + timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S"))


def test_posts_and_tasks_for_today(filled):
    conn, _ = filled
    start, end = _local_today_bounds()
    assert count(conn, "SELECT count(*) FROM moments_posts WHERE planned_at >= ? "
                       "AND planned_at < ?", start, end) >= 2
    assert count(conn, "SELECT count(*) FROM tasks WHERE status = 'open' AND due_at >= ? "
                       "AND due_at < ?", start, end) >= 1
    now_text = NOW.strftime("%Y-%m-%d %H:%M:%S")
    assert count(conn, "SELECT count(*) FROM tasks WHERE status = 'open' "
                       "AND due_at < ?", start) >= 1, "no overdue task"
    assert count(conn, "SELECT count(*) FROM tasks WHERE status = 'open' "
                       "AND due_at >= ?", end) >= 1, "nothing next week"
    statuses = dict(conn.execute("SELECT status, count(*) FROM moments_posts "
                                 "GROUP BY status").fetchall())
    assert statuses.get("posted") and statuses.get("draft") is not None
    assert count(conn, "SELECT count(*) FROM moments_posts WHERE planned_at > ? "
                       "AND status IN ('posted', 'skipped')", now_text) == 0
    assert count(conn, "SELECT count(*) FROM moments_posts WHERE planned_at <= ? "
                       "AND status IN ('draft', 'pending')", now_text) == 0


def test_sop_rules_and_their_tasks(filled):
    conn, _ = filled
    codes = {r[0] for r in conn.execute("SELECT code FROM sop_rules WHERE builtin = 1")}
    assert codes == {"welcome", "first_order_checkin", "repurchase", "recall_30d", "winback",
                     "birthday", "referral_l4", "vip_l5"}
    assert count(conn, "SELECT count(*) FROM tasks WHERE source = 'sop' AND (sop_rule_id IS NULL "
                       "OR trigger_key IS NULL OR contact_id IS NULL)") == 0
    assert count(conn, "SELECT count(*) FROM tasks WHERE status = 'done' "
                       "AND done_at IS NULL") == 0
    assert count(conn, "SELECT count(DISTINCT sop_rule_id) FROM tasks") >= 3


def test_scripts_sequence_and_slots(filled):
    conn, _ = filled
    categories = {r[0] for r in conn.execute("SELECT DISTINCT category FROM scripts")}
    assert {"欢迎语", "破冰", "促首单", "复购", "召回", "售后回访", "节日", "群规",
            "常见问题"} <= categories
    assert count(conn, "SELECT count(*) FROM scripts WHERE body LIKE '%{称呼}%'") > 5
    steps = conn.execute("SELECT position FROM sequence_steps s JOIN sequences q "
                         "ON q.id = s.sequence_id WHERE q.name = '包裹卡五步' "
                         "AND variant = 'all' ORDER BY position").fetchall()
    assert [r[0] for r in steps] == [1, 2, 3, 4, 5]
    slots = conn.execute("SELECT weekday, local_time FROM moments_slots "
                         "ORDER BY weekday, local_time").fetchall()
    assert slots == [(1, "09:00"), (2, "15:00"), (2, "17:00"), (5, "19:00")]


def test_data_files_agree_with_each_other():
    """The generator finds tags and scripts by name: a renamed one would fail only some fills."""
    people, shop, library = demo_data.people(), demo_data.shop(), demo_data.script_library()
    tags = {(group, tag) for group, _single, members in shop.tag_groups for tag, _ in members}
    named = ({("来源", c) for c in people.channel_pool}
             | {("偏好品类", p.category) for p in shop.catalog}
             | {("消费能力", level) for level in "低中高"}
             | {("身份", who) for who in ("KOC", "团长", "员工亲友")}
             | {("需求类型", need) for need in ("美白", "补水", "抗衰")})
    assert named <= tags
    assert len(library.script_id) == len(library.scripts)   # titles are unique
    assert {step.script for s in library.sequences for step in s.steps} <= set(library.script_id)
    assert {rule.script for rule in demo_data.sop_rules()} <= set(library.script_id)
    assert {slot.content_type for slot in shop.slots} <= set(shop.posts)


def test_importing_the_module_reads_no_data_file():
    """The window imports desktop.demo at start-up; the JSON is read on the first fill."""
    code = ("import desktop.demo, desktop.demo_data as d; "
            "assert not any(f.cache_info().currsize for f in "
            "(d.people, d.shop, d.script_library, d.sop_rules))")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cancel_before_start_writes_nothing(db_path):
    conn = connect(db_path)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(DemoCancelled):
        fill_demo(conn, size=50, now=NOW, cancel=cancel)
    assert not bulk.has_user_data(conn)


def test_cancel_between_chunks_rolls_everything_back(db_path, monkeypatch):
    monkeypatch.setattr(demo, "CHUNK", 40)
    conn = connect(db_path)
    before = schema(conn)
    cancel = threading.Event()
    seen = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        cancel.set()

    with pytest.raises(DemoCancelled):
        fill_demo(conn, size=200, now=NOW, progress=progress, cancel=cancel)
    assert seen == [(40, 200)]
    assert count(conn, "SELECT count(*) FROM contacts") == 0
    assert not bulk.has_user_data(conn)
    assert schema(conn) == before          # the deferred indexes are back
    assert conn.execute("PRAGMA ignore_check_constraints").fetchone()[0] == 0


def test_progress_reports_every_chunk(db_path, monkeypatch):
    monkeypatch.setattr(demo, "CHUNK", 40)
    conn = connect(db_path)
    seen = []
    fill_demo(conn, size=100, now=NOW, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(40, 100), (80, 100), (100, 100)]
    assert count(conn, "SELECT count(*) FROM contacts") == 100


def test_refresh_contact_activity_for_some_and_for_all(tmp_path):
    conn = fresh_connection(tmp_path / "r.db")
    fill_demo(conn, size=60, now=NOW)
    ids = [r[0] for r in conn.execute("SELECT contact_id FROM orders GROUP BY contact_id "
                                      "LIMIT 2")]
    with transaction(conn):
        conn.execute("DELETE FROM orders WHERE contact_id = ?", (ids[0],))
        conn.execute("DELETE FROM interactions WHERE contact_id = ?", (ids[0],))
        conn.execute("UPDATE contacts SET order_count = 99 WHERE id IN (?, ?)", tuple(ids))
        bulk.refresh_contact_activity(conn, [ids[0]])
    row = conn.execute("SELECT order_count, total_spent_fen, last_order_at, "
                       "last_interaction_at FROM contacts WHERE id = ?", (ids[0],)).fetchone()
    assert row == (0, 0, None, None)
    assert count(conn, "SELECT order_count FROM contacts WHERE id = ?", ids[1]) == 99  # untouched
    with transaction(conn):
        bulk.refresh_contact_activity(conn)
    assert count(conn, "SELECT order_count FROM contacts WHERE id = ?", ids[1]) == count(
        conn, "SELECT count(*) FROM orders WHERE contact_id = ?", ids[1])


def test_tiers_stages_and_rfm_segments_are_the_engines(filled):
    """The fill ends with the engine's full recompute: running it again at the fill's `now`
    changes nothing, every customer has an RFM segment and everyone a reason."""
    from desktop import layering

    conn, _summary = filled
    again = layering.recompute_all(conn, clock=lambda: NOW.replace(tzinfo=UTC)).value
    assert again.changed == 0
    assert count(conn, "SELECT count(*) FROM contacts WHERE order_count > 0 "
                       "AND deleted_at IS NULL AND rfm_segment = ''") == 0
    assert count(conn, "SELECT count(DISTINCT rfm_segment) FROM contacts "
                       "WHERE rfm_segment <> ''") >= 4
    assert count(conn, "SELECT count(*) FROM contacts WHERE deleted_at IS NULL AND "
                       "(tier_reason = '' OR stage_reason = '')") == 0


def test_the_demo_shop_fills_its_placeholders_so_its_scripts_render_whole(filled):
    from desktop import placeholders, script_settings

    conn, _ = filled
    shop = script_settings.load(conn)
    assert (shop.advisor, shop.store, shop.coupon) == ("小雅", "花漾生活馆", "满99减20券")
    rendered = placeholders.render("{顾问}在{门店}给您留了{优惠券}", None, shop)
    assert not rendered.problems
    assert rendered.text == "小雅在花漾生活馆给您留了满99减20券"
