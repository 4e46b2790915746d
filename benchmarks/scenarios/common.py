"""What every scenario shares: the measured result row and a wall-clock plus peak-memory meter."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import asdict, dataclass, field

from benchmarks.taxonomy_import import process_cpu_seconds


@dataclass
class Result:
    """One row of the benchmark table."""

    scenario: str
    size: str
    wall_seconds: float
    peak_rss_mb: float
    throughput: float
    unit: str
    target: str
    passed: bool | None  # None: measured for information, no target of its own
    details: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def current_rss_mb() -> float:
    """This process's resident memory now (Linux /proc)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class Meter:
    """Times a block and samples the process's resident memory (current, not the high-water mark) during it;
    also the CPU seconds this process and, given its pid, the sandbox's spent in it."""

    def __init__(self, interval: float = 0.05, *, sandbox_pid: int | None = None):
        self.interval = interval
        self.sandbox_pid = sandbox_pid
        self.cpu_seconds = 0.0
        self.sandbox_cpu_seconds: float | None = None
        self.seconds = 0.0
        self.rss_before = 0.0
        self.peak_rss = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak_rss = max(self.peak_rss, current_rss_mb())

    def __enter__(self) -> Meter:
        self.rss_before = self.peak_rss = current_rss_mb()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        self._cpu = time.process_time()
        self._sandbox_cpu = process_cpu_seconds(self.sandbox_pid) if self.sandbox_pid else None
        self._started = time.perf_counter()
        return self

    def cpu(self) -> dict:
        """The CPU split, for a result's details."""
        split = {"connector_cpu_seconds": round(self.cpu_seconds, 1)}
        if self.sandbox_cpu_seconds is not None:
            split["sandbox_cpu_seconds"] = round(self.sandbox_cpu_seconds, 1)
        return split

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self._started
        self.cpu_seconds = time.process_time() - self._cpu
        after = process_cpu_seconds(self.sandbox_pid) if self.sandbox_pid else None
        if after is not None and self._sandbox_cpu is not None:
            self.sandbox_cpu_seconds = after - self._sandbox_cpu
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.peak_rss = max(self.peak_rss, current_rss_mb())
