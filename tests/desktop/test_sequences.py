"""Sequences: stepping with 新客/老客 variants, and starting one for a saved segment."""

from __future__ import annotations

import pytest

from db import contacts as contacts_db
from desktop import script_io, scripts, sequences
from desktop.contact_query import ContactQuery, matching_ids
from desktop.contacts import ValidationError, add_order, create_contact
from desktop.segments import list_segments, save_segment
from tests.conftest import dump


@pytest.fixture
def parcel(workspace, clock):
    workspace.execute(lambda c: script_io.install_starter_library(c, clock=clock))
    return sequences.list_sequences(workspace.conn)[0]


def contact(ws, nickname, *, orders=0, channel="包裹卡"):
    cid = ws.execute(lambda c: create_contact(
        c, values={"nickname": nickname, "channel": channel})).value
    for _ in range(orders):
        ws.execute(lambda c: add_order(c, contact_id=cid, ordered_at="2026-11-01 10:00",
                                       amount="99"))
    return cid


def send_next(ws, cid, sequence_id, clock) -> str:
    step = sequences.next_step(ws.conn, cid, sequence_id)
    ws.execute(lambda c: scripts.use_script(c, script_id=step.script_id, contact_id=cid,
                                            text="已发送", clock=clock))
    return step.script_title


def test_new_customer_walks_the_five_steps(workspace, clock, parcel):
    cid = contact(workspace, "新朋友")
    sent = [send_next(workspace, cid, parcel.id, clock) for _ in range(5)]
    assert sent == ["包裹卡①破冰", "包裹卡②了解需求", "包裹卡③塑造价值", "包裹卡④促首单",
                    "包裹卡⑤邀请进群"]
    assert sequences.next_step(workspace.conn, cid, parcel.id) is None  # finished


def test_returning_customer_gets_the_returning_variants(workspace, clock, parcel):
    cid = contact(workspace, "老朋友", orders=1)
    sent = [send_next(workspace, cid, parcel.id, clock) for _ in range(5)]
    assert sent == ["包裹卡①老客欢迎回来", "包裹卡②了解需求", "包裹卡③塑造价值",
                    "包裹卡④老客回购", "包裹卡⑤邀请进群"]


def test_undo_of_a_sent_step_steps_back(workspace, clock, parcel):
    cid = contact(workspace, "新朋友")
    send_next(workspace, cid, parcel.id, clock)
    workspace.undo()
    assert sequences.next_step(workspace.conn, cid, parcel.id).position == 1
    assert sequences.next_steps(workspace.conn, contacts_db.get(workspace.conn, cid)) == []


def test_start_for_a_segment_makes_one_task_per_contact_and_is_idempotent(
        workspace, clock, parcel):
    conn = workspace.conn
    new, old = contact(workspace, "新朋友"), contact(workspace, "老朋友", orders=1)
    contact(workspace, "门店客", channel="门店")
    workspace.execute(lambda c: save_segment(c, name="包裹卡客户",
                                             query=ContactQuery(channels=("包裹卡",))))
    segment = list_segments(conn)[0]
    ids = list(matching_ids(conn, segment.query, clock=clock))
    before = dump(conn)
    result = workspace.execute(lambda c: sequences.start_sequence_for(
        c, sequence_id=parcel.id, contact_ids=ids, clock=clock))
    assert result.value == (2, 0)
    tasks = conn.execute("SELECT contact_id, t.title, due_at, status, s.title FROM tasks t "
                         "JOIN scripts s ON s.id = t.suggested_script_id ORDER BY contact_id"
                         ).fetchall()
    assert tasks == [
        (new, "包裹卡五步 第1步：包裹卡①破冰", "2026-11-23 02:00:00", "open", "包裹卡①破冰"),
        (old, "包裹卡五步 第1步：包裹卡①老客欢迎回来", "2026-11-23 02:00:00", "open",
         "包裹卡①老客欢迎回来")]
    assert [s.position for s in sequences.next_steps(conn, contacts_db.get(conn, new))] == [1]
    after = dump(conn)
    again = workspace.execute(lambda c: sequences.start_sequence_for(
        c, sequence_id=parcel.id, contact_ids=ids, clock=clock))
    assert again.value == (0, 2) and dump(conn) == after  # no second task
    workspace.undo()
    assert dump(conn) == before
    workspace.redo()
    assert dump(conn) == after


def test_start_refuses_an_unknown_sequence(workspace, clock):
    with pytest.raises(ValidationError, match="序列"):
        sequences.start_sequence_for(workspace.conn, sequence_id=99, contact_ids=[1],
                                     clock=clock)
