"""Keeps a Huey task's identity when its module moves, so tasks queued before an upgrade still run after it.

Huey registers a task as "<the function's module>.<its name>" and a queued message carries that string; a
task found under another string is refused ("not found in TaskRegistry"). Each task therefore names the module
it was first registered under. The move script (house-move.py) leaves lines marked "huey identity" alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable)


def keep_identity(module: str) -> Callable[[F], F]:
    """Registers the decorated task under `module` whatever module now defines it (put it below @db_task)."""

    def pin(func: F) -> F:
        func.__module__ = module
        return func

    return pin
