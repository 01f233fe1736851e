"""数据 page: the review charts (PRODUCT.md acceptance item 9), each with its own date range,
a click-through to the contacts behind a bar or cell, and PNG / CSV export.

The numbers come from desktop/dashboard.py and are read on the reader thread of `worker` (the
contacts page's: one read connection, shut down with it), one channel per chart, so a new range
supersedes a pending read of the same chart. The page reads only while it is visible: a change
elsewhere marks it stale and it reloads when shown. Charts are pyqtgraph / QTableWidget
(ui/charts.py says why).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop import dashboard, files, timefmt
from desktop.changes import Changes
from desktop.dashboard import Table
from desktop.errors import UserFacingError
from ui import labels
from ui.ops import OpRunner
from ui.query_worker import QueryWorker

CsvLines = tuple[list[str], list[list[object]]]


class DateRangeEdit(QWidget):
    """A range of local days (`single`: one 'since' day; `optional`: off = no range)."""

    changed = Signal()

    def __init__(self, caption: str, first: date, last: date | None = None, *,
                 optional: bool = False, parent=None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enabled_box = QCheckBox(caption) if optional else None
        layout.addWidget(self.enabled_box or QLabel(caption))
        self.first_edit = self._date_edit(first)
        layout.addWidget(self.first_edit)
        self.last_edit = None
        if last is not None:
            layout.addWidget(QLabel("–"))
            self.last_edit = self._date_edit(last)
            layout.addWidget(self.last_edit)
        if self.enabled_box is not None:
            self.enabled_box.toggled.connect(self._toggled)
            self._toggled(False)
        layout.addStretch()

    def _date_edit(self, day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day), calendarPopup=True,
                         displayFormat="yyyy-MM-dd")
        edit.dateChanged.connect(lambda _d: self.changed.emit())
        return edit

    def _toggled(self, on: bool) -> None:
        for edit in (self.first_edit, self.last_edit):
            if edit is not None:
                edit.setEnabled(on)
        self.changed.emit()

    def set_range(self, first: date, last: date | None = None) -> None:
        self.first_edit.setDate(QDate(first.year, first.month, first.day))
        if last is not None and self.last_edit is not None:
            self.last_edit.setDate(QDate(last.year, last.month, last.day))
        if self.enabled_box is not None:
            self.enabled_box.setChecked(True)

    def value(self) -> date | dashboard.DayRange | None:
        """None when switched off; a day for a single edit; else (first, last), ordered."""
        if self.enabled_box is not None and not self.enabled_box.isChecked():
            return None
        first = self.first_edit.date().toPython()
        if self.last_edit is None:
            return first
        last = self.last_edit.date().toPython()
        return (min(first, last), max(first, last))


class ChartCard(QFrame):
    """One chart: title, its range, the chart, export buttons. `load(conn, range)` runs on
    the reader thread; `render(table)` and `csv_lines(table)` on the UI thread."""

    def __init__(self, key: str, title: str, chart: QWidget, *,
                 load: Callable, render: Callable[[Table], None],
                 csv_lines: Callable[[Table], CsvLines],
                 range_edit: DateRangeEdit | None = None, parent=None) -> None:
        super().__init__(parent, objectName=f"chart_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.key, self.title, self.chart, self.range_edit = key, title, chart, range_edit
        self._load, self._render, self._csv_lines = load, render, csv_lines
        self.table: Table | None = None
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        heading = QLabel(title)
        heading.setStyleSheet("font-size: 15px; font-weight: bold; color: #263238;")
        head.addWidget(heading)
        head.addStretch()
        self.png_button = QPushButton(self.tr("Export PNG…"))
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        head.addWidget(self.png_button)
        head.addWidget(self.csv_button)
        layout.addLayout(head)
        if range_edit is not None:
            layout.addWidget(range_edit)
        layout.addWidget(chart, 1)
        self.png_button.clicked.connect(self.export_png)
        self.csv_button.clicked.connect(self.export_csv)

    def range(self):
        return None if self.range_edit is None else self.range_edit.value()

    def loader(self) -> Callable:
        """What to run on the reader thread for the range shown now."""
        load, chosen = self._load, self.range()
        return lambda conn: load(conn, chosen)

    def show_table(self, table: Table) -> None:
        self.table = table
        self._render(table)

    def csv(self) -> CsvLines:
        return self._csv_lines(self.table)

    def export_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export PNG"), f"{self.title}.png",
                                              self.tr("PNG image (*.png)"))
        if path and not self.grab().save(path, "PNG"):
            QMessageBox.warning(self, self.tr("Export PNG"),
                                self.tr("Could not write {0}.").format(path))

    def export_csv(self) -> None:
        if self.table is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export CSV"), f"{self.title}.csv",
                                              self.tr("CSV (*.csv)"))
        if not path:
            return
        try:
            files.write_csv(Path(path), *self.csv())
        except UserFacingError as error:
            QMessageBox.warning(self, self.tr("Export CSV"), str(error))


class DashboardPage(QScrollArea):
    """Signals ask the window to show contacts: by a filter, or by ids with a note."""

    contacts_requested = Signal(object)    # ContactQuery
    ids_requested = Signal(object, str)    # list of contact ids, what they are

    def __init__(self, runner: OpRunner, worker: QueryWorker,
                 clock: timefmt.Clock = timefmt.system_clock, parent=None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._clock = clock
        self._stale = True
        self.setWidgetResizable(True)
        self.cards: dict[str, ChartCard] = {}
        runner.changes_applied.connect(self.on_changes)

    def _build(self) -> None:
        """The charts, made when the page is first shown: pyqtgraph (and numpy) cost ~0.3 s to
        import, which a start that never opens 数据 should not pay."""
        today = self._clock().astimezone().date()
        weeks = dashboard.last_weeks(today)
        for column, title in (("tier", self.tr("Contacts per tier")),
                              ("stage", self.tr("Contacts per lifecycle stage")),
                              ("channel", self.tr("Contacts per channel"))):
            self._add_count_card(column, title, weeks)
        self._add_weekly_card(
            "new_contacts", self.tr("New contacts per week by channel"), weeks,
            dashboard.new_contacts_by_week, self._channel_label, self._new_contacts_clicked)
        self._add_migration_card(today)
        self._add_rfm_card()
        self._add_weekly_card(
            "tasks", self.tr("Tasks per week (by due date)"), weeks, dashboard.tasks_by_week,
            self._outcome_label, self._tasks_clicked)
        self._add_weekly_card(
            "moments", self.tr("Moments plan per week: posted vs skipped"), weeks,
            dashboard.posts_by_week, self._outcome_label, None)

        body = QWidget()
        grid = QGridLayout(body)
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, i // 2, i % 2)
            card.setMinimumHeight(340)
            if card.range_edit is not None:
                card.range_edit.changed.connect(lambda c=card: self._load_card(c))
        self.setWidget(body)

    # -- loading -------------------------------------------------------------------------
    def refresh(self) -> None:
        self._stale = False
        for card in self.cards.values():
            self._load_card(card)

    def _load_card(self, card: ChartCard) -> None:
        if self.isVisible():
            self._worker.submit(f"dashboard:{card.key}", card.loader(), card.show_table)
        else:
            self._stale = True

    def on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.contacts or changes.tiers or changes.tasks or changes.moments:
            self._stale = True
            if self.isVisible():
                self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.cards:
            self._build()
        if self._stale:
            self.refresh()

    # -- labels --------------------------------------------------------------------------
    def _channel_label(self, code: str) -> str:
        return code or self.tr("(no channel)")

    def _outcome_label(self, code: str) -> str:
        return {"on_time": self.tr("Done on time"), "late": self.tr("Done late"),
                "open": self.tr("Open"), "posted": self.tr("Posted"),
                "skipped": self.tr("Skipped")}[code]

    def _code_label(self, column: str, code: object) -> str:
        if column == "tier":
            return labels.label(labels.TIER_NAMES, code)
        if column == "stage":
            return labels.label(labels.STAGE_NAMES, code)
        return self._channel_label(code)

    @staticmethod
    def _week_label(monday_iso: str) -> str:
        return monday_iso[5:].replace("-", "/")

    # -- cards ---------------------------------------------------------------------------
    def _add_card(self, card: ChartCard) -> None:
        self.cards[card.key] = card

    def _bar_card(self, key: str, title: str, range_edit: DateRangeEdit, load: Callable,
                  row_label: Callable, column_label: Callable, corner: str,
                  clicked: Callable | None) -> None:
        """A bar chart card; its CSV has one line per bar and one column per stacked row."""
        from ui.charts import BarChart
        chart = BarChart()

        def render(table: Table) -> None:
            chart.set_bars(table.rows, table.columns, table.values,
                           row_labels=[row_label(r) for r in table.rows],
                           column_labels=[column_label(c) for c in table.columns])

        def csv_lines(table: Table) -> CsvLines:
            header = [corner, *(row_label(r) for r in table.rows)]
            return header, [[column_label(c), *(table.values[r][i]
                                                for r in range(len(table.rows)))]
                            for i, c in enumerate(table.columns)]
        card = ChartCard(key, title, chart, load=load, render=render, csv_lines=csv_lines,
                         range_edit=range_edit)
        if clicked is not None:
            chart.bar_clicked.connect(lambda row, column: clicked(card, row, column))
        self._add_card(card)

    def _add_count_card(self, column: str, title: str, weeks: dashboard.DayRange) -> None:
        def clicked(card: ChartCard, _row: str, code: object) -> None:
            self.contacts_requested.emit(
                dashboard.contacts_query(column, code, added=card.range()))
        self._bar_card(
            column, title, DateRangeEdit(self.tr("Only added between"), *weeks, optional=True),
            lambda conn, added: dashboard.contacts_by(conn, column, added=added),
            lambda _row: self.tr("Contacts"), lambda code: self._code_label(column, code),
            {"tier": self.tr("Tier"), "stage": self.tr("Lifecycle stage"),
             "channel": self.tr("Channel")}[column], clicked)

    def _add_weekly_card(self, key: str, title: str, weeks: dashboard.DayRange,
                         load: Callable, row_label: Callable, clicked: Callable | None) -> None:
        self._bar_card(key, title, DateRangeEdit(self.tr("Weeks of"), *weeks), load, row_label,
                       self._week_label, self.tr("Week of"), clicked)

    def _new_contacts_clicked(self, _card: ChartCard, channel: str, monday_iso: str) -> None:
        self.contacts_requested.emit(
            dashboard.week_query(channel, date.fromisoformat(monday_iso)))

    def _tasks_clicked(self, _card: ChartCard, outcome: str, monday_iso: str) -> None:
        monday = date.fromisoformat(monday_iso)
        note = self.tr("Contacts of the tasks due in the week of {0}: {1}").format(
            monday_iso, self._outcome_label(outcome))
        self._worker.submit("dashboard:ids", lambda conn: dashboard.task_contact_ids(
            conn, monday, outcome), lambda ids: self.ids_requested.emit(ids, note))

    def _add_migration_card(self, today: date) -> None:
        from ui.charts import MatrixChart
        chart = MatrixChart()
        tier_labels = [labels.label(labels.TIER_NAMES, t) for t in dashboard.TIERS]
        arrow = self.tr("Then ↓ / now →")

        def render(table: Table) -> None:
            chart.set_cells(tier_labels, tier_labels,
                            [[f"{int(v):,}" for v in row] for row in table.values],
                            table.values,
                            [[(f, t) for t in table.columns] for f in table.rows])

        def csv_lines(table: Table) -> CsvLines:
            return [arrow, *tier_labels], [[tier_labels[i], *row]
                                           for i, row in enumerate(table.values)]
        card = ChartCard("migration", self.tr("Tier migration"), chart,
                         load=dashboard.tier_migration, render=render, csv_lines=csv_lines,
                         range_edit=DateRangeEdit(self.tr("Changed since"),
                                                  today - timedelta(days=90)))

        def chosen(cell: tuple[int, int]) -> None:
            since = card.range()
            note = self.tr("Tier {0} → {1} since {2}").format(
                *(labels.label(labels.TIER_NAMES, t) for t in cell), since.isoformat())
            self._worker.submit("dashboard:ids", lambda conn: dashboard.tier_migration_ids(
                conn, since, *cell), lambda ids: self.ids_requested.emit(ids, note))
        chart.cell_chosen.connect(chosen)
        self._add_card(card)

    def _add_rfm_card(self) -> None:
        """The eight segments as the classic 2 × 4 grid: important / general by the trend."""
        from ui.charts import MatrixChart
        chart = MatrixChart()
        kinds = ("value", "develop", "keep", "recall")

        def render(table: Table) -> None:
            codes = [[f"{level}_{kind}" for kind in kinds] for level in ("important", "general")]
            texts = [[self.tr("{0} · {1} contacts\navg. {2}").format(
                labels.label(labels.RFM_SEGMENT_NAMES, code),
                f"{int(table.value(code, 'contacts')):,}",
                labels.money(round(table.value(code, "average_spent_yuan") * 100)))
                for code in row] for row in codes]
            chart.set_cells([self.tr("Important"), self.tr("General")],
                            [self.tr("Value"), self.tr("Develop"), self.tr("Keep"),
                             self.tr("Win back")],
                            texts, [[table.value(c, "contacts") for c in row] for row in codes],
                            codes)

        def csv_lines(table: Table) -> CsvLines:
            return ([self.tr("RFM segment"), self.tr("Contacts"),
                     self.tr("Average spend (yuan)")],
                    [[labels.label(labels.RFM_SEGMENT_NAMES, code), *table.values[i]]
                     for i, code in enumerate(table.rows)])
        card = ChartCard("rfm", self.tr("RFM segments"), chart,
                         load=lambda conn, _range: dashboard.rfm_grid(conn), render=render,
                         csv_lines=csv_lines)
        chart.cell_chosen.connect(lambda code: self.contacts_requested.emit(
            dashboard.contacts_query("rfm_segment", code)))
        self._add_card(card)
