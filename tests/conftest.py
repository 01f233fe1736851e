"""Shared fixtures: a fresh database per test (built once, copied), headless Qt, isolated folders.

Set before anything imports Qt or platformdirs: the offscreen platform (no display in CI) and a
private XDG data folder so UI settings and default paths never touch the real user's files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Our operators' zone: "today" in the tests is the Shanghai day whatever the machine's zone.
os.environ["TZ"] = "Asia/Shanghai"
time.tzset()
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="siyu-test-data-")
# The daily chores (backup, recompute, rules, reminders) start at once, not 20 s after showing.
os.environ["SIYU_HOUSEKEEPING_DELAY_MS"] = "0"

from db import connection, migrations  # noqa: E402  (after the environment above)
from desktop.workspace import Workspace, open_workspace  # noqa: E402

FIXED_NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    conn = connection.connect(path)
    migrations.apply_pending(conn)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture
def db_path(tmp_path, _template_db) -> Path:
    """Path of a fresh, migrated, empty database (a copy of one built once per session)."""
    path = tmp_path / "siyu.db"
    shutil.copyfile(_template_db, path)
    return path


@pytest.fixture
def workspace(db_path) -> Workspace:
    ws = open_workspace(db_path)
    yield ws
    if ws.lock.is_locked:
        ws.close()


@pytest.fixture
def clock():
    return lambda: FIXED_NOW


def fresh_connection(path: Path):
    """A new database at `path` with the schema applied (no workspace, no lock)."""
    conn = connection.connect(path)
    migrations.apply_pending(conn)
    return conn


def dump(conn, *, skip_columns: tuple[str, ...] = ("updated_at",)) -> dict[str, list[tuple]]:
    """Every row of every user table, for 'op → undo → identical' checks.

    updated_at is skipped by default: it records when a row was last written, and an undo is
    a write."""
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name <> '_sqlite_migrations' ORDER BY name")]
    out = {}
    for table in tables:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                   if r[1] not in skip_columns]
        out[table] = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1, 2"
                                  ).fetchall()
    return out


@pytest.fixture
def demo_db(db_path) -> Path:
    """A small demo database (closed again, ready for the app to open)."""
    from desktop.demo import fill_demo

    ws = open_workspace(db_path)
    fill_demo(ws.conn, size=200)
    ws.close()
    return db_path


@pytest.fixture
def message_boxes(monkeypatch):
    """Records QMessageBox calls instead of blocking on a modal box; answers Yes."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str, str]] = []
    for kind in ("critical", "warning", "information", "question"):
        def fake(parent, title, text, *args, _kind=kind, **kwargs):
            shown.append((_kind, title, text))
            return QMessageBox.StandardButton.Yes
        monkeypatch.setattr(QMessageBox, kind, staticmethod(fake))
    return shown


@pytest.fixture
def running(qtbot, demo_db, message_boxes):
    """The app, started on the demo database as `siyu --db demo.db` would."""
    from ui.app import start

    app_state = start(demo_db)
    assert not isinstance(app_state, int), message_boxes
    qtbot.addWidget(app_state.window)
    yield app_state
    qtbot.waitUntil(lambda: app_state.runner.pending == 0)
    app_state.close()


def wait_ops(qtbot, app_state) -> None:
    """Let the database thread finish and its results reach the widgets."""
    worker = app_state.window.contacts_page.worker  # searches and segment counts
    qtbot.waitUntil(lambda: app_state.runner.pending == 0 and worker.pending == 0,
                    timeout=10_000)


@pytest.fixture
def memory_keyring():
    """The OS keyring replaced by a dict (`.passwords`), restored afterwards; a new, empty
    instance stands for a new machine."""
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1

        def __init__(self) -> None:
            super().__init__()
            self.passwords: dict[tuple[str, str], str] = {}

        def get_password(self, service, username):
            return self.passwords.get((service, username))

        def set_password(self, service, username, password):
            self.passwords[(service, username)] = password

        def delete_password(self, service, username):
            self.passwords.pop((service, username), None)

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
