"""Scripts in and out: the starter library, and CSV import/export.

The starter library is resources/scripts/starter.json (also the demo's library): 20+ scripts
across the categories and the five-step parcel-card sequence with 新客/老客 variants. It is
installed once into a new database at its first start (`install_starter_if_new`) and can be
installed again by hand ("导入入门话术库"), which adds only the scripts and sequences whose
titles/names are missing, so it never duplicates and never overwrites the operator's edits.

CSV: UTF-8 with BOM (Excel on Chinese Windows), columns HEADERS. Import checks every row first;
any bad row rejects the whole file, naming row numbers as a spreadsheet shows them (header = 1),
and nothing is written. A row whose title exists updates that script, other rows create one.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

from db import scripts as scripts_db
from db import sequences as sequences_db
from db import settings as settings_db
from db.connection import transaction
from desktop import timefmt
from desktop.changes import Changes, OpResult
from desktop.demo_data import script_library
from desktop.errors import UserFacingError
from desktop.files import write_csv
from desktop.importing.fields import unneutralise
from desktop.scripts import normalise_fields, stages_text, tiers_text, write_images

HEADERS = ("标题", "分类", "内容", "快捷词", "目标层级", "目标阶段", "收藏")
_KEYS = ("title", "category", "body", "shortcut", "target_tiers", "target_stages", "favourite")
_YES, _NO = {"是", "1", "y", "yes", "true", "★", "✓"}, {"", "否", "0", "n", "no", "false"}
STARTER_OFFERED = "scripts.starter_offered"
_CHANGED = Changes(scripts=True)


class ScriptImportError(UserFacingError):
    """The file cannot be imported as it is; the message names the rows and what to fix."""


# --- starter library --------------------------------------------------------------------------

def install_starter_library(conn: sqlite3.Connection, *,
                            clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """"导入入门话术库": add the missing starter scripts and sequences. `value` = scripts added."""
    library = script_library()
    now = timefmt.to_db(clock())
    with transaction(conn):
        ids = scripts_db.ids_by_title(conn)
        created = []
        for s in library.scripts:
            if s.title not in ids:
                ids[s.title] = scripts_db.insert(conn, {
                    "title": s.title, "category": s.category, "body": s.body,
                    "target_tiers": s.target_tiers, "target_stages": s.target_stages,
                    "shortcut": s.shortcut, "favourite": int(s.favourite),
                    "created_at": now, "updated_at": now})
                created.append(ids[s.title])
        names = sequences_db.ids_by_name(conn)
        new_sequences = []
        for sequence in library.sequences:
            if sequence.name not in names:
                sequence_id = sequences_db.insert_sequence(conn, sequence.name,
                                                           sequence.description)
                sequences_db.insert_steps(conn, [
                    (sequence_id, st.position, st.variant, ids[st.script], st.delay_days)
                    for st in sequence.steps])
                new_sequences.append(sequence_id)
        images = scripts_db.snapshot(conn, created)
        seq_rows, step_rows = sequences_db.sequence_images(conn, new_sequences)
    if not created and not new_sequences:
        return OpResult(Changes(), count=0, value=0)
    return OpResult(_CHANGED, label="导入入门话术库", count=len(created), value=len(created),
                    undo=lambda c: _uninstall(c, images, seq_rows, step_rows))


def _uninstall(conn, images: dict, seq_rows: list, step_rows: list) -> OpResult:
    sequences_db.delete_sequences(conn, [r[0] for r in seq_rows])
    scripts_db.restore(conn, {i: None for i in images})
    return OpResult(_CHANGED, count=len(images),
                    undo=lambda c: _reinstall(c, images, seq_rows, step_rows))


def _reinstall(conn, images: dict, seq_rows: list, step_rows: list) -> OpResult:
    scripts_db.restore(conn, images)
    sequences_db.put_back_sequences(conn, seq_rows, step_rows)
    return OpResult(_CHANGED, count=len(images),
                    undo=lambda c: _uninstall(c, images, seq_rows, step_rows))


def install_starter_if_new(conn: sqlite3.Connection, *,
                           clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """At start: the first time a database is opened with an empty library, install the
    starter library. Only once per database (a setting remembers it), so scripts the operator
    deleted never come back by themselves. No undo step: the operator deletes what they
    don't want."""
    if settings_db.get(conn, STARTER_OFFERED, False):
        return OpResult(Changes())
    with transaction(conn):
        settings_db.put(conn, STARTER_OFFERED, True)
        if scripts_db.count(conn):
            return OpResult(Changes())
        result = install_starter_library(conn, clock=clock)
    return OpResult(result.changes, count=result.count, value=result.value)


# --- CSV --------------------------------------------------------------------------------------

def export_scripts_csv(conn: sqlite3.Connection, path: Path) -> int:
    """Every script to `path` (UTF-8 with BOM). Read-only; returns the number of scripts."""
    scripts = sorted(scripts_db.all_scripts(conn), key=lambda s: (s.category, s.title))
    write_csv(path, HEADERS, [
        (s.title, s.category, s.body, s.shortcut, tiers_text(s.target_tiers),
         stages_text(s.target_stages), "是" if s.favourite else "") for s in scripts])
    return len(scripts)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ScriptImportError("文件的编码无法识别：请在 Excel 里“另存为 CSV UTF-8”后再导入。")


def read_scripts_csv(path: Path) -> list[dict[str, object]]:
    """The rows as checked field values. Raises ScriptImportError naming every bad row."""
    try:
        text = _decode(Path(path).read_bytes())
    except OSError as error:
        raise ScriptImportError(f"无法读取文件“{path}”：{error.strerror or error}") from error
    rows = list(csv.reader(io.StringIO(text)))
    header = [h.strip() for h in rows[0]] if rows else []
    missing = [h for h in ("标题", "内容") if h not in header]
    if missing:
        raise ScriptImportError(f"文件缺少“{'”“'.join(missing)}”列：第一行应是列名 "
                                f"{'，'.join(HEADERS)}（可先导出一份作为模板）。")
    columns = {key: header.index(h) for key, h in zip(_KEYS, HEADERS, strict=True)
               if h in header}
    out, errors, seen = [], [], {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        raw = {k: unneutralise(row[i]) if i < len(row) else "" for k, i in columns.items()}
        try:
            fav = str(raw.get("favourite", "")).strip().lower()
            if fav not in _YES | _NO:
                raise ScriptImportError(f"收藏“{fav}”应填 是 或留空")
            values = normalise_fields({**raw, "favourite": fav in _YES})
        except (UserFacingError, ValueError) as error:
            errors.append(f"第 {number} 行：{error}")
            continue
        if values["title"] in seen:
            errors.append(f"第 {number} 行：标题“{values['title']}”与第 {seen[values['title']]}"
                          " 行重复，请改成不同的标题")
            continue
        seen[values["title"]] = number
        out.append(values)
    if errors:
        shown = "\n".join(errors[:20]) + (f"\n……共 {len(errors)} 行有问题" if len(errors) > 20
                                          else "")
        raise ScriptImportError(f"没有导入任何话术，请改好这些行后重新导入：\n{shown}")
    if not out:
        raise ScriptImportError("文件里没有话术：第一行是列名，从第二行起每行一条话术。")
    return out


def import_scripts_csv(conn: sqlite3.Connection, *, path: Path,
                       clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """Import a CSV of scripts in one transaction (all rows or none); undo restores them."""
    rows = read_scripts_csv(path)
    now = timefmt.to_db(clock())
    existing = scripts_db.ids_by_title(conn)
    updated = [existing[r["title"]] for r in rows if r["title"] in existing]

    def write(c: sqlite3.Connection) -> list[int]:
        created = []
        for values in rows:
            if values["title"] in existing:
                scripts_db.update(c, existing[values["title"]], {**values, "updated_at": now})
            else:
                created.append(scripts_db.insert(c, {**values, "created_at": now,
                                                     "updated_at": now}))
        return created
    result = write_images(conn, updated, f"导入话术 {Path(path).name}", write)
    return OpResult(result.changes, result.label, len(rows), result.undo,
                    value=(len(rows) - len(updated), len(updated)))
