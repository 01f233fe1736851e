"""What a job returns, and the statistics every job reports the same way.

One shape for all jobs so the table, `--json` and later comparisons across runs need no per-job
code. Times are seconds; `peak_rss_mb` is the peak of the measured (child) process.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Target:
    """A limit from the issue on one metric of the result (`median_s`, `p95_s`, `peak_rss_mb`)."""
    metric: str
    limit: float
    goal: float | None = None

    def as_dict(self) -> dict:
        return {"metric": self.metric, "max": self.limit, "goal": self.goal}


@dataclass
class Result:
    job: str
    n: int
    samples: list[float]          # seconds, one per run (start) or per viewport (scroll)
    peak_rss_mb: float
    target: Target | None = None
    baseline: str | None = None
    baseline_samples: list[float] = field(default_factory=list)
    baseline_peak_rss_mb: float | None = None
    ratio_of: str = "median_s"    # which metric `ratio` compares (memory compares RSS)
    extra: dict = field(default_factory=dict)

    @property
    def median_s(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95_s(self) -> float:
        return p95(self.samples)

    @property
    def baseline_median_s(self) -> float | None:
        return statistics.median(self.baseline_samples) if self.baseline_samples else None

    def metric(self, name: str) -> float | None:
        return {"median_s": self.median_s, "p95_s": self.p95_s,
                "peak_rss_mb": self.peak_rss_mb}.get(name)

    @property
    def ratio(self) -> float | None:
        if self.baseline is None:
            return None
        if self.ratio_of == "peak_rss_mb":
            ours, theirs = self.peak_rss_mb, self.baseline_peak_rss_mb
        else:
            ours, theirs = self.median_s, self.baseline_median_s
        return ours / theirs if ours is not None and theirs else None

    def verdict(self) -> tuple[bool | None, bool | None]:
        """(target met, goal met); None when the job has no target/goal."""
        if self.target is None:
            return None, None
        value = self.metric(self.target.metric)
        goal = None if self.target.goal is None else value <= self.target.goal
        return value <= self.target.limit, goal

    def as_dict(self) -> dict:
        passed, goal_met = self.verdict()
        out = {"job": self.job, "n": self.n, "runs": len(self.samples),
               "median_s": self.median_s, "p95_s": self.p95_s,
               "peak_rss_mb": self.peak_rss_mb}
        if self.baseline is not None:
            out.update(baseline=self.baseline, baseline_median_s=self.baseline_median_s,
                       baseline_p95_s=p95(self.baseline_samples) if self.baseline_samples
                       else None,
                       baseline_peak_rss_mb=self.baseline_peak_rss_mb,
                       ratio=self.ratio, ratio_of=self.ratio_of)
        if self.target is not None:
            out.update(target=self.target.as_dict(), passed=passed, goal_met=goal_met)
        out.update(self.extra)
        return out


def p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile: a value that was actually measured, never interpolated."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
