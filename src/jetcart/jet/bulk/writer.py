"""Streamed bulk-file writer: `{"sku": body, …}` as gzip on disk, one SKU at a time, split by count and size."""

from __future__ import annotations

import gzip
import os
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from jetcart.jet.bulk.fastcheck import archive_ok, inventory_ok, price_ok
from jetcart.jet.encoding import json_default
from jetcart.jet.errors import Problem
from jetcart.jet.logs import get_logger
from jetcart.jet.models.base import JetRequest
from jetcart.jet.models.products import (
    ArchiveUpdate,
    InventoryUpdate,
    MerchantSku,
    PriceUpdate,
    ReturnsExceptionUpdate,
    ShippingExceptionUpdate,
    VariationUpdate,
)
from jetcart.jet.models.vocabulary import FileType

__all__ = ["BODY_MODELS", "BulkFile", "BulkFileWriter", "RejectedSku", "payload_problems"]

log = get_logger(__name__)

BODY_MODELS: dict[FileType, type[JetRequest]] = {
    FileType.MERCHANT_SKUS: MerchantSku,
    FileType.PRICE: PriceUpdate,
    FileType.INVENTORY: InventoryUpdate,
    FileType.VARIATION: VariationUpdate,
    FileType.SHIPPING_EXCEPTION: ShippingExceptionUpdate,
    FileType.RETURNS_EXCEPTION: ReturnsExceptionUpdate,
    FileType.ARCHIVE: ArchiveUpdate,
}
"""The single-SKU body each file type carries per SKU (jet-api.md §3.3)."""

_FAST_CHECKS: dict[FileType, Callable[[Any], bool]] = {
    FileType.PRICE: price_ok,
    FileType.INVENTORY: inventory_ok,
    FileType.ARCHIVE: archive_ok,
}

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME
_TRAILER_RESERVE = 64  # closing brace, final deflate block, gzip trailer


def payload_problems(file_type: FileType | str, payload: Any) -> list[Problem]:
    """Problems of one SKU's body for this file type; a model instance of the right type is trusted."""
    model = BODY_MODELS[FileType(file_type)]
    if isinstance(payload, model):
        return []
    check = _FAST_CHECKS.get(FileType(file_type))
    if check is not None and check(payload):
        return []
    return model.problems(payload)


@dataclass(frozen=True, slots=True)
class RejectedSku:
    """A SKU left out of the file because its body breaks Jet's rules."""

    sku: str
    problems: tuple[Problem, ...]


@dataclass
class BulkFile:
    """One finished gzip file on disk."""

    path: Path
    file_type: FileType
    sku_count: int
    compressed_bytes: int
    uncompressed_bytes: int

    @property
    def file_name(self) -> str:
        return self.path.name


@dataclass
class _OpenFile:
    path: Path
    raw: Any
    gz: gzip.GzipFile
    sku_count: int = 0
    uncompressed: int = 0
    since_flush: int = 0


@dataclass
class BulkFileWriter:
    """Writes `(sku, body)` pairs into one or more gzip files of `file_type`.

    A file closes before it would exceed `max_skus` SKUs or `max_bytes` compressed bytes (a single SKU
    larger than `max_bytes` gets a file of its own). Bodies may be dicts (validated, then written as
    given) or models of the file type (written via their JSON form). Invalid bodies are skipped and
    collected in `rejected` (keep `max_rejected` of them; `rejected_count` counts all).
    Files go to `directory` (a temporary folder by default) as `<FileType>-<UTC stamp>-<n>.json.gz`.
    """

    file_type: FileType
    directory: Path | None = None
    max_skus: int = 20_000
    max_bytes: int = 20 * 1024 * 1024
    validate: bool = True
    compresslevel: int = 6
    max_rejected: int = 10_000
    rejected: list[RejectedSku] = field(default_factory=list)
    rejected_count: int = 0
    duplicate_count: int = 0

    def __post_init__(self) -> None:
        self.file_type = FileType(self.file_type)
        if self.max_skus < 1 or self.max_bytes < 256:
            raise ValueError("max_skus must be ≥ 1 and max_bytes ≥ 256")
        self._model = BODY_MODELS[self.file_type]
        self._check = _FAST_CHECKS.get(self.file_type)
        self._stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        self._sequence = 0

    def write(self, payloads: Iterable[tuple[str, Any]]) -> Iterator[BulkFile]:
        """Consume `(sku, body)` pairs lazily; yield each file as soon as it is closed."""
        directory = self.directory or Path(tempfile.mkdtemp(prefix="jet-bulk-"))
        directory.mkdir(parents=True, exist_ok=True)
        current: _OpenFile | None = None
        seen_in_file: set[str] = set()
        for sku, payload in payloads:
            entry = self._entry(sku, payload)
            if entry is None:
                continue
            if current is not None and (
                current.sku_count >= self.max_skus
                or not self._fits(current, len(entry))
                or sku in seen_in_file
            ):
                if sku in seen_in_file:
                    self.duplicate_count += 1
                yield self._close(current)
                current = None
                seen_in_file = set()
            if current is None:
                current = self._open(directory)
                current.gz.write(b"{")
            else:
                current.gz.write(b",")
            current.gz.write(entry)
            current.sku_count += 1
            current.uncompressed += len(entry) + 1
            current.since_flush += len(entry) + 1
            seen_in_file.add(sku)
        if current is not None:
            yield self._close(current)

    def _entry(self, sku: str, payload: Any) -> bytes | None:
        if not isinstance(sku, str) or not sku:
            self._reject(str(sku), [Problem("", "a merchant SKU must be a non-empty string")])
            return None
        if isinstance(payload, JetRequest):
            if not isinstance(payload, self._model):
                raise TypeError(
                    f"{self.file_type} files carry {self._model.__name__}, not {type(payload).__name__}"
                )
            body = payload.model_dump_json(by_alias=True, exclude_none=True).encode()
        else:
            if self.validate and not (self._check is not None and self._check(payload)):
                problems = self._model.problems(payload)
                if problems:
                    self._reject(sku, problems)
                    return None
            body = orjson.dumps(payload, default=json_default, option=_OPTIONS)
        return orjson.dumps(sku) + b":" + body

    def _reject(self, sku: str, problems: list[Problem]) -> None:
        self.rejected_count += 1
        if len(self.rejected) < self.max_rejected:
            self.rejected.append(RejectedSku(sku, tuple(problems)))

    def _fits(self, current: _OpenFile, size: int) -> bool:
        worst = size + size // 1000 + 16 + _TRAILER_RESERVE  # deflate may expand incompressible data slightly
        if current.raw.tell() + current.since_flush + worst <= self.max_bytes:
            return True
        current.gz.flush(zlib.Z_SYNC_FLUSH)  # learn the exact compressed size so far
        current.since_flush = 0
        return current.raw.tell() + worst <= self.max_bytes

    def _open(self, directory: Path) -> _OpenFile:
        self._sequence += 1
        path = directory / f"{self.file_type.value}-{self._stamp}-{self._sequence:04d}.json.gz"
        raw = open(path, "wb")  # noqa: SIM115 - closed in _close
        gz = gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=self.compresslevel, mtime=0)
        return _OpenFile(path=path, raw=raw, gz=gz)

    def _close(self, current: _OpenFile) -> BulkFile:
        current.gz.write(b"}")
        current.gz.close()
        current.raw.close()
        size = os.path.getsize(current.path)
        if size > self.max_bytes:
            log.warning(
                "%s holds one SKU larger than max_bytes (%d > %d)", current.path.name, size, self.max_bytes
            )
        return BulkFile(current.path, self.file_type, current.sku_count, size, current.uncompressed + 1)


def iter_items(payloads: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
    """Accept a mapping `{sku: body}` or an iterable of pairs."""
    if isinstance(payloads, Mapping):
        yield from payloads.items()
    else:
        yield from payloads
