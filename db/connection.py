"""Opening the SQLite file: the one place that sets connection pragmas.

Every connection gets WAL (readers never block the writer), foreign keys (SQLite leaves them off
by default, and ON DELETE CASCADE is how a purge erases a person everywhere) and a busy timeout.
A file that is not SQLite is refused before sqlite3 touches it; a SQLite file of another program
is recognised by `holds_foreign_tables` before anything is written to it.

An encrypted file (SQLCipher, see db/cipher.py) is opened with sqlcipher3 when a key is given;
every connection — writer, readers, backups — goes through `connect` / `backup_to` so none of
them can read or write it in the clear, and each gets the file's page HMAC (cipher.connect
finds it: the current format first, then the SQLCipher 4 default of files encrypted before).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from db import cipher


class DatabaseOpenError(Exception):
    """The file cannot be used. `kind` is one of: not_sqlite, not_ours, read_only, locked,
    corrupt, missing_folder, encrypted (a key is needed), wrong_key, no_cipher (sqlcipher3
    cannot be loaded). The desktop layer turns it into a message for the user."""

    def __init__(self, kind: str, path: Path, detail: str = "") -> None:
        super().__init__(f"{kind}: {path}: {detail}")
        self.kind = kind
        self.path = path
        self.detail = detail


SQLITE_HEADER = cipher.SQLITE_HEADER


def check_file(path: Path, *, key: bytes | None = None) -> None:
    """Refuse a file that is not SQLite before sqlite3 touches it (and before WAL files appear);
    an encrypted one only without its key."""
    if path.exists():
        if path.is_dir():
            raise DatabaseOpenError("not_sqlite", path, "is a folder")
        if path.stat().st_size > 0:
            with path.open("rb") as fh:
                if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                    _check_key(path, key)
        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            raise DatabaseOpenError("read_only", path)
    elif not path.parent.is_dir():
        raise DatabaseOpenError("missing_folder", path)
    elif not os.access(path.parent, os.W_OK):
        raise DatabaseOpenError("read_only", path)


def _check_key(path: Path, key: bytes | None) -> None:
    found = cipher.file_key_id(path)
    if found is None:
        raise DatabaseOpenError("not_sqlite", path)
    if key is None:
        raise DatabaseOpenError("encrypted", path)
    if found != cipher.key_id(key):
        raise DatabaseOpenError("wrong_key", path)


def is_encrypted(path: Path) -> bool:
    """The file starts with SQLCipher's salt rather than SQLite's header."""
    return cipher.file_key_id(Path(path)) is not None


def configure(conn: sqlite3.Connection, *, busy_timeout_ms: int = 3000) -> None:
    """Pragmas every connection of ours needs (also used for sqlcipher connections later)."""
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":  # e.g. a file on a network share that cannot hold the -shm file
        raise sqlite3.OperationalError(f"journal_mode stayed {mode}")
    # NORMAL is durable in WAL mode except for the last commit on power loss; FULL costs 2× on bulk.
    conn.execute("PRAGMA synchronous = NORMAL")
    # 32 MB of page cache (default 2 MB): a bulk edit of 20,000 contacts touches a dozen partial
    # indexes, and with the default cache trashing them took > 1 s; memory is allocated only
    # as pages are read.
    conn.execute("PRAGMA cache_size = -32768")


def connect(path: Path, *, read_only: bool = False, check_same_thread: bool = True,
            key: bytes | None = None) -> sqlite3.Connection:
    """Open `path` (created if missing unless read_only). Raises DatabaseOpenError.

    An encrypted file needs its `key` and gets a sqlcipher3 connection (same API; its errors
    are sqlite3's subclasses); a plain file ignores `key`.
    isolation_level=None: transactions are explicit (see `transaction`), never implicit.
    """
    path = Path(path)
    if read_only:
        if is_encrypted(path):
            _check_key(path, key)
    else:
        check_file(path, key=key)
    uri = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rwc'}"
    try:
        if is_encrypted(path):
            conn = cipher.connect(uri, key, uri=True, isolation_level=None,
                                  check_same_thread=check_same_thread)
        else:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None,
                                   check_same_thread=check_same_thread)
    except cipher.CipherUnavailable as exc:
        raise DatabaseOpenError("no_cipher", path, str(exc)) from exc
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():  # cipher.connect's read
            raise DatabaseOpenError("locked", path, str(exc)) from exc
        raise DatabaseOpenError("read_only", path, str(exc)) from exc
    except sqlite3.DatabaseError as exc:  # the key id matched, yet no format decrypts page 1
        raise DatabaseOpenError("corrupt", path, str(exc)) from exc
    try:
        if read_only:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA query_only = ON")
            conn.execute("PRAGMA busy_timeout = 3000")
        elif holds_foreign_tables(conn):  # before WAL mode, which rewrites the file header
            conn.close()
            raise DatabaseOpenError("not_ours", path)
        else:
            configure(conn)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        message = str(exc).lower()
        if "locked" in message or "busy" in message:
            raise DatabaseOpenError("locked", path, str(exc)) from exc
        if "readonly" in message or "read-only" in message:
            raise DatabaseOpenError("read_only", path, str(exc)) from exc
        if "not a database" in message or "malformed" in message:
            raise DatabaseOpenError("corrupt", path, str(exc)) from exc
        raise DatabaseOpenError("locked", path, str(exc)) from exc
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One user action = one transaction: everything inside commits together or not at all.

    Nested use becomes a SAVEPOINT so a service may call another service.
    """
    if conn.in_transaction:
        name = f"sp_{id(object())}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")  # may fail too (a full disk often shows only here)
    except BaseException:
        # SQLite may already have rolled back by itself (e.g. after SQLITE_FULL); a second
        # ROLLBACK would raise and hide the real error.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def holds_foreign_tables(conn: sqlite3.Connection) -> bool:
    """A SQLite file that is not ours: schema version 0 yet it has tables (some other
    program's database). Migrating it would write our schema into someone else's file."""
    if conn.execute("PRAGMA user_version").fetchone()[0] != 0:
        return False
    return conn.execute("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' "
                        "AND name NOT LIKE 'sqlite_%')").fetchone()[0] == 1


def close(conn: sqlite3.Connection) -> None:
    """Close the write connection so that the .db file is complete on its own."""
    try:
        conn.execute("PRAGMA optimize")  # keeps the planner's statistics fresh; cheap
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # folds the WAL back into the file
    finally:
        conn.close()


def backup_target(conn: sqlite3.Connection, target: Path) -> sqlite3.Connection:
    """The connection to pass to `conn.backup(...)` for a copy in the new file `target`: opened
    with the key of `conn` when the database is encrypted, so the copy stays encrypted (the
    backup API copies pages as stored, and SQLCipher refuses a keyless target) — and with its
    page HMAC: the backup API gives the copy the source's bytes reserved per page, so a backup
    of a file encrypted in an older format stays in that format (see cipher.HMAC_FORMATS)."""
    key = cipher.key_of(conn)
    if key:
        return cipher.connect(str(target), key, hmac=cipher.hmac_of(conn))
    return sqlite3.connect(target)


def backup_to(conn: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of the open database in the new file `target` by the online backup
    API (never a file copy of a live database), encrypted like the source."""
    dest = backup_target(conn, target)
    try:
        conn.backup(dest)
    finally:
        dest.close()


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """Problems found by PRAGMA quick_check (empty when the file is sound).

    quick_check, not integrity_check: 0.07 s vs 3.8 s cold on 125 MB (LIBRARY-FACTS.md).
    """
    try:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows
