"""Painting the contact list: avatar initial + name, the tier badge, tags as coloured chips.

Painting reads only the model's roles; nothing here queries the database.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui import labels
from ui.contact_model import PinnedRole, TagsRole, TierRole

_AVATAR_COLORS = ("#EF5350", "#AB47BC", "#5C6BC0", "#29B6F6", "#26A69A", "#9CCC65", "#FFA726",
                  "#8D6E63")


def avatar_initial(name: str) -> str:
    """The first visible character of a name (skipping spaces and emoji variation marks)."""
    for char in name.strip():
        if char.isalnum():
            return char.upper()
    return name.strip()[:1] or "?"


def text_color_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on `background`."""
    return QColor("#212121") if background.lightnessF() > 0.62 else QColor("#FFFFFF")


def _paint_selection(painter: QPainter, option: QStyleOptionViewItem) -> None:
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


class AvatarNameDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        name = index.data() or ""
        painter.save()
        _paint_selection(painter, option)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect
        size = min(rect.height() - 6, 24)
        circle = QRectF(rect.left() + 4, rect.top() + (rect.height() - size) / 2, size, size)
        initial = avatar_initial(name)
        color = QColor(_AVATAR_COLORS[ord(initial[0]) % len(_AVATAR_COLORS)])
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(circle)
        painter.setPen(QColor("#FFFFFF"))
        painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, initial)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(option.palette.highlightedText().color() if selected
                       else option.palette.text().color())
        text_rect = QRect(int(circle.right()) + 6, rect.top(),
                          rect.right() - int(circle.right()) - 8, rect.height())
        metrics = QFontMetrics(option.font)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(name, Qt.TextElideMode.ElideRight, text_rect.width()))
        painter.restore()


class TierBadgeDelegate(QStyledItemDelegate):
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
        metrics = QFontMetrics(option.font)
        width = metrics.horizontalAdvance(text) + 14
        rect = option.rect
        chip = QRectF(rect.left() + 4, rect.top() + 4, min(width, rect.width() - 8),
                      rect.height() - 8)
        paint_chip(painter, chip, text, QColor(labels.TIER_COLORS.get(tier, "#90A4AE")))
        painter.restore()


class TagChipsDelegate(QStyledItemDelegate):
    """Chips left to right; when they do not fit, the last visible chip reads '+N'."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        tags = index.data(TagsRole) or []
        painter.save()
        _paint_selection(painter, option)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(option.font)
        rect = option.rect
        x = rect.left() + 4
        height = rect.height() - 8
        for position, tag in enumerate(tags):
            width = metrics.horizontalAdvance(tag.name) + 12
            remaining = len(tags) - position
            more = f"+{remaining}"
            more_width = metrics.horizontalAdvance(more) + 12
            if x + width > rect.right() - (more_width if remaining > 1 else 0):
                paint_chip(painter, QRectF(x, rect.top() + 4, more_width, height), more,
                           QColor("#B0BEC5"))
                break
            paint_chip(painter, QRectF(x, rect.top() + 4, width, height), tag.name,
                       QColor(tag.color))
            x += width + 4
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(220, 28)
