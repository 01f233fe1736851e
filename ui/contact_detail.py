"""The detail panel: edit every field of one contact, their tags, and see their history.

Reads come from the UI thread's read-only connection; every edit is an operation run by the
OpRunner (one transaction, one undo step).
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import contacts, layering, reads, snapshots, timefmt
from desktop.changes import Changes
from ui import labels
from ui.backup_actions import erase_person
from ui.contact_dialogs import InteractionDialog, OrderDialog
from ui.delegates import text_color_on
from ui.ops import OpRunner

_TEXT_FIELDS = ("nickname", "remark", "wechat_id", "wecom_external_id", "phone", "city",
                "birthday", "added_at")


def _chip_style(color: str) -> str:
    """A tag checkbox drawn as a coloured chip, readable whatever the tag's colour."""
    text = text_color_on(QColor(color)).name()
    return (f"QCheckBox {{ background: {color}; color: {text}; border-radius: 10px; "
            f"padding: 3px 8px; }}")


class ContactDetailPanel(QWidget):
    def __init__(self, runner: OpRunner, reader: sqlite3.Connection, parent=None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._reader = reader
        self._contact_id: int | None = None
        self._shown: dict[str, object] = {}
        self._channels: list[str] | None = None
        self._detail: contacts.ContactDetail | None = None
        self._loading = False

        self._title = QLabel(objectName="detail_title")
        self._title.setStyleSheet("font-size: 18px; font-weight: 600;")
        self._summary = QLabel(objectName="detail_summary")
        self._summary.setWordWrap(True)
        self._why = QLabel(objectName="detail_why")  # which rule gave tier, stage, segment
        self._why.setWordWrap(True)
        self._why.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._lost = QLabel(objectName="detail_lost")  # 流失 (deleted us), desktop/snapshots.py
        self._lost.setWordWrap(True)
        self._lost.setStyleSheet("color: #C62828;")
        self._empty = QLabel(self.tr("Select a contact in the list to see and edit it here."))
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)

        self._tabs = QTabWidget(objectName="detail_tabs")
        self._tabs.addTab(self._build_profile_tab(), self.tr("Profile"))
        self._tags_box = QWidget()
        self._tags_layout = QVBoxLayout(self._tags_box)
        tags_scroll = QScrollArea(widgetResizable=True)
        tags_scroll.setWidget(self._tags_box)
        self._tabs.addTab(tags_scroll, self.tr("Tags"))
        self._interactions = self._tree([self.tr("Time"), self.tr("Type"), self.tr("Note")])
        self._tabs.addTab(self._with_button(self._interactions, self.tr("Add interaction…"),
                                            self._add_interaction, "add_interaction"),
                          self.tr("Interactions"))
        self._orders = self._tree([self.tr("Time"), self.tr("Amount"), self.tr("Item"),
                                   self.tr("Category"), self.tr("Channel")])
        self._tabs.addTab(self._with_button(self._orders, self.tr("Add order…"),
                                            self._add_order, "add_order"), self.tr("Orders"))
        self._history = self._tree([self.tr("Time"), self.tr("What"), self.tr("From"),
                                    self.tr("To"), self.tr("Why")])
        self._tabs.addTab(self._history, self.tr("Tier history"))
        self._links = self._tree([self.tr("Account"), self.tr("Remark"), self.tr("Description"),
                                  self.tr("Added"), self.tr("Source")])
        self._tabs.addTab(self._links, self.tr("Accounts"))

        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._summary)
        layout.addWidget(self._why)
        layout.addWidget(self._lost)
        layout.addWidget(self._tabs)
        layout.addWidget(self._empty)
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.activated.connect(self.save)
        self.show_contact(None)

    # -- building ------------------------------------------------------------------------
    def _build_profile_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        captions = {
            "nickname": self.tr("Nickname"), "remark": self.tr("Remark name"),
            "wechat_id": self.tr("WeChat ID"), "wecom_external_id": self.tr("WeCom ID"),
            "phone": self.tr("Phone"), "city": self.tr("City"),
            "birthday": self.tr("Birthday"), "added_at": self.tr("Added at"),
        }
        self._edits: dict[str, QLineEdit] = {}
        for name in _TEXT_FIELDS:
            edit = QLineEdit(objectName=f"field_{name}")
            self._edits[name] = edit
            form.addRow(captions[name], edit)
        self._edits["birthday"].setPlaceholderText("1990-05-20 / 05-20")
        self._edits["added_at"].setPlaceholderText("2025-03-07 14:05")
        self._gender = QComboBox(objectName="field_gender")
        for code in contacts.GENDERS:
            self._gender.addItem(labels.label(labels.GENDER_NAMES, code), code)
        form.insertRow(5, self.tr("Gender"), self._gender)
        self._owner = QComboBox(objectName="field_owner_account_id")
        form.addRow(self.tr("Owner account"), self._owner)
        self._channel = QComboBox(objectName="field_channel", editable=True)
        form.addRow(self.tr("Channel"), self._channel)
        self._notes = QPlainTextEdit(objectName="field_notes")
        self._notes.setFixedHeight(90)
        form.addRow(self.tr("Notes"), self._notes)
        buttons = QHBoxLayout()
        self._save_button = QPushButton(self.tr("Save (Ctrl+S)"), objectName="save_contact")
        self._save_button.clicked.connect(self.save)
        revert = QPushButton(self.tr("Revert"), objectName="revert_contact")
        revert.clicked.connect(self._fill_form)
        erase = QPushButton(self.tr("Erase this person's data…"), objectName="erase_contact")
        erase.clicked.connect(self._erase)
        buttons.addWidget(erase)
        buttons.addStretch()
        buttons.addWidget(revert)
        buttons.addWidget(self._save_button)
        form.addRow(buttons)
        return page

    @staticmethod
    def _tree(headers: list[str]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setHeaderLabels(headers)
        tree.setRootIsDecorated(False)
        tree.setAlternatingRowColors(True)
        return tree

    @staticmethod
    def _with_button(tree: QTreeWidget, text: str, slot, name: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        button = QPushButton(text, objectName=name)
        button.clicked.connect(slot)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(button)
        layout.addLayout(row)
        layout.addWidget(tree)
        return page

    # -- showing -------------------------------------------------------------------------
    @property
    def contact_id(self) -> int | None:
        return self._contact_id

    def show_contact(self, contact_id: int | None) -> None:
        """Show (or re-read) a contact. Typing not yet saved in the form survives a re-read of
        the same contact (a tag ticked, another contact trashed…)."""
        keep_form = contact_id is not None and contact_id == self._contact_id \
            and bool(self.form_values())
        self._contact_id = contact_id
        self._detail = contacts.load_detail(self._reader, contact_id) if contact_id else None
        has = self._detail is not None
        for widget in (self._title, self._summary, self._why, self._tabs):
            widget.setVisible(has)
        self._empty.setVisible(not has)
        self._lost.setVisible(False)  # shown by _fill when the contact has an open loss
        if has:
            self._fill(keep_form=keep_form)

    def refresh(self, changes: Changes) -> None:
        if changes.contacts:
            self._channels = None
        if self._contact_id is not None and (changes.contacts or changes.contact_detail
                                             or changes.tags or changes.tiers):
            self.show_contact(self._contact_id)

    def _fill(self, *, keep_form: bool) -> None:
        record = self._detail.record
        self._title.setText(contacts.display_name(record))
        parts = [labels.label(labels.TIER_NAMES, record.tier)
                 + (self.tr(" (pinned)") if record.tier_pinned else ""),
                 labels.label(labels.STAGE_NAMES, record.stage),
                 self.tr("{0} orders, {1} in total").format(record.order_count,
                                                            labels.money(record.total_spent_fen)),
                 self.tr("last interaction {0}").format(
                     timefmt.local_text(record.last_interaction_at) or self.tr("never"))]
        if record.deleted_at:
            parts.append(self.tr("in the trash"))
        self._summary.setText(" · ".join(parts))
        self._why.setText(self._why_text(layering.why(self._reader, record.id)))
        self._lost.setText("\n".join(snapshots.contact_loss_lines(self._reader, record.id)))
        self._lost.setVisible(bool(self._lost.text()))
        if not keep_form:
            self._fill_form()
        self._fill_tags()
        self._fill_trees()

    def _why_text(self, why: layering.Why | None) -> str:
        if why is None:
            return ""
        cycle = [self.tr("Repurchase cycle: {0}").format(why.repurchase)] if why.repurchase else []
        return "\n".join((
            why.tier_reason or labels.label(labels.TIER_NAMES, why.tier),
            why.stage_reason or labels.label(labels.STAGE_NAMES, why.stage),
            f"RFM：{why.rfm}",
            self.tr("Recency band: {0}").format(why.band or self.tr("none")), *cycle))

    def _fill_form(self) -> None:
        if self._detail is None:
            return
        record = self._detail.record
        self._loading = True
        for name, edit in self._edits.items():
            value = getattr(record, name) or ""
            edit.setText(timefmt.local_text(value) if name == "added_at" else
                         contacts.birthday_text(value) if name == "birthday" else value)
        self._gender.setCurrentIndex(max(0, self._gender.findData(record.gender)))
        self._owner.clear()
        self._owner.addItem(self.tr("(none)"), None)
        for account in reads.accounts(self._reader):
            self._owner.addItem(account.name, account.id)
        self._owner.setCurrentIndex(max(0, self._owner.findData(record.owner_account_id)))
        if self._channels is None:  # a scan of the live contacts: kept until contacts change
            self._channels = reads.channels(self._reader)
        self._channel.clear()
        self._channel.addItems(self._channels)
        self._channel.setCurrentText(record.channel)
        self._notes.setPlainText(record.notes)
        self._shown = self._raw_form_values()
        self._loading = False

    def _fill_tags(self) -> None:
        while self._tags_layout.count():
            widget = self._tags_layout.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)  # gone at once, not only at the next event loop
                widget.deleteLater()
        self._tag_inputs: list[tuple[reads.TagGroup, object]] = []
        current = self._detail.tag_ids
        for group in reads.groups_with_tags(self._reader):
            title = group.name + (self.tr(" (pick one)") if group.single_choice else "")
            box = QGroupBox(title)
            if group.single_choice:
                combo = QComboBox(objectName=f"tag_group_{group.id}")
                combo.addItem(self.tr("(none)"), None)
                for tag in group.tags:
                    combo.addItem(tag.name, tag.id)
                    if tag.id in current:
                        combo.setCurrentIndex(combo.count() - 1)
                combo.currentIndexChanged.connect(self._tags_edited)
                QVBoxLayout(box).addWidget(combo)
                self._tag_inputs.append((group, combo))
            else:
                grid = QGridLayout(box)
                checks = []
                for position, tag in enumerate(group.tags):
                    check = QCheckBox(tag.name, objectName=f"tag_{tag.id}")
                    check.setChecked(tag.id in current)
                    check.setStyleSheet(_chip_style(tag.color))
                    check.setProperty("tag_id", tag.id)
                    check.toggled.connect(self._tags_edited)
                    grid.addWidget(check, position // 3, position % 3)
                    checks.append(check)
                self._tag_inputs.append((group, checks))
            self._tags_layout.addWidget(box)
        self._tags_layout.addStretch()

    def _fill_trees(self) -> None:
        detail = self._detail
        self._set_rows(self._interactions, [
            (timefmt.local_text(i.occurred_at), labels.label(labels.INTERACTION_NAMES, i.kind),
             i.note) for i in detail.interactions])
        self._set_rows(self._orders, [
            (timefmt.local_text(o.ordered_at), labels.money(o.amount_fen), o.item, o.category,
             o.channel) for o in detail.orders])
        self._set_rows(self._history, [
            (timefmt.local_text(h.changed_at), labels.label(labels.DIMENSION_NAMES, h.dimension),
             labels.history_value(h.dimension, h.from_value),
             labels.history_value(h.dimension, h.to_value), h.reason) for h in detail.history])
        self._set_rows(self._links, [
            (link.account_name, link.remark, link.description, timefmt.local_text(link.added_at),
             link.source) for link in detail.links])

    @staticmethod
    def _set_rows(tree: QTreeWidget, rows: list[tuple[str, ...]]) -> None:
        tree.clear()
        tree.addTopLevelItems([QTreeWidgetItem(list(r)) for r in rows])
        for column in range(tree.columnCount()):
            tree.resizeColumnToContents(column)

    # -- editing -------------------------------------------------------------------------
    def form_values(self) -> dict[str, object]:
        """Only the fields the operator changed since the form was filled (so a value shown
        rounded, like the added-at minute, is not written back)."""
        return {k: v for k, v in self._raw_form_values().items() if self._shown.get(k) != v}

    def _raw_form_values(self) -> dict[str, object]:
        values: dict[str, object] = {name: edit.text() for name, edit in self._edits.items()}
        values["gender"] = self._gender.currentData()
        values["owner_account_id"] = self._owner.currentData()
        values["channel"] = self._channel.currentText()
        values["notes"] = self._notes.toPlainText()
        return values

    def save(self) -> None:
        if self._contact_id is None:
            return
        contact_id, values = self._contact_id, self.form_values()
        # Once saved, the form shows what was stored (normalised) and is clean again.
        self._runner.run(self, lambda conn: contacts.update_contact(
            conn, contact_id=contact_id, values=values), on_done=lambda _r: self._fill_form())

    def _erase(self) -> None:
        if self._detail is not None:
            erase_person(self, self._runner, self._detail.record.id,
                         contacts.display_name(self._detail.record))

    def _tags_edited(self) -> None:
        if self._loading or self._contact_id is None:
            return
        selected: set[int] = set()
        for _group, widget in self._tag_inputs:
            if isinstance(widget, QComboBox):
                if widget.currentData() is not None:
                    selected.add(widget.currentData())
            else:
                selected.update(c.property("tag_id") for c in widget if c.isChecked())
        contact_id = self._contact_id
        self._runner.run(self, lambda conn: contacts.set_tags(conn, contact_id=contact_id,
                                                              tag_ids=selected))

    def _add_interaction(self) -> None:
        dialog = InteractionDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted or self._contact_id is None:
            return
        contact_id, values = self._contact_id, dialog.values()
        self._runner.run(self, lambda conn: contacts.add_interaction(
            conn, contact_id=contact_id, **values))

    def _add_order(self) -> None:
        dialog = OrderDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted or self._contact_id is None:
            return
        contact_id, values = self._contact_id, dialog.values()
        self._runner.run(self, lambda conn: contacts.add_order(conn, contact_id=contact_id,
                                                               **values))
