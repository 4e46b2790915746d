"""Helpers for race tests: hold callers at a point past validation until all have arrived, and run calls at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections


class Rendezvous:
    """Wraps functions so that the first caller waits (briefly) for the others at the wrapped call: without a
    lock around validation, every caller is then past it before any writes."""

    def __init__(self, parties: int = 2, timeout: float = 1.5):
        self.parties, self.timeout = parties, timeout
        self._arrivals = threading.Condition()
        self._arrived = 0

    def after(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args, **kwargs):
            with self._arrivals:
                self._arrived += 1
                self._arrivals.notify_all()
                self._arrivals.wait_for(lambda: self._arrived >= self.parties, timeout=self.timeout)
            return real(*args, **kwargs)

        return wrapped


def run_at_once(calls: dict[str, Callable[[], Any]], refusals: tuple[type[Exception], ...]) -> dict[str, Any]:
    """Runs each call in its own thread; returns name → result, or the refusal it raised."""
    outcomes: dict[str, Any] = {}

    def run(name: str, call: Callable[[], Any]) -> None:
        try:
            outcomes[name] = call()
        except refusals as exc:
            outcomes[name] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes
