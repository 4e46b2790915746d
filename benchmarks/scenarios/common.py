"""What every scenario shares: the measured result row and a wall-clock plus peak-memory meter."""

from __future__ import annotations

import os
import resource
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path


def process_cpu_seconds(pid: int | str, task: int | None = None) -> float | None:
    """User + system CPU time of another process, or of one of its threads (Linux /proc), or None where that
    is not readable."""
    try:
        stat = Path(f"/proc/{pid}/task/{task}/stat" if task else f"/proc/{pid}/stat")
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


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
    cpu_seconds: float | None = None  # the connector's CPU (user + system, its worker processes included)

    def as_dict(self) -> dict:
        return asdict(self)


def current_rss_mb() -> float:
    """This process's resident memory now (Linux /proc)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _pss_mb(pid: int | str) -> float:
    """A process's proportional set size: its own pages plus its share of the pages it shares (a forked
    worker's copy-on-write pages count once across the processes, not once per process)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _child_pids(excluded: set[int]) -> list[int]:
    pids = []
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/children") as children:
                pids.extend(int(p) for p in children.read().split())
        except OSError:
            continue
    return [p for p in pids if p not in excluded]


def connector_memory_mb(excluded: set[int]) -> float:
    """The memory of the connector now: PSS of this process and its worker processes (the sandbox, also
    a child of the benchmark, is excluded); RSS where /proc has no smaps_rollup."""
    own = _pss_mb("self")
    if not own:
        return current_rss_mb()
    return own + sum(_pss_mb(pid) for pid in _child_pids(excluded))


class Meter:
    """Times a block and samples the connector's memory (current, not the high-water mark: PSS of this process
    and its worker processes) during it; also the CPU seconds the connector (with its workers) and, given its
    pid, the sandbox spent in it."""

    def __init__(self, interval: float = 0.05, *, sandbox_pid: int | None = None):
        self.interval = interval
        self.sandbox_pid = sandbox_pid
        self.cpu_seconds = 0.0
        self.meter_cpu_seconds = 0.0
        self.sandbox_cpu_seconds: float | None = None
        self.seconds = 0.0
        self.rss_before = 0.0
        self.peak_rss = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._sampler_cpu = 0.0
        self._sampler_task: int | None = None

    def _sample(self) -> None:
        self._sampler_task = threading.get_native_id()
        started = time.thread_time()
        try:
            while not self._stop.wait(self.interval):
                self.peak_rss = max(self.peak_rss, self._memory())
        finally:  # the meter's own reading of /proc is not the connector's work
            self._sampler_cpu = time.thread_time() - started

    def _memory(self) -> float:
        return connector_memory_mb({self.sandbox_pid} if self.sandbox_pid else set())

    @staticmethod
    def connector_cpu() -> float:
        """User + system CPU seconds of this process (every thread) and of its children that have ended (the
        upload's worker processes are joined before the use case returns; the sandbox and the background load
        are children that end only after the last scenario, so they never count here)."""
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    def work_cpu(self) -> float:
        """The connector's CPU seconds so far (as `connector_cpu`) without the meter's own sampling thread."""
        sampler = process_cpu_seconds("self", self._sampler_task) if self._sampler_task else None
        return self.connector_cpu() - (sampler or 0.0)

    def __enter__(self) -> Meter:
        self.rss_before = self.peak_rss = self._memory()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        self._cpu = self.connector_cpu()
        self._sandbox_cpu = process_cpu_seconds(self.sandbox_pid) if self.sandbox_pid else None
        self._started = time.perf_counter()
        return self

    def cpu(self) -> dict:
        """The CPU split, for a result's details."""
        split = {"connector_cpu_seconds": round(self.cpu_seconds, 2)}
        if self.sandbox_cpu_seconds is not None:
            split["sandbox_cpu_seconds"] = round(self.sandbox_cpu_seconds, 2)
        return split

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self._started
        cpu = self.connector_cpu() - self._cpu
        after = process_cpu_seconds(self.sandbox_pid) if self.sandbox_pid else None
        if after is not None and self._sandbox_cpu is not None:
            self.sandbox_cpu_seconds = after - self._sandbox_cpu
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.cpu_seconds = max(0.0, cpu - self._sampler_cpu)
        self.meter_cpu_seconds = self._sampler_cpu
        self.peak_rss = max(self.peak_rss, self._memory())
