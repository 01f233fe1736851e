"""今日 page: the morning briefing queue (desktop/briefing.py) — the queue on the left, the
current card on the right, one key per action: Enter copy (and log), D done, S snooze to
tomorrow, N next, O open, Ctrl+K another script.

The queue is built on the query worker's thread (tens of milliseconds at 100,000 contacts);
a card's details are a few indexed reads on the UI thread's reader. Writes go through the
OpRunner, one undo step each.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop import briefing, scripts
from desktop.changes import Changes
from ui.briefing_card import BriefingCard
from ui.ops import OpRunner
from ui.page_reload import ReloadWhenShown
from ui.query_worker import QueryWorker
from ui.script_picker import open_script_picker

CardRole = Qt.ItemDataRole.UserRole
Loaded = tuple[briefing.Queue, int, briefing.CardDetail | None]  # the queue, current row, card


class TodayPage(ReloadWhenShown, QWidget):
    open_contact = Signal(int)
    open_moments = Signal()
    quiet_requested = Signal(int)   # days: the contacts page filtered to those quiet so long

    def __init__(self, runner: OpRunner, reader: sqlite3.Connection, worker: QueryWorker,
                 parent=None) -> None:
        super().__init__(parent)
        self._runner, self._reader, self._worker = runner, reader, worker
        self.queue_data: briefing.Queue | None = None
        self._heading = QLabel(objectName="today_heading")
        self._heading.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.progress = QLabel(objectName="today_progress")
        self.progress.setStyleSheet("font-size: 20px; color: #2E7D32;")
        self.overflow_note = QLabel(objectName="today_overflow")
        self.postpone_button = QPushButton(self.tr("Move to tomorrow"),
                                           objectName="today_postpone")
        self.postpone_button.clicked.connect(self.postpone_overflow)
        self.skipped_note = QLabel(objectName="today_skipped")
        self.show_all = QCheckBox(self.tr("Show them anyway"), objectName="today_show_all")
        self.show_all.toggled.connect(lambda _on: self.reload())
        self.queue = QListWidget(objectName="briefing_queue")
        self.queue.setAlternatingRowColors(True)
        self.queue.currentItemChanged.connect(lambda *_: self._show_current())
        self.card = BriefingCard()
        self.message = QLabel(objectName="today_message", wordWrap=True)
        self.quiet_note = QLabel(objectName="today_quiet")
        self.quiet_button = QPushButton(self.tr("Show them"), objectName="today_quiet_button")
        self.quiet_button.clicked.connect(lambda: self.quiet_requested.emit(
            self.queue_data.quiet_days if self.queue_data else briefing.DEFAULT_QUIET_DAYS))

        top = QHBoxLayout()
        top.addWidget(self._heading)
        top.addStretch(1)
        top.addWidget(self.progress)
        notes = QHBoxLayout()
        for widget in (self.overflow_note, self.postpone_button, self.skipped_note,
                       self.show_all):
            notes.addWidget(widget)
        notes.addStretch(1)
        splitter = QSplitter()
        splitter.addWidget(self.queue)
        scroll = QScrollArea(widgetResizable=True)  # a long card (many tasks) or a small window
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.card)
        splitter.addWidget(scroll)
        splitter.setSizes([320, 760])
        footer = QHBoxLayout()
        footer.addWidget(self.quiet_note)
        footer.addWidget(self.quiet_button)
        footer.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(notes)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addLayout(footer)

        actions = {"copy": self.copy_script, "done": self.finish, "snooze": self.snooze,
                   "next": self.next_card, "open": self.open_current}
        for key, action in actions.items():
            self.card.buttons[key].clicked.connect(action)
        for keys, action in ((("Return", "Enter"), self.copy_script), (("D",), self.finish),
                             (("S",), self.snooze), (("N",), self.next_card),
                             (("O",), self.open_current), (("Ctrl+K",), self.pick_script)):
            for key in keys:
                QShortcut(QKeySequence(key), self, action,
                          context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        runner.changes_applied.connect(self.on_changes)
        self._stale = True  # loaded when first shown: the start shows another page first

    def on_changes(self, changes: Changes, _initiator: object) -> None:
        if (changes.tasks or changes.moments or changes.contacts or changes.contact_detail
                or changes.settings):
            self.reload_when_shown()

    def reload(self) -> None:
        """Rebuild the queue off the UI thread; the current card stays current if still there,
        else its place goes to the next one. Its details are read there too, so a result that
        arrives as the window closes touches no closed connection."""
        show_all = self.show_all.isChecked()
        current = self.current_card()
        key, row = (current.key if current else None), max(0, self.queue.currentRow())

        def work(conn: sqlite3.Connection) -> Loaded | None:
            try:
                data = briefing.load_queue(conn, show_over_budget=show_all)
                keys = [card.key for card in data.cards]
                at = keys.index(key) if key in keys else min(row, len(keys) - 1)
                return data, at, briefing.load_card(conn, data.cards[at]) if at >= 0 else None
            except sqlite3.DatabaseError:
                return None  # a damaged file: the integrity check after showing says so
        self._worker.submit("briefing", work, self._show_queue)

    def _show_queue(self, loaded: Loaded | None) -> None:
        if loaded is None:
            return
        data, row, detail = loaded
        self.queue_data = data
        self._heading.setText(self.tr("Today, {0}").format(datetime.now().strftime("%Y-%m-%d")))
        self.progress.setText(data.progress_text)
        self.overflow_note.setText(data.overflow_note)
        self.postpone_button.setVisible(bool(data.overflow))
        self.skipped_note.setText(data.skipped_note)
        self.show_all.setVisible(bool(data.skipped) or self.show_all.isChecked())
        self.quiet_note.setText(data.quiet_note)
        self.quiet_button.setVisible(data.quiet_total > 0)
        self.queue.blockSignals(True)
        self.queue.clear()
        for card in data.cards:
            item = QListWidgetItem(self._summary(card))
            item.setData(CardRole, card)
            if card.overdue:
                item.setForeground(QColor("#C62828"))
            self.queue.addItem(item)
        self.queue.setCurrentRow(row)
        self.queue.blockSignals(False)
        self.card.show_detail(detail)

    def _summary(self, card: briefing.Candidate) -> str:
        if card.post_id is not None:
            return self.tr("Moments post · {0}").format(card.title.splitlines()[0]
                                                        if card.title else "")
        more = self.tr(" (+{0})").format(card.task_count - 1) if card.task_count > 1 else ""
        overdue = self.tr("Overdue · ") if card.overdue else ""
        name = card.name or self.tr("No contact")
        return f"{name}\n{overdue}{card.title}{more}"

    def current_card(self) -> briefing.Candidate | None:
        item = self.queue.currentItem()
        return item.data(CardRole) if item is not None else None

    def _show_current(self) -> None:
        card = self.current_card()
        self.card.show_detail(briefing.load_card(self._reader, card) if card else None)

    # --- the keys ---------------------------------------------------------------------------

    def copy_script(self) -> None:
        """Enter: the rendered text to the clipboard; for a contact, logged as sent (the
        interaction, the script's use, any sequence step)."""
        detail = self.card.detail
        if detail is None or detail.rendered is None:
            self.message.setText(self.tr("No script for this card: press Ctrl+K to choose one."))
            return
        rendered = detail.rendered
        if not rendered.ready:
            names = "、".join(f"{{{p.name}}}" for p in rendered.problems)
            self.message.setText(self.tr("Nothing copied: fill {0} first (Ctrl+K lets you edit "
                                         "the text).").format(names))
            return
        QGuiApplication.clipboard().setText(rendered.text)
        if detail.contact is None or detail.script_id is None:
            self.message.setText(self.tr("Copied."))
            return
        script_id, contact_id, text = detail.script_id, detail.contact.id, rendered.text
        self._runner.run(self, lambda conn: scripts.use_script(
            conn, script_id=script_id, contact_id=contact_id, text=text))
        self.message.setText(self.tr("Copied and logged as sent."))

    def finish(self) -> None:
        """D: the card's tasks done (a post: marked posted), then the next card."""
        card = self.current_card()
        if card is not None:
            self.message.clear()
            self._runner.run(self, lambda conn: briefing.finish_card(conn, candidate=card))

    def snooze(self) -> None:
        """S: the card's tasks to tomorrow morning, then the next card."""
        card = self.current_card()
        if card is not None and card.task_ids and card.post_id is None:
            self.message.clear()
            self._runner.run(self, lambda conn: briefing.snooze_card(conn, candidate=card))

    def next_card(self) -> None:
        """N: on to the next card without changing anything (this one stays for later)."""
        if self.queue.count():
            self.message.clear()
            self.queue.setCurrentRow((self.queue.currentRow() + 1) % self.queue.count())

    def open_current(self) -> None:
        card = self.current_card()
        if card is None:
            return
        if card.post_id is not None:
            self.open_moments.emit()
        elif card.contact_id is not None:
            self.open_contact.emit(card.contact_id)

    def pick_script(self) -> None:
        """Ctrl+K: the script picker for this card's contact, the suggested script first."""
        detail = self.card.detail
        if detail is not None and detail.contact is not None:
            open_script_picker(self, self._runner, self._reader, detail.contact.id,
                               suggested_script_id=detail.script_id)

    def postpone_overflow(self) -> None:
        """顺延到明天: the cards beyond the daily limit, their tasks to tomorrow morning."""
        data = self.queue_data
        if data and data.overflow:
            keep = [card.key for card in data.cards + data.skipped]
            self._runner.run(self, lambda conn: briefing.postpone_overflow(conn, keep_keys=keep))
