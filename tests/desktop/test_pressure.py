"""The contact-pressure budget: counting scripts sent in the rolling week, the limit, warnings."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop import pressure, script_io, scripts, timefmt
from desktop.contacts import create_contact
from desktop.errors import ValidationError
from tests.conftest import FIXED_NOW, dump


def contact(ws, nickname: str) -> int:
    return ws.execute(lambda c: create_contact(c, values={"nickname": nickname})).value


def touch(ws, cid: int, *, ago: timedelta, kind: str = "script_sent") -> None:
    with ws.conn:
        ws.conn.execute("INSERT INTO interactions (contact_id, kind, occurred_at) VALUES (?, ?, ?)",
                        (cid, kind, timefmt.to_db(FIXED_NOW - ago)))


def test_default_limit_is_two(workspace):
    assert pressure.load_limit(workspace.conn) == pressure.DEFAULT_WEEKLY_LIMIT == 2


def test_at_the_limit_and_one_over_are_over_budget_below_is_not(workspace, clock):
    below, at, over, none = (contact(workspace, n) for n in ("一次", "两次", "三次", "没有"))
    for cid, n in ((below, 1), (at, 2), (over, 3)):
        for i in range(n):
            touch(workspace, cid, ago=timedelta(days=i, hours=1))
    conn = workspace.conn
    ids = [below, at, over, none]
    assert pressure.touches_this_week(conn, ids, clock=clock) == {below: 1, at: 2, over: 3,
                                                                  none: 0}
    assert pressure.over_budget(conn, ids, clock=clock) == {at, over}
    assert pressure.contact_warning(conn, below, clock=clock) is None
    assert pressure.contact_warning(conn, at, clock=clock) == \
        "这位客户本周已联系 2 次，再发会超过每周上限 2 次"
    assert pressure.segment_warning(conn, [below, at, none], clock=clock) == \
        "其中 1 位客户本周已联系 2 次，再发会超过每周上限 2 次"
    assert pressure.segment_warning(conn, ids, clock=clock) == \
        "其中 2 位客户本周已联系 2 次或更多，再发会超过每周上限 2 次"
    assert pressure.segment_warning(conn, [below, none], clock=clock) is None
    assert pressure.segment_warning(conn, [], clock=clock) is None


def test_the_window_is_the_last_seven_days_rolling(workspace, clock):
    cid = contact(workspace, "边界")
    touch(workspace, cid, ago=timedelta(days=7))                    # exactly 7 days: out
    touch(workspace, cid, ago=timedelta(days=7, seconds=-1))        # one second later: in
    touch(workspace, cid, ago=timedelta(days=30))
    assert pressure.touches_this_week(workspace.conn, [cid], clock=clock) == {cid: 1}
    assert pressure.over_budget(workspace.conn, [cid], clock=clock) == set()


def test_only_scripts_sent_count(workspace, clock):
    cid = contact(workspace, "互动多")
    for kind in ("chat", "moments_like", "moments_comment", "group_message", "store_visit",
                 "enquiry", "note"):
        touch(workspace, cid, ago=timedelta(hours=1), kind=kind)
    assert pressure.touches_this_week(workspace.conn, [cid], clock=clock) == {cid: 0}


def test_use_script_counts_as_a_touch(workspace, clock):
    workspace.execute(lambda c: script_io.install_starter_library(c, clock=clock))
    script = scripts.search_scripts(workspace.conn)[0]
    cid = contact(workspace, "发话术")
    for _ in range(2):
        workspace.execute(lambda c: scripts.use_script(c, script_id=script.id, contact_id=cid,
                                                       text="你好", clock=clock))
    assert pressure.over_budget(workspace.conn, [cid], clock=clock) == {cid}


def test_setting_round_trips_and_undo_restores_exactly(workspace, clock):
    cid = contact(workspace, "两次")
    for i in range(2):
        touch(workspace, cid, ago=timedelta(hours=i + 1))
    before = dump(workspace.conn)
    result = workspace.execute(lambda c: pressure.save_limit(c, limit=3))
    assert result.changes.settings
    assert pressure.load_limit(workspace.conn) == 3
    assert pressure.over_budget(workspace.conn, [cid], clock=clock) == set()
    assert pressure.segment_warning(workspace.conn, [cid], clock=clock) is None
    workspace.undo()
    assert dump(workspace.conn) == before
    assert pressure.load_limit(workspace.conn) == 2
    workspace.redo()
    assert pressure.load_limit(workspace.conn) == 3
    assert not workspace.execute(lambda c: pressure.save_limit(c, limit=3)).changes.any()


@pytest.mark.parametrize("bad", [0, -1, pressure.MAX_WEEKLY_LIMIT + 1, 2.5, True, "2"])
def test_bad_limits_are_refused_and_bad_stored_values_read_as_default(workspace, bad):
    with pytest.raises(ValidationError):
        pressure.save_limit(workspace.conn, limit=bad)
    from db import settings as settings_db
    with workspace.conn:
        settings_db.put(workspace.conn, pressure.KEY, bad)
    assert pressure.load_limit(workspace.conn) == 2
