"""SQLCipher: the driver (imported only when an encrypted file is met), keys, and rewriting a
database between plain and encrypted form.

Key form: a raw 32-byte key plus a 16-byte salt, `PRAGMA key = "x'<key><salt>'"`, as the first
statement. A raw key skips SQLCipher's PBKDF2 (256,000 iterations: ~200 ms per connection
measured, and the app opens three); the key is random, so stretching it adds nothing.
The salt is derived one-way from the key (`key_id`) instead of being random, so every file
encrypted with a key — the database, its backups — starts with the same 16 bytes: the
keyring entry of a file can be found from its first bytes before decrypting, and moving or
renaming the file keeps it. What it reveals: which files share a key, nothing of the contents.

Page HMAC: HMAC-SHA256 (`PRAGMA cipher_hmac_algorithm`) instead of SQLCipher 4's default
HMAC-SHA512. SHA-256 runs in hardware on current x86 and ARM CPUs (SHA extensions), SHA-512
does not: what verifying a page costs above reading it plain roughly halves, and a whole-file
read (the quick_check at every start, a backup) of the 100k database is ~25 % faster
(docs/security.md has the numbers). It is a file-format setting — it fixes the bytes reserved
per page — so it is applied on every connection to an encrypted file and on the target of
every export; files encrypted before (SQLCipher 4 defaults) are still opened: `connect` tries
the formats in `HMAC_FORMATS` in order, and a connection remembers its file's format so a
backup copy gets the same one.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from types import ModuleType

SQLITE_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32
# Newest first: files are written in HMAC_FORMATS[0]; the others are only read, and kept by a
# backup copy (SQLite's backup API carries the source's bytes reserved per page over to the
# copy). HMAC_SHA512 is SQLCipher 4's default: the files this app encrypted before HMAC_SHA256.
HMAC_FORMATS = ("HMAC_SHA256", "HMAC_SHA512")
_driver: ModuleType | None = None
_connection_class: type | None = None


class CipherUnavailable(Exception):
    """sqlcipher3 cannot be imported (not installed, or no wheel for this platform)."""


def driver() -> ModuleType:
    """sqlcipher3's DB-API module, imported on first use (plain databases never pay for it).

    Its exception classes are made subclasses of sqlite3's (they have the same layout), so
    `except sqlite3.OperationalError` — in our code and inside sqlite-utils — also catches the
    errors of an encrypted connection."""
    global _driver, _connection_class
    if _driver is None:
        try:
            from sqlcipher3 import dbapi2
        except ImportError as exc:
            raise CipherUnavailable(str(exc)) from exc
        for name in ("InterfaceError", "DatabaseError"):
            _adopt(getattr(dbapi2, name), dbapi2.Error, getattr(sqlite3, name))
        for name in ("DataError", "OperationalError", "IntegrityError", "InternalError",
                     "ProgrammingError", "NotSupportedError"):
            _adopt(getattr(dbapi2, name), dbapi2.DatabaseError, getattr(sqlite3, name))

        class KeyedConnection(dbapi2.Connection):
            """Remembers its key and page HMAC, so a backup target can be given the same."""
            cipher_key: bytes | None = None
            cipher_hmac: str | None = None
        _connection_class = KeyedConnection
        _driver = dbapi2
    return _driver


def _adopt(cls: type, own_base: type, sqlite3_base: type) -> None:
    if not issubclass(cls, sqlite3_base):
        cls.__bases__ = (own_base, sqlite3_base)


def unavailable_reason() -> str | None:
    """None when encryption can be used here; otherwise why not (for the operator)."""
    try:
        driver()
    except CipherUnavailable as exc:
        return f"本机无法使用数据库加密：加密组件 sqlcipher3 未能加载（{exc}）。其他功能不受影响。"
    return None


def key_id(key: bytes) -> bytes:
    """The 16-byte salt of files encrypted with `key` (their first 16 bytes)."""
    return hashlib.sha256(b"siyu-workstation sqlcipher salt v1" + key).digest()[:16]


def file_key_id(path: Path) -> bytes | None:
    """The key id written at the start of an encrypted file; None for a plain, empty or
    missing file, or one that does not look like SQLCipher's (pages of 512·2ⁿ bytes)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return None
    if size < 512 or size % 512 or head == SQLITE_HEADER:
        return None
    return head


def connect(database: str, key: bytes | None, *, hmac: str | None = None, **kwargs):
    """A sqlcipher3 connection to `database` (a path or URI) opened with `key` (none: a plain
    file read through sqlcipher3, as `export` needs). Raises CipherUnavailable.

    `hmac`: the file's page HMAC when known (a backup target takes its source's); otherwise
    each of HMAC_FORMATS is tried in order until the schema can be read — a new or empty file
    gets the first. Raises sqlite3.DatabaseError ("file is not a database") when none fits."""
    dbapi2 = driver()
    if not key:
        return dbapi2.connect(database, factory=_connection_class, **kwargs)
    first_error: sqlite3.DatabaseError | None = None
    for algorithm in (hmac,) if hmac else HMAC_FORMATS:
        conn = dbapi2.connect(database, factory=_connection_class, **kwargs)
        try:
            apply_key(conn, key, algorithm)
            if not hmac:
                # The first read checks page 1's HMAC: a file of another format fails here.
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            conn.close()
            if "not a database" not in str(exc).lower():
                raise  # locked, unreadable…: the same with any format
            first_error = first_error or exc
            continue
        except BaseException:
            conn.close()
            raise
        conn.cipher_key = key
        conn.cipher_hmac = algorithm
        return conn
    assert first_error is not None
    raise first_error


def key_of(conn) -> bytes | None:
    """The key an open connection was opened with (None: a plain database)."""
    return getattr(conn, "cipher_key", None)


def hmac_of(conn) -> str | None:
    """The page HMAC of the encrypted file `conn` is open on (None: a plain database)."""
    return getattr(conn, "cipher_hmac", None)


def apply_key(conn, key: bytes, hmac: str = HMAC_FORMATS[0]) -> None:
    """Must be the first statements on a sqlcipher3 connection: the key, then the format."""
    conn.execute("PRAGMA cipher_log_level = NONE")  # it would print decrypt failures to stderr
    conn.execute(f"PRAGMA key = \"x'{key.hex()}{key_id(key).hex()}'\"")
    conn.execute(f"PRAGMA cipher_hmac_algorithm = {_checked(hmac)}")


def _checked(hmac: str) -> str:
    if hmac not in HMAC_FORMATS:
        raise ValueError(f"unknown page HMAC {hmac!r}")
    return hmac


def _attach_key(key: bytes | None) -> str:
    return f"\"x'{key.hex()}{key_id(key).hex()}'\"" if key else "''"


def row_counts(conn) -> dict[str, int]:
    """Rows per table: the cheap part of verifying a rewritten copy (quick_check does pages)."""
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL%'")]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def export(source, target: Path, *, target_key: bytes | None) -> None:
    """Write every table, index, trigger and the schema version of the open sqlcipher3
    connection `source` into the new file `target`, encrypted with `target_key` (plain when
    None). sqlcipher_export, because the backup API cannot change the encryption."""
    source.execute(f"ATTACH DATABASE ? AS rewritten KEY {_attach_key(target_key)}",
                   (str(target),))
    try:
        if target_key:  # before anything touches the new file: it is written in this format
            source.execute(f"PRAGMA rewritten.cipher_hmac_algorithm = {HMAC_FORMATS[0]}")
        source.execute("SELECT sqlcipher_export('rewritten')")
        version = source.execute("PRAGMA main.user_version").fetchone()[0]
        source.execute(f"PRAGMA rewritten.user_version = {int(version)}")
    finally:
        source.execute("DETACH DATABASE rewritten")


def rewrite(source: Path, target: Path, *, source_key: bytes | None,
            target_key: bytes | None) -> None:
    """Write the closed database `source` into the new file `target` with `target_key` (plain
    when None) and check the copy: quick_check passes and every table has as many rows.
    Raises sqlite3.DatabaseError when the copy is not sound; `source` is only read."""
    conn = connect(str(source), source_key, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the copy must see every commit
        expected = row_counts(conn)
        export(conn, target, target_key=target_key)
    finally:
        conn.close()
    # The newest format only (no fallback): the copy must have been written in it.
    copy = connect(str(target), target_key, hmac=HMAC_FORMATS[0] if target_key else None,
                   isolation_level=None)
    try:
        problems = [r[0] for r in copy.execute("PRAGMA quick_check")]
        if problems != ["ok"] or row_counts(copy) != expected:
            raise sqlite3.DatabaseError(f"the rewritten copy differs: {problems[:3]}")
        copy.execute("PRAGMA journal_mode = WAL")  # as `configure` leaves our databases
    finally:
        copy.close()
