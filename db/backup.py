"""Storage side of backups: snapshots by SQLite's online backup API, checks of a snapshot file,
and the counts a backup's manifest records."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from db.connection import SQLITE_HEADER, backup_target, quick_check

COUNTED_TABLES = ("contacts", "orders", "tasks")
_PAGES_PER_STEP = 4096  # 16 MB at 4 KB pages: progress moves, and a step stays short


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per counted table (contacts include the trash: a backup holds them too)."""
    return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in COUNTED_TABLES}


def snapshot(conn: sqlite3.Connection, target: Path,
             report: Callable[[int, int], None] | None = None) -> None:
    """Copy the database `conn` is open on into the new file `target` with the online backup
    API: a consistent image even while the file is in use (a file copy of a live WAL database
    may miss commits still in the -wal file, or catch a page half-written).

    Pages are copied as stored, so an encrypted database stays encrypted as long as `target`
    is opened with the same key (see open_target)."""
    dest = open_target(conn, target)
    try:
        def step(_status: int, remaining: int, total: int) -> None:
            if report:
                report(total - remaining, total)
        conn.backup(dest, pages=_PAGES_PER_STEP, progress=step)
        # The copy keeps the source's WAL flag; as a single file it must be complete alone.
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()


def open_target(conn: sqlite3.Connection, target: Path) -> sqlite3.Connection:
    """The connection a snapshot is written into. The one place to give it the source's key
    when the database is encrypted (SQLCipher refuses a backup into a keyless target)."""
    return backup_target(conn, target)


def is_plain_sqlite(path: Path) -> bool:
    """A readable SQLite file (False for a missing, empty or encrypted one)."""
    try:
        with Path(path).open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def check_file(path: Path) -> tuple[list[str], int]:
    """(problems found by quick_check, schema version) of a closed snapshot file.

    immutable=1: a read-only connection to a WAL-flagged file would otherwise leave -wal and
    -shm files behind in the backups folder."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        problems = quick_check(conn)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            return problems or [str(exc)], 0
        return problems, version
    except sqlite3.DatabaseError as exc:
        return [str(exc)], 0
    finally:
        conn.close()
