"""The 分组 sidebar: every contact, then the operator's saved segments, each with a live count.

Counts are read on the query worker's thread whenever contacts, tags or tiers change, so a
dozen segments over 100,000 contacts never hold up the window.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QListWidget, QListWidgetItem, QMenu, QMessageBox

from desktop import segments
from desktop.changes import Changes
from desktop.contact_query import ContactQuery, count_matching
from ui.ops import OpRunner
from ui.query_worker import QueryWorker

SegmentRole = Qt.ItemDataRole.UserRole + 1


class SegmentsPanel(QListWidget):
    """Emits `chosen(query)` with the segment's query (an empty query for 全部客户)."""

    chosen = Signal(object)
    update_requested = Signal(int)  # "save the current filter into this segment"

    def __init__(self, runner: OpRunner, reader: sqlite3.Connection, worker: QueryWorker,
                 parent=None) -> None:
        super().__init__(parent, objectName="segments")
        self._runner = runner
        self._reader = reader
        self._worker = worker
        self._segments: list[segments.Segment] = []
        self.setFixedWidth(180)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # the count stays readable
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.itemClicked.connect(self._clicked)
        self.reload()

    def reload(self) -> None:
        """Re-read the list of segments (after one was saved, renamed or deleted)."""
        current = self.current_segment_id()
        self._segments = segments.list_segments(self._reader)
        self.clear()
        everyone = QListWidgetItem(self.tr("All contacts"))
        everyone.setData(SegmentRole, None)
        self.addItem(everyone)
        for segment in self._segments:
            item = QListWidgetItem(segment.name)
            item.setData(SegmentRole, segment.id)
            item.setToolTip(segment.name)
            self.addItem(item)
        self.select_segment(current)
        self.refresh_counts()

    def refresh_counts(self) -> None:
        listed = list(self._segments)
        everyone = ContactQuery()

        def count(conn: sqlite3.Connection) -> dict[int | None, int]:
            counts: dict[int | None, int] = dict(segments.segment_counts(conn, listed))
            counts[None] = count_matching(conn, everyone)
            return counts
        self._worker.submit("segment_counts", count, self._show_counts)

    def _show_counts(self, counts: dict[int | None, int]) -> None:
        names = {s.id: s.name for s in self._segments}
        names[None] = self.tr("All contacts")
        for row in range(self.count()):
            item = self.item(row)
            segment_id = item.data(SegmentRole)
            if segment_id in counts and segment_id in names:
                item.setText(f"{names[segment_id]}  ·  {counts[segment_id]:,}")

    def on_changes(self, changes: Changes) -> None:
        if changes.segments:
            self.reload()
        elif changes.contacts or changes.tags or changes.tiers:
            self.refresh_counts()

    def current_segment_id(self) -> int | None:
        item = self.currentItem()
        return item.data(SegmentRole) if item is not None else None

    def segment(self, segment_id: int | None) -> segments.Segment | None:
        return next((s for s in self._segments if s.id == segment_id), None)

    def select_segment(self, segment_id: int | None) -> None:
        for row in range(self.count()):
            if self.item(row).data(SegmentRole) == segment_id:
                self.setCurrentRow(row)
                return
        self.setCurrentRow(0)

    def _clicked(self, item: QListWidgetItem) -> None:
        found = self.segment(item.data(SegmentRole))
        self.chosen.emit(found.query if found else ContactQuery())

    # -- segment actions ---------------------------------------------------------------
    def save_new(self, query: ContactQuery) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save as segment"),
                                        self.tr("Name of the segment:"))
        if not ok or not name.strip():
            return
        self._runner.run(self, lambda conn: segments.save_segment(conn, name=name.strip(),
                                                                  query=query),
                         on_done=lambda result: self.select_segment(result.value))

    def _menu(self, position) -> None:
        item = self.itemAt(position)
        segment_id = item.data(SegmentRole) if item is not None else None
        found = self.segment(segment_id)
        if found is None:
            return
        menu = QMenu(self)
        rename = QAction(self.tr("Rename…"), menu)
        rename.triggered.connect(lambda: self.rename(found))
        update = QAction(self.tr("Replace with the current filter"), menu)
        update.triggered.connect(lambda: self.update_requested.emit(found.id))
        delete = QAction(self.tr("Delete segment"), menu)
        delete.triggered.connect(lambda: self.delete(found))
        menu.addActions([rename, update, delete])
        menu.exec(self.viewport().mapToGlobal(position))

    def rename(self, found: segments.Segment) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Rename segment"),
                                        self.tr("New name:"), text=found.name)
        if ok and name.strip() and name.strip() != found.name:
            self._runner.run(self, lambda conn: segments.update_segment(
                conn, segment_id=found.id, name=name.strip()))

    def replace_query(self, segment_id: int, query: ContactQuery) -> None:
        self._runner.run(self, lambda conn: segments.update_segment(
            conn, segment_id=segment_id, query=query))

    def delete(self, found: segments.Segment) -> None:
        answer = QMessageBox.question(
            self, self.tr("Delete segment"),
            self.tr("Delete the segment “{0}”? The contacts in it are not touched; "
                    "Ctrl+Z brings the segment back.").format(found.name))
        if answer == QMessageBox.StandardButton.Yes:
            self._runner.run(self, lambda conn: segments.delete_segment(conn,
                                                                       segment_id=found.id))
