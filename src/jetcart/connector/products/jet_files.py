"""Bulk files of a product run: stream entries into chunked gzip files on disk, send them through the Jet
client's file flow, record each as a JetFile with its manifest (SKU → product), wait for Jet's verdict and read
back which SKUs it refused and why."""

from __future__ import annotations

import gzip
import logging
import re
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from django.utils import timezone

from jetcart.connector.models import JetFile, ProductRun
from jetcart.jet.encoding import json_default
from jetcart.jet.models.vocabulary import FileType

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient
    from jetcart.jet.models.files import FileStatus

log = logging.getLogger(__name__)

DEFAULT_CHUNK = 10_000
FILE_GZIP_LEVEL = 1  # Jet reads any gzip; level 1 costs a quarter less CPU than 5 for files a quarter larger
WAIT_SECONDS = 1800.0
POLL_AT_MOST = 1.0  # seconds between two looks at a file Jet is processing
_FILE_NAMES = {
    FileType.MERCHANT_SKUS: "merchantskus", FileType.PRICE: "price", FileType.INVENTORY: "inventory",
    FileType.VARIATION: "variation", FileType.ARCHIVE: "archive",
}
_SKU_MESSAGE = re.compile(r"^(?P<sku>[^:\s]+):\s*(?P<message>.*)$", re.S)


def pack_manifest(manifest: dict[str, int]) -> bytes:
    return gzip.compress(orjson.dumps(manifest), compresslevel=5)


def unpack_manifest(data: bytes | memoryview | None) -> dict[str, int]:
    if not data:
        return {}
    return orjson.loads(gzip.decompress(bytes(data)))


_WRITE_EVERY = 256 * 1024  # bytes of JSON collected before they go through gzip


@dataclass
class _Chunk:
    """One file being written: a gzip stream of `{"SKU": body, …}` and its manifest."""

    path: Path
    stream: Any
    manifest: dict[str, int] = field(default_factory=dict)
    _parts: list[bytes] = field(default_factory=list)
    _size: int = 0

    def add_encoded(self, sku: str, body: bytes, product_id: int) -> None:
        part = (b"{" if not self.manifest else b",") + orjson.dumps(sku) + b":" + body
        self._parts.append(part)
        self._size += len(part)
        self.manifest[sku] = product_id
        if self._size >= _WRITE_EVERY:
            self._write()

    def _write(self) -> None:
        self.stream.write(b"".join(self._parts))
        self._parts, self._size = [], 0

    def close(self) -> tuple[Path, bytes, int]:
        self._write()
        self.stream.write(b"}" if self.manifest else b"{}")
        self.stream.close()
        return self.path, pack_manifest(self.manifest), len(self.manifest)


@dataclass
class FileOutcome:
    """A file Jet finished processing: its row, its SKUs by product, and the SKUs Jet refused."""

    file: JetFile
    manifest: dict[str, int]
    errors: dict[str, list[str]]
    general_errors: list[str]
    final: bool = True


def split_errors(messages: list[str], manifest: dict[str, int]) -> tuple[dict[str, list[str]], list[str]]:
    """Jet's file messages ("SKU: message") by the SKU they name; the rest apply to the whole file."""
    by_sku: dict[str, list[str]] = {}
    general: list[str] = []
    for message in messages:
        match = _SKU_MESSAGE.match(message)
        if match and match["sku"] in manifest:
            by_sku.setdefault(match["sku"], []).append(match["message"])
        else:
            general.append(message)
    return by_sku, general


class BulkSender:
    """Writes a run's entries per file type into chunks of `chunk_size` SKUs, then sends and awaits them."""

    def __init__(self, client: JetClient, run: ProductRun | None, *, chunk_size: int | None = None,
                 wait_seconds: float = WAIT_SECONDS, sleep: Callable[[float], None] = time.sleep):
        self.client = client
        self.run = run
        self.chunk_size = chunk_size or DEFAULT_CHUNK
        self.wait_seconds = wait_seconds
        self.sleep = sleep
        self._dir = tempfile.TemporaryDirectory(prefix="jetcart-files-")
        self._open: dict[str, _Chunk] = {}
        self._closed: dict[str, list[tuple[Path, bytes, int]]] = {}
        self._count = 0
        self._puts: dict[Path, Future] = {}  # blobs being put while the rest is still written
        self._putter: ThreadPoolExecutor | None = None

    def add(self, file_type: str, sku: str, body: Any, product_id: int) -> None:
        self.add_encoded(file_type, sku, orjson.dumps(body, default=json_default), product_id)

    def add_encoded(self, file_type: str, sku: str, body: bytes, product_id: int) -> None:
        """Adds an entry whose body is already JSON."""
        chunk = self._open.get(file_type)
        if chunk is None:
            self._count += 1
            path = Path(self._dir.name) / f"{_FILE_NAMES.get(file_type, 'file')}-{self._count}.json.gz"
            stream = gzip.open(path, "wb", compresslevel=FILE_GZIP_LEVEL)  # noqa: SIM115 - closed by _Chunk.close
            chunk = self._open[file_type] = _Chunk(path, stream)
        chunk.add_encoded(sku, body, product_id)
        if len(chunk.manifest) >= self.chunk_size:
            self._close(file_type)

    def _close(self, file_type: str) -> None:
        """Closes the file being written and starts putting its blob (Jet does nothing with a blob until the
        "uploaded" call, which upload_all makes in order)."""
        closed = self._open.pop(file_type).close()
        self._closed.setdefault(file_type, []).append(closed)
        if self.client is not None:
            if self._putter is None:
                self._putter = ThreadPoolExecutor(max_workers=2, thread_name_prefix="jet-blob")
            self._puts[closed[0]] = self._putter.submit(self._put, closed[0])

    @property
    def directory(self) -> Path:
        """Where the files are written before they are sent."""
        return Path(self._dir.name)

    def finish_writing(self) -> None:
        """Closes the files being written (send does this per type)."""
        for file_type in list(self._open):
            self._close(file_type)

    def pending(self, file_type: str) -> int:
        chunk = self._open.get(file_type)
        return sum(n for _, _, n in self._closed.get(file_type, [])) + (len(chunk.manifest) if chunk else 0)

    def send_all(self, file_types: list[str]) -> list[FileOutcome]:
        """Uploads every chunk of the given types, in that order and without waiting in between, then waits
        until Jet has processed them all."""
        return self.await_all(self.upload_all(file_types))

    def upload_all(self, file_types: list[str]) -> list[JetFile]:
        """Uploads every chunk of the given types, in that order (Jet processes a merchant's files in the
        order they arrive)."""
        chunks = []
        for file_type in file_types:
            if file_type in self._open:
                self._close(file_type)
            chunks.extend((file_type, *chunk) for chunk in self._closed.pop(file_type, []))
        # Every blob first (most were put while the rest was written), then the "uploaded" calls back to
        # back: Jet starts processing on the first call, and its work would slow the transfers still to come.
        stored = [(self._put_done(path), file_type, path, manifest, count)
                  for file_type, path, manifest, count in chunks]
        return [self._submit(*entry) for entry in stored]

    def _put_done(self, path: Path):
        """The upload token of a put blob (waiting for the put started when its file was closed)."""
        started = self._puts.pop(path, None)
        return started.result() if started is not None else self._put(path)

    def await_all(self, files: list[JetFile], *,
                  on_outcome: Callable[[FileOutcome], None] | None = None) -> list[FileOutcome]:
        """Waits until Jet has processed each uploaded file (or the wait is over) and records its status;
        `on_outcome` sees each file's outcome as soon as it is known, while Jet works on the next files."""
        outcomes = []
        for file in files:
            outcomes.append(self._await(file))
            if on_outcome is not None:
                on_outcome(outcomes[-1])
        return outcomes

    def _put(self, path: Path):
        token = self.client.files.upload_token()
        self.client.files.put_blob(token.url, path)
        return token

    def _submit(self, token, file_type: str, path: Path, manifest: bytes, count: int) -> JetFile:
        status = self.client.files.uploaded(token.url, file_type, path.name)
        path.unlink(missing_ok=True)
        return JetFile.objects.create(
            jet_file_id=token.jet_file_id, file_type=file_type, file_name=path.name,
            status=status.status or "Acknowledged", sku_count=count, manifest=manifest, run=self.run,
            uploaded_at=timezone.now(),
        )

    def _await(self, file: JetFile) -> FileOutcome:
        deadline = time.monotonic() + self.wait_seconds
        delay = 0.2
        while True:
            status = self.client.files.get(file.jet_file_id)
            if status.is_final or time.monotonic() > deadline:
                break
            self.sleep(delay)
            delay = min(delay * 1.5, POLL_AT_MOST)
        return record_file_status(file, status, self.client)

    def close(self) -> None:
        if self._putter is not None:
            self._putter.shutdown(wait=True, cancel_futures=True)
        for chunk in self._open.values():
            chunk.stream.close()
        self._dir.cleanup()


def full_errors(status: FileStatus, client: JetClient) -> list[str]:
    """Every error message of a processed file: the error file when Jet gives one, else the excerpt."""
    messages = list(status.error_excerpt or [])
    if status.error_url and (status.error_count or 0) > len(messages):
        try:
            answer = client.http.get(status.error_url)
            answer.raise_for_status()
            data = orjson.loads(answer.content)
            if isinstance(data, list):
                messages = [str(m) for m in data]
        except Exception as exc:  # the excerpt is still shown; the full list is a convenience
            log.warning("could not read the error file of %s: %s", status.jet_file_id, exc)
    return messages


def record_file_status(file: JetFile, status: FileStatus, client: JetClient) -> FileOutcome:
    """Saves Jet's status of a file and splits its errors by SKU."""
    manifest = unpack_manifest(file.manifest)
    messages = full_errors(status, client) if status.is_final and (status.error_count or 0) else []
    file.status = status.status or file.status
    file.error_count = status.error_count or 0
    file.error_excerpt = messages[:200]
    file.checked_at = timezone.now()
    file.save(update_fields=["status", "error_count", "error_excerpt", "checked_at"])
    by_sku, general = split_errors(messages, manifest)
    if general and not by_sku:  # the whole file failed (not gzip, not JSON…): every SKU in it failed
        by_sku = {sku: list(general) for sku in manifest}
    return FileOutcome(file, manifest, by_sku, general, final=status.is_final)
