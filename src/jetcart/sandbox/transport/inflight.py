"""API requests being served by this process: background work (bulk-file processing) writes between them, so a
request does not wait behind a file's long writes for the database (30–50 ms per call, 4 ms without them)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_turns = threading.Condition()
_serving = 0


@contextmanager
def serving() -> Iterator[None]:
    """Counts one request in flight for as long as the block runs."""
    global _serving
    with _turns:
        _serving += 1
    try:
        yield
    finally:
        with _turns:
            _serving -= 1
            if not _serving:
                _turns.notify_all()


def give_way(at_most: float = 0.25) -> None:
    """Waits until no request is in flight, at most `at_most` seconds (background work still advances under
    steady traffic)."""
    with _turns:
        _turns.wait_for(lambda: not _serving, timeout=at_most)
