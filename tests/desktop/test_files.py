"""Saved files: all or nothing, Excel-friendly CSV, and a message that says what to do."""

from __future__ import annotations

import csv

import pytest

from desktop import files
from desktop.errors import UserFacingError


def test_csv_is_utf8_with_bom_and_neutralised(tmp_path):
    path = tmp_path / "chart.csv"
    files.write_csv(path, ["渠道", "人数"], [["抖音", 2], ["=HYPERLINK()", 1]])
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as f:
        assert list(csv.reader(f)) == [["渠道", "人数"], ["抖音", "2"], ["'=HYPERLINK()", "1"]]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "plan.ics"
    path.write_bytes(b"old")

    def full_disk(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(type(path), "write_bytes", full_disk)
    with pytest.raises(UserFacingError, match="磁盘空间不足"):
        files.write_atomically(path, b"new")
    monkeypatch.undo()
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]


def test_a_folder_is_refused_by_name(tmp_path):
    with pytest.raises(UserFacingError, match="是一个文件夹"):
        files.write_atomically(tmp_path, b"x")
