"""Printing results: a table for people, one JSON object per line for scripts and CI."""

from __future__ import annotations

import json

from bench.result import Result

COLUMNS = ("job", "n", "runs", "median", "p95", "target", "status", "peak RSS", "baseline",
           "ratio", "baseline is")


def json_line(result: Result) -> str:
    return json.dumps(result.as_dict(), ensure_ascii=False)


def _time(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _limit(metric: str, value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.0f} MB" if metric == "peak_rss_mb" else _time(value)


def row(result: Result) -> list[str]:
    passed, goal_met = result.verdict()
    target = result.target
    if target is None:
        target_text, status = "-", "-"
    else:
        name = {"median_s": "median", "p95_s": "p95", "peak_rss_mb": "RSS"}[target.metric]
        target_text = f"{name} ≤ {_limit(target.metric, target.limit)}"
        if target.goal is not None:
            target_text += f" (goal {_limit(target.metric, target.goal)})"
        status = ("ok" if passed else "FAIL") + (" +goal" if goal_met else "")
    ratio = result.ratio
    ratio_text = "-" if ratio is None else f"{ratio:.2f}×" + (
        " RSS" if result.ratio_of == "peak_rss_mb" else "")
    base_median = result.baseline_median_s
    if result.ratio_of == "peak_rss_mb" and result.baseline_peak_rss_mb is not None:
        base_median = None
    base_text = (f"{result.baseline_peak_rss_mb:.0f} MB" if base_median is None
                 and result.baseline_peak_rss_mb is not None else _time(base_median))
    return [result.job, f"{result.n:,}", str(len(result.samples)), _time(result.median_s),
            _time(result.p95_s), target_text, status, f"{result.peak_rss_mb:.0f} MB", base_text,
            ratio_text, result.baseline or "-"]


def table(results: list[Result]) -> str:
    rows = [list(COLUMNS)] + [row(r) for r in results]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell + " " * (w - _width(cell))
                       for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)
