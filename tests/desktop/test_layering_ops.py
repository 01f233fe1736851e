"""Operations that change whom the rules see recompute that contact in the same undo step:
op → undo gives back the exact database (layering columns and history included), redo the
exact result of the op."""

from __future__ import annotations

import pytest

from db import contacts as contacts_db
from desktop import bulk_edit, contacts
from tests.conftest import dump
from tests.desktop.layering_seed import ago, layers, recompute, seed


def history(conn, contact_id: int) -> list[tuple]:
    return conn.execute("SELECT dimension, from_value, to_value, reason FROM layer_history "
                        "WHERE contact_id = ? ORDER BY id", (contact_id,)).fetchall()


@pytest.fixture
def people(workspace):
    """Recomputed once, as after the daily run: 甲 has two chats (L1), 乙 bought ¥3,000
    40 days ago (新客, L1), 丙 is pinned at L5 without any activity, 丁 chats a lot but is in
    the trash with stale layering."""
    conn = workspace.conn
    ids = {
        "甲": seed(conn, name="甲", touches=[ago(2), ago(3)]),
        "乙": seed(conn, name="乙", orders=[(ago(40), 300_000)]),
        "丙": seed(conn, name="丙", tier=5, tier_pinned=1, tier_reason="手动设置为 L5"),
        "丁": seed(conn, name="丁", touches=[ago(1)] * 12),
        "戊": seed(conn, name="戊", orders=[(ago(10), 9_000)]),  # a second customer for RFM
    }
    recompute(conn)
    contacts_db.set_deleted_at(conn, [ids["丁"]], ago(5))
    conn.execute("UPDATE contacts SET tier = 1, tier_reason = '旧的' WHERE id = ?", (ids["丁"],))
    return ids


OPERATIONS = {
    "add_interaction": ("甲", lambda ids, clock: lambda c: contacts.add_interaction(
        c, contact_id=ids["甲"], kind="chat", occurred_at="2026-11-22 09:00", clock=clock),
        (2, "L2：近30天互动 3 次 ≥ 3")),
    "add_order": ("乙", lambda ids, clock: lambda c: contacts.add_order(
        c, contact_id=ids["乙"], ordered_at="2026-11-22 09:00", amount="2500", clock=clock),
        (5, "L5：近365天消费 ¥5,500 ≥ ¥5,000")),
    "restore_from_trash": ("丁", lambda ids, clock: lambda c: contacts.restore_from_trash(
        c, contact_ids=[ids["丁"]], clock=clock), (4, "L4：近30天互动 12 次 ≥ 10")),
    "unpin_tier": ("丙", lambda ids, clock: lambda c: bulk_edit.unpin_tier(
        c, contact_ids=[ids["丙"]], clock=clock), (1, None)),
}


@pytest.mark.parametrize("name", OPERATIONS)
def test_the_op_recomputes_and_undo_redo_are_exact(workspace, people, clock, name):
    who, make, (tier, reason) = OPERATIONS[name]
    conn, contact_id = workspace.conn, people[who]
    before, old_history = dump(conn), history(conn, contact_id)
    result = workspace.execute(make(people, clock))
    assert result.changes.tiers
    assert layers(conn, contact_id)[0] == tier
    assert reason is None or layers(conn, contact_id)[1] == reason
    new_rows = history(conn, contact_id)[len(old_history):]
    assert ("tier", str(layers(conn, contact_id)[0])) in [(r[0], r[2]) for r in new_rows]
    after = dump(conn)
    workspace.undo()
    assert dump(conn) == before
    workspace.redo()
    assert dump(conn) == after
    workspace.undo()
    assert dump(conn) == before


def test_a_new_contact_gets_its_stage_and_reason_and_undo_removes_it(workspace, clock):
    before = dump(workspace.conn)
    contact_id = workspace.execute(lambda c: contacts.create_contact(
        c, values={"nickname": "新客户"}, clock=clock)).value
    created = dump(workspace.conn)
    tier, tier_reason, stage, stage_reason = layers(workspace.conn, contact_id)[:4]
    assert (tier, stage) == (1, "potential")
    assert tier_reason.startswith("L1：") and stage_reason.startswith("潜在")
    workspace.undo()
    assert dump(workspace.conn) == before
    workspace.redo()
    assert dump(workspace.conn) == created


def test_undo_after_a_later_change_of_the_same_contact_unwinds_in_order(workspace, people,
                                                                         clock):
    """Two orders, two undo steps: each undo restores the layering before its own order."""
    conn, contact_id = workspace.conn, people["甲"]
    states = [dump(conn)]
    for amount in ("80", "3000"):
        workspace.execute(lambda c, a=amount: contacts.add_order(
            c, contact_id=contact_id, ordered_at="2026-11-22 09:00", amount=a, clock=clock))
        states.append(dump(conn))
    assert layers(conn, contact_id)[0] == 4  # average ¥1,540 > ¥200
    for state in reversed(states[:-1]):
        workspace.undo()
        assert dump(conn) == state
