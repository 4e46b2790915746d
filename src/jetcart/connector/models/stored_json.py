"""Jet documents kept as JSON on a row, read back as the client's typed models (validated once per stored value)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models

T = TypeVar("T")


def read_once(row: models.Model, name: str, stored: Any, parse: Callable[[Any], T]) -> T:
    """`parse(stored)`, kept on the row until the stored value is replaced (a save of new JSON, a refresh)."""
    cache = row.__dict__.setdefault("_typed_json", {})
    hit = cache.get(name)
    if hit is None or hit[0] is not stored:
        hit = cache[name] = (stored, parse(stored))
    return hit[1]
