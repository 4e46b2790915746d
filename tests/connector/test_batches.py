"""The shared batching helper: fixed-size lists, the last shorter, read lazily from any iterable."""

import pytest

from jetcart.batches import batches


def test_lists_of_the_size_with_a_shorter_last_one():
    assert list(batches(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batches([], 3)) == []
    assert list(batches("ab", 5)) == [["a", "b"]]


def test_a_generator_is_read_one_batch_at_a_time():
    taken = []

    def items():
        for n in range(10):
            taken.append(n)
            yield n

    first = next(batches(items(), 4))
    assert first == [0, 1, 2, 3] and taken == [0, 1, 2, 3]


def test_a_size_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        next(batches([1], 0))
