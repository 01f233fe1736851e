"""The runner: work reaches the database thread in order, results come back on the UI thread."""

from __future__ import annotations

import threading

import pytest

from desktop import bulk_edit
from desktop.workspace import open_workspace
from ui.ops import OpRunner


@pytest.fixture
def runner(qtbot, db_path):
    workspace = open_workspace(db_path, check_same_thread=False)
    workspace.conn.execute("INSERT INTO tag_groups (id, name) VALUES (1, '需求类型')")
    workspace.conn.execute("INSERT INTO tags (id, group_id, name) VALUES (1, 1, '美白'), "
                           "(2, 1, '补水')")
    workspace.conn.execute("INSERT INTO contacts (id, nickname) VALUES (1, '花花')")
    runner = OpRunner(workspace)
    yield runner
    runner.shutdown()
    workspace.close()


def test_call_on_db_thread_runs_in_turn_and_announces_only_a_changed_stack(qtbot, runner):
    states, values, threads = [], [], []
    runner.undo_state_changed.connect(lambda undo, redo: states.append((undo, redo)))

    def on_db_thread(fn):
        def call(workspace):
            threads.append(threading.current_thread().name)
            return fn(workspace)
        return call

    runner.call_on_db_thread(on_db_thread(lambda ws: ws.undo_stack.mark()),
                             on_done=values.append)
    qtbot.waitUntil(lambda: runner.pending == 0)
    mark = values.pop()
    for tag_id in (1, 2):
        runner.run(None, lambda c, t=tag_id: bulk_edit.toggle_tag(c, contact_id=1, tag_id=t))
    runner.call_on_db_thread(
        lambda ws: ws.undo_stack.merge_since(mark, "打标签：1 位客户"),
        on_done=lambda merged: values.append((merged, threading.current_thread().name)))
    assert runner.pending == 3
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert values == [(True, threading.main_thread().name)]
    assert states == [("给 花花 加标签 美白", ""), ("给 花花 加标签 补水", ""),
                      ("打标签：1 位客户", "")]
    assert threads and all(name.startswith("siyu-db") for name in threads)

    runner.call_on_db_thread(lambda ws: ws.undo_stack.history(), on_done=values.append)
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert values[-1] == (["打标签：1 位客户"], [])
    assert len(states) == 3  # a read leaves the Edit menu alone (and cannot loop a listener)
