"""What an import will do (dry run) or did: counts, rejected rows with reasons, new tags."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.snapshots import SnapshotSummary


@dataclass(frozen=True)
class RowIssue:
    row: int        # the row number the spreadsheet shows (the header row is 1)
    column: str     # the file's column header, '' when it concerns the whole row
    message: str    # in Chinese; says what is wrong and what to do


@dataclass
class ImportReport:
    """Filled by contacts_import / orders_import. A dry run and the real import of the same
    file into the same database produce equal reports (except `dry_run` and `batch_id`)."""
    kind: str                   # 'contacts' | 'orders'
    file_name: str
    dry_run: bool
    overwrite: bool = False
    rows: int = 0               # data rows read from the file
    created: int = 0            # new contacts (orders: new orders)
    merged: int = 0             # existing contacts that receive a change (orders: contacts)
    unchanged: int = 0          # existing contacts matched that need no change
    folded: int = 0             # rows merged into a contact made from an earlier row of the file
    fields_filled: int = 0      # empty fields of existing contacts filled
    fields_overwritten: int = 0  # non-empty fields replaced (only with overwrite)
    conflicts_kept: int = 0     # differing non-empty fields kept (without overwrite)
    tags_added: int = 0         # tags given to contacts (new and existing)
    links_added: int = 0        # contact ↔ account links (添加人) added
    new_tags: list[str] = field(default_factory=list)      # '组:标签' created by the import
    new_accounts: list[str] = field(default_factory=list)  # accounts (添加人) created
    rejected: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rejected_cells: dict[int, list[str]] = field(default_factory=dict)  # row → original cells
    snapshot: SnapshotSummary | None = None  # a full export (这是完整导出): its comparison
    batch_id: int | None = None

    @property
    def rejected_rows(self) -> int:
        return len({issue.row for issue in self.rejected})

    def lines(self) -> list[str]:
        """The summary the wizard and the command line show, one statement per line."""
        will = "将" if self.dry_run else "已"
        out = [f"共读取 {self.rows} 行。"]
        if self.kind == "orders":
            out.append(f"{will}新建订单 {self.created} 笔，涉及客户 {self.merged} 位"
                       "（按外部联系人ID → 微信号 → 手机号找到客户）。")
        else:
            out.append(f"{will}新建客户 {self.created} 位。")
            out.append(f"{will}合并到已有客户 {self.merged} 位（匹配顺序：外部联系人ID → 微信号 → "
                       f"手机号）；{self.unchanged} 位已有客户与文件一致，无需改动。")
            if self.folded:
                out.append(f"{self.folded} 行与文件中前面的行是同一位客户，合并为一位。")
            rule = ("非空字段用文件中的值覆盖" if self.overwrite
                    else "只填写空字段、添加标签，已有的非空字段不覆盖")
            out.append(f"合并规则：{rule}。填写空字段 {self.fields_filled} 处，"
                       f"覆盖 {self.fields_overwritten} 处，保留原值 {self.conflicts_kept} 处。")
            out.append(f"添加标签 {self.tags_added} 个，添加账号关系 {self.links_added} 条。")
            if self.new_tags:
                out.append(f"新建标签 {len(self.new_tags)} 个：{'、'.join(self.new_tags[:20])}"
                           + ("……" if len(self.new_tags) > 20 else ""))
            if self.new_accounts:
                out.append(f"新建账号 {len(self.new_accounts)} 个：{'、'.join(self.new_accounts)}")
        if self.snapshot is not None:
            out += self.snapshot.lines(dry_run=self.dry_run)
        if self.rejected:
            out.append(f"有 {self.rejected_rows} 行无法导入（见下表），其余行照常导入。")
        if self.warnings:
            out.append(f"提示 {len(self.warnings)} 条（见下表），这些行仍会导入。")
        return out

    def write_rejected_csv(self, path: Path) -> None:
        """The rejected rows with their reasons and original cells, to fix and import again
        (UTF-8 with BOM so Excel on Chinese Windows opens it)."""
        from desktop.importing.fields import neutralise

        with open(path, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["行号", "列", "原因", *self.headers])
            for issue in self.rejected:
                cells = self.rejected_cells.get(issue.row, [])
                writer.writerow([issue.row, neutralise(issue.column), neutralise(issue.message),
                                 *(neutralise(c) for c in cells)])
