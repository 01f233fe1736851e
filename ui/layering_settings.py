"""设置 → 分层规则… and 工具 → 重新计算分层: the thresholds of tiers, stages and recency bands
as a form, and the full recompute with progress — on demand, whenever the stored thresholds
change (saving the form, and its undo or redo), and once a day at start.
"""

from __future__ import annotations

import sqlite3
from concurrent.futures import Future
from dataclasses import fields

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QMainWindow,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import layering, timefmt
from desktop.changes import Changes, OpResult
from desktop.layering_rules import (
    BAND_NAMES,
    DEFAULT_SETTINGS,
    FIELD_INFO,
    LIMITS,
    LayeringSettings,
    load_settings,
    save_settings,
)
from ui.ops import OpRunner

STATUS_MS = 10_000
_BAND_FIELDS = ("active_days", "silent_days", "browsing_days")


def _group(name: str) -> int:
    """0 tiers (the window and the L2–L5 thresholds), 1 lifecycle stages, 2 recency bands."""
    if name == "tier_window_days" or name[:1] == "l" and name[1:2].isdigit():
        return 0
    return 2 if name in _BAND_FIELDS else 1


def recompute_label() -> str:
    return QCoreApplication.translate("Layering", "Recomputing tiers and stages…")


def recompute_all(parent: QWidget, runner: OpRunner, *, due_only: bool = False,
                  clock: timefmt.Clock = timefmt.system_clock) -> Future:
    """Every contact's tier, stage and RFM on the database thread with progress over `parent`
    (Cancel keeps nothing); the main window's status bar then says how many people moved.
    `due_only`: only if no full recompute ran today yet (the daily run at start; a failure
    goes to the status bar — a damaged file has its own message). After an import it is a
    follow-up operation, so the import's own transaction stays short."""
    def work(conn: sqlite3.Connection, progress) -> OpResult:
        if due_only and not layering.daily_recompute_due(conn, clock):
            return OpResult(Changes())
        return layering.recompute_all(conn, progress=progress, clock=clock)

    window = parent
    while window is not None and not isinstance(window, QMainWindow):
        window = window.parentWidget()

    def tell(text: str) -> None:
        if window is not None:
            window.statusBar().showMessage(text, STATUS_MS)

    def done(result: OpResult) -> None:
        if isinstance(result.value, layering.RecomputeSummary):
            tell(result.value.line())

    def failed(error: BaseException) -> None:
        tell(QCoreApplication.translate("Layering", "Tiers could not be recomputed: {0}")
             .format(error))
    return runner.run_long(parent, work, label=recompute_label(), on_done=done,
                           on_error=failed if due_only else None)


class LayeringActions(QObject):
    """The two menu entries, and a full recompute whenever the stored thresholds differ from
    the ones last seen (the form saved, or that save undone or redone)."""

    def __init__(self, window: QMainWindow, runner: OpRunner, reader: sqlite3.Connection, *,
                 clock: timefmt.Clock = timefmt.system_clock) -> None:
        super().__init__(window)
        self._window, self._runner, self._reader, self._clock = window, runner, reader, clock
        self._known = load_settings(reader)
        self.settings_action = QAction(self.tr("Layering rules…"), window)
        self.settings_action.triggered.connect(self.open_settings)
        self.recompute_action = QAction(self.tr("Recompute tiers and stages"), window,
                                        shortcut=QKeySequence("Ctrl+R"))
        self.recompute_action.triggered.connect(self.recompute)
        runner.changes_applied.connect(self._on_changes)

    def recompute(self) -> Future:
        return recompute_all(self._window, self._runner, clock=self._clock)

    def open_settings(self) -> LayeringSettingsDialog:
        dialog = LayeringSettingsDialog(self._runner, load_settings(self._reader), self._window)
        dialog.open()
        return dialog

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if not changes.settings:
            return
        current = load_settings(self._reader)
        if current != self._known:
            self._known = current
            self.recompute()


class LayeringSettingsDialog(QDialog):
    """One input per threshold, captioned and with its unit; OK saves (one undo step)."""

    def __init__(self, runner: OpRunner, values: LayeringSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.setWindowTitle(self.tr("Layering rules"))
        self.inputs: dict[str, QSpinBox | QDoubleSpinBox] = {}
        forms = []
        columns = QHBoxLayout()
        for title in (self.tr("Tiers L2–L5"), self.tr("Lifecycle stages"),
                      self.tr("Recency bands ({0})").format("/".join(BAND_NAMES.values()))):
            box = QGroupBox(title)
            forms.append(QFormLayout(box))
            columns.addWidget(box)
        for name, info in FIELD_INFO.items():
            spin = self._input(info.unit)
            spin.setObjectName(f"layering_{name}")
            self.inputs[name] = spin
            forms[_group(name)].addRow(info.caption, spin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.defaults_button = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.defaults_button.clicked.connect(lambda: self.show_values(DEFAULT_SETTINGS))
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(buttons)
        self.show_values(values)

    def _input(self, unit: str) -> QSpinBox | QDoubleSpinBox:
        low, high = LIMITS[unit]
        if unit == "fen":  # typed in yuan, stored in fen
            spin = QDoubleSpinBox(decimals=2, prefix="¥")
            spin.setRange(low / 100, high / 100)
            return spin
        if unit == "factor":  # times the contact's own repurchase cycle
            spin = QDoubleSpinBox(decimals=1, singleStep=0.1, suffix=" ×")
            spin.setRange(low, high)
            return spin
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSuffix({"days": self.tr(" days"), "percent": " %"}.get(unit, ""))
        return spin

    def show_values(self, values: LayeringSettings) -> None:
        for item in fields(values):
            value = getattr(values, item.name)
            fen = FIELD_INFO[item.name].unit == "fen"
            self.inputs[item.name].setValue(value / 100 if fen else value)

    def values(self) -> LayeringSettings:
        def stored(name: str, shown: float) -> int | float:
            unit = FIELD_INFO[name].unit
            if unit == "fen":
                return round(shown * 100)
            return round(shown, 1) if unit == "factor" else shown
        return LayeringSettings(**{name: stored(name, spin.value())
                                   for name, spin in self.inputs.items()})

    def save(self) -> None:
        """A refused combination (L3 range upside down…) keeps the form open with the
        message; the recompute follows from LayeringActions seeing the new thresholds."""
        values = self.values()
        self._runner.run(self, lambda conn: save_settings(conn, values=values),
                         on_done=lambda _result: self.accept())
