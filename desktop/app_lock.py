"""App lock: a PIN or password asked at start and after some idle minutes.

A lock is a screen guard for a laptop left open at the shop counter, not encryption: anyone
who can copy the database file reads it unless encryption at rest is on too.

The PIN is kept in the database's settings (it travels with the data it guards, and is
encrypted with it when encryption is on) only as a salted scrypt hash: n=2¹⁴, r=8, p=1,
32-byte output, 16-byte random salt (≈ 50 ms and 16 MB per try: cheap for one person
unlocking, expensive for guessing millions of PINs offline). Comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from dataclasses import dataclass

from db import settings
from db.connection import transaction
from desktop.changes import Changes, OpResult
from desktop.errors import UserFacingError

SETTING = "app_lock"
DEFAULT_IDLE_MINUTES = 10
MIN_PIN_LENGTH = 4
_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}


class LockSettingError(UserFacingError):
    """A PIN or idle time the operator must correct; nothing was saved."""


@dataclass(frozen=True)
class LockSettings:
    """What the lock needs to know; `pin_hash` holds salt and hash only."""
    idle_minutes: int
    pin_hash: dict

    def accepts(self, pin: str) -> bool:
        """Constant-time comparison of the hash of `pin` with the stored one."""
        stored = self.pin_hash
        digest = _scrypt(pin, bytes.fromhex(stored["salt"]), stored["n"], stored["r"],
                         stored["p"])
        return hmac.compare_digest(digest, bytes.fromhex(stored["hash"]))


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024,
                          dklen=32)


def hash_pin(pin: str) -> dict:
    salt = secrets.token_bytes(16)
    return {"scheme": "scrypt", **_SCRYPT, "salt": salt.hex(),
            "hash": _scrypt(pin, salt, **_SCRYPT).hex()}


def load(conn: sqlite3.Connection) -> LockSettings | None:
    """The lock of this database, or None when it has none."""
    value = settings.get(conn, SETTING)
    if not isinstance(value, dict) or "pin_hash" not in value:
        return None
    return LockSettings(int(value.get("idle_minutes", DEFAULT_IDLE_MINUTES)), value["pin_hash"])


def set_lock(conn: sqlite3.Connection, *, pin: str | None, idle_minutes: int) -> OpResult:
    """Turn the lock on, or change its PIN (None keeps the current one) or idle minutes.
    Writes; no undo step (undoing a PIN change would be a way round the lock)."""
    if not 1 <= idle_minutes <= 240:
        raise LockSettingError("自动锁定时间应在 1 到 240 分钟之间")
    current = load(conn)
    if pin is None and current is None:
        raise LockSettingError("请设置密码")
    if pin is not None and len(pin) < MIN_PIN_LENGTH:
        raise LockSettingError(f"密码至少需要 {MIN_PIN_LENGTH} 位")
    pin_hash = hash_pin(pin) if pin is not None else current.pin_hash
    with transaction(conn):
        settings.put(conn, SETTING, {"idle_minutes": idle_minutes, "pin_hash": pin_hash})
    return OpResult(Changes(settings=True))


def remove_lock(conn: sqlite3.Connection) -> OpResult:
    """Turn the lock off. Writes; no undo step."""
    with transaction(conn):
        settings.delete(conn, SETTING)
    return OpResult(Changes(settings=True))
