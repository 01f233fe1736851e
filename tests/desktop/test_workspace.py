"""Opening a database: every bad file gets a clear Chinese message and is left untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from db import migrations
from desktop import paths
from desktop import workspace as workspace_module
from desktop.workspace import WorkspaceError, open_workspace


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_first_start_creates_the_database_in_the_user_data_folder():
    path = paths.default_db_path()
    assert not path.exists()
    ws = open_workspace(path)
    try:
        assert path.exists()
        assert os.environ["XDG_DATA_HOME"] in str(path)
        assert migrations.schema_version(ws.conn) == migrations.LATEST_VERSION
    finally:
        ws.close()


def test_a_file_that_is_not_sqlite_is_refused_and_not_touched(tmp_path):
    path = tmp_path / "客户.xlsx"
    path.write_bytes(b"PK\x03\x04 this is a spreadsheet, not a database" * 100)
    before = checksum(path)
    with pytest.raises(WorkspaceError) as error:
        open_workspace(path)
    assert error.value.kind == "not_sqlite"
    assert str(path) in error.value.message and "不是" in error.value.message
    assert checksum(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["客户.xlsx"]  # no -wal, -shm, .lock


def test_a_newer_database_is_refused_and_not_touched(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = checksum(db_path)
    with pytest.raises(WorkspaceError) as error:
        open_workspace(db_path)
    assert error.value.kind == "too_new"
    assert "99" in error.value.message and "升级" in error.value.message
    assert checksum(db_path) == before


def test_a_read_only_database_is_refused(db_path, monkeypatch):
    # The suite runs as root, which ignores file modes, so the permission check is simulated.
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == db_path
                        else real_access(p, mode))
    with pytest.raises(WorkspaceError) as error:
        open_workspace(db_path)
    assert error.value.kind == "read_only"
    assert "只读" in error.value.message and str(db_path) in error.value.message


def test_a_database_locked_by_another_program_is_refused(tmp_path):
    path = tmp_path / "locked.db"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("CREATE TABLE t (x)")
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(WorkspaceError) as error:
            open_workspace(path)
        assert error.value.kind == "locked"
        assert "占用" in error.value.message
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_only_one_workspace_per_database(workspace):
    with pytest.raises(WorkspaceError) as error:
        open_workspace(workspace.path)
    assert error.value.kind == "already_running"
    workspace.close()
    open_workspace(workspace.path).close()  # free again once the first one closed


def test_a_corrupt_database_names_the_newest_backup(db_path):
    ws = open_workspace(db_path)
    ws.conn.executemany("INSERT INTO contacts (nickname, notes) VALUES (?, ?)",
                        [(f"客户{i}", "备注" * 50) for i in range(3000)])
    ws.close()
    backups = paths.backups_dir(db_path)
    backups.mkdir()
    (backups / "siyu.daily-20261120.bak").write_bytes(b"old")
    newest = backups / "siyu.daily-20261122.bak"
    newest.write_bytes(b"new")
    data = bytearray(db_path.read_bytes())
    page = 4096
    data[page * 5: page * 9] = b"\xff" * (page * 4)  # header intact, b-tree pages destroyed
    db_path.write_bytes(bytes(data))
    before = checksum(db_path)
    with pytest.raises(WorkspaceError) as error:
        open_workspace(db_path)
    assert error.value.kind == "corrupt"
    assert "损坏" in error.value.message and str(newest) in error.value.message
    assert checksum(db_path) == before


def test_an_older_schema_is_backed_up_then_upgraded(db_path, monkeypatch):
    ws = open_workspace(db_path)
    ws.conn.execute("INSERT INTO contacts (nickname) VALUES ('张小花')")
    ws.close()
    current = migrations.LATEST_VERSION
    newer = (*migrations.STEPS, (current + 1, f"{current + 1:04d}_add_vip_note",
                                 "ALTER TABLE contacts ADD COLUMN vip_note TEXT;"))
    monkeypatch.setattr(migrations, "STEPS", newer)
    monkeypatch.setattr(migrations, "LATEST_VERSION", current + 1)
    ws = open_workspace(db_path)
    try:
        assert ws.migration_backup is not None and ws.migration_backup.exists()
        assert migrations.schema_version(ws.conn) == current + 1
        assert ws.conn.execute("SELECT nickname, vip_note FROM contacts").fetchall() == [
            ("张小花", None)]
        backup = sqlite3.connect(ws.migration_backup)
        assert backup.execute("PRAGMA user_version").fetchone()[0] == current
        assert backup.execute("SELECT nickname FROM contacts").fetchall() == [("张小花",)]
    finally:
        ws.close()


def test_an_up_to_date_database_is_opened_without_a_backup(workspace):
    assert workspace.migration_backup is None
    assert not paths.backups_dir(workspace.path).exists()


def test_workspace_module_reports_missing_folder(tmp_path):
    with pytest.raises(WorkspaceError) as error:
        workspace_module.open_workspace(tmp_path / "nope" / "x.db")
    assert error.value.kind == "missing_folder"


def test_another_programs_sqlite_file_is_refused_and_not_touched(tmp_path):
    path = tmp_path / "wechat_backup.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE contacts (wxid TEXT, name TEXT)")  # a name we use too
    other.execute("INSERT INTO contacts VALUES ('wxid_1', '张三')")
    other.commit()
    other.close()
    before = checksum(path)
    with pytest.raises(WorkspaceError) as error:
        open_workspace(path)
    assert error.value.kind == "not_ours" and "其他程序" in error.value.message
    assert checksum(path) == before
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("contacts",)]


def test_undo_is_refused_once_the_database_is_known_to_be_damaged(workspace):
    from desktop import contacts
    workspace.execute(lambda c: contacts.create_contact(c, values={"nickname": "张小花"}))
    workspace.broken = "损坏"
    with pytest.raises(WorkspaceError):
        workspace.undo()
    assert workspace.undo_stack.undo_label is not None  # still there once the file is fixed
