"""A steady background load for `make bench --background-load`: one process spinning on one core, standing in
for the OpenCart PHP and MySQL work that shares a merchant's small server with jetcart."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from benchmarks.scenarios.common import process_cpu_seconds

# Integer arithmetic in a tight loop: all CPU, no memory traffic to speak of, no system calls.
_SPIN = "x = 0\nwhile True:\n    x = (x * 1103515245 + 12345) & 0xFFFFFFFF\n"


class BackgroundLoad:
    """Runs the burner from `start` to `stop`; `share` is the part of one core it used in between."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.share: float | None = None
        self.cpu_seconds: float | None = None
        self._started = 0.0

    def start(self) -> BackgroundLoad:
        self.process = subprocess.Popen([sys.executable, "-c", _SPIN], stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._started = time.perf_counter()
        return self

    def stop(self) -> None:
        if self.process is None:
            return
        cpu = process_cpu_seconds(self.process.pid)
        seconds = time.perf_counter() - self._started
        self.process.kill()
        self.process.wait()
        self.process = None
        if cpu is not None and seconds > 0:
            self.cpu_seconds, self.share = round(cpu, 1), round(cpu / seconds, 2)

    def describe(self) -> dict:
        return {"kind": "one process spinning on integer arithmetic (one core at most)",
                "cpu_seconds": self.cpu_seconds, "share_of_one_core": self.share, "cpus": os.cpu_count()}
