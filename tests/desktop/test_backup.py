"""Backups: rotation, archives (round trip, refusals), restore, backup of a live database."""

from __future__ import annotations

import json
import sqlite3
import threading
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from db import migrations
from desktop import backup, paths
from desktop.demo import fill_demo
from desktop.workspace import open_workspace
from tests.conftest import FIXED_NOW, dump

SAMPLE = "SELECT id, nickname, phone, tier, total_spent_fen FROM contacts ORDER BY id LIMIT 50"


# -- rotation ----------------------------------------------------------------------------
def test_rotation_keeps_seven_days_and_four_older_weeks():
    # two backups a day (start and close) for 60 days, ending Monday 2026-11-23
    end = datetime(2026, 11, 23, 18, 0)
    moments = [end - timedelta(days=d, hours=h) for d in range(60) for h in (0, 9)]
    kept = backup.kept_by_rotation(moments, keep_daily=7, keep_weekly=4)
    days = sorted({m.date() for m in kept}, reverse=True)
    assert len(kept) == 11
    # daily: the newest of each of the last 7 days (the evening one)
    assert [m for m in sorted(kept, reverse=True)[:7]] == [end - timedelta(days=d)
                                                          for d in range(7)]
    # weekly: the newest of each of the 4 ISO weeks before those, i.e. their Sundays
    assert [d.isoformat() for d in days[7:]] == ["2026-11-15", "2026-11-08", "2026-11-01",
                                                 "2026-10-25"]


def test_rotation_with_a_fake_clock_removes_the_rest_and_reads_retention_settings(
        workspace, monkeypatch):
    now = [FIXED_NOW - timedelta(days=40)]
    folder = paths.backups_dir(workspace.path)
    stranger = folder / "siyu.v3-20260101-000000.bak"  # a pre-upgrade copy: never rotated
    folder.mkdir()
    stranger.write_bytes(b"x")
    for _ in range(41):
        backup.auto_backup(workspace.conn, workspace.path, clock=lambda: now[0])
        now[0] += timedelta(days=1)
    names = [p.name for _, p in backup.auto_backups(folder, "siyu")]
    assert len(names) == 11 and names[0] == "siyu.auto-20261123-100000.db"
    assert stranger.exists()

    backup.set_retention(workspace.conn, keep_daily=2, keep_weekly=0)
    backup.auto_backup(workspace.conn, workspace.path, clock=lambda: now[0])
    assert [p.name for _, p in backup.auto_backups(folder, "siyu")] == [
        "siyu.auto-20261124-100000.db", "siyu.auto-20261123-100000.db"]
    with pytest.raises(backup.BackupError, match="1 到 365"):
        backup.set_retention(workspace.conn, keep_daily=0, keep_weekly=4)


def test_daily_backup_once_per_local_day(workspace):
    morning = datetime(2026, 11, 22, 17, 0, tzinfo=FIXED_NOW.tzinfo)  # 01:00 in Shanghai
    assert backup.daily_backup_if_due(workspace.conn, workspace.path, clock=lambda: morning)
    later = morning + timedelta(hours=20)  # 21:00 the same Shanghai day
    assert backup.daily_backup_if_due(workspace.conn, workspace.path, clock=lambda: later) is None
    next_day = morning + timedelta(hours=23)
    assert backup.daily_backup_if_due(workspace.conn, workspace.path, clock=lambda: next_day)


# -- archives ----------------------------------------------------------------------------
@pytest.fixture
def filled(workspace):
    fill_demo(workspace.conn, size=150)
    media = paths.media_dir(workspace.path)
    (media / "sub").mkdir(parents=True)
    (media / "a.jpg").write_bytes(b"\xff\xd8 image a")
    (media / "sub" / "b.png").write_bytes(b"\x89PNG image b")
    return workspace


def test_archive_round_trip_restores_counts_rows_and_media(filled, tmp_path, clock):
    ws = filled
    archive = tmp_path / "out" / "备份.siyubak"
    archive.parent.mkdir()
    before, sample = dump(ws.conn), ws.conn.execute(SAMPLE).fetchall()
    written = backup.write_archive(ws.conn, ws.path, archive, clock=clock)
    assert written.counts["contacts"] == 150 and written.media_files == 2
    assert [p.name for p in archive.parent.iterdir()] == ["备份.siyubak"]  # no temp left

    ws.conn.execute("DELETE FROM orders")  # the operator carries on working, then restores
    (paths.media_dir(ws.path) / "a.jpg").unlink()
    ws.close()
    info = backup.verify_archive(archive)
    assert (info.counts, info.schema, info.date) == (written.counts, migrations.LATEST_VERSION,
                                                     FIXED_NOW)
    assert "2026-11-23 10:00" in info.summary() and "客户 150 条" in info.summary()
    result = backup.restore_archive(ws.path, archive, clock=clock)

    reopened = open_workspace(ws.path)
    try:
        assert reopened.conn.execute(SAMPLE).fetchall() == sample
        assert dump(reopened.conn) == before  # every row of every table
    finally:
        reopened.close()
    media = paths.media_dir(ws.path)
    assert (media / "a.jpg").read_bytes() == b"\xff\xd8 image a"
    assert (media / "sub" / "b.png").exists()
    # the database as it was before (orders deleted) is kept, and opens
    kept = sqlite3.connect(result.kept)
    assert kept.execute("SELECT count(*) FROM orders").fetchone()[0] == 0
    kept.close()
    assert not (paths.backups_dir(ws.path) / "before-restore-20261123-100000" / "siyu.media"
                / "a.jpg").exists()


def _rewrite(archive: Path, target: Path, *, drop: str = "", replace: dict | None = None
             ) -> Path:
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(target, "w") as out:
        for item in src.infolist():
            if item.filename == drop:
                continue
            out.writestr(item.filename, (replace or {}).get(item.filename, src.read(item)))
    return target


@pytest.fixture
def archive(filled, tmp_path, clock) -> Path:
    path = tmp_path / "good.siyubak"
    backup.write_archive(filled.conn, filled.path, path, clock=clock)
    filled.close()
    return path


@pytest.mark.parametrize("damage, message", [
    ("truncated", "不是私域工作台的备份"),
    ("foreign_zip", "不是私域工作台的备份"),
    ("text_file", "不是私域工作台的备份"),
    ("flipped_byte", "校验值不符"),
    ("missing_image", "读不出"),
    ("newer_schema", "更新版本"),
    ("unsafe_name", "不安全"),
])
def test_a_damaged_or_foreign_archive_is_refused_and_nothing_changes(
        archive, tmp_path, damage, message):
    db_path = archive.parent / "siyu.db"
    before = db_path.read_bytes()
    manifest = json.loads(zipfile.ZipFile(archive).read(backup.MANIFEST))
    bad = tmp_path / "bad.siyubak"
    if damage == "truncated":
        bad.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    elif damage == "foreign_zip":
        with zipfile.ZipFile(bad, "w") as z:
            z.writestr("report.docx", b"hello")
    elif damage == "text_file":
        bad.write_text("客户名单", encoding="utf-8")
    elif damage == "flipped_byte":
        data = bytearray(zipfile.ZipFile(archive).read(backup.DB_MEMBER))
        data[5000] ^= 0xFF
        _rewrite(archive, bad, replace={backup.DB_MEMBER: bytes(data)})
    elif damage == "missing_image":
        _rewrite(archive, bad, drop="media/a.jpg")
    elif damage == "newer_schema":
        manifest["schema_version"] = migrations.LATEST_VERSION + 1
        _rewrite(archive, bad, replace={backup.MANIFEST: json.dumps(manifest)})
    elif damage == "unsafe_name":
        manifest["files"]["media/../../evil.txt"] = "0" * 64
        _rewrite(archive, bad, replace={backup.MANIFEST: json.dumps(manifest)})
    with pytest.raises(backup.BackupError, match=message) as refused:
        backup.restore_archive(db_path, bad)
    assert "没有做任何改动" in str(refused.value) or "不是私域工作台" in str(refused.value)
    assert db_path.read_bytes() == before
    assert not paths.backups_dir(db_path).exists()
    assert not (tmp_path / "evil.txt").exists()
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.startswith(".")) == []


def test_restore_is_refused_while_the_database_is_open(archive):
    ws = open_workspace(archive.parent / "siyu.db")
    try:
        with pytest.raises(backup.BackupError, match="正在被私域工作台使用"):
            backup.restore_archive(ws.path, archive)
    finally:
        ws.close()


def test_restore_latest_replaces_a_damaged_database_with_the_newest_good_backup(
        filled, clock):
    ws = filled
    good = backup.auto_backup(ws.conn, ws.path, clock=clock)
    expected = ws.conn.execute(SAMPLE).fetchall()
    ws.close()
    data = bytearray(ws.path.read_bytes())
    data[4096 * 3: 4096 * 6] = b"\x07" * (4096 * 3)  # pages of the contacts table
    ws.path.write_bytes(bytes(data))
    assert backup.newest_good_backup(ws.path) == good
    result = backup.restore_latest(ws.path, clock=clock)
    assert result.kept.is_dir() and (result.kept / "siyu.db").read_bytes() == bytes(data)
    reopened = open_workspace(ws.path)
    try:
        assert reopened.conn.execute(SAMPLE).fetchall() == expected
    finally:
        reopened.close()


def test_backup_of_a_live_database_while_another_connection_writes_is_consistent(
        workspace, tmp_path):
    """Each write adds a contact and its interaction in one transaction: a torn copy would
    show different counts (or fail its integrity check)."""
    writer = sqlite3.connect(workspace.path, isolation_level=None, check_same_thread=False)
    writer.execute("PRAGMA busy_timeout = 5000")
    stop = threading.Event()

    def write() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            writer.execute("BEGIN IMMEDIATE")
            cid = writer.execute("INSERT INTO contacts (nickname, remark) VALUES (?, ?)",
                                 (f"写入{n}", "备注" * 200)).lastrowid
            writer.execute("INSERT INTO interactions (contact_id, kind, occurred_at) "
                           "VALUES (?, 'chat', '2026-11-20 10:00:00')", (cid,))
            writer.execute("COMMIT")
    thread = threading.Thread(target=write)
    thread.start()
    try:
        snapshots = [backup.auto_backup(workspace.conn, workspace.path,
                                        clock=lambda i=i: FIXED_NOW + timedelta(days=i))
                     for i in range(5)]
    finally:
        stop.set()
        thread.join()
        writer.close()
    seen = []
    for path in snapshots:
        copy = sqlite3.connect(path)
        assert copy.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        contacts, interactions = (copy.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                  for t in ("contacts", "interactions"))
        copy.close()
        assert contacts == interactions
        seen.append(contacts)
    assert seen[-1] > 0
