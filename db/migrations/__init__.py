"""Numbered, append-only migrations. The schema is created only here.

Each step is a file `NNNN_name.sql` in this folder, applied through sqlite-utils `Migrations`
(which records it in `_sqlite_migrations` in the same transaction) and mirrored in
`PRAGMA user_version` so a newer database is recognised without reading any table.
"""

from __future__ import annotations

import sqlite3
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "siyu"


def _migration_files() -> list[tuple[int, str, str]]:
    files = sorted(p for p in resources.files(__package__).iterdir() if p.name.endswith(".sql"))
    out = []
    for number, f in enumerate(files, start=1):
        prefix = int(f.name.split("_", 1)[0])
        if prefix != number:  # guards against a gap or a reused number in a merge
            raise RuntimeError(f"migration {f.name} is out of sequence (expected {number:04d})")
        out.append((number, f.name.removesuffix(".sql"), f.read_text(encoding="utf-8")))
    return out


@cache
def build(steps: tuple[tuple[int, str, str], ...]) -> Migrations:
    """A migration set from (number, name, sql) steps; each also sets PRAGMA user_version."""
    migrations = _sqlite_utils().migrations.Migrations(MIGRATION_SET)
    for number, name, sql in steps:
        def apply(db: Database, sql: str = sql, number: int = number) -> None:
            for statement in _split_sql(sql):
                db.conn.execute(statement)
            db.conn.execute(f"PRAGMA user_version = {number}")
        migrations(name=name)(apply)
    return migrations


def _split_sql(script: str) -> list[str]:
    """Split a script into statements (executescript would COMMIT the migration's transaction)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer)
            buffer = ""
    remainder = "\n".join(line for line in buffer.splitlines()
                          if not line.strip().startswith("--")).strip()
    if remainder:  # a last statement without ';' still runs (never silently dropped)
        statements.append(remainder)
    return statements


STEPS = tuple(_migration_files())
LATEST_VERSION = len(STEPS)


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def _sqlite_utils():
    """sqlite-utils, imported on first use (not at module level) and without pandas: its db
    module imports pandas when installed (~0.8 s, ~40 MB) only to map DataFrame types, which
    our SQL migrations never use — a first import into a new database peaked above 400 MB."""
    import sys

    hidden = "pandas" not in sys.modules
    if hidden:
        sys.modules["pandas"] = None  # makes `import pandas` raise ImportError, as if absent
    try:
        import sqlite_utils
        import sqlite_utils.migrations
    finally:
        if hidden:
            del sys.modules["pandas"]
    return sqlite_utils


def pending(conn: sqlite3.Connection) -> list[str]:
    """Names of migrations not yet applied. user_version is written in the same transaction as
    sqlite-utils' record, so an up-to-date database is recognised without loading sqlite-utils."""
    if schema_version(conn) >= LATEST_VERSION:
        return []
    return [m.name for m in build(STEPS).pending(_sqlite_utils().Database(conn))]


def apply_pending(conn: sqlite3.Connection) -> list[str]:
    """Apply what is pending, each migration in its own transaction. Returns the names applied."""
    names = pending(conn)
    if names:
        build(STEPS).apply(_sqlite_utils().Database(conn))
    return names


def dump_schema(conn: sqlite3.Connection) -> str:
    """The schema as text, stable across runs (tests compare it with tests/db/schema.sql)."""
    rows = conn.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
        "ORDER BY type DESC, name").fetchall()
    return "\n".join(r[0].strip() + ";" for r in rows) + "\n"
