"""Traps in the Qt binding itself, pinned so that an upgrade cannot bring them back silently."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QSize
from PySide6.QtGui import QColor, QImage, QPainter


def test_void_calls_do_not_leak_references_to_none(qtbot):
    # PySide6-Essentials 6.12.0 on Python 3.11 dropped one reference to None per void call; a
    # few thousand painted cells later the process aborted with "deallocating None".
    size, holder = QSize(1, 1), QObject()
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for i in range(2_000):
        size.setWidth(i)
        holder.setObjectName("x")
        painter.setPen(QColor("#E53935"))
    after = sys.getrefcount(None)
    painter.end()
    assert before - after < 100, f"lost {before - after} references to None"
