"""The script library: CRUD with undo, search (also pinyin and shortcut), CSV round trip and bad
rows, the starter library installed once, and using a script for a contact."""

from __future__ import annotations

import pytest

from db import contacts as contacts_db
from desktop import script_io, scripts
from desktop.contacts import ValidationError, create_contact
from tests.conftest import dump


def new_script(ws, clock, **values):
    values = {"title": "新客欢迎语", "category": "欢迎语", "body": "{昵称}您好", **values}
    return ws.execute(lambda c: scripts.create_script(c, values=values, clock=clock)).value


def test_create_edit_favourite_delete_each_undo_exactly(workspace, clock):
    conn = workspace.conn
    empty = dump(conn)
    sid = new_script(workspace, clock, target_tiers="L2，L3", target_stages="新客", shortcut="HY")
    row = scripts.get_script(conn, sid)
    assert (row.target_tiers, row.target_stages, row.shortcut) == ("2,3", "new", "hy")
    created = dump(conn)
    for op in (lambda c: scripts.update_script(c, script_id=sid, values={"body": "改过的"},
                                                clock=clock),
               lambda c: scripts.toggle_favourite(c, script_id=sid),
               lambda c: scripts.delete_scripts(c, script_ids=[sid])):
        workspace.execute(op)
        assert dump(conn) != created
        workspace.undo()
        assert dump(conn) == created
    workspace.undo()
    assert dump(conn) == empty
    workspace.redo()
    assert dump(conn) == created


def test_bad_fields_are_refused_in_chinese(workspace, clock):
    with pytest.raises(ValidationError, match="标题"):
        new_script(workspace, clock, title="  ")
    with pytest.raises(ValidationError, match="L1–L5"):
        new_script(workspace, clock, target_tiers="L7")
    with pytest.raises(ValidationError, match="目标阶段"):
        new_script(workspace, clock, target_stages="老朋友")
    assert scripts.search_scripts(workspace.conn) == []


def test_delete_brings_back_steps_and_links_on_undo(workspace, clock):
    conn = workspace.conn
    workspace.execute(lambda c: script_io.install_starter_library(c, clock=clock))
    before = dump(conn)
    first = scripts.search_scripts(conn, text="包裹卡①破冰")[0]
    workspace.execute(lambda c: scripts.delete_scripts(c, script_ids=[first.id]))
    assert conn.execute("SELECT count(*) FROM sequence_steps WHERE script_id = ?",
                        (first.id,)).fetchone()[0] == 0
    workspace.undo()
    assert dump(conn) == before


@pytest.mark.parametrize(("text", "first"), [
    ("bgk", "包裹卡欢迎语"),       # shortcut keyword
    ("xinke", "新客欢迎语"),       # pinyin of the title
    ("xkhyy", "新客欢迎语"),       # pinyin initials
    ("群规", "福利群群规"),        # Chinese
    ("回归礼", "沉睡唤醒"),        # words of the body
])
def test_search(workspace, clock, text, first):
    workspace.execute(lambda c: script_io.install_starter_library(c, clock=clock))
    assert scripts.search_scripts(workspace.conn, text=text)[0].title == first


def test_search_by_category(workspace, clock):
    workspace.execute(lambda c: script_io.install_starter_library(c, clock=clock))
    found = scripts.search_scripts(workspace.conn, category="常见问题")
    assert found and {s.category for s in found} == {"常见问题"}
    assert scripts.category_counts(workspace.conn)["常见问题"] == len(found)


def test_starter_library_installs_once(workspace, clock):
    conn = workspace.conn
    result = workspace.execute(lambda c: script_io.install_starter_if_new(c, clock=clock))
    assert result.count >= 20
    categories = set(scripts.category_counts(conn))
    assert set(scripts.CATEGORIES) <= categories
    assert conn.execute("SELECT count(*) FROM sequences").fetchone()[0] == 1
    sid = scripts.search_scripts(conn)[0].id
    workspace.execute(lambda c: scripts.delete_scripts(c, script_ids=[sid]))
    again = workspace.execute(lambda c: script_io.install_starter_if_new(c, clock=clock))
    assert again.count == 0 and scripts.get_script(conn, sid) is None  # deleted stays deleted
    # By hand it adds only what is missing.
    assert workspace.execute(lambda c: script_io.install_starter_library(c, clock=clock)).count == 1


def test_no_starter_library_over_existing_scripts(workspace, clock):
    new_script(workspace, clock)
    workspace.execute(lambda c: script_io.install_starter_if_new(c, clock=clock))
    assert len(scripts.search_scripts(workspace.conn)) == 1


def test_csv_round_trip(workspace, clock, tmp_path, db_path):
    conn = workspace.conn
    workspace.execute(lambda c: script_io.install_starter_library(c, clock=clock))
    new_script(workspace, clock, title="=公式标题", shortcut="gs", favourite=True,
               target_tiers="4,5", target_stages="mature,declining")
    path = tmp_path / "话术.csv"
    count = script_io.export_scripts_csv(conn, path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    keep = [(s.title, s.category, s.body, s.shortcut, s.target_tiers, s.target_stages,
             s.favourite) for s in scripts.search_scripts(conn)]
    workspace.execute(lambda c: scripts.delete_scripts(
        c, script_ids=[s.id for s in scripts.search_scripts(c)]))
    result = workspace.execute(lambda c: script_io.import_scripts_csv(c, path=path, clock=clock))
    assert result.value == (count, 0)
    back = [(s.title, s.category, s.body, s.shortcut, s.target_tiers, s.target_stages,
             s.favourite) for s in scripts.search_scripts(conn)]
    assert sorted(back) == sorted(keep)
    # Importing the same file again updates, never duplicates.
    assert workspace.execute(lambda c: script_io.import_scripts_csv(
        c, path=path, clock=clock)).value == (0, count)


def test_csv_with_bad_rows_writes_nothing(workspace, clock, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("标题,分类,内容,目标层级,收藏\n好标题,欢迎语,你好,L2,是\n,欢迎语,没标题,,\n"
                    "层级错,欢迎语,你好,L9,\n好标题,欢迎语,重复,,\n", encoding="utf-8-sig")
    before = dump(workspace.conn)
    with pytest.raises(script_io.ScriptImportError) as error:
        workspace.execute(lambda c: script_io.import_scripts_csv(c, path=path, clock=clock))
    message = str(error.value)
    rejected = [line.split("：")[0] for line in message.splitlines()[1:]]
    assert rejected == ["第 3 行", "第 4 行", "第 5 行"]
    assert dump(workspace.conn) == before


def test_csv_in_gbk_and_without_required_columns(workspace, clock, tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("标题,内容\n问候,您好\n".encode("gbk"))
    workspace.execute(lambda c: script_io.import_scripts_csv(c, path=path, clock=clock))
    assert scripts.search_scripts(workspace.conn)[0].title == "问候"
    path.write_text("名字,文字\n问候,您好\n", encoding="utf-8")
    with pytest.raises(script_io.ScriptImportError, match="缺少"):
        script_io.read_scripts_csv(path)


def test_use_script_logs_interaction_counts_use_and_undoes(workspace, clock):
    conn = workspace.conn
    cid = workspace.execute(lambda c: create_contact(c, values={"nickname": "小花"})).value
    sid = new_script(workspace, clock)
    before = dump(conn)
    workspace.execute(lambda c: scripts.use_script(c, script_id=sid, contact_id=cid,
                                                   text="小花您好", clock=clock))
    row = conn.execute("SELECT kind, note, script_id, occurred_at FROM interactions").fetchone()
    assert row == ("script_sent", "话术已发送：新客欢迎语", sid, "2026-11-23 02:00:00")
    script = scripts.get_script(conn, sid)
    assert (script.usage_count, script.last_used_at) == (1, "2026-11-23 02:00:00")
    assert contacts_db.get(conn, cid).last_interaction_at == "2026-11-23 02:00:00"
    workspace.undo()
    assert dump(conn) == before
    workspace.redo()
    assert scripts.get_script(conn, sid).usage_count == 1


def test_use_script_refuses_text_with_a_placeholder(workspace, clock):
    cid = workspace.execute(lambda c: create_contact(c, values={"nickname": "小花"})).value
    sid = new_script(workspace, clock)
    with pytest.raises(ValidationError, match="占位符"):
        workspace.execute(lambda c: scripts.use_script(c, script_id=sid, contact_id=cid,
                                                       text="{昵称}您好", clock=clock))
    assert scripts.get_script(workspace.conn, sid).usage_count == 0
