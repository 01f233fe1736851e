"""Encryption at rest: what an operator relies on — the file on disk shows nothing, the app
still opens it on this machine, a new machine needs the recovery passphrase, switching back
loses nothing, and a failure half-way leaves the original file as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db import cipher, connection
from desktop import contacts, encryption
from desktop.workspace import WorkspaceError, open_workspace
from tests.conftest import dump

PHONE = "13912345678"


def _with_contact(db_path: Path) -> dict:
    ws = open_workspace(db_path)
    contacts.create_contact(ws.conn, values={"nickname": "李秀英", "phone": PHONE})
    before = dump(ws.conn)
    ws.close()
    return before


def _bytes_on_disk(db_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*")
                    if p.is_file() and not p.name.endswith(".lock"))


def test_encrypted_file_shows_nothing_and_reopens_with_the_key(db_path, memory_keyring):
    before = _with_contact(db_path)
    assert PHONE.encode() in db_path.read_bytes()

    passphrase = encryption.enable(db_path)

    assert len(passphrase.split("-")) == 7
    assert not db_path.read_bytes().startswith(b"SQLite format 3")
    ws = open_workspace(db_path)  # the key comes from the keyring
    try:
        assert dump(ws.conn) == before
        contacts.create_contact(ws.conn, values={"nickname": "王芳", "phone": "13700001111"})
        reader = ws.open_reader()
        assert reader.execute("SELECT count(*) FROM contacts").fetchone()[0] == 2
        reader.close()
        ws.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        # while open: main file and -wal hold no plaintext either
        assert PHONE.encode() not in _bytes_on_disk(db_path)
        assert b"13700001111" not in _bytes_on_disk(db_path)
    finally:
        ws.close()
    assert PHONE.encode() not in _bytes_on_disk(db_path)
    assert "李秀英".encode() not in _bytes_on_disk(db_path)
    assert not list(db_path.parent.glob("*.before-rewrite*"))  # the plaintext copy is gone


def test_without_the_key_it_is_refused_with_a_clear_message(db_path, memory_keyring):
    _with_contact(db_path)
    encryption.enable(db_path)
    memory_keyring.passwords.clear()  # a new machine

    with pytest.raises(WorkspaceError) as error:
        open_workspace(db_path)
    assert error.value.kind == "encrypted"
    assert "已加密" in error.value.message and "恢复密码" in error.value.message
    with pytest.raises(connection.DatabaseOpenError) as plain:
        connection.connect(db_path, read_only=True)  # e.g. the search worker, no key
    assert plain.value.kind == "encrypted"
    with pytest.raises(WorkspaceError) as wrong:
        open_workspace(db_path, key=bytes(32))
    assert wrong.value.kind == "wrong_key"


def test_recovery_passphrase_restores_access_on_a_new_machine(db_path, memory_keyring):
    before = _with_contact(db_path)
    passphrase = encryption.enable(db_path)
    memory_keyring.passwords.clear()

    typed = passphrase.lower().replace("-", " ").replace("O", "0")  # as a person might type it
    key = encryption.recover(db_path, typed)

    assert memory_keyring.passwords  # stored again: the next start needs no passphrase
    ws = open_workspace(db_path)
    assert dump(ws.conn) == before
    ws.close()
    assert key == encryption.stored_key(db_path)


def test_a_mistyped_or_foreign_passphrase_is_refused(db_path, memory_keyring):
    _with_contact(db_path)
    passphrase = encryption.enable(db_path)
    typo = ("B" if passphrase[0] != "B" else "C") + passphrase[1:]
    with pytest.raises(encryption.EncryptionError, match="恢复密码不正确"):
        encryption.recover(db_path, typo)
    other = encryption.passphrase_from_seed(bytes(16))
    with pytest.raises(encryption.EncryptionError, match="另一个数据库"):
        encryption.recover(db_path, other)


def test_turning_it_off_gives_a_plain_file_with_the_same_data(db_path, memory_keyring):
    before = _with_contact(db_path)
    encryption.enable(db_path)
    key = encryption.stored_key(db_path)

    encryption.disable(db_path, key)

    assert db_path.read_bytes().startswith(b"SQLite format 3\x00")
    plain = sqlite3.connect(db_path)  # any SQLite tool can read it again
    assert dump(plain) == before
    assert plain.execute("PRAGMA user_version").fetchone()[0] > 0
    plain.close()


def test_a_crash_while_rewriting_leaves_the_original_intact(db_path, memory_keyring,
                                                            monkeypatch):
    before = _with_contact(db_path)
    original = db_path.read_bytes()
    real_rewrite = cipher.rewrite

    def crash_after_writing(source, target, **keys):
        real_rewrite(source, target, **keys)
        assert target.exists()
        raise OSError("power cut")
    monkeypatch.setattr(cipher, "rewrite", crash_after_writing)

    with pytest.raises(OSError):
        encryption.enable(db_path)

    assert db_path.read_bytes() == original
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["siyu.db", "siyu.db.lock"]
    ws = open_workspace(db_path)
    assert dump(ws.conn) == before
    ws.close()


def test_backups_of_an_encrypted_database_stay_encrypted(db_path, tmp_path, memory_keyring):
    before = _with_contact(db_path)
    encryption.enable(db_path)
    ws = open_workspace(db_path)
    target = tmp_path / "backup.db"
    connection.backup_to(ws.conn, target)
    ws.close()

    assert PHONE.encode() not in target.read_bytes()
    assert encryption.stored_key(target) == ws.key  # same key id: found in the keyring
    copy = open_workspace(target)
    assert dump(copy.conn) == before
    copy.close()


def test_sqlcipher_errors_are_caught_as_sqlite3_errors(db_path, memory_keyring):
    """Our code and sqlite-utils write `except sqlite3.IntegrityError`; an encrypted
    connection's errors must match too."""
    _with_contact(db_path)
    encryption.enable(db_path)
    ws = open_workspace(db_path)
    try:
        with pytest.raises(sqlite3.OperationalError):
            ws.conn.execute("SELECT * FROM no_such_table")
    finally:
        ws.close()


def test_no_usable_keyring_disables_the_switch(monkeypatch):
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    assert "钥匙串" in encryption.unavailable_reason()


def test_the_switch_is_disabled_when_sqlcipher_cannot_load(monkeypatch):
    def broken():
        raise cipher.CipherUnavailable("No module named 'sqlcipher3'")
    monkeypatch.setattr(cipher, "driver", broken)
    assert "sqlcipher3" in encryption.unavailable_reason()


def test_automatic_backup_snapshots_stay_encrypted(db_path, tmp_path, memory_keyring):
    """db/backup.py's snapshot (online backup API with progress) goes through
    connection.backup_target."""
    from db import backup as backup_db

    before = _with_contact(db_path)
    encryption.enable(db_path)
    ws = open_workspace(db_path)
    target = tmp_path / "snapshot.db"
    backup_db.snapshot(ws.conn, target)
    ws.close()

    assert not backup_db.is_plain_sqlite(target)
    assert PHONE.encode() not in target.read_bytes()
    copy = open_workspace(target)
    assert dump(copy.conn) == before
    copy.close()


def test_a_full_recompute_of_an_encrypted_database_reads_its_orders(db_path, memory_keyring):
    # The full recompute reads the orders on a second connection, which needs the key too.
    from desktop import layering
    ws = open_workspace(db_path)
    contact_id = contacts.create_contact(ws.conn, values={"nickname": "李秀英"}).value
    for day in ("2026-08-01 10:00", "2026-09-01 10:00", "2026-10-01 10:00"):
        contacts.add_order(ws.conn, contact_id=contact_id, ordered_at=day, amount="88")
    ws.close()
    encryption.enable(db_path)
    ws = open_workspace(db_path)
    try:
        ws.execute(lambda c: layering.recompute_all(c))
        cycle = ws.conn.execute("SELECT order_count, cycle_basis, cycle_days FROM contacts "
                                "WHERE id = ?", (contact_id,)).fetchone()
        assert cycle[0] == 3 and cycle[1] == "own" and 29 <= cycle[2] <= 31
    finally:
        ws.close()
