"""Saving the files the operator asks for (exports, calendars, CSV copies of lists and charts).

Every file is written to a temporary file beside its target and moved into place, so a full
disk, a file held open by Excel or a crash never leaves a half-written file under the real
name, and the file that was there before is untouched. One wording says why a file could not be
saved and what to do about it.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import secrets
from collections.abc import Sequence
from pathlib import Path

from desktop.errors import UserFacingError
from desktop.importing.fields import neutralise

_REASONS = {
    errno.ENOSPC: "磁盘空间不足。请清理磁盘或保存到其他位置",
    errno.EDQUOT: "磁盘空间不足。请清理磁盘或保存到其他位置",
    errno.EACCES: "没有写入权限。如果这个文件正在 Excel 等程序中打开，请先关闭它；"
                  "否则请换一个文件夹",
    errno.EPERM: "没有写入权限。请换一个文件夹",
    errno.EROFS: "这个位置是只读的。请换一个文件夹",
    errno.ENOENT: "文件夹不存在。请换一个位置",
}


def temp_beside(path: Path) -> Path:
    """A fresh hidden name in the target's folder (same file system, so os.replace is atomic)."""
    return path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")


def unwritable(path: Path, error: OSError) -> UserFacingError:
    """Say which file could not be saved and what the operator can do about it."""
    reason = _REASONS.get(error.errno, f"{error.strerror or error}。请换一个位置或文件名后重试")
    return UserFacingError(f"无法保存导出文件“{path}”：{reason}。原有文件（如有）未被改动。")


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` all or nothing; raises UserFacingError (see `unwritable`)."""
    path = Path(path)
    if path.is_dir():
        raise UserFacingError(f"“{path}”是一个文件夹，请换一个文件名再保存。")
    temp = temp_beside(path)
    try:
        temp.write_bytes(data)
        os.replace(temp, path)
    except OSError as error:
        raise unwritable(path, error) from error
    finally:
        temp.unlink(missing_ok=True)  # gone already after a successful replace


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 with BOM (Excel on Chinese Windows needs it); text cells neutralised against
    spreadsheet formula injection, numbers kept as numbers."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in header])
    writer.writerows([neutralise(v) if isinstance(v, str) else v for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """`csv_bytes` saved to `path` all or nothing."""
    write_atomically(path, csv_bytes(header, rows))
