"""The 序列 tab of the 话术 page: each sequence's steps with their 新客/老客 variants, and
"Start for a segment…", which makes one task per contact of a saved segment for step 1."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import pressure, sequences, timefmt
from desktop.changes import Changes, OpResult
from desktop.contact_query import matching_ids
from desktop.segments import list_segments
from ui.ops import OpRunner
from ui.script_picker import ScriptRole


class SequencesTab(QWidget):
    def __init__(self, runner: OpRunner, reader: sqlite3.Connection, *,
                 clock: timefmt.Clock = timefmt.system_clock) -> None:
        super().__init__()
        self._runner, self._reader, self._clock = runner, reader, clock
        self.list = QListWidget(objectName="sequence_list")
        self.list.setMaximumWidth(220)
        self.list.currentItemChanged.connect(lambda *_: self._show_steps())
        self.description = QLabel(wordWrap=True)
        self.steps = QTableWidget(0, 4, objectName="sequence_steps")
        self.steps.setHorizontalHeaderLabels([self.tr("Step"), self.tr("For"),
                                              self.tr("Script"), self.tr("Wait (days)")])
        self.steps.horizontalHeader().setStretchLastSection(False)
        self.steps.setColumnWidth(2, 360)
        self.steps.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.start_button = QPushButton(self.tr("Start for a segment…"), objectName="start_seq")
        self.start_button.clicked.connect(self.start_for_segment)
        right = QVBoxLayout()
        right.addWidget(self.description)
        right.addWidget(self.steps)
        right.addWidget(self.start_button)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(right, 1)
        self.reload()

    def reload(self) -> None:
        current = self.current_sequence()
        self.list.clear()
        for sequence in sequences.list_sequences(self._reader):
            item = QListWidgetItem(sequence.name)
            item.setData(ScriptRole, sequence)
            self.list.addItem(item)
            if current is not None and sequence.id == current.id:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.start_button.setEnabled(self.list.count() > 0)

    def current_sequence(self):
        item = self.list.currentItem()
        return item.data(ScriptRole) if item else None

    def _show_steps(self) -> None:
        sequence = self.current_sequence()
        steps = sequences.steps_of(self._reader, sequence.id) if sequence else []
        self.description.setText(sequence.description if sequence else "")
        self.steps.setRowCount(len(steps))
        for row, step in enumerate(steps):
            for column, text in enumerate((str(step.position),
                                           sequences.VARIANT_NAMES[step.variant],
                                           step.script_title, str(step.delay_days))):
                self.steps.setItem(row, column, QTableWidgetItem(text))

    def start_for_segment(self) -> None:
        sequence = self.current_sequence()
        segments = list_segments(self._reader)
        if sequence is None:
            return
        if not segments:
            QMessageBox.information(self, self.tr("Start a sequence"), self.tr(
                "There is no saved segment yet. On the Contacts page, filter the contacts "
                "and choose “Save as segment”, then start the sequence for it."))
            return
        name, ok = QInputDialog.getItem(
            self, self.tr("Start “{0}”").format(sequence.name),
            self.tr("Make a step-1 task for every contact of the segment:"),
            [s.name for s in segments], 0, False)
        if not ok:
            return
        segment = next(s for s in segments if s.name == name)
        warning = pressure.segment_warning(self._reader, matching_ids(self._reader, segment.query),
                                           clock=self._clock)
        if warning and QMessageBox.question(
                self, self.tr("Start a sequence"),
                self.tr("{0}\n\nStart the sequence for the whole segment anyway?"
                        ).format(warning)) != QMessageBox.StandardButton.Yes:
            return

        def start(conn: sqlite3.Connection) -> OpResult:
            return sequences.start_sequence_for(conn, sequence_id=sequence.id,
                                                contact_ids=matching_ids(conn, segment.query))

        def done(result: OpResult) -> None:
            started, skipped = result.value
            QMessageBox.information(self, self.tr("Start a sequence"), self.tr(
                "{0} tasks created for step 1. {1} contacts were already in the sequence and "
                "got no second task.").format(started, skipped))
        self._runner.run(self, start, on_done=done)

    def refresh(self, changes: Changes) -> None:
        if changes.scripts:
            self.reload()
