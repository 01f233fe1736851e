"""SOP rules → tasks: each trigger, its look-back window, idempotence (a second run creates
nothing), switches, custom rules with undo, and the migration that made 'tag_added' possible.
The clock is fixed at 2026-11-23 10:00 in Shanghai (02:00 UTC)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from db import connection, migrations
from desktop import layering, sop, sop_rules, timefmt
from desktop.contacts import ValidationError
from desktop.progress import Cancelled, Progress
from tests.conftest import FIXED_NOW, dump

DEMO_RULES = Path(__file__).parents[2] / "resources" / "demo" / "sop_rules.json"


def ago(**delta) -> str:
    return timefmt.to_db(FIXED_NOW - timedelta(**delta))


def add_contact(conn, contact_id: int, *, added=None, **columns) -> int:
    values = {"id": contact_id, "nickname": f"客户{contact_id}",
              "added_at": added or ago(days=400), **columns}
    conn.execute(f"INSERT INTO contacts ({', '.join(values)}) "
                 f"VALUES ({', '.join('?' * len(values))})", list(values.values()))
    return contact_id


def add_order(conn, contact_id: int, when: str, category: str = "") -> None:
    conn.execute("INSERT INTO orders (contact_id, ordered_at, amount_fen, category) "
                 "VALUES (?, ?, 9900, ?)", (contact_id, when, category))
    conn.execute("UPDATE contacts SET last_order_at = (SELECT max(ordered_at) FROM orders "
                 "WHERE contact_id = ?), order_count = order_count + 1 WHERE id = ?",
                 (contact_id, contact_id))


def add_history(conn, contact_id: int, dimension: str, before: str, after: str,
                when: str) -> int:
    return conn.execute("INSERT INTO layer_history (contact_id, dimension, from_value, to_value,"
                        " changed_at) VALUES (?, ?, ?, ?, ?)",
                        (contact_id, dimension, before, after, when)).lastrowid


def run(workspace, clock=lambda: FIXED_NOW) -> dict[str, int]:
    return workspace.execute(lambda c: sop.run_sop(c, clock=clock)).value.created


def sop_tasks(conn, code: str) -> list[tuple]:
    """(contact, due_at, trigger_key, title) of one rule's tasks."""
    return conn.execute(
        "SELECT t.contact_id, t.due_at, t.trigger_key, t.title FROM tasks t "
        "JOIN sop_rules r ON r.id = t.sop_rule_id WHERE r.code = ? ORDER BY 1, 3",
        (code,)).fetchall()


def only(workspace, code: str) -> None:
    """Switch off every rule but `code` (the built-ins are seeded first)."""
    sop_rules.ensure_builtin_rules(workspace.conn)
    workspace.conn.execute("UPDATE sop_rules SET enabled = (code = ?)", (code,))


def rule_id(conn, code: str) -> int:
    return conn.execute("SELECT id FROM sop_rules WHERE code = ?", (code,)).fetchone()[0]


def test_builtin_rules_are_seeded_once_and_agree_with_the_demo(workspace):
    conn = workspace.conn
    ids = sop_rules.ensure_builtin_rules(conn)
    assert set(ids) == {b.code for b in sop_rules.BUILTIN_RULES}
    conn.execute("UPDATE sop_rules SET enabled = 0, delay_minutes = 30 WHERE code = 'welcome'")
    assert sop_rules.ensure_builtin_rules(conn) == ids
    welcome = sop_rules.list_rules(conn)[0]
    assert (welcome.code, welcome.enabled, welcome.delay_minutes, welcome.builtin) == (
        "welcome", 0, 30, 1)
    demo = {r["code"]: r for r in json.loads(DEMO_RULES.read_text(encoding="utf-8"))["rules"]}
    for b in sop_rules.BUILTIN_RULES:
        d = demo[b.code]
        assert (b.name, b.trigger, b.params, b.delay_minutes, b.task_title, b.script_category) \
            == (d["name"], d["trigger"], d["params"], d["delay_minutes"], d["task_title"],
                d["script_category"]), b.code


def test_welcome_is_due_ten_minutes_after_adding_within_three_days(workspace):
    conn = workspace.conn
    conn.execute("INSERT INTO scripts (id, title, category) VALUES (7, '新客欢迎语', '欢迎语')")
    add_contact(conn, 1, added=ago(hours=1), remark="张姐")
    add_contact(conn, 2, added=ago(days=2, hours=23))
    add_contact(conn, 3, added=ago(days=3, minutes=11))          # welcome would be 3 days late
    add_contact(conn, 4, added=ago(minutes=5), deleted_at=ago(minutes=1))
    add_contact(conn, 5, added=timefmt.to_db(FIXED_NOW + timedelta(hours=1)))
    only(workspace, "welcome")
    assert run(workspace) == {"welcome": 2}
    assert sop_tasks(conn, "welcome") == [
        (1, ago(minutes=50), "added", "发送欢迎语"),
        (2, ago(days=2, hours=22, minutes=50), "added", "发送欢迎语")]
    task = conn.execute("SELECT remind_at, due_at, suggested_script_id, source, status "
                        "FROM tasks WHERE contact_id = 1").fetchone()
    assert task == (ago(minutes=50), ago(minutes=50), 7, "sop", "open")
    assert run(workspace) == {"welcome": 0}


def test_first_order_check_in_three_days_later(workspace):
    conn = workspace.conn
    add_contact(conn, 1)
    add_order(conn, 1, ago(days=2))
    add_contact(conn, 2)
    add_order(conn, 2, ago(days=40))     # first order long ago, a second one recently
    add_order(conn, 2, ago(days=1))
    add_contact(conn, 3)
    add_order(conn, 3, ago(days=16))     # check-in would be 13 days overdue: still made
    add_contact(conn, 4)
    add_order(conn, 4, ago(days=18))     # 15 days overdue: beyond the look-back
    only(workspace, "first_order_checkin")
    assert run(workspace) == {"first_order_checkin": 2}
    assert sop_tasks(conn, "first_order_checkin") == [
        (1, timefmt.to_db(FIXED_NOW + timedelta(days=1)), "first_order", "首单回访"),
        (3, ago(days=13), "first_order", "首单回访")]
    add_order(conn, 1, ago(hours=1))     # another order is not a first order
    assert run(workspace) == {"first_order_checkin": 0}


def test_repurchase_at_the_categorys_cycle(workspace):
    """Contacts never recomputed (no learned cycle) follow the rule's cycles; lead 0 days."""
    conn = workspace.conn
    only(workspace, "repurchase")
    workspace.execute(lambda c: sop_rules.update_rule(
        c, rule_id=rule_id(c, "repurchase"),
        values={"params": {"default_days": 45, "category_days": {"花茶": 60}, "lead_days": 0}}))
    for contact, days, category in ((1, 46, "护肤"), (2, 44, "护肤"), (3, 61, "花茶"),
                                    (4, 46, "花茶"), (5, 60, ""), (6, 58, "")):
        add_contact(conn, contact)
        add_order(conn, contact, ago(days=days, hours=1), category)
    assert run(workspace) == {"repurchase": 3}
    assert [(c, key) for c, _due, key, _title in sop_tasks(conn, "repurchase")] == [
        (1, f"order:{ago(days=46, hours=1)[:10]}"), (3, f"order:{ago(days=61, hours=1)[:10]}"),
        (6, f"order:{ago(days=58, hours=1)[:10]}")]
    assert sop_tasks(conn, "repurchase")[0][1] == ago(days=1, hours=1)
    assert run(workspace) == {"repurchase": 0}
    add_order(conn, 1, ago(days=50))   # an earlier order changes nothing
    assert run(workspace) == {"repurchase": 0}


def test_repurchase_at_the_learned_cycle_a_few_days_ahead_with_the_estimate_in_the_notes(
        workspace):
    conn = workspace.conn
    only(workspace, "repurchase")
    add_contact(conn, 1)
    for days in (94, 66, 38, 26):  # gaps 28, 28, 12 → own cycle 28: expected in 2 days
        add_order(conn, 1, ago(days=days))
    add_contact(conn, 2)
    for days in (65, 35, 5):       # own cycle 30: expected in 25 days, not yet
        add_order(conn, 2, ago(days=days))
    add_contact(conn, 3)
    add_order(conn, 3, ago(days=43, hours=1))  # one order: the rule's 45 days, in 2 days
    workspace.execute(lambda c: layering.recompute_all(c, clock=lambda: FIXED_NOW))
    assert run(workspace) == {"repurchase": 2}
    tasks = conn.execute("SELECT contact_id, due_at, trigger_key, title, notes FROM tasks "
                         "ORDER BY contact_id").fetchall()
    assert tasks == [
        (1, ago(days=1), f"order:{ago(days=26)[:10]}", "复购提醒",
         "上 3 次间隔约 28 天，预计 11 月 25 日复购"),
        (3, ago(days=1, hours=1), f"order:{ago(days=43)[:10]}", "复购提醒",
         "按设置 45 天，预计 11 月 25 日复购")]
    assert run(workspace) == {"repurchase": 0}
    workspace.execute(lambda c: sop_rules.update_rule(  # lead 0: the day itself, still ahead
        c, rule_id=rule_id(c, "repurchase"), values={"params": {"default_days": 45,
                                                                "lead_days": 0}}))
    assert run(workspace) == {"repurchase": 0}


def test_recall_after_thirty_quiet_days_counts_orders_and_adding(workspace):
    conn = workspace.conn
    add_contact(conn, 1, last_interaction_at=ago(days=31))
    add_contact(conn, 2, last_interaction_at=ago(days=29))
    add_contact(conn, 3, last_interaction_at=ago(days=40), last_order_at=ago(days=5))
    add_contact(conn, 4, added=ago(days=35))                    # never touched since adding
    add_contact(conn, 5, last_interaction_at=ago(days=45))      # 15 days overdue: too old
    only(workspace, "recall_30d")
    assert run(workspace) == {"recall_30d": 2}
    assert [(c, key) for c, _due, key, _title in sop_tasks(conn, "recall_30d")] == [
        (1, f"silent:{ago(days=31)[:10]}"), (4, f"silent:{ago(days=35)[:10]}")]
    assert run(workspace) == {"recall_30d": 0}


def test_win_back_on_entering_declining(workspace):
    conn = workspace.conn
    add_contact(conn, 1, stage="declining")
    entered = add_history(conn, 1, "stage", "mature", "declining", ago(days=3))
    add_contact(conn, 2, stage="churned")                       # has moved on since
    add_history(conn, 2, "stage", "mature", "declining", ago(days=3))
    add_contact(conn, 3, stage="declining")
    add_history(conn, 3, "stage", "mature", "declining", ago(days=20))
    only(workspace, "winback")
    assert run(workspace) == {"winback": 1}
    assert sop_tasks(conn, "winback") == [
        (1, ago(days=3), f"stage:declining:{entered}", "挽回：送老客券")]
    assert run(workspace) == {"winback": 0}


def test_referral_at_l4_and_vip_care_at_l5_only_on_the_way_up(workspace):
    conn = workspace.conn
    add_contact(conn, 1, tier=4)
    up = add_history(conn, 1, "tier", "3", "4", ago(days=1))
    add_contact(conn, 2, tier=4)
    add_history(conn, 2, "tier", "5", "4", ago(days=1))        # came down to L4
    add_contact(conn, 3, tier=5)
    to4 = add_history(conn, 3, "tier", "2", "4", ago(days=2))
    to5 = add_history(conn, 3, "tier", "4", "5", ago(days=1))
    add_contact(conn, 4, tier=3)
    add_history(conn, 4, "tier", "3", "4", ago(days=2))        # already back at L3
    add_contact(conn, 5, tier=5)
    jump = add_history(conn, 5, "tier", "3", "5", ago(days=1))  # L3 → L5 passes L4
    sop_rules.ensure_builtin_rules(conn)
    conn.execute("UPDATE sop_rules SET enabled = code IN ('referral_l4', 'vip_l5')")
    assert run(workspace) == {"referral_l4": 3, "vip_l5": 2}
    assert [(c, k) for c, _d, k, _t in sop_tasks(conn, "referral_l4")] == [
        (1, f"tier:4:{up}"), (3, f"tier:4:{to4}"), (5, f"tier:4:{jump}")]
    assert [(c, k) for c, _d, k, _t in sop_tasks(conn, "vip_l5")] == [
        (3, f"tier:5:{to5}"), (5, f"tier:5:{jump}")]
    assert run(workspace) == {"referral_l4": 0, "vip_l5": 0}


def test_birthday_greeting_on_the_local_day_each_year(workspace):
    conn = workspace.conn
    add_contact(conn, 1, birthday="--11-23")
    add_contact(conn, 2, birthday="1990-11-22")   # yesterday: greeting one day late is made
    add_contact(conn, 3, birthday="1990-11-20")   # three days ago: beyond the look-back
    add_contact(conn, 4, birthday="--11-24")      # tomorrow: not yet
    only(workspace, "birthday")
    assert run(workspace) == {"birthday": 2}
    nine = timefmt.to_db(timefmt.parse_local("2026-11-23 09:00"))
    assert sop_tasks(conn, "birthday") == [
        (1, nine, "birthday:2026", "生日祝福"),
        (2, timefmt.to_db(timefmt.parse_local("2026-11-22 09:00")), "birthday:2026", "生日祝福")]
    assert run(workspace) == {"birthday": 0}
    next_year = FIXED_NOW.replace(year=2027)
    assert run(workspace, lambda: next_year) == {"birthday": 2}


def test_birthday_days_before_and_29_february(workspace):
    conn = workspace.conn
    add_contact(conn, 1, birthday="2000-02-29")
    add_contact(conn, 2, birthday="--11-26")
    only(workspace, "birthday")
    workspace.execute(lambda c: sop_rules.update_rule(
        c, rule_id=rule_id(c, "birthday"), values={"params": {"days_before": 3,
                                                              "local_time": "20:00"}}))
    assert run(workspace) == {"birthday": 1}   # 11-26 greeted on 11-23 at 20:00
    assert sop_tasks(conn, "birthday")[0][1:3] == (
        timefmt.to_db(timefmt.parse_local("2026-11-23 20:00")), "birthday:2026")
    in_2027 = datetime(2027, 2, 25, 13, 0, tzinfo=UTC)  # 21:00 local; 02-28 minus 3 days
    assert run(workspace, lambda: in_2027) == {"birthday": 1}
    assert sop_tasks(conn, "birthday")[0][2] == "birthday:2027"


def test_a_disabled_rule_creates_nothing(workspace):
    conn = workspace.conn
    add_contact(conn, 1, added=ago(minutes=30))
    sop_rules.ensure_builtin_rules(conn)
    workspace.execute(lambda c: sop_rules.update_rule(c, rule_id=rule_id(c, "welcome"),
                                                      values={"enabled": False}))
    assert "welcome" not in run(workspace)
    assert sop_tasks(conn, "welcome") == []


def test_every_rule_at_once_is_idempotent_and_skips_the_trash(workspace):
    conn = workspace.conn
    add_contact(conn, 1, added=ago(hours=2), birthday="--11-23", stage="declining", tier=5)
    add_order(conn, 1, ago(days=1))
    add_history(conn, 1, "stage", "new", "declining", ago(days=1))
    add_history(conn, 1, "tier", "3", "5", ago(days=1))
    add_contact(conn, 2, added=ago(hours=2), birthday="--11-23", deleted_at=ago(hours=1))
    first = run(workspace)
    assert first == {"welcome": 1, "first_order_checkin": 1, "repurchase": 0, "recall_30d": 0,
                     "winback": 1, "birthday": 1, "referral_l4": 1, "vip_l5": 1}
    assert sum(run(workspace).values()) == 0
    result = sop.run_sop(conn, clock=lambda: FIXED_NOW)
    assert (result.label, result.count, result.undo, result.changes.any()) == (
        "运行自动规则", 0, None, False)


def test_cancel_rolls_the_whole_run_back(workspace):
    add_contact(workspace.conn, 1, added=ago(hours=2))
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        sop.run_sop(workspace.conn, clock=lambda: FIXED_NOW, progress=progress)
    assert workspace.conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == 0
    finished = Progress()
    sop.run_sop(workspace.conn, clock=lambda: FIXED_NOW, progress=finished)
    assert finished.done == finished.total == len(sop_rules.BUILTIN_RULES)


def make_tag(conn, tag_id: int = 1) -> int:
    conn.execute("INSERT OR IGNORE INTO tag_groups (id, name) VALUES (1, '身份')")
    conn.execute("INSERT INTO tags (id, group_id, name) VALUES (?, 1, ?)",
                 (tag_id, f"标签{tag_id}"))
    return tag_id


def test_a_custom_tag_rule_greets_only_those_tagged_after_it_was_made(workspace):
    conn = workspace.conn
    tag = make_tag(conn)
    for contact in (1, 2, 3):
        add_contact(conn, contact, remark=f"客{contact}")
    conn.execute("INSERT INTO contact_tags VALUES (1, ?)", (tag,))
    sop_rules.ensure_builtin_rules(conn)
    conn.execute("UPDATE sop_rules SET enabled = 0")
    made = workspace.execute(lambda c: sop_rules.create_rule(c, values={
        "name": "KOC 邀约", "trigger": "tag_added", "params": {"tag_id": tag},
        "delay_minutes": 60, "task_title": "邀请{客户}加入KOC群"}))
    code = sop_rules.list_rules(conn)[-1].code
    assert run(workspace) == {code: 0}
    conn.execute("INSERT INTO contact_tags VALUES (2, ?)", (tag,))
    assert run(workspace) == {code: 1}
    assert sop_tasks(conn, code) == [(2, timefmt.to_db(FIXED_NOW + timedelta(hours=1)),
                                      f"tag:{tag}", "邀请客2加入KOC群")]
    assert run(workspace) == {code: 0}
    # off and on again: whoever got the tag meanwhile is part of the new baseline
    workspace.execute(lambda c: sop_rules.update_rule(c, rule_id=made.value,
                                                      values={"enabled": False}))
    conn.execute("INSERT INTO contact_tags VALUES (3, ?)", (tag,))
    workspace.execute(lambda c: sop_rules.update_rule(c, rule_id=made.value,
                                                      values={"enabled": True}))
    assert run(workspace) == {code: 0}


def test_custom_rule_crud_is_undoable(workspace):
    conn = workspace.conn
    sop_rules.ensure_builtin_rules(conn)
    conn.execute("UPDATE sop_rules SET enabled = 0")
    add_contact(conn, 1, last_interaction_at=ago(days=8))
    empty = dump(conn)
    values = {"name": "一周未联系", "trigger": "no_interaction", "params": {"days": 7},
              "task_title": "问候{客户}", "script_category": "召回"}
    made = workspace.execute(lambda c: sop_rules.create_rule(c, values=values))
    created = dump(conn)
    workspace.undo()
    assert dump(conn) == empty
    workspace.redo()
    assert dump(conn) == created
    assert run(workspace) == {sop_rules.list_rules(conn)[-1].code: 1}
    with_task = dump(conn)

    workspace.execute(lambda c: sop_rules.update_rule(
        c, rule_id=made.value, values={"delay_minutes": 90, "params": {"days": 10}}))
    assert sop_rules.list_rules(conn)[-1].params == {"days": 10}
    workspace.undo()
    assert dump(conn) == with_task

    workspace.execute(lambda c: sop_rules.delete_rule(c, rule_id=made.value))
    assert conn.execute("SELECT sop_rule_id FROM tasks").fetchall() == [(None,)]
    workspace.undo()
    assert dump(conn) == with_task   # the task points at the rule again
    workspace.redo()
    assert sop_rules.list_rules(conn)[-1].builtin == 1


@pytest.mark.parametrize(("values", "field"), [
    ({"name": ""}, "name"),
    ({"trigger": "weather"}, "trigger"),
    ({"task_title": "问候{昵称}"}, "task_title"),
    ({"task_title": " "}, "task_title"),
    ({"params": {"days": 0}}, "params"),
    ({"trigger": "entered_stage", "params": {"stage": "happy"}}, "params"),
    ({"trigger": "reached_tier", "params": {"tier": 1}}, "params"),
    ({"trigger": "birthday", "params": {"local_time": "25:00"}}, "params"),
    ({"trigger": "tag_added", "params": {"tag_id": 99}}, "params"),
    ({"trigger": "days_after_last_order", "params": {"category_days": {"花茶": "x"}}},
     "params"),
    ({"trigger": "days_after_last_order", "params": {"lead_days": 31}}, "params"),
    ({"delay_minutes": -5}, "delay_minutes"),
    ({"colour": "red"}, "colour"),
])
def test_invalid_rules_are_refused(workspace, values, field):
    base = {"name": "规则", "trigger": "no_interaction", "params": {"days": 7},
            "task_title": "问候{客户}"}
    with pytest.raises(ValidationError) as error:
        sop_rules.create_rule(workspace.conn, values={**base, **values})
    assert error.value.field == field


def test_builtin_rules_keep_their_trigger_and_cannot_be_deleted(workspace):
    conn = workspace.conn
    welcome = sop_rules.ensure_builtin_rules(conn)["welcome"]
    with pytest.raises(ValidationError, match="不能删除"):
        sop_rules.delete_rule(conn, rule_id=welcome)
    with pytest.raises(ValidationError, match="触发条件"):
        sop_rules.update_rule(conn, rule_id=welcome, values={"trigger": "birthday"})
    assert not sop_rules.update_rule(conn, rule_id=welcome,
                                     values={"delay_minutes": 10}).changes.any()


def test_upgrading_keeps_the_tasks_links_to_their_rules(tmp_path):
    import sqlite_utils

    conn = connection.connect(tmp_path / "old.db")
    migrations.build(migrations.STEPS[:2]).apply(sqlite_utils.Database(conn))
    conn.execute("INSERT INTO sop_rules (id, code, name, trigger, task_title) "
                 "VALUES (5, 'welcome', '新客欢迎', 'contact_added', '发送欢迎语')")
    conn.execute("INSERT INTO contacts (id, nickname) VALUES (1, '张小花')")
    conn.execute("INSERT INTO tasks (title, contact_id, sop_rule_id, trigger_key) "
                 "VALUES ('发送欢迎语', 1, 5, 'added')")
    migrations.apply_pending(conn)
    assert migrations.schema_version(conn) == migrations.LATEST_VERSION
    assert conn.execute("SELECT sop_rule_id, trigger_key FROM tasks").fetchall() == [
        (5, "added")]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.execute("INSERT INTO sop_rules (code, name, trigger, task_title) "
                 "VALUES ('t', '标签', 'tag_added', 'x')")
    conn.execute("DELETE FROM sop_rules WHERE id = 5")   # the foreign key still acts
    assert conn.execute("SELECT sop_rule_id FROM tasks").fetchall() == [(None,)]
