"""Run many per-SKU calls at once on a bounded thread pool; results stream back without holding them all."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["Outcome", "run_concurrently"]

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T, R]):
    """What happened to one item: its result, or the exception it raised."""

    item: T
    result: R | None = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def run_concurrently(
    call: Callable[[T], R],
    items: Iterable[T],
    *,
    max_workers: int = 8,
    max_pending: int | None = None,
) -> Iterator[Outcome[T, R]]:
    """Apply `call` to each item on `max_workers` threads; yield an Outcome per item as each finishes.

    At most `max_pending` (default 4 × workers) items are in flight, so an iterator of 300k SKUs is
    consumed lazily in constant memory. Errors are captured per item, never raised here.
    """
    limit = max_pending or max_workers * 4
    source = iter(items)
    with ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="jet-call") as pool:
        pending: dict[Future[R], T] = {}

        def fill() -> None:
            while len(pending) < limit:
                try:
                    item = next(source)
                except StopIteration:
                    return
                pending[pool.submit(call, item)] = item

        fill()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                item = pending.pop(future)
                error = future.exception()
                yield Outcome(item, None if error else future.result(), error)
            fill()
