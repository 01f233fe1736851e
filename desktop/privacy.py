"""永久删除此人数据: erase one person on request (PIPL), leaving no trace in the database file.

The rows go (db/privacy.py), ids in the saved tagging session go, and with secure_delete on the
freed bytes are overwritten with zeros; a TRUNCATE checkpoint then writes the zeroed pages into
the file and empties the -wal file, whose older frames still held the text. The erasure log
records that an erasure happened, when, and how many people — nothing about them.

Not reached: backups made before the erasure (the operator is told so) and copies outside
the app.
"""

from __future__ import annotations

import sqlite3

from db import privacy as privacy_db
from db import settings as settings_db
from db.connection import transaction
from desktop import tagging_session, timefmt
from desktop.changes import Changes, OpResult
from desktop.errors import UserFacingError
from desktop.timefmt import Clock, system_clock

ERASURE_LOG_KEY = "privacy.erasure_log"  # [{"erased_at": UTC text, "count": n}, …]


def erase_person(conn: sqlite3.Connection, *, contact_id: int,
                 clock: Clock = system_clock) -> OpResult:
    """Erase the contact and everything linked to it. Irreversible: clears the undo stack
    (older steps may hold this person's rows). Raises UserFacingError if already gone."""
    privacy_db.set_secure_delete(conn, True)
    try:
        with transaction(conn):
            if not privacy_db.erase_contact(conn, contact_id):
                raise UserFacingError("这位客户已经不存在（可能已被删除），没有做任何改动。")
            tagging_session.forget_contact(conn, contact_id)
            log = settings_db.get(conn, ERASURE_LOG_KEY) or []
            log.append({"erased_at": timefmt.to_db(clock()), "count": 1})
            settings_db.put(conn, ERASURE_LOG_KEY, log)
    finally:
        privacy_db.set_secure_delete(conn, False)
    # Committed by now; if a reader holds the checkpoint back, the next close finishes it.
    privacy_db.checkpoint_truncate(conn)
    return OpResult(Changes(contacts=True, contact_detail=True, tasks=True, tags=True),
                    label="永久删除此人数据", count=1, irreversible=True)


def erasure_log(conn: sqlite3.Connection) -> list[dict[str, object]]:
    """Past erasures: when, and how many people (nothing that identifies them)."""
    return list(settings_db.get(conn, ERASURE_LOG_KEY) or [])
