"""Sequences (序列): ordered scripts such as the five-step parcel-card flow, with variants for
new and returning customers, and each contact's progress through them.

Variants: a contact with at least one order is 老客 ('returning'), otherwise 新客 ('new'). At
each position the step of the contact's own variant is offered, else the 'all' step.
Progress (contact_sequence_progress.step_reached) is the last position sent; 0 = started, none
sent yet. Sending a script (desktop.scripts.use_script) advances every sequence whose next step
for that contact is that script — also a sequence not yet started, when it is its first step.

`start_sequence_for` makes one task per contact for step 1 and marks them started. Starting it
again for the same contacts is idempotent: contacts already in the sequence are skipped (no
second task), and the result says how many.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from db import sequences as sequences_db
from db.connection import transaction
from db.contacts import ContactRecord
from db.sequences import SequenceRow, StepRow
from desktop import timefmt
from desktop.changes import Changes, OpResult
from desktop.contacts import ValidationError

VARIANT_NAMES = {"all": "通用", "new": "新客", "returning": "老客"}
_STARTED = Changes(tasks=True, scripts=True)


@dataclass(frozen=True)
class NextStep:
    sequence_id: int
    sequence_name: str
    position: int
    last_position: int
    variant: str
    script_id: int
    script_title: str


def variant_of(order_count: int) -> str:
    return "returning" if order_count >= 1 else "new"


def list_sequences(conn: sqlite3.Connection) -> list[SequenceRow]:
    return sequences_db.all_sequences(conn)


def steps_of(conn: sqlite3.Connection, sequence_id: int) -> list[StepRow]:
    return sequences_db.steps_of(conn, sequence_id)


def _step_at(steps: list[StepRow], position: int, variant: str) -> StepRow | None:
    at = [s for s in steps if s.position == position]
    return next((s for s in at if s.variant == variant), None) or next(
        (s for s in at if s.variant == "all"), None)


def _next(sequence: SequenceRow, steps: list[StepRow], reached: int, variant: str
          ) -> NextStep | None:
    later = sorted({s.position for s in steps if s.position > reached})
    for position in later:  # a position with only the other variant is skipped
        step = _step_at(steps, position, variant)
        if step is not None:
            return NextStep(sequence.id, sequence.name, position, max(s.position for s in steps),
                            step.variant, step.script_id, step.script_title)
    return None


def next_step(conn: sqlite3.Connection, contact_id: int, sequence_id: int) -> NextStep | None:
    """The step to send this contact next in the sequence (None when finished or unknown)."""
    counts = sequences_db.order_counts(conn, [contact_id])
    sequence = next((s for s in list_sequences(conn) if s.id == sequence_id), None)
    if sequence is None or contact_id not in counts:
        return None
    reached = sequences_db.progress_of(conn, contact_id).get(sequence_id, 0)
    return _next(sequence, steps_of(conn, sequence_id), reached, variant_of(counts[contact_id]))


def next_steps(conn: sqlite3.Connection, contact: ContactRecord) -> list[NextStep]:
    """The next step of every sequence the contact is in and has not finished."""
    progress = sequences_db.progress_of(conn, contact.id)
    out = []
    for sequence in list_sequences(conn):
        if sequence.id in progress:
            step = _next(sequence, steps_of(conn, sequence.id), progress[sequence.id],
                         variant_of(contact.order_count))
            if step is not None:
                out.append(step)
    return out


def steps_advanced_by(conn: sqlite3.Connection, contact: ContactRecord, script_id: int
                      ) -> dict[int, int]:
    """Sequence id → position reached if `script_id` is sent to the contact now."""
    progress = sequences_db.progress_of(conn, contact.id)
    out = {}
    for sequence in list_sequences(conn):
        step = _next(sequence, steps_of(conn, sequence.id), progress.get(sequence.id, 0),
                     variant_of(contact.order_count))
        if step is not None and step.script_id == script_id:
            out[sequence.id] = step.position
    return out


def progress_images(conn: sqlite3.Connection, contact_id: int, steps: Iterable[int]
                    ) -> dict[sequences_db.ProgressKey, sequences_db.ProgressImage]:
    return sequences_db.progress_snapshot(conn, [(contact_id, s) for s in steps])


def write_progress(conn: sqlite3.Connection, contact_id: int, steps: dict[int, int],
                   now: str) -> None:
    sequences_db.restore_progress(conn, {(contact_id, s): (position, now)
                                         for s, position in steps.items()})


restore_progress = sequences_db.restore_progress


def start_sequence_for(conn: sqlite3.Connection, *, sequence_id: int, contact_ids: Iterable[int],
                       clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """One task per contact for step 1 (its variant's script suggested, due now), and the
    contact marked as started. `value` is (started, skipped as already in the sequence)."""
    sequence = next((s for s in list_sequences(conn) if s.id == sequence_id), None)
    if sequence is None:
        raise ValidationError("sequence_id", "这个序列已不存在，请刷新后重新选择")
    steps = steps_of(conn, sequence_id)
    if not steps:
        raise ValidationError("sequence_id", f"序列“{sequence.name}”还没有步骤，无法启动")
    wanted = list(dict.fromkeys(contact_ids))
    counts = sequences_db.order_counts(conn, wanted)
    already = sequences_db.started_contacts(conn, sequence_id, counts)
    now = timefmt.to_db(clock())
    rows, progress = [], []
    for contact_id in wanted:
        if contact_id not in counts or contact_id in already:
            continue
        step = _next(sequence, steps, 0, variant_of(counts[contact_id]))
        if step is None:
            continue
        rows.append((None, f"{sequence.name} 第{step.position}步：{step.script_title}",
                     contact_id, now, "manual", f"sequence:{sequence_id}:{step.position}",
                     step.script_id, f"序列“{sequence.name}”", now))
        progress.append((contact_id, sequence_id, 0, now))
    skipped = len(already)
    if not rows:
        return OpResult(Changes(), count=0, value=(0, skipped))
    with transaction(conn):
        tasks = sequences_db.insert_tasks(conn, rows)
        _put(conn, tasks, progress, insert_tasks=False)
    return OpResult(_STARTED, label=f"为 {len(tasks)} 位客户启动序列“{sequence.name}”",
                    count=len(tasks), value=(len(tasks), skipped),
                    undo=lambda c: _take(c, tasks, progress))


def _put(conn, tasks: list[tuple], progress: list[tuple], *, insert_tasks: bool = True
         ) -> OpResult:
    if insert_tasks:
        sequences_db.put_back_tasks(conn, tasks)
    sequences_db.restore_progress(conn, {(c, s): (step, at) for c, s, step, at in progress})
    return OpResult(_STARTED, count=len(tasks), undo=lambda c: _take(c, tasks, progress))


def _take(conn, tasks: list[tuple], progress: list[tuple]) -> OpResult:
    sequences_db.delete_tasks(conn, [t[0] for t in tasks])
    sequences_db.restore_progress(conn, {(c, s): None for c, s, _step, _at in progress})
    return OpResult(_STARTED, count=len(tasks), undo=lambda c: _put(c, tasks, progress))
