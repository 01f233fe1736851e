"""scroll: one viewport of the contact list at a random position — fetch its rows and paint.

Each sample is `scrollTo(row)` + a synchronous `viewport().repaint()`, which calls the model's
`data()` (SQLite page reads on a cache miss) and the delegates for every visible cell. Random
jumps over 100k rows mostly miss the page cache, so this is the worst case of dragging the
scroll bar. Baseline: a plain QTableView of the same size over a QStandardItemModel of
BASELINE_ROWS pre-filled rows (painting only, no SQLite, no delegates), same procedure.
"""

from __future__ import annotations

import random
import time

from bench.result import Result, Target

TARGET = Target("p95_s", 0.016)
POSITIONS = 200
BASELINE_ROWS = 10_000


def run(ctx) -> Result:
    ours, theirs, rss, base_rss = [], [], [], []
    for seed in range(ctx.repeat):
        app = ctx.child("bench.jobs.scroll:child_app", with_db=True, positions=POSITIONS,
                        seed=seed)
        ours += app.result["samples"]
        rss.append(app.result["peak_rss_mb"])
        bare = ctx.child("bench.jobs.scroll:child_baseline", positions=POSITIONS, seed=seed,
                         size=app.result["view_size"], widths=app.result["column_widths"],
                         row_height=app.result["row_height"])
        theirs += bare.result["samples"]
        base_rss.append(bare.result["peak_rss_mb"])
    return Result("scroll", ctx.n, ours, max(rss), TARGET,
                  baseline=f"QTableView over QStandardItemModel ({BASELINE_ROWS:,} rows)",
                  baseline_samples=theirs, baseline_peak_rss_mb=max(base_rss),
                  extra={"visible_rows": app.result["visible_rows"],
                         "first_sample_s": app.result["samples"][0]})


def _sample(app, view, positions: int, seed: int) -> list[float]:
    from bench import probes

    rng = random.Random(seed)
    last_top = max(1, view.model().rowCount() - probes.visible_rows(view))
    samples = []
    for _ in range(positions):
        row = rng.randrange(last_top)
        app.processEvents()  # leftovers of the previous step are not this step's cost
        started = time.perf_counter()
        probes.show_row(view, row)
        samples.append(time.perf_counter() - started)
    return samples


def child_app(db: str, positions: int, seed: int) -> dict:
    from bench import probes

    running = probes.open_contacts(db)
    view = running.window.contacts_page.view
    probes.wait_first_paint(running.app, view.viewport())
    probes.settle(running)
    result = {"samples": _sample(running.app, view, positions, seed),
              "view_size": [view.width(), view.height()],
              "column_widths": [view.columnWidth(c) for c in range(view.model().columnCount())],
              "row_height": view.verticalHeader().defaultSectionSize(),
              "visible_rows": probes.visible_rows(view), "peak_rss_mb": probes.peak_rss_mb()}
    running.close()
    return result


def child_baseline(positions: int, seed: int, size: list[int], widths: list[int],
                   row_height: int) -> dict:
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

    from bench import probes

    app = QApplication([])
    model = QStandardItemModel(BASELINE_ROWS, len(widths))
    texts = ("王小明", "老客 · 上海", "VIP", "成长期", "包裹卡", "敏感肌、复购", "2026-11-20")
    for row in range(BASELINE_ROWS):
        for column in range(len(widths)):
            model.setData(model.index(row, column), f"{texts[column % len(texts)]}{row}")
    view = QTableView()
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(row_height)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    view.resize(*size)
    view.show()
    probes.wait_first_paint(app, view.viewport())
    return {"samples": _sample(app, view, positions, seed), "peak_rss_mb": probes.peak_rss_mb()}
