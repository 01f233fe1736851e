"""Reading sequences (ordered scripts) and writing each contact's progress through them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class SequenceRow:
    id: int
    name: str
    description: str


@dataclass(frozen=True)
class StepRow:
    id: int
    sequence_id: int
    position: int
    variant: str        # 'all', 'new' (新客) or 'returning' (老客)
    script_id: int
    delay_days: int
    script_title: str


def all_sequences(conn: sqlite3.Connection) -> list[SequenceRow]:
    return [SequenceRow(*r) for r in conn.execute(
        "SELECT id, name, description FROM sequences ORDER BY name")]


def ids_by_name(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT name, id FROM sequences"))


def steps_of(conn: sqlite3.Connection, sequence_id: int) -> list[StepRow]:
    """The steps in order; at one position the 'all' variant comes first."""
    return [StepRow(*r) for r in conn.execute(
        "SELECT st.id, st.sequence_id, st.position, st.variant, st.script_id, st.delay_days, "
        "s.title FROM sequence_steps st JOIN scripts s ON s.id = st.script_id "
        "WHERE st.sequence_id = ? ORDER BY st.position, st.variant <> 'all', st.variant",
        (sequence_id,))]


def insert_sequence(conn: sqlite3.Connection, name: str, description: str) -> int:
    return conn.execute("INSERT INTO sequences (name, description) VALUES (?, ?)",
                        (name, description)).lastrowid


def insert_steps(conn: sqlite3.Connection, rows: Iterable[tuple[int, int, str, int, int]]
                 ) -> None:
    """Rows of (sequence id, position, variant, script id, delay days)."""
    conn.executemany("INSERT INTO sequence_steps (sequence_id, position, variant, script_id, "
                     "delay_days) VALUES (?, ?, ?, ?, ?)", rows)


def delete_sequences(conn: sqlite3.Connection, sequence_ids: Iterable[int]) -> None:
    conn.executemany("DELETE FROM sequences WHERE id = ?", [(i,) for i in sequence_ids])


def progress_of(conn: sqlite3.Connection, contact_id: int) -> dict[int, int]:
    """Sequence id → the step position this contact has reached (0 = started, none sent)."""
    return dict(conn.execute("SELECT sequence_id, step_reached FROM contact_sequence_progress "
                             "WHERE contact_id = ?", (contact_id,)))


ProgressKey = tuple[int, int]          # (contact id, sequence id)
ProgressImage = tuple[int, str] | None  # (step reached, updated at); None = no row


def progress_snapshot(conn: sqlite3.Connection, keys: Iterable[ProgressKey]
                      ) -> dict[ProgressKey, ProgressImage]:
    out: dict[ProgressKey, ProgressImage] = {}
    for contact_id, sequence_id in keys:
        row = conn.execute("SELECT step_reached, updated_at FROM contact_sequence_progress "
                           "WHERE contact_id = ? AND sequence_id = ?",
                           (contact_id, sequence_id)).fetchone()
        out[contact_id, sequence_id] = tuple(row) if row else None
    return out


def started_contacts(conn: sqlite3.Connection, sequence_id: int, contact_ids: Iterable[int]
                     ) -> set[int]:
    """Which of `contact_ids` already have progress in the sequence."""
    ids = "[" + ",".join(str(int(i)) for i in contact_ids) + "]"
    return {r[0] for r in conn.execute(
        "SELECT contact_id FROM contact_sequence_progress WHERE sequence_id = ? "
        "AND contact_id IN (SELECT value FROM json_each(?))", (sequence_id, ids))}


def restore_progress(conn: sqlite3.Connection,
                     images: Mapping[ProgressKey, ProgressImage]) -> None:
    conn.executemany("DELETE FROM contact_sequence_progress WHERE contact_id = ? AND "
                     "sequence_id = ?", [key for key, image in images.items() if image is None])
    conn.executemany("INSERT OR REPLACE INTO contact_sequence_progress (contact_id, sequence_id, "
                     "step_reached, updated_at) VALUES (?, ?, ?, ?)",
                     [(*key, *image) for key, image in images.items() if image is not None])


def order_counts(conn: sqlite3.Connection, contact_ids: Iterable[int]) -> dict[int, int]:
    """Contact id → number of orders, for the live (not trashed) contacts among `contact_ids`."""
    ids = "[" + ",".join(str(int(i)) for i in contact_ids) + "]"
    return dict(conn.execute(
        "SELECT id, order_count FROM contacts WHERE id IN (SELECT value FROM json_each(?)) "
        "AND deleted_at IS NULL", (ids,)))


TASK_COLUMNS = ("id", "title", "contact_id", "due_at", "source", "trigger_key",
                "suggested_script_id", "notes", "created_at")


def insert_tasks(conn: sqlite3.Connection, rows: Iterable[tuple]) -> list[tuple]:
    """Insert tasks from rows in TASK_COLUMNS order whose id is None; returns the rows with
    their ids, ready for `put_back_tasks` (a redo gets the same ids)."""
    placeholders = ", ".join("?" * (len(TASK_COLUMNS) - 1))
    sql = f"INSERT INTO tasks ({', '.join(TASK_COLUMNS[1:])}) VALUES ({placeholders})"
    return [(conn.execute(sql, row[1:]).lastrowid, *row[1:]) for row in rows]


def put_back_tasks(conn: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    conn.executemany(f"INSERT INTO tasks ({', '.join(TASK_COLUMNS)}) "
                     f"VALUES ({', '.join('?' * len(TASK_COLUMNS))})", rows)


def delete_tasks(conn: sqlite3.Connection, task_ids: Iterable[int]) -> None:
    ids = "[" + ",".join(str(int(i)) for i in task_ids) + "]"
    conn.execute("DELETE FROM tasks WHERE id IN (SELECT value FROM json_each(?))", (ids,))


def sequence_images(conn: sqlite3.Connection, sequence_ids: Iterable[int]
                    ) -> tuple[list[tuple], list[tuple]]:
    """(sequence rows, their step rows) as whole tuples, for `put_back_sequences`."""
    ids = "[" + ",".join(str(int(i)) for i in sequence_ids) + "]"
    within = "IN (SELECT value FROM json_each(?))"
    return ([tuple(r) for r in conn.execute(
                f"SELECT id, name, description FROM sequences WHERE id {within}", (ids,))],
            [tuple(r) for r in conn.execute(
                "SELECT id, sequence_id, position, variant, script_id, delay_days "
                f"FROM sequence_steps WHERE sequence_id {within}", (ids,))])


def put_back_sequences(conn: sqlite3.Connection, sequences: list[tuple], steps: list[tuple]
                       ) -> None:
    conn.executemany("INSERT INTO sequences (id, name, description) VALUES (?, ?, ?)", sequences)
    conn.executemany("INSERT INTO sequence_steps (id, sequence_id, position, variant, script_id, "
                     "delay_days) VALUES (?, ?, ?, ?, ?, ?)", steps)
