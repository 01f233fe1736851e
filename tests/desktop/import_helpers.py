"""Helpers shared by the import tests: files from text, dumps without the import history."""

from __future__ import annotations

import dataclasses
import itertools
import textwrap

from desktop import contacts
from desktop.importing.reader import read_table
from tests.conftest import dump

HISTORY_TABLES = ("import_batches", "import_batch_effects")
_numbers = itertools.count()


def fresh_path(tmp_path, stem: str = "file"):
    """A CSV path not used before in this test run (several imports per test)."""
    return tmp_path / f"{stem}{next(_numbers)}.csv"


def table_of(tmp_path, text: str):
    """A UTF-8 CSV written from (dedented) `text` into its own file, read back as a Table."""
    path = fresh_path(tmp_path)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return read_table(path)


def data_dump(conn):
    """Everything except the import history itself (which keeps the undone batch)."""
    return {k: v for k, v in dump(conn).items() if k not in HISTORY_TABLES}


def comparable(report):
    """A report's fields that a dry run and the real import must share."""
    fields = dataclasses.asdict(report)
    for key in ("dry_run", "batch_id"):
        fields.pop(key)
    return fields


def make_existing(workspace, **values):
    base = {"nickname": "老客户", "phone": "13800138000"}
    return workspace.execute(lambda c: contacts.create_contact(
        c, values={**base, **values})).value
