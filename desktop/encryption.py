"""Encryption at rest: the key in the operating system's keyring, the recovery passphrase, and
switching a database between plain and encrypted form.

The key: 32 bytes derived by SHA-256 from a random 16-byte seed. The recovery passphrase IS the
seed, written in base32 with a 10-bit checksum, 7 groups of 4 characters (128 bits: as strong
as the cipher needs, short enough to copy by hand). It is shown once, when encryption is
turned on, and never stored; whoever holds it can open the database — it is the paper copy of
the key. The keyring holds the key under service "siyu-workstation", user
"sqlcipher-<key id>": the key id is the first 16 bytes of the encrypted file (db/cipher.py),
so a moved or renamed database, and its backups, find their key; a new machine has none and
asks for the passphrase.

Switching rewrites the closed database: a new file next to it (sqlcipher_export), verified
(quick_check, same row counts), then swapped in with os.replace; until the new file has been
opened with its key the old one is kept beside it. The old plaintext is then deleted — not
overwritten: on an SSD an overwrite does not reach the old blocks, so nothing but full-disk
encryption guarantees plaintext is gone (README says so).
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import sqlite3
from pathlib import Path

from filelock import FileLock, Timeout

from db import cipher, connection
from desktop.errors import UserFacingError
from desktop.progress import Progress

SERVICE = "siyu-workstation"
_SEED_BYTES = 16
_GROUP = 4


class EncryptionError(UserFacingError):
    """Encryption cannot be switched or the key cannot be kept; nothing was changed."""


class KeyringUnavailable(EncryptionError):
    """No usable keyring: storing the key there would fail or leave it in clear text."""


def unavailable_reason() -> str | None:
    """Why the encryption switch must stay disabled here (None: it may be used)."""
    return cipher.unavailable_reason() or keyring_problem()


def keyring_problem() -> str | None:
    """A message when the keyring cannot keep a secret safely: the `fail` backend (no D-Bus
    secret service) raises on every call, and keyrings.alt would silently store the key
    base64-encoded in a plain file (LIBRARY-FACTS)."""
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or type(backend).__module__.startswith("keyrings.alt"):
        return ("本机没有可用的系统钥匙串（例如 Windows 凭据管理器、macOS 钥匙串或 GNOME 密钥环），"
                "无法安全地保存加密密钥，因此不能启用加密。")
    return None


def _username(key_id: bytes) -> str:
    return f"sqlcipher-{key_id.hex()}"


def stored_key(path: Path) -> bytes | None:
    """The key of the encrypted database at `path` from the keyring, or None (not encrypted,
    no keyring, or no entry — e.g. a new machine)."""
    import keyring
    from keyring.errors import KeyringError

    found = cipher.file_key_id(Path(path))
    if found is None:
        return None
    try:
        text = keyring.get_password(SERVICE, _username(found))
    except KeyringError:
        return None
    try:
        key = bytes.fromhex(text or "")
    except ValueError:
        return None
    return key if len(key) == cipher.KEY_BYTES and cipher.key_id(key) == found else None


def remember_key(key: bytes) -> None:
    """Put `key` in the keyring. Raises KeyringUnavailable."""
    import keyring
    from keyring.errors import KeyringError

    problem = keyring_problem()
    if problem:
        raise KeyringUnavailable(problem)
    try:
        keyring.set_password(SERVICE, _username(cipher.key_id(key)), key.hex())
    except KeyringError as exc:
        raise KeyringUnavailable(f"无法把加密密钥保存到系统钥匙串：{exc}") from exc


def key_from_seed(seed: bytes) -> bytes:
    return hashlib.sha256(b"siyu-workstation key v1" + seed).digest()


def passphrase_from_seed(seed: bytes) -> str:
    """'ABCD-EFGH-…' (7 groups of 4): base32 of the seed, then 2 characters of checksum."""
    text = base64.b32encode(seed).decode().rstrip("=") + _checksum(seed)
    return "-".join(text[i:i + _GROUP] for i in range(0, len(text), _GROUP))


def _checksum(seed: bytes) -> str:
    return base64.b32encode(hashlib.sha256(seed).digest()[:2]).decode()[:2]


def key_from_passphrase(text: str) -> bytes:
    """The key a recovery passphrase stands for. Spaces, dashes and case do not matter; the
    digits 0, 1 and 8 (not in base32) are read as O, I and B. Raises EncryptionError when the
    checksum shows a typo."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).translate(
        str.maketrans("018", "OIB"))
    wrong = EncryptionError("恢复密码不正确：请核对 7 组、每组 4 个字符（字母 A–Z 和数字 2–7）。")
    body_length = len(passphrase_from_seed(bytes(_SEED_BYTES)).replace("-", "")) - 2
    if len(cleaned) != body_length + 2:
        raise wrong
    body, check = cleaned[:body_length], cleaned[body_length:]
    try:
        seed = base64.b32decode(body + "=" * (-len(body) % 8))
    except ValueError as exc:
        raise wrong from exc
    if len(seed) != _SEED_BYTES or _checksum(seed) != check:
        raise wrong
    return key_from_seed(seed)


def recover(path: Path, passphrase: str) -> bytes:
    """Check a recovery passphrase against the encrypted database at `path` and keep its key
    in the keyring again (a new machine). Returns the key, for this session even when the
    keyring cannot keep it (then KeyringUnavailable is not raised: the caller may warn via
    `keyring_problem`)."""
    key = key_from_passphrase(passphrase)
    if cipher.file_key_id(Path(path)) != cipher.key_id(key):
        raise EncryptionError("这个恢复密码属于另一个数据库（或已被更换），不能打开这个文件。")
    try:
        remember_key(key)
    except KeyringUnavailable:
        pass
    return key


def enable(path: Path, *, progress: Progress | None = None) -> str:
    """Encrypt the closed plain database at `path` with a new random key kept in the keyring.
    Returns the recovery passphrase, to be shown once. On failure the file is unchanged."""
    path = Path(path)
    if connection.is_encrypted(path):
        raise EncryptionError(f"数据库“{path}”已经加密。")
    problem = unavailable_reason()
    if problem:
        raise EncryptionError(problem)
    seed = secrets.token_bytes(_SEED_BYTES)
    key = key_from_seed(seed)
    remember_key(key)  # first: once the swap is done, the key must already be findable
    _rewrite(path, source_key=None, target_key=key, progress=progress)
    return passphrase_from_seed(seed)


def disable(path: Path, key: bytes, *, progress: Progress | None = None) -> None:
    """Decrypt the closed encrypted database at `path` into a plain file. The key stays in the
    keyring: encrypted backups made earlier still need it."""
    path = Path(path)
    if not connection.is_encrypted(path):
        raise EncryptionError(f"数据库“{path}”没有加密。")
    _rewrite(path, source_key=key, target_key=None, progress=progress)


def _rewrite(path: Path, *, source_key: bytes | None, target_key: bytes | None,
             progress: Progress | None) -> None:
    """New file → verify → keep the old one aside → swap → open the new one → delete the old."""
    report = (progress or Progress()).report
    lock = FileLock(str(path) + ".lock")
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        raise EncryptionError(
            f"数据库“{path}”正被私域工作台的另一个窗口使用，请先关闭它。") from exc
    new = path.with_name(path.name + ".rewriting")
    old = path.with_name(path.name + ".before-rewrite")
    try:
        _remove_with_journals(new)  # left over from a crash in an earlier attempt
        report(0, 3)
        try:
            cipher.rewrite(path, new, source_key=source_key, target_key=target_key)
        except sqlite3.DatabaseError as exc:
            raise EncryptionError(f"改写数据库“{path}”时出错（{exc}），原文件没有改动。") from exc
        report(1, 3)
        _remove_with_journals(path, keep_main=True)  # checkpointed: the WAL holds nothing
        os.replace(path, old)
        os.replace(new, path)
        try:
            connection.close(connection.connect(path, key=target_key))
        except BaseException:
            os.replace(old, path)
            raise
        report(2, 3)
        _remove_with_journals(old)
        report(3, 3)
    except BaseException:
        _remove_with_journals(new)
        raise
    finally:
        lock.release()


def _remove_with_journals(path: Path, *, keep_main: bool = False) -> None:
    for suffix in ("-wal", "-shm", "-journal") + (() if keep_main else ("",)):
        Path(str(path) + suffix).unlink(missing_ok=True)
