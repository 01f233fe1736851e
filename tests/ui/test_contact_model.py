"""The lazy contact list at 100,000 rows: counts, data anywhere, sorting, bounded memory."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt

from desktop.workspace import open_workspace
from ui import labels
from ui.contact_model import (
    CACHED_PAGES,
    COL_LAST,
    COL_NICKNAME,
    COL_STAGE,
    COL_TIER,
    ContactIdRole,
    ContactTableModel,
    TagsRole,
    TierRole,
)

N = 100_000
SURNAMES = "张王李赵刘陈杨黄周吴"


@pytest.fixture(scope="module")
def big_reader(tmp_path_factory, _template_db):
    """100,000 contacts written the bulk way (executemany), read through a read-only connection."""
    import shutil
    path = tmp_path_factory.mktemp("big") / "big.db"
    shutil.copyfile(_template_db, path)
    ws = open_workspace(path)
    rng = random.Random(7)
    stages = ["potential", "new", "growing", "mature", "declining", "churned"]
    rows = []
    for i in range(1, N + 1):
        surname = SURNAMES[i % 10]
        rows.append((i, f"{surname}客户{i:06d}", rng.randint(1, 5), rng.choice(stages),
                     f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d} 10:00:00",
                     f"k{i:06d}"))
    with ws.conn:
        ws.conn.execute("BEGIN")
        ws.conn.executemany("INSERT INTO contacts (id, nickname, tier, stage, "
                            "last_interaction_at, sort_name) VALUES (?, ?, ?, ?, ?, ?)", rows)
        ws.conn.execute("INSERT INTO tag_groups (id, name) VALUES (1, '偏好品类')")
        ws.conn.execute("INSERT INTO tags (id, group_id, name, color) VALUES (1, 1, '花茶', "
                        "'#66BB6A')")
        ws.conn.execute("INSERT INTO contact_tags VALUES (?, 1)", (N,))
        ws.conn.execute("COMMIT")
    reader = ws.open_reader()
    yield reader
    reader.close()
    ws.close()


def test_all_rows_are_counted_and_any_row_can_be_read(qtbot, big_reader):
    model = ContactTableModel(big_reader)
    model.reload()
    assert model.rowCount() == N
    last = model.index(N - 1, COL_NICKNAME)
    assert last.data() == f"{SURNAMES[N % 10]}客户{N:06d}"
    assert last.data(ContactIdRole) == N
    assert [t.name for t in last.data(TagsRole)] == ["花茶"]
    assert model.index(0, COL_TIER).data() == labels.label(labels.TIER_NAMES,
                                                           model.index(0, 0).data(TierRole))


def test_sorting_by_tier_and_by_last_interaction(qtbot, big_reader):
    model = ContactTableModel(big_reader)
    model.sort(COL_TIER, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data(TierRole) == 5
    assert model.index(N - 1, 0).data(TierRole) == 1
    model.sort(COL_LAST, Qt.SortOrder.AscendingOrder)
    sample = [model.index(r, COL_LAST).data() for r in range(0, N, 9_973)]
    assert sample == sorted(sample)
    model.sort(COL_STAGE, Qt.SortOrder.AscendingOrder)
    # lifecycle order, not alphabetical order of the codes
    assert model.index(0, COL_STAGE).data() == labels.label(labels.STAGE_NAMES, "potential")
    assert model.index(N - 1, COL_STAGE).data() == labels.label(labels.STAGE_NAMES, "churned")


def test_scrolling_end_to_end_keeps_only_a_few_pages_in_memory(qtbot, big_reader):
    model = ContactTableModel(big_reader)
    model.reload()
    for row in range(0, N, 200):
        model.index(row, COL_NICKNAME).data()
    assert len(model._pages) <= CACHED_PAGES


def test_row_of_finds_a_contact_after_sorting(qtbot, big_reader):
    model = ContactTableModel(big_reader)
    model.sort(COL_TIER, Qt.SortOrder.AscendingOrder)
    row = model.row_of(54_321)
    assert model.index(row, 0).data(ContactIdRole) == 54_321
