"""The encrypted file's format: new files use HMAC-SHA256 pages (faster to open than SQLCipher
4's default HMAC-SHA512), and every connection — writer, readers, backups, the rewrite that
turns encryption off, a recovered key — applies it; a file encrypted before, with SQLCipher 4's
defaults, still opens everywhere and keeps its format in its backups."""

from __future__ import annotations

import os
import secrets
import sqlite3
from pathlib import Path

import pytest

from db import backup as backup_db
from db import cipher, connection
from desktop import contacts, encryption
from desktop.workspace import WorkspaceError, open_workspace
from tests.conftest import dump
from tests.desktop.test_encryption import PHONE, _with_contact


def _readable_as(path: Path, key: bytes, hmac: str) -> bool:
    conn = cipher.connect(str(path), key, hmac=hmac)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def _encrypt_as_before(path: Path, key: bytes) -> None:
    """Encrypt the closed plain database at `path` as this app did before the HMAC change:
    SQLCipher 4's default settings."""
    new = path.with_name(path.name + ".legacy")
    source = cipher.driver().connect(str(path), isolation_level=None)
    try:
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        source.execute(f"ATTACH DATABASE ? AS old KEY \"x'{key.hex()}{cipher.key_id(key).hex()}'\"",
                       (str(new),))
        source.execute("PRAGMA old.cipher_hmac_algorithm = HMAC_SHA512")  # the default, stated
        source.execute("SELECT sqlcipher_export('old')")
        version = source.execute("PRAGMA main.user_version").fetchone()[0]
        source.execute(f"PRAGMA old.user_version = {int(version)}")
        source.execute("DETACH DATABASE old")
    finally:
        source.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    os.replace(new, path)


def _legacy(db_path: Path, memory_keyring) -> tuple[dict, str, bytes]:
    """A database encrypted the old way, its key in the keyring. → (rows, passphrase, key)"""
    before = _with_contact(db_path)
    seed = secrets.token_bytes(16)
    key = encryption.key_from_seed(seed)
    _encrypt_as_before(db_path, key)
    encryption.remember_key(key)
    assert _readable_as(db_path, key, "HMAC_SHA512")
    assert not _readable_as(db_path, key, "HMAC_SHA256")
    return before, encryption.passphrase_from_seed(seed), key


def test_new_files_use_hmac_sha256_on_every_connection(db_path, tmp_path, memory_keyring):
    before = _with_contact(db_path)
    encryption.enable(db_path)
    key = encryption.stored_key(db_path)

    assert _readable_as(db_path, key, "HMAC_SHA256")
    assert not _readable_as(db_path, key, "HMAC_SHA512")
    ws = open_workspace(db_path)
    reader = ws.open_reader()
    try:
        assert cipher.hmac_of(ws.conn) == cipher.hmac_of(reader) == "HMAC_SHA256"
        assert dump(reader) == before
        connection.backup_to(ws.conn, tmp_path / "backup.db")
        backup_db.snapshot(ws.conn, tmp_path / "snapshot.db")
    finally:
        reader.close()
        ws.close()
    for copy in ("backup.db", "snapshot.db"):
        assert _readable_as(tmp_path / copy, key, "HMAC_SHA256")
        assert not _readable_as(tmp_path / copy, key, "HMAC_SHA512")


def test_a_file_encrypted_before_still_opens_reads_and_writes(db_path, memory_keyring):
    before, _passphrase, _key = _legacy(db_path, memory_keyring)

    ws = open_workspace(db_path)  # key from the keyring, format found by trying
    try:
        assert cipher.hmac_of(ws.conn) == "HMAC_SHA512"
        assert dump(ws.conn) == before
        contacts.create_contact(ws.conn, values={"nickname": "王芳", "phone": "13700001111"})
        reader = ws.open_reader()
        assert cipher.hmac_of(reader) == "HMAC_SHA512"
        assert reader.execute("SELECT count(*) FROM contacts").fetchone()[0] == 2
        reader.close()
    finally:
        ws.close()
    assert PHONE.encode() not in db_path.read_bytes()
    ws = open_workspace(db_path)
    assert ws.conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 2
    ws.close()


def test_backups_of_a_file_encrypted_before_keep_its_format(db_path, tmp_path,
                                                            memory_keyring):
    before, _passphrase, key = _legacy(db_path, memory_keyring)
    ws = open_workspace(db_path)
    try:
        connection.backup_to(ws.conn, tmp_path / "backup.db")
        backup_db.snapshot(ws.conn, tmp_path / "snapshot.db")
    finally:
        ws.close()

    for name in ("backup.db", "snapshot.db"):
        copy_path = tmp_path / name
        assert PHONE.encode() not in copy_path.read_bytes()
        assert _readable_as(copy_path, key, "HMAC_SHA512")
        copy = open_workspace(copy_path)
        assert dump(copy.conn) == before
        copy.close()


def test_a_file_encrypted_before_can_be_recovered_and_turned_off(db_path, memory_keyring):
    before, passphrase, key = _legacy(db_path, memory_keyring)
    memory_keyring.passwords.clear()  # a new machine

    assert encryption.recover(db_path, passphrase) == key
    ws = open_workspace(db_path)
    assert dump(ws.conn) == before
    ws.close()

    encryption.disable(db_path, key)

    assert db_path.read_bytes().startswith(b"SQLite format 3\x00")
    plain = sqlite3.connect(db_path)
    assert dump(plain) == before
    plain.close()

    encryption.enable(db_path)  # turned on again: the current format
    new_key = encryption.stored_key(db_path)
    assert _readable_as(db_path, new_key, "HMAC_SHA256")
    ws = open_workspace(db_path)
    assert dump(ws.conn) == before
    ws.close()


def test_a_damaged_first_page_is_reported_as_corrupt(db_path, memory_keyring):
    _with_contact(db_path)
    encryption.enable(db_path)
    data = bytearray(db_path.read_bytes())
    data[200] ^= 0xFF  # inside page 1, after the salt: no format's HMAC matches any more
    db_path.write_bytes(bytes(data))

    with pytest.raises(WorkspaceError) as error:
        open_workspace(db_path)
    assert error.value.kind == "corrupt"
    with pytest.raises(connection.DatabaseOpenError) as reader:
        connection.connect(db_path, read_only=True, key=encryption.stored_key(db_path))
    assert reader.value.kind == "corrupt"
