"""Painting the contact list: avatar initial + name, the tier badge, tags as coloured chips.

Painting reads only the model's roles; nothing here queries the database.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui import labels
from ui.contact_model import PinnedRole, TagsRole, TierRole

_AVATAR_COLORS = ("#EF5350", "#AB47BC", "#5C6BC0", "#29B6F6", "#26A69A", "#9CCC65", "#FFA726",
                  "#8D6E63")


@lru_cache(maxsize=512)
def color(hex_code: str) -> QColor:
    """Parsed once per colour: QColor('#RRGGBB') per chip per repaint adds up at 25 rows."""
    return QColor(hex_code)


class _Measured(QStyledItemDelegate):
    """Text widths cached per text; the list's font does not change while it is shown."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._metrics: QFontMetrics | None = None
        self._widths: dict[str, int] = {}

    def metrics(self, option: QStyleOptionViewItem) -> QFontMetrics:
        if self._metrics is None:
            self._metrics = QFontMetrics(option.font)
        return self._metrics

    def width(self, option: QStyleOptionViewItem, text: str) -> int:
        width = self._widths.get(text)
        if width is None:
            if len(self._widths) > 4096:
                self._widths.clear()
            width = self._widths[text] = self.metrics(option).horizontalAdvance(text)
        return width


def avatar_initial(name: str) -> str:
    """The first visible character of a name (skipping spaces and emoji variation marks)."""
    for char in name.strip():
        if char.isalnum():
            return char.upper()
    return name.strip()[:1] or "?"


_TEXT_ON = {True: QColor("#212121"), False: QColor("#FFFFFF")}  # keyed by "is it light?"


def text_color_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on `background`."""
    return _TEXT_ON[background.lightnessF() > 0.62]


def _paint_selection(painter: QPainter, option: QStyleOptionViewItem) -> None:
    """The selection/hover background; the view itself paints plain and alternate rows."""
    if not option.state & (QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_MouseOver):
        return
    style = option.widget.style() if option.widget else None
    if style is not None:
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter,
                            option.widget)


def paint_chip(painter: QPainter, rect: QRectF, text: str, color: QColor) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
    painter.setPen(text_color_on(color))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


class PlainTextDelegate(_Measured):
    """Display text only. The default delegate asks the model for seven roles per cell and
    builds a full style option; on a 100,000-row list that was a third of a repaint."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        text = index.data() or ""
        _paint_selection(painter, option)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(option.palette.highlightedText().color() if selected
                       else option.palette.text().color())
        rect = option.rect.adjusted(4, 0, -4, 0)
        if self.width(option, text) > rect.width():
            text = self.metrics(option).elidedText(text, Qt.TextElideMode.ElideRight,
                                                   rect.width())
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, text)


class AvatarNameDelegate(_Measured):
    """A coloured circle with the name's first character, then the name.

    Circles are drawn once per (character, size) into a small pixmap: an antialiased ellipse
    and a second text run per cell made this column cost more than the other six together.
    """

    AVATARS_KEPT = 2048  # 24 px pixmaps, ~2 KB each

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._avatars: dict[tuple[str, int], QPixmap] = {}

    def _avatar(self, initial: str, size: int, option: QStyleOptionViewItem) -> QPixmap:
        key = (initial, size)
        pixmap = self._avatars.get(key)
        if pixmap is None:
            if len(self._avatars) >= self.AVATARS_KEPT:
                self._avatars.clear()
            ratio = option.widget.devicePixelRatioF() if option.widget else 1.0
            pixmap = QPixmap(int(size * ratio), int(size * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setFont(option.font)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color(_AVATAR_COLORS[ord(initial[0]) % len(_AVATAR_COLORS)]))
            circle = QRectF(0, 0, size, size)
            painter.drawEllipse(circle)
            painter.setPen(_TEXT_ON[False])
            painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, initial)
            painter.end()
            self._avatars[key] = pixmap
        return pixmap

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        name = index.data() or ""
        _paint_selection(painter, option)
        rect = option.rect
        size = min(rect.height() - 6, 24)
        top = rect.top() + (rect.height() - size) // 2
        painter.drawPixmap(rect.left() + 4, top, self._avatar(avatar_initial(name), size, option))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(option.palette.highlightedText().color() if selected
                       else option.palette.text().color())
        text_rect = QRect(rect.left() + size + 10, rect.top(), rect.width() - size - 12,
                          rect.height())
        if self.width(option, name) > text_rect.width():
            name = self.metrics(option).elidedText(name, Qt.TextElideMode.ElideRight,
                                                   text_rect.width())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, name)


class TierBadgeDelegate(_Measured):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        tier = index.data(TierRole)
        if tier is None:
            return
        painter.save()
        _paint_selection(painter, option)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = index.data() or ""
        if index.data(PinnedRole):
            text += " 📌"
        width = self.width(option, text) + 14
        rect = option.rect
        chip = QRectF(rect.left() + 4, rect.top() + 4, min(width, rect.width() - 8),
                      rect.height() - 8)
        paint_chip(painter, chip, text, color(labels.TIER_COLORS.get(tier, "#90A4AE")))
        painter.restore()


class TagChipsDelegate(_Measured):
    """Chips left to right; when they do not fit, the last visible chip reads '+N'."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        tags = index.data(TagsRole) or []
        painter.save()
        _paint_selection(painter, option)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect
        x = rect.left() + 4
        height = rect.height() - 8
        for position, tag in enumerate(tags):
            width = self.width(option, tag.name) + 12
            remaining = len(tags) - position
            more = f"+{remaining}"
            more_width = self.width(option, more) + 12
            if x + width > rect.right() - (more_width if remaining > 1 else 0):
                paint_chip(painter, QRectF(x, rect.top() + 4, more_width, height), more,
                           color("#B0BEC5"))
                break
            paint_chip(painter, QRectF(x, rect.top() + 4, width, height), tag.name,
                       color(tag.color))
            x += width + 4
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(220, 28)
