"""`siyu backup` / `siyu restore`: round trip, confirmation, refusals and exit codes."""

from __future__ import annotations

import io

from desktop import backup
from desktop.cli import main
from desktop.demo import fill_demo
from desktop.workspace import open_workspace
from tests.desktop.test_cli import contact_count


def test_backup_then_restore_round_trip(db_path, tmp_path, capsys):
    ws = open_workspace(db_path)
    fill_demo(ws.conn, size=120)
    ws.close()
    archive = tmp_path / "shop.siyubak"
    assert main(["--db", str(db_path), "backup", "-o", str(archive)]) == 0
    assert "客户 120 条" in capsys.readouterr().out

    ws = open_workspace(db_path)
    ws.conn.execute("DELETE FROM contacts WHERE id > 20")
    ws.close()
    assert main(["--db", str(db_path), "restore", str(archive), "--yes"]) == 0
    out = capsys.readouterr()
    assert "客户 120 条" in out.err and "已恢复" in out.out
    assert contact_count(db_path) == 120


def test_restore_without_yes_and_without_a_terminal_changes_nothing(db_path, tmp_path,
                                                                     capsys, monkeypatch):
    archive = tmp_path / "a.siyubak"
    assert main(["--db", str(db_path), "backup", "-o", str(archive)]) == 0
    ws = open_workspace(db_path)
    ws.conn.execute("INSERT INTO contacts (nickname) VALUES ('新加的')")
    ws.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["--db", str(db_path), "restore", str(archive)]) == 1
    assert "--yes" in capsys.readouterr().err
    assert contact_count(db_path) == 1


def test_restore_refuses_a_file_that_is_not_a_backup(db_path, tmp_path, capsys):
    bogus = tmp_path / "客户.csv"
    bogus.write_text("昵称,手机号\n张三,13800000000\n", encoding="utf-8")
    before = db_path.read_bytes()
    assert main(["--db", str(db_path), "restore", str(bogus), "--yes"]) == 2
    assert "不是私域工作台的备份文件" in capsys.readouterr().err
    assert db_path.read_bytes() == before


def test_restore_latest_after_damage_and_when_there_is_no_backup(db_path, capsys):
    assert main(["--db", str(db_path), "restore", "--latest", "--yes"]) == 2
    assert "没有找到完好的备份" in capsys.readouterr().err
    ws = open_workspace(db_path)
    ws.conn.execute("INSERT INTO contacts (nickname) VALUES ('备份里有')")
    backup.auto_backup(ws.conn, ws.path)
    ws.close()
    db_path.write_bytes(db_path.read_bytes()[:4096] + b"\x00" * 4096 * 3)
    assert main(["--db", str(db_path), "check"]) == 1
    assert "已损坏" in capsys.readouterr().err
    assert main(["--db", str(db_path), "restore", "--latest", "--yes"]) == 0
    assert contact_count(db_path) == 1


def test_backup_to_an_unwritable_place_exits_2(db_path, tmp_path, capsys):
    target = tmp_path / "no-such-folder" / "x.siyubak"
    assert main(["--db", str(db_path), "backup", "-o", str(target)]) == 2
    assert "无法写入备份文件" in capsys.readouterr().err
