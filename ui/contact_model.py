"""The contact list model: ids in memory, rows read from SQLite a page at a time.

Holding 100,000 contacts as Python objects would cost hundreds of MB and seconds at start; an
array of ids costs 800 KB and one indexed query. `data()` asks for the page of its row, and
pages are kept in a small LRU cache so scrolling back is free.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections import OrderedDict
from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop import reads, timefmt
from desktop.contact_query import ContactQuery, matching_ids
from ui import labels
from ui.query_worker import QueryWorker

# A page is a few viewports: a jump of the scroll bar then reads ~100 rows, not thousands.
PAGE_SIZE = 64
CACHED_PAGES = 160

ContactIdRole = Qt.ItemDataRole.UserRole + 1
TagsRole = Qt.ItemDataRole.UserRole + 2
TierRole = Qt.ItemDataRole.UserRole + 3
PinnedRole = Qt.ItemDataRole.UserRole + 4

# Each column's sort key in desktop.reads.SORT_EXPRESSIONS.
COLUMNS = ("nickname", "remark", "tier", "stage", "channel", "tags", "last_interaction_at")
COL_NICKNAME, COL_REMARK, COL_TIER, COL_STAGE, COL_CHANNEL, COL_TAGS, COL_LAST = range(7)
_SERVED_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                           ContactIdRole, TagsRole, TierRole, PinnedRole})


class _Page:
    __slots__ = ("rows", "tags")

    def __init__(self, rows: list[reads.ListRow], tags: dict[int, list[reads.Tag]]):
        self.rows = rows
        self.tags = tags


class ContactTableModel(QAbstractTableModel):
    """Reads through `conn` (the UI thread's read-only connection).

    The whole list (no search text, no filter) is read on the UI thread: one indexed query.
    A search or filter runs on `worker`'s thread, and the ids arrive later through `set_ids`.
    """

    def __init__(self, conn: sqlite3.Connection, worker: QueryWorker | None = None,
                 parent=None) -> None:
        super().__init__(parent)
        self._conn = conn
        self._worker = worker
        self.query = ContactQuery()
        self._ids = array("q")
        self._pages: OrderedDict[int, _Page] = OrderedDict()
        self._last: tuple[int, _Page | None] = (-1, None)  # data() asks the same page in a row
        self._catalogue: reads.TagCatalogue = {}
        self._sort_by = "display_name"
        self._descending = False
        self.trashed = False
        self._loaded = False
        self._headers = [self.tr("Nickname"), self.tr("Remark"), self.tr("Tier"),
                         self.tr("Lifecycle"), self.tr("Channel"), self.tr("Tags"),
                         self.tr("Last interaction")]

    # -- loading -------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the id order (after a change); rows are fetched again lazily."""
        query = replace(self.query, trashed=self.trashed)
        if self._worker is not None and (query.text.strip() or query.is_filtered):
            sort_by, descending = self._sort_by, self._descending
            self._worker.submit("list", lambda conn: matching_ids(
                conn, query, sort_by=sort_by, descending=descending), self.set_ids)
            return
        self.set_ids(reads.contact_ids(self._conn, sort_by=self._sort_by,
                                       descending=self._descending, trashed=self.trashed))

    def set_ids(self, ids: array) -> None:
        """Show these contacts, in this order."""
        self.beginResetModel()
        self._ids = ids
        self._catalogue = reads.tag_catalogue(self._conn)
        self._forget_pages()
        self._loaded = True
        self.endResetModel()

    def set_query(self, query: ContactQuery) -> None:
        self.query = query
        self.reload()

    @property
    def searching(self) -> bool:
        return bool(self.query.text.strip() or self.query.is_filtered)

    def show_trash(self, trashed: bool) -> None:
        self.trashed = trashed
        self.reload()

    def contact_id(self, row: int) -> int:
        return self._ids[row]

    def ids(self) -> list[int]:
        return self._ids.tolist()

    def row_of(self, contact_id: int) -> int:
        try:
            return self._ids.index(contact_id)
        except ValueError:
            return -1

    def _forget_pages(self) -> None:
        self._pages.clear()
        self._last = (-1, None)

    def _page(self, page_no: int) -> _Page:
        if self._last[0] == page_no:
            return self._last[1]
        page = self._pages.get(page_no)
        if page is not None:
            self._pages.move_to_end(page_no)
            self._last = (page_no, page)
            return page
        ids = self._ids[page_no * PAGE_SIZE:(page_no + 1) * PAGE_SIZE]
        by_id = reads.contact_rows(self._conn, ids)
        # A row deleted since reload() is shown empty until the next change signal reloads.
        rows = [by_id.get(i) for i in ids]
        page = _Page(rows, reads.tags_of_contacts(self._conn, ids, self._catalogue))
        self._pages[page_no] = page
        self._last = (page_no, page)
        if len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    # -- Qt model interface --------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole):
        # The view asks ~4 roles per cell (font, alignment, colours…) that this model leaves to
        # the style; answering those before touching a page saves a third of a repaint.
        if role not in _SERVED_ROLES or not index.isValid():
            return None
        row_no = index.row()
        page = self._page(row_no // PAGE_SIZE)
        row = page.rows[row_no % PAGE_SIZE]
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == ContactIdRole:
            return row.id
        if role == TagsRole:
            return page.tags.get(row.id, [])
        if role == TierRole:
            return row.tier
        if role == PinnedRole:
            return bool(row.tier_pinned)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TAGS:
            return "、".join(t.name for t in page.tags.get(row.id, []))
        return None

    def _display(self, row: reads.ListRow, column: int) -> str:
        if column == COL_NICKNAME:
            return row.nickname
        if column == COL_REMARK:
            return row.remark
        if column == COL_TIER:
            return labels.label(labels.TIER_NAMES, row.tier)
        if column == COL_STAGE:
            return labels.label(labels.STAGE_NAMES, row.stage)
        if column == COL_CHANNEL:
            return row.channel
        if column == COL_LAST:
            return timefmt.local_text(row.last_interaction_at, with_time=False)
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # -1 (no sort indicator) means the default order: by name as the operator reads it.
        sort_by = COLUMNS[column] if 0 <= column < len(COLUMNS) else "display_name"
        descending = order == Qt.SortOrder.DescendingOrder
        if self._loaded and (sort_by, descending) == (self._sort_by, self._descending):
            return  # the view asks again when sorting is enabled; 100,000 ids are not re-read
        self._sort_by, self._descending = sort_by, descending
        self.reload()
