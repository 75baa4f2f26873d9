"""PerformanceMonitor: collects request latencies per named operation and reports percentiles, plus
the server process's resident memory (psutil). Performance tests PRINT these figures; they never
assert on timings (speed is judged from the printed numbers and bench/api-load)."""
from __future__ import annotations

import contextlib
import statistics
import time
from collections import defaultdict

import psutil


class PerformanceMonitor:
    def __init__(self, pid: int | None = None):
        self.pid = pid
        self.samples_ms: dict[str, list[float]] = defaultdict(list)

    @contextlib.contextmanager
    def measure(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.samples_ms[name].append((time.perf_counter() - started) * 1000.0)

    def time(self, name: str, fn, *args, **kwargs):
        with self.measure(name):
            return fn(*args, **kwargs)

    def percentile(self, name: str, p: float) -> float:
        data = sorted(self.samples_ms[name])
        if not data:
            raise ValueError(f"no samples for {name}")
        rank = (len(data) - 1) * p / 100.0
        low = int(rank)
        high = min(low + 1, len(data) - 1)
        return data[low] + (data[high] - data[low]) * (rank - low)

    def summary(self, name: str) -> dict:
        data = self.samples_ms[name]
        return {
            "count": len(data),
            "mean_ms": statistics.fmean(data),
            "p50_ms": self.percentile(name, 50),
            "p95_ms": self.percentile(name, 95),
            "p99_ms": self.percentile(name, 99),
            "max_ms": max(data),
        }

    def rss_mb(self) -> float | None:
        if self.pid is None:
            return None
        return psutil.Process(self.pid).memory_info().rss / (1024 * 1024)

    def report(self) -> str:
        lines = []
        for name in sorted(self.samples_ms):
            s = self.summary(name)
            lines.append(f"{name}: n={s['count']} mean={s['mean_ms']:.2f}ms p50={s['p50_ms']:.2f}ms "
                         f"p95={s['p95_ms']:.2f}ms p99={s['p99_ms']:.2f}ms max={s['max_ms']:.2f}ms")
        rss = self.rss_mb()
        if rss is not None:
            lines.append(f"server RSS: {rss:.1f} MiB")
        return "\n".join(lines)
