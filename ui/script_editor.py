"""The editor of one script with a live preview for a chosen contact, and the shop settings
dialog ({顾问} {门店} {优惠券}). Reads on the UI thread; saving goes through the OpRunner."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import reads, script_settings, scripts, timefmt
from desktop.contact_query import ContactQuery, matching_ids
from desktop.contacts import load_detail
from desktop.placeholders import NAMES, ShopSettings, render
from ui.ops import OpRunner
from ui.script_picker import highlight_problems

_PREVIEW_CHOICES = 20


class ScriptEditor(QWidget):
    """Fields of the selected script (or a new one); `saved` carries the script's id."""
    saved = Signal(int)

    def __init__(self, runner: OpRunner, reader: sqlite3.Connection,
                 clock: timefmt.Clock = timefmt.system_clock) -> None:
        super().__init__()
        self._runner, self._reader, self._clock = runner, reader, clock
        self.script_id: int | None = None
        self.title = QLineEdit(objectName="script_title")
        self.category = QComboBox(editable=True, objectName="script_category")
        self.body = QPlainTextEdit(objectName="script_body")
        self.body.setPlaceholderText(self.tr("Placeholders: {0}").format(
            " ".join(f"{{{n}}}" for n in NAMES[:8]) + " …"))
        self.tiers = QLineEdit(objectName="script_tiers", placeholderText="L2,L3")
        self.stages = QLineEdit(objectName="script_stages", placeholderText="新客,成长期")
        self.shortcut = QLineEdit(objectName="script_shortcut", placeholderText="hy")
        self.favourite = QCheckBox(self.tr("Favourite"), objectName="script_favourite")
        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"), objectName="script_save")
        self.save_button.clicked.connect(self.save)
        save = QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.contact_search = QLineEdit(objectName="preview_search", clearButtonEnabled=True)
        self.contact_search.setPlaceholderText(self.tr("Preview for… (type a name)"))
        self.contact_search.textChanged.connect(self._find_contacts)
        self.contact_choice = QComboBox(objectName="preview_contact")
        self.contact_choice.currentIndexChanged.connect(lambda _i: self._choose_contact())
        self.preview = QTextEdit(objectName="script_preview", readOnly=True)
        self.problems = QLabel(objectName="preview_problems", wordWrap=True)
        self.problems.setStyleSheet("color: #C62828;")
        self._contact = None
        self._settings = script_settings.load(reader)
        self.body.textChanged.connect(self.update_preview)

        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Text"), self.body)
        form.addRow(self.tr("Target tiers"), self.tiers)
        form.addRow(self.tr("Target stages"), self.stages)
        form.addRow(self.tr("Shortcut keyword"), self.shortcut)
        form.addRow("", self.favourite)
        form.addRow("", self.save_button)
        form.addRow(self.tr("Preview"), self.contact_search)
        form.addRow("", self.contact_choice)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.problems)
        self.show_script(None)

    def set_categories(self, names: list[str]) -> None:
        current = self.category.currentText()
        self.category.clear()
        self.category.addItems(list(dict.fromkeys([*scripts.CATEGORIES, *names])))
        self.category.setCurrentText(current)

    def show_script(self, script: scripts.ScriptRow | None) -> None:
        self.script_id = script.id if script else None
        self.title.setText(script.title if script else "")
        self.category.setCurrentText(script.category if script else scripts.CATEGORIES[0])
        self.body.setPlainText(script.body if script else "")
        self.tiers.setText(scripts.tiers_text(script.target_tiers) if script else "")
        self.stages.setText(scripts.stages_text(script.target_stages) if script else "")
        self.shortcut.setText(script.shortcut if script else "")
        self.favourite.setChecked(bool(script.favourite) if script else False)

    def values(self) -> dict[str, object]:
        return {"title": self.title.text(), "category": self.category.currentText(),
                "body": self.body.toPlainText(), "target_tiers": self.tiers.text(),
                "target_stages": self.stages.text(), "shortcut": self.shortcut.text(),
                "favourite": self.favourite.isChecked()}

    def save(self) -> None:
        values, script_id, clock = self.values(), self.script_id, self._clock
        if script_id is None:
            def op(conn):
                return scripts.create_script(conn, values=values, clock=clock)
        else:
            def op(conn):
                return scripts.update_script(conn, script_id=script_id, values=values,
                                             clock=clock)
        self._runner.run(self, op, initiator=self, on_done=lambda r: self.saved.emit(
            r.value if script_id is None else script_id))

    # -- live preview ----------------------------------------------------------------------
    def _find_contacts(self, text: str) -> None:
        self.contact_choice.blockSignals(True)
        self.contact_choice.clear()
        if text.strip():
            ids = list(matching_ids(self._reader, ContactQuery(text=text))[:_PREVIEW_CHOICES])
            rows = reads.contact_rows(self._reader, ids)
            for contact_id in ids:
                row = rows[contact_id]
                name = row.remark or row.nickname
                label = f"{name}（{row.nickname}）" if row.remark and row.nickname else name
                self.contact_choice.addItem(label, contact_id)
        self.contact_choice.blockSignals(False)
        self._choose_contact()

    def _choose_contact(self) -> None:
        contact_id = self.contact_choice.currentData()
        detail = load_detail(self._reader, contact_id) if contact_id is not None else None
        self._contact = detail.record if detail else None
        self.update_preview()

    def reload_settings(self) -> None:
        self._settings = script_settings.load(self._reader)
        self.update_preview()

    def update_preview(self) -> None:
        rendered = render(self.body.toPlainText(), self._contact, self._settings,
                          clock=self._clock)
        self.preview.setPlainText(rendered.text)
        highlight_problems(self.preview, rendered)
        self.problems.setText("\n".join(p.message for p in rendered.problems))


def edit_shop_settings(parent: QWidget, runner: OpRunner, reader: sqlite3.Connection) -> None:
    """The values of {顾问} {门店} {优惠券}, the same for every contact."""
    current = script_settings.load(reader)
    dialog = QDialog(parent, objectName="shop_settings")
    dialog.setWindowTitle(QCoreApplication.translate("ScriptEditor", "Script settings"))
    fields = {key: QLineEdit(getattr(current, key), objectName=f"shop_{key}")
              for key in ("advisor", "store", "coupon")}
    form = QFormLayout(dialog)
    for key, caption in (("advisor", "{顾问}"), ("store", "{门店}"), ("coupon", "{优惠券}")):
        form.addRow(caption, fields[key])
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    values = ShopSettings(**{k: f.text() for k, f in fields.items()})
    runner.run(parent, lambda conn: script_settings.save(conn, values=values))
