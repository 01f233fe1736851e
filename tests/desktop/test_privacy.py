"""永久删除此人数据: every row about the person goes, and their text is not left in the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db import settings
from desktop import contacts, privacy, tasks
from desktop import tagging_session as ts
from desktop.errors import UserFacingError

PHONE = "13912345678"
NICKNAME = "蔺晓雯测试"
NOTE = "喜欢冷泡乌龙"


def add(ws, **values) -> int:
    return ws.execute(lambda c: contacts.create_contact(c, values=values)).value


@pytest.fixture
def person(workspace, clock):
    """A contact with a trace everywhere: edits, interaction, order, task, import effect,
    tags, tagging session — and a bystander who must stay."""
    keep = add(workspace, nickname="留下的客户", phone="13700000000")
    gone = add(workspace, nickname=NICKNAME, phone=PHONE, remark="老顾客")
    for remark in ("老顾客A", "老顾客B"):  # older versions of the row sit in WAL frames
        workspace.execute(lambda c, r=remark: contacts.update_contact(
            c, contact_id=gone, values={"remark": r}))
    workspace.execute(lambda c: contacts.add_interaction(
        c, contact_id=gone, kind="chat", occurred_at="2026-11-20 10:00", note=NOTE))
    workspace.execute(lambda c: contacts.add_order(
        c, contact_id=gone, ordered_at="2026-11-21 12:00", amount="88", item="乌龙"))
    workspace.execute(lambda c: tasks.create_task(
        c, values={"title": f"回访 {NICKNAME}", "contact_id": gone}, clock=clock))
    c = workspace.conn
    c.execute("INSERT INTO tag_groups (id, name) VALUES (1, '需求')")
    c.execute("INSERT INTO tags (id, group_id, name) VALUES (1, 1, '乌龙')")
    c.execute("INSERT INTO contact_tags (contact_id, tag_id) VALUES (?, 1)", (gone,))
    c.execute("INSERT INTO import_batches (id, kind, file_name) VALUES (1, 'contacts', 'a.csv')")
    c.execute("INSERT INTO import_batch_effects (batch_id, kind, contact_id, detail_json) "
              "VALUES (1, 'fields', ?, ?)", (gone, json.dumps({"phone": ["", PHONE]})))
    workspace.execute(lambda c: ts.save_session(c, session=ts.Session(
        name="打标签", contact_ids=(gone, keep), group_ids=(1,), position=1,
        done=frozenset({gone}))))
    return gone, keep


def database_bytes(path: Path) -> bytes:
    return b"".join(Path(str(path) + s).read_bytes() for s in ("", "-wal")
                    if Path(str(path) + s).exists())


def test_erase_removes_every_row_about_the_person_and_keeps_the_others(workspace, person):
    gone, keep = person
    workspace.execute(lambda c: privacy.erase_person(c, contact_id=gone))
    c = workspace.conn
    for table in ("contacts", "contact_tags", "interactions", "orders", "tasks",
                  "import_batch_effects", "layer_history", "contact_accounts"):
        column = "id" if table == "contacts" else "contact_id"
        assert c.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?",
                         (gone,)).fetchone()[0] == 0, table
    assert c.execute("SELECT count(*) FROM contacts WHERE id = ?", (keep,)).fetchone()[0] == 1
    session = ts.load_session(c)
    assert session.contact_ids == (keep,) and session.current == keep
    assert gone not in session.done


def test_erase_leaves_no_trace_in_the_file_or_its_wal(workspace, person):
    gone, _keep = person
    reader = workspace.open_reader()  # the window keeps one open; it must not hold text back
    reader.execute("SELECT count(*) FROM contacts").fetchone()
    needles = [PHONE.encode(), PHONE[::-1].encode(), NICKNAME.encode(), NOTE.encode(),
               "老顾客A".encode()]
    before = database_bytes(workspace.path)
    assert all(n in before for n in needles[:4])  # the test can see them at all
    workspace.execute(lambda c: privacy.erase_person(c, contact_id=gone))
    after = database_bytes(workspace.path)
    for needle in needles:
        assert needle not in after, needle.decode()
    assert "留下的客户".encode() in after
    reader.close()


def test_erase_clears_undo_and_logs_a_count_and_date_only(workspace, person, clock):
    gone, _keep = person
    assert workspace.undo_stack.undo_label
    result = workspace.execute(lambda c: privacy.erase_person(c, contact_id=gone, clock=clock))
    assert result.irreversible and workspace.undo_stack.undo_label is None
    # exactly a date and a count: no name, phone or id
    assert settings.get(workspace.conn, privacy.ERASURE_LOG_KEY) == [
        {"erased_at": "2026-11-23 02:00:00", "count": 1}]


def test_erasing_someone_already_gone_says_so_and_changes_nothing(workspace, person):
    gone, _keep = person
    workspace.execute(lambda c: privacy.erase_person(c, contact_id=gone))
    with pytest.raises(UserFacingError, match="已经不存在"):
        workspace.execute(lambda c: privacy.erase_person(c, contact_id=gone))
    assert len(privacy.erasure_log(workspace.conn)) == 1
