"""Reusable chart widgets for the 数据 page: (stacked) bars and a clickable matrix.

Bars are drawn with pyqtgraph (pinned in pyproject.toml): QtCharts is not in
PySide6-Essentials (it lives in the ~160 MB Addons wheel and is deprecated since Qt 6.10),
while pyqtgraph is a 4 MB pure-Python, actively maintained library drawing on QGraphicsView —
it works offscreen, renders CJK labels with Qt's own fonts and needs no other binary. A matrix
(tier migration, the RFM grid) is a QTableWidget: numbers in cells read better than a heat map
image and every cell is keyboard- and mouse-clickable for free.

Both widgets only draw what they are given (labels already translated) and report clicks as
the codes of the row and column behind them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

BAR_WIDTH = 0.7
LEGEND_COLUMNS = 5
PALETTE = ("#42A5F5", "#66BB6A", "#FFA726", "#AB47BC", "#EF5350", "#26C6DA", "#8D6E63",
           "#D4E157", "#78909C", "#EC407A")


class BarChart(pg.PlotWidget):
    """Bars along x, one per column; several rows are stacked bottom-up in row order.
    A click on a bar (segment) emits `bar_clicked(row_code, column_code)`."""

    bar_clicked = Signal(object, object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent, background="w")
        self.setMinimumHeight(220)
        self.setMouseEnabled(x=False, y=False)  # a report, not a plot to explore
        self.setMenuEnabled(False)
        self.hideButtons()
        self.getAxis("left").setTextPen("#37474F")
        self.getAxis("bottom").setTextPen("#37474F")
        self._rows: tuple = ()
        self._columns: tuple = ()
        self._values: tuple[tuple[float, ...], ...] = ()
        # Across the top in rows of LEGEND_COLUMNS, with head room kept for it above the bars.
        self._legend = self.addLegend(offset=(10, 2), labelTextColor="#37474F",
                                      colCount=LEGEND_COLUMNS)
        self.scene().sigMouseClicked.connect(self._scene_clicked)

    def set_bars(self, rows: Sequence, columns: Sequence, values: Sequence[Sequence[float]], *,
                 row_labels: Sequence[str], column_labels: Sequence[str],
                 colors: Sequence[str] = PALETTE) -> None:
        self.clear()
        self._legend.clear()
        self._legend.setVisible(len(rows) > 1)
        self._rows, self._columns = tuple(rows), tuple(columns)
        self._values = tuple(tuple(v) for v in values)
        bottoms = [0.0] * len(columns)
        for r, row_values in enumerate(self._values):
            color = colors[r % len(colors)]
            self.addItem(pg.BarGraphItem(
                x=list(range(len(columns))), height=list(row_values), y0=list(bottoms),
                width=BAR_WIDTH, brush=color, pen=pg.mkPen("w", width=1),
                name=row_labels[r]))
            bottoms = [b + v for b, v in zip(bottoms, row_values, strict=True)]
        self.getAxis("bottom").setTicks([list(enumerate(column_labels))])
        self.setXRange(-0.6, len(columns) - 0.4, padding=0)
        legend_rows = math.ceil(len(rows) / LEGEND_COLUMNS) if len(rows) > 1 else 0
        self.setYRange(0, (max(bottoms, default=0) or 1) * (1.1 + 0.12 * legend_rows),
                       padding=0)

    def bar_at(self, x: float, y: float) -> tuple[object, object] | None:
        """(row code, column code) of the bar segment at plot coordinates (x, y), if any."""
        column = round(x)
        if not 0 <= column < len(self._columns) or abs(x - column) > BAR_WIDTH / 2 or y < 0:
            return None
        bottom = 0.0
        for r, row_values in enumerate(self._values):
            top = bottom + row_values[column]
            if bottom <= y < top:
                return self._rows[r], self._columns[column]
            bottom = top
        return None

    def scene_pos_of(self, row: object, column: object) -> QPointF:
        """The middle of a bar segment in scene coordinates (tests click there)."""
        c, r = self._columns.index(column), self._rows.index(row)
        bottom = sum(self._values[i][c] for i in range(r))
        return self.getPlotItem().vb.mapViewToScene(
            QPointF(c, bottom + self._values[r][c] / 2))

    def _scene_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = self.getPlotItem().vb.mapSceneToView(event.scenePos())
        hit = self.bar_at(point.x(), point.y())
        if hit is not None:
            self.bar_clicked.emit(*hit)


class MatrixChart(QTableWidget):
    """Numbers in a grid, shaded by size; a click on a cell emits `cell_chosen(code)` with the
    code given for that cell (None = not clickable)."""

    cell_chosen = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setMinimumHeight(220)
        self._codes: list[list[object]] = []
        self.cellClicked.connect(self._clicked)
        self.cellActivated.connect(self._clicked)

    def set_cells(self, row_labels: Sequence[str], column_labels: Sequence[str],
                  texts: Sequence[Sequence[str]], weights: Sequence[Sequence[float]],
                  codes: Sequence[Sequence[object]]) -> None:
        self.clear()
        self.setRowCount(len(row_labels))
        self.setColumnCount(len(column_labels))
        self.setVerticalHeaderLabels(list(row_labels))
        self.setHorizontalHeaderLabels(list(column_labels))
        self._codes = [list(row) for row in codes]
        heaviest = max((w for row in weights for w in row), default=0) or 1
        for r, row in enumerate(texts):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                share = weights[r][c] / heaviest
                item.setBackground(QColor.fromRgbF(0.26, 0.65, 0.96, 0.08 + 0.6 * share))
                self.setItem(r, c, item)

    def code_at(self, row: int, column: int) -> object:
        return self._codes[row][column]

    def _clicked(self, row: int, column: int) -> None:
        code = self.code_at(row, column)
        if code is not None:
            self.cell_chosen.emit(code)
