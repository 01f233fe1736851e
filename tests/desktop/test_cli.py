"""The `siyu` command: headless subcommands work and never load Qt."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from desktop import layering, reads, timefmt
from desktop.cli import main
from desktop.workspace import open_workspace
from tests.desktop.layering_seed import layers, seed


def contact_count(db_path) -> int:
    ws = open_workspace(db_path)
    try:
        return reads.count_contacts(ws.conn)
    finally:
        ws.close()


def test_demo_subcommand_fills_a_fresh_database(db_path, capsys):
    assert main(["--db", str(db_path), "demo", "--size", "150"]) == 0
    assert "150 位客户" in capsys.readouterr().out
    assert contact_count(db_path) == 150


def test_demo_refuses_a_database_with_data_and_changes_nothing(db_path, capsys):
    ws = open_workspace(db_path)
    ws.conn.execute("INSERT INTO contacts (nickname) VALUES ('真实客户')")
    ws.close()
    assert main(["--db", str(db_path), "demo"]) == 1
    assert "已经有数据" in capsys.readouterr().err
    assert contact_count(db_path) == 1


def test_check_reports_counts_and_a_bad_file(tmp_path, db_path, capsys):
    assert main(["--db", str(db_path), "check"]) == 0
    assert "完好" in capsys.readouterr().out
    bad = tmp_path / "notes.txt"
    bad.write_text("不是数据库", encoding="utf-8")
    assert main(["--db", str(bad), "check"]) == 1
    assert "不是" in capsys.readouterr().err


def test_headless_commands_do_not_import_qt(db_path):
    code = ("import sys; from desktop.cli import main; "
            f"assert main(['--db', {str(db_path)!r}, 'demo', '--size', '20']) == 0; "
            f"assert main(['--db', {str(db_path)!r}, 'check']) == 0; "
            "loaded = [m for m in sys.modules if m.startswith('PySide6')]; "
            "sys.exit(3 if loaded else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_bad_demo_size_is_a_usage_message_not_a_traceback(db_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(db_path), "demo", "--size", "-5"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "1 到 1000000" in err and "Traceback" not in err


def test_no_display_gives_a_clear_message_instead_of_a_qt_abort(db_path, monkeypatch, capsys):
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert main(["--db", str(db_path)]) == 2
    assert "图形界面" in capsys.readouterr().err


def test_db_may_follow_the_subcommand(db_path, capsys):
    assert main(["demo", "--db", str(db_path), "--size", "20"]) == 0
    assert main(["check", f"--db={db_path}"]) == 0
    assert "20 位客户" in capsys.readouterr().out


def test_recompute_subcommand_moves_people_and_says_how_many(db_path, capsys):
    """The CLI runs on the real clock, so the activity is seeded relative to now."""
    def days_ago(days: int) -> str:
        return timefmt.to_db(datetime.now(UTC) - timedelta(days=days))

    ws = open_workspace(db_path)
    fan = seed(ws.conn, added=days_ago(5), touches=[days_ago(1)] * 12)  # L1 → L4
    idle = seed(ws.conn, added=days_ago(400))                           # 潜在 → 流失
    seed(ws.conn, added=days_ago(2))                                    # stays L1 潜在
    ws.close()
    assert main(["--db", str(db_path), "recompute"]) == 0
    assert capsys.readouterr().out.strip() == "已重新计算分层：2 位客户的层级或阶段有变化"
    ws = open_workspace(db_path)
    assert layers(ws.conn, fan)[:3] == (4, "L4：近30天互动 12 次 ≥ 10", "potential")
    assert layers(ws.conn, idle)[2] == "churned"
    assert not layering.daily_recompute_due(ws.conn)
    ws.close()
    assert main(["--db", str(db_path), "recompute"]) == 0
    assert capsys.readouterr().out.strip() == "已重新计算分层：0 位客户的层级或阶段有变化"
