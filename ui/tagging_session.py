"""The tagging session (打标签模式): a full-screen card per contact, driven by the keyboard.

Keys: 1–9 toggle the numbered tags, 0 shows the next page of tags, L then 1–5 sets the tier,
Enter / → next, ← back, S skip, Ctrl+Z undoes this session's last change, Esc ends.
Every change is its own operation (committed at once, one undo step) and every move saves the
session, so a crash loses nothing; at the end the session's steps become one undo step.
The card is read through the UI thread's read-only connection.
"""

from __future__ import annotations

import html
import math
import sqlite3
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import bulk_edit, reads, timefmt
from desktop import tagging_session as ts
from desktop.changes import Changes, OpResult
from desktop.workspace import Workspace
from ui import labels
from ui.delegates import text_color_on
from ui.ops import Operation, OpRunner

_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(10)}
_NEXT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Right)


def _chip_style(color: str, on: bool) -> str:
    """A tag as a chip: filled with its colour when the contact has it, outlined when not."""
    if on:
        text = text_color_on(QColor(color)).name()
        return (f"background: {color}; color: {text}; border: 2px solid {color}; "
                f"border-radius: 18px; padding: 6px 16px; font-size: 20px; font-weight: 600;")
    return (f"background: white; color: #455A64; border: 2px solid {color}; "
            f"border-radius: 18px; padding: 6px 16px; font-size: 20px;")


def _key_cap(key: str) -> str:
    return (f"<span style='background:#ECEFF1; border:1px solid #B0BEC5; color:#263238;'>"
            f"&nbsp;{html.escape(key)}&nbsp;</span>")


class TaggingSessionDialog(QDialog):
    """One session run: from opening (a new session or a resumed one) to Esc or closing.

    Closing it any other way than the summary's “Done” keeps the session for resuming.
    """

    def __init__(self, runner: OpRunner, reader: sqlite3.Connection, session: ts.Session,
                 parent: QWidget | None = None, *,
                 clock: timefmt.Clock = timefmt.system_clock) -> None:
        super().__init__(parent)
        self._runner = runner
        self._reader = reader
        self._session = session
        self._clock = clock
        groups = reads.groups_with_tags(reader)
        self._pages = ts.tag_pages(groups, session.group_ids)
        self._group_names = {g.id: (g.name, g.single_choice) for g in groups}
        self._page = 0
        self._card: ts.Card | None = None
        self._tier_pending = False
        self._step_labels: list[str] = []  # this run's changes, for "Undone: …"
        self._mark: int | None = None
        self._merging = False
        self._closed = False
        self._over = False  # the session ended for good: nothing more to save
        self._chips: dict[int, QLabel] = {}
        self.setWindowTitle(self.tr("Tagging session — {0}").format(session.name))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet("QDialog { background: #F5F7FA; }")

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_card_page())
        self.pages.addWidget(self._build_summary_page())
        QVBoxLayout(self).addWidget(self.pages)
        runner.changes_applied.connect(self._on_changes)
        # Both run on the database thread, in order: the mark is there before any change.
        runner.call_on_db_thread(self._take_mark)
        self._show_tag_page()
        self._show_card()

    # -- building ------------------------------------------------------------------------
    def _build_card_page(self) -> QWidget:
        page = QWidget()
        header = QHBoxLayout()
        title = QLabel(html.escape(self._session.name), objectName="session_name")
        title.setStyleSheet("font-size: 20px; font-weight: 600; color: #37474F;")
        self.progress_label = QLabel(objectName="progress_label")
        self.progress_label.setStyleSheet("font-size: 22px; font-weight: 600;")
        self._progress_bar = QProgressBar(textVisible=False, maximumWidth=260)
        self.time_left_label = QLabel(objectName="time_left_label")
        self.counts_label = QLabel(objectName="counts_label")
        for label in (self.time_left_label, self.counts_label):
            label.setStyleSheet("font-size: 16px; color: #546E7A;")
        header.addWidget(title)
        header.addStretch()
        for widget in (self.counts_label, self.time_left_label, self._progress_bar,
                       self.progress_label):
            header.addWidget(widget)
            header.addSpacing(12)

        card = QFrame(objectName="card")
        card.setStyleSheet("QFrame#card { background: white; border: 1px solid #CFD8DC; "
                           "border-radius: 16px; }")
        card.setMaximumWidth(1200)
        self.name_label = QLabel(objectName="card_name")
        self.name_label.setStyleSheet("font-size: 40px; font-weight: 700; color: #212121;")
        self.tier_badge = QLabel(objectName="tier_badge")
        self.facts_label = QLabel(objectName="card_facts", wordWrap=True)
        self.facts_label.setStyleSheet("font-size: 18px; color: #455A64;")
        name_row = QHBoxLayout()
        name_row.addWidget(self.name_label)
        name_row.addSpacing(16)
        name_row.addWidget(self.tier_badge)
        name_row.addStretch()
        self.interactions_label = QLabel(objectName="card_interactions", wordWrap=True)
        self.orders_label = QLabel(objectName="card_orders", wordWrap=True)
        history = QHBoxLayout()
        for caption, label in ((self.tr("Last interactions"), self.interactions_label),
                               (self.tr("Last orders"), self.orders_label)):
            column = QVBoxLayout()
            heading = QLabel(caption)
            heading.setStyleSheet("font-size: 15px; font-weight: 600; color: #78909C;")
            label.setStyleSheet("font-size: 17px; color: #263238;")
            label.setAlignment(Qt.AlignmentFlag.AlignTop)
            column.addWidget(heading)
            column.addWidget(label, 1)
            history.addLayout(column, 1)
        self._tags_widget = QWidget()
        self._tags_holder = QVBoxLayout()
        self._tags_holder.addWidget(self._tags_widget)
        self.page_label = QLabel(objectName="tag_page_label")
        self.page_label.setStyleSheet("font-size: 15px; color: #78909C;")
        inside = QVBoxLayout(card)
        inside.setContentsMargins(36, 28, 36, 28)
        inside.setSpacing(14)
        inside.addLayout(name_row)
        inside.addWidget(self.facts_label)
        inside.addLayout(history)
        inside.addSpacing(8)
        inside.addLayout(self._tags_holder)
        inside.addWidget(self.page_label)

        self.status_label = QLabel(objectName="status_label")
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_label.setStyleSheet("font-size: 18px; color: #E65100; font-weight: 600;")
        legend = QLabel(objectName="key_legend", alignment=Qt.AlignmentFlag.AlignCenter)
        legend.setStyleSheet("font-size: 16px; color: #37474F;")
        legend.setText("&nbsp;&nbsp;&nbsp;".join(
            f"{_key_cap(key)} {html.escape(text)}" for key, text in (
                ("1–9", self.tr("toggle tag")), ("0", self.tr("more tags")),
                ("L 1–5", self.tr("tier")), ("Enter →", self.tr("next")),
                ("←", self.tr("back")), ("S", self.tr("skip")),
                ("Ctrl+Z", self.tr("undo")), ("Esc", self.tr("end")))))

        layout = QVBoxLayout(page)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.addLayout(header)
        layout.addStretch(1)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        layout.addWidget(self.status_label)
        layout.addWidget(legend)
        return page

    def _build_summary_page(self) -> QWidget:
        page = QWidget()
        self.summary_label = QLabel(objectName="summary_label",
                                    alignment=Qt.AlignmentFlag.AlignCenter)
        self.summary_label.setStyleSheet("font-size: 28px; font-weight: 600; color: #263238;")
        self.undo_all_button = QPushButton(self.tr("Undo all changes of this session"),
                                           objectName="undo_all")
        self.undo_all_button.clicked.connect(self._undo_all)
        self.later_button = QPushButton(self.tr("Continue later"), objectName="continue_later")
        self.later_button.clicked.connect(self.accept)
        self.done_button = QPushButton(self.tr("Done"), objectName="done", default=True)
        self.done_button.clicked.connect(self._finish)
        buttons = QHBoxLayout()
        buttons.addStretch()
        for button in (self.undo_all_button, self.later_button, self.done_button):
            button.setStyleSheet("font-size: 18px; padding: 10px 24px;")
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(page)
        layout.addStretch()
        layout.addWidget(self.summary_label)
        layout.addSpacing(24)
        layout.addLayout(buttons)
        layout.addStretch()
        return page

    def _show_tag_page(self) -> None:
        """Build the chips of the current page of tags, one row per tag group."""
        box = QWidget()
        rows_layout = QVBoxLayout(box)
        rows_layout.setContentsMargins(0, 0, 0, 0)
        self._tags_holder.replaceWidget(self._tags_widget, box)
        self._tags_widget.setParent(None)  # gone at once, not only at the next event loop
        self._tags_widget.deleteLater()
        self._tags_widget = box
        self._chips = {}
        tags = self._pages[self._page] if self._pages else ()
        rows: dict[int, QHBoxLayout] = {}
        for number, tag in enumerate(tags, start=1):
            if tag.group_id not in rows:
                name, single = self._group_names[tag.group_id]
                caption = QLabel(name + (self.tr(" (pick one)") if single else ""))
                caption.setStyleSheet("font-size: 16px; color: #78909C;")
                caption.setFixedWidth(150)
                rows[tag.group_id] = QHBoxLayout()
                rows[tag.group_id].addWidget(caption)
                rows_layout.addLayout(rows[tag.group_id])
            chip = QLabel(f"{number}  {tag.name}", objectName=f"tag_chip_{tag.id}")
            chip.setProperty("color", tag.color)
            self._chips[tag.id] = chip
            rows[tag.group_id].addWidget(chip)
        for row in rows.values():
            row.addStretch()
        if not self._pages:
            self.page_label.setText(self.tr("No tag groups chosen for this session."))
        elif len(self._pages) > 1:
            self.page_label.setText(self.tr("Tags page {0} / {1} — press 0 for more").format(
                self._page + 1, len(self._pages)))
        else:
            self.page_label.setText("")
        self._paint_chips()

    # -- showing -------------------------------------------------------------------------
    @property
    def session(self) -> ts.Session:
        return self._session

    def _show_card(self) -> None:
        session = self._session
        current = session.current
        self._card = ts.card(self._reader, current) if current is not None else None
        shown = min(session.position + 1, session.total)
        self.progress_label.setText(f"{shown} / {session.total}")
        self._progress_bar.setMaximum(max(session.total, 1))
        self._progress_bar.setValue(session.position)
        self.time_left_label.setText(self._time_left_text(session.time_left_seconds()))
        self.counts_label.setText(self.tr("Done {0} · changed {1} · skipped {2}").format(
            len(session.visited), len(session.changed), len(session.skipped_only)))
        if self._card is not None:
            self._fill_card(self._card)

    def _time_left_text(self, seconds: float | None) -> str:
        if seconds is None:
            return self.tr("Time left: estimating…")
        minutes = math.ceil(seconds / 60)
        if minutes <= 1:
            return self.tr("About a minute left")
        if minutes < 60:
            return self.tr("About {0} min left").format(minutes)
        return self.tr("About {0} h {1} min left").format(minutes // 60, minutes % 60)

    def _fill_card(self, card: ts.Card) -> None:
        self.name_label.setText(html.escape(card.name))
        tier_color = labels.TIER_COLORS.get(card.tier, "#90A4AE")
        tier_text = labels.label(labels.TIER_NAMES, card.tier)
        if card.tier_pinned:
            tier_text += self.tr(" (pinned)")
        self.tier_badge.setText(tier_text)
        self.tier_badge.setStyleSheet(
            f"background: {tier_color}; color: {text_color_on(QColor(tier_color)).name()}; "
            f"border-radius: 12px; padding: 4px 14px; font-size: 18px; font-weight: 600;")
        facts = [self.tr("Nickname: {0}").format(card.nickname)]
        if card.remark:
            facts.append(self.tr("Remark: {0}").format(card.remark))
        facts += [self.tr("Channel: {0}").format(card.channel or self.tr("unknown")),
                  labels.label(labels.STAGE_NAMES, card.stage),
                  self.tr("{0} orders, {1} in total").format(
                      card.order_count, labels.money(card.total_spent_fen))]
        self.facts_label.setText(" · ".join(facts))
        self.interactions_label.setText("\n".join(
            f"{timefmt.local_text(i.occurred_at)}  {labels.label(labels.INTERACTION_NAMES, i.kind)}"
            + (f"  {i.note}" if i.note else "") for i in card.interactions)
            or self.tr("None yet"))
        self.orders_label.setText("\n".join(
            f"{timefmt.local_text(o.ordered_at, with_time=False)}  {labels.money(o.amount_fen)}"
            + (f"  {o.item}" if o.item else "") for o in card.orders) or self.tr("None yet"))
        self._paint_chips()

    def _paint_chips(self) -> None:
        tag_ids = self._card.tag_ids if self._card else frozenset()
        for tag_id, chip in self._chips.items():
            on = tag_id in tag_ids
            chip.setProperty("on", on)
            chip.setStyleSheet(_chip_style(chip.property("color"), on))

    def _on_changes(self, changes: Changes, initiator: object) -> None:
        """Re-read the card after an undo; this dialog's own changes refresh it when done."""
        if initiator is not self and (changes.contacts or changes.tags or changes.tiers):
            self._show_card()

    # -- keys ------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.pages.currentIndex() == 1:
            if event.key() == Qt.Key.Key_Escape:
                self._finish()
            else:
                super().keyPressEvent(event)
            return
        key = event.key()
        self.status_label.clear()
        if self._tier_pending:
            self._tier_pending = False
            if key in _DIGITS and 1 <= _DIGITS[key] <= 5:
                self._set_tier(_DIGITS[key])
                return
            if key == Qt.Key.Key_Escape:
                return  # only leaves the tier choice
        if event.matches(QKeySequence.StandardKey.Undo):
            self._undo_last()
        elif key in _DIGITS and not event.isAutoRepeat():
            self._digit(_DIGITS[key])
        elif key == Qt.Key.Key_L:
            self._tier_pending = True
            self.status_label.setText(self.tr("Tier: press 1–5 (any other key cancels)"))
        elif key in _NEXT_KEYS:
            self._move(ts.next_contact)
        elif key == Qt.Key.Key_Left:
            self._move(ts.previous_contact)
        elif key == Qt.Key.Key_S:
            self._move(ts.skip_contact)
        elif key == Qt.Key.Key_Escape:
            self.end()
        else:
            super().keyPressEvent(event)

    def _digit(self, number: int) -> None:
        if number == 0:
            if len(self._pages) > 1:
                self._page = (self._page + 1) % len(self._pages)
                self._show_tag_page()
            return
        tags = self._pages[self._page] if self._pages else ()
        if number <= len(tags) and self._card is not None:
            contact_id, tag_id = self._card.contact_id, tags[number - 1].id
            self._change(contact_id, lambda conn: bulk_edit.toggle_tag(
                conn, contact_id=contact_id, tag_id=tag_id))

    def _set_tier(self, tier: int) -> None:
        if self._card is not None:
            contact_id = self._card.contact_id
            self._change(contact_id, lambda conn: bulk_edit.set_tier(
                conn, contact_ids=[contact_id], tier=tier))

    # -- changing, moving, saving ----------------------------------------------------------
    def _change(self, contact_id: int, operation: Operation) -> None:
        def done(result: OpResult) -> None:
            if result.undo is not None:  # one undo step of this session
                self._step_labels.append(result.label)
                self._session = self._session.with_change(contact_id)
                self._save()
                self._show_card()
        self._runner.run(self, operation, initiator=self, on_done=done)

    def _undo_last(self) -> None:
        if not self._session.journal:
            self.status_label.setText(self.tr("Nothing of this session to undo."))
            return
        self._session = self._session.without_last_change()
        self._runner.undo(self)
        self._save()
        self.status_label.setText(self.tr("Undone: {0}").format(self._step_labels.pop()))

    def _move(self, move: Callable[..., ts.Session]) -> None:
        self._session = move(self._reader, self._session, clock=self._clock)
        self._save()
        if self._session.current is None:
            self.end()
        else:
            self._show_card()

    def _save(self) -> None:
        if self._over:
            return
        session = self._session
        self._runner.run(self, lambda conn: ts.save_progress(conn, session=session))

    # -- ending ----------------------------------------------------------------------------
    def _take_mark(self, workspace: Workspace) -> None:
        self._mark = workspace.undo_stack.mark()

    def _merge_steps(self) -> None:
        """Make this run's changes one undo step; once, however the dialog ends."""
        if self._merging:
            return
        self._merging = True
        label = ts.merge_label(self._session)
        self._runner.call_on_db_thread(
            lambda workspace: workspace.undo_stack.merge_since(self._mark, label),
            on_done=self.undo_all_button.setEnabled)

    def end(self) -> None:
        """Esc, or past the last contact: the summary, with the session's steps merged."""
        self._merge_steps()
        session = self._session
        self.summary_label.setText(self.tr("Processed {0}, changed {1}").format(
            len(session.visited), len(session.changed)))
        self.undo_all_button.setEnabled(False)  # until the merge reports a step to undo
        self.later_button.setVisible(session.current is not None)
        self.pages.setCurrentIndex(1)
        self.done_button.setFocus()

    def _undo_all(self) -> None:
        self._runner.undo(self)
        self._finish()

    def _finish(self) -> None:
        """Done: the session is over and no longer offered for resuming."""
        self._over = True
        self._runner.run(self, ts.end_session)
        self.accept()

    def done(self, result: int) -> None:  # every way of closing passes here
        if not self._closed:
            self._closed = True
            self._merge_steps()
            self._runner.changes_applied.disconnect(self._on_changes)
        super().done(result)


class TagGroupPicker(QDialog):
    """Which tag groups the session numbers; those chosen last time are ticked."""

    def __init__(self, groups: Sequence[reads.TagGroup], chosen: Sequence[int] | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tag groups for the session"))
        self.list = QListWidget(objectName="group_list")
        for group in groups:
            item = QListWidgetItem(self.tr("{0} ({1} tags)").format(group.name, len(group.tags)))
            item.setData(Qt.ItemDataRole.UserRole, group.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = chosen is None or group.id in chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Number keys 1–9 toggle the tags of these groups, "
                                        "in this order; 0 shows more.")))
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)

    def chosen_ids(self) -> list[int]:
        items = (self.list.item(row) for row in range(self.list.count()))
        return [item.data(Qt.ItemDataRole.UserRole) for item in items
                if item.checkState() == Qt.CheckState.Checked]


def open_tagging_session(parent: QWidget | None, runner: OpRunner, reader: sqlite3.Connection,
                         *, name: str, contact_ids: Sequence[int],
                         group_ids: Sequence[int] | None = None,
                         clock: timefmt.Clock = timefmt.system_clock
                         ) -> TaggingSessionDialog | None:
    """Start a session over `contact_ids` (a segment's, in list order) — or resume the saved
    one if the operator says so — and show it full screen. Without `group_ids` the operator
    picks the tag groups. None if the operator cancelled or there is no one to tag."""
    saved = ts.load_session(reader, clock=clock)
    if saved is not None:
        answer = QMessageBox.question(
            parent, QCoreApplication.translate("TaggingSessionDialog", "Resume tagging session"),
            QCoreApplication.translate(
                "TaggingSessionDialog",
                "The tagging session “{0}” stopped at {1} / {2}. Resume it?\n\n"
                "No starts a new session instead.").format(
                saved.name, min(saved.position + 1, saved.total), saved.total),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Cancel:
            return None
        if answer == QMessageBox.StandardButton.Yes:
            return _show(TaggingSessionDialog(runner, reader, saved, parent, clock=clock))
    if not contact_ids:
        QMessageBox.information(
            parent, QCoreApplication.translate("TaggingSessionDialog", "Tagging session"),
            QCoreApplication.translate("TaggingSessionDialog",
                                       "There is no contact in “{0}” to tag.").format(name))
        return None
    if group_ids is None:
        picker = TagGroupPicker(reads.groups_with_tags(reader), ts.remembered_groups(reader),
                                parent)
        if picker.exec() != QDialog.DialogCode.Accepted:
            return None
        group_ids = picker.chosen_ids()
        runner.run(parent, lambda conn: ts.remember_groups(conn, group_ids=group_ids))
    session = ts.new_session(reader, name=name, contact_ids=contact_ids, group_ids=group_ids,
                             clock=clock)
    runner.run(parent, lambda conn: ts.save_session(conn, session=session))
    return _show(TaggingSessionDialog(runner, reader, session, parent, clock=clock))


def _show(dialog: TaggingSessionDialog) -> TaggingSessionDialog:
    dialog.showFullScreen()
    dialog.activateWindow()
    if dialog.session.current is None:  # every contact left was deleted meanwhile
        dialog.end()
    return dialog
