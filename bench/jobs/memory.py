"""memory: peak RSS of the app with the 100k list open and scrolled from the top to the end.

Scrolling end to end, one viewport page per step, touches every row once, so every page of
the model is read and painted and any cache that does not evict shows up as growth. Baseline:
the peak RSS of a bare PySide6 process showing an empty QMainWindow; `ratio` compares RSS.
`median_s`/`p95_s` here are the wall time of one whole end-to-end scroll.
"""

from __future__ import annotations

import time

from bench.result import Result, Target

TARGET = Target("peak_rss_mb", 400, goal=250)
# One run scrolls ~4,500 viewports at 100k (over a minute) and the peak barely moves between
# runs, so --repeat is capped here.
MAX_RUNS = 2


def run(ctx) -> Result:
    times, rss, after_open, base_rss, steps = [], [], [], [], 0
    for _ in range(min(ctx.repeat, MAX_RUNS)):
        app = ctx.child("bench.jobs.memory:child_app", with_db=True)
        times.append(app.result["scroll_s"])
        rss.append(app.result["peak_rss_mb"])
        after_open.append(app.result["rss_after_open_mb"])
        steps = app.result["steps"]
        base_rss.append(ctx.child("bench.probes:bare_window").result["peak_rss_mb"])
    return Result("memory", ctx.n, times, max(rss), TARGET, baseline="bare QMainWindow process",
                  baseline_peak_rss_mb=max(base_rss), ratio_of="peak_rss_mb",
                  extra={"rss_after_open_mb": max(after_open), "scroll_steps": steps})


def child_app(db: str) -> dict:
    from bench import probes

    running = probes.open_contacts(db)
    view = running.window.contacts_page.view
    probes.wait_first_paint(running.app, view.viewport())
    probes.settle(running)
    rss_after_open = probes.current_rss_mb()
    step, rows = probes.visible_rows(view), view.model().rowCount()
    started = time.perf_counter()
    tops = list(range(0, rows, step))
    for number, top in enumerate(tops):
        probes.show_row(view, top)
        if number % 64 == 0:
            running.app.processEvents()
    view.scrollToBottom()
    view.viewport().repaint()
    result = {"scroll_s": time.perf_counter() - started, "steps": len(tops) + 1,
              "rss_after_open_mb": rss_after_open, "peak_rss_mb": probes.peak_rss_mb()}
    running.close()
    return result
