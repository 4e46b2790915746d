"""Bulk upload flow: upload token → PUT blob → `POST /files/uploaded` → poll `/files/{id}` until final."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jetcart.jet.bulk.writer import BulkFile, BulkFileWriter, RejectedSku, iter_items
from jetcart.jet.errors import JetNotFound, JetOutcomeUnknown
from jetcart.jet.logs import get_logger
from jetcart.jet.models.files import FileStatus
from jetcart.jet.models.vocabulary import FileType

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient

__all__ = ["BulkResult", "FileResult", "upload_bulk", "upload_file", "wait_for_file"]

log = get_logger(__name__)


@dataclass
class FileResult:
    """One uploaded file and the last status Jet gave for it."""

    file: BulkFile
    jet_file_id: str
    status: FileStatus
    timed_out: bool = False

    @property
    def succeeded(self) -> bool:
        return self.status.succeeded


@dataclass
class BulkResult:
    """The outcome of a bulk upload: each file's final status, and the SKUs refused before sending."""

    file_type: FileType
    files: list[FileResult] = field(default_factory=list)
    rejected: list[RejectedSku] = field(default_factory=list)
    rejected_count: int = 0

    @property
    def sku_count(self) -> int:
        return sum(result.file.sku_count for result in self.files)

    @property
    def ok(self) -> bool:
        """Every file processed successfully and no SKU was refused locally."""
        return self.rejected_count == 0 and all(result.succeeded for result in self.files)

    @property
    def error_count(self) -> int:
        return sum(result.status.error_count or len(result.status.error_excerpt) for result in self.files)

    def errors(self) -> list[str]:
        """Jet's error excerpts of every file, then the local refusals as `sku: path: message`."""
        messages = [message for result in self.files for message in result.status.error_excerpt]
        messages += [f"{item.sku}: {problem}" for item in self.rejected for problem in item.problems]
        return messages


def wait_for_file(
    client: JetClient,
    jet_file_id: str,
    *,
    initial_interval: float = 0.5,
    max_interval: float = 15.0,
    timeout: float = 3600.0,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> tuple[FileStatus, bool]:
    """Poll `GET /files/{id}` with doubling intervals until the status is final; returns (status, timed_out)."""
    deadline = clock() + timeout
    interval = initial_interval
    while True:
        status = client.files.get(jet_file_id)
        if status.is_final:
            return status, False
        if clock() + interval > deadline:
            return status, True
        sleep(interval)
        interval = min(max_interval, interval * 2)


def _notify(client: JetClient, url: str, jet_file_id: str, file: BulkFile) -> FileStatus:
    """`POST /files/uploaded`; when its outcome is unknown, look the file up before posting again."""
    try:
        return client.files.uploaded(url, file.file_type, file.file_name)
    except JetOutcomeUnknown:
        try:
            found = client.files.get(jet_file_id)
            log.info("files/uploaded outcome unknown; Jet already has %s (%s)", jet_file_id, found.status)
            return found
        except JetNotFound:
            log.info("files/uploaded outcome unknown; %s not at Jet, notifying again", jet_file_id)
            return client.files.uploaded(url, file.file_type, file.file_name)


def upload_file(client: JetClient, file: BulkFile) -> tuple[str, FileStatus]:
    """Send one finished file: upload token, blob PUT, notify. Returns (jet_file_id, first status)."""
    token = client.files.upload_token()
    client.files.put_blob(token.url, file.path)
    status = _notify(client, token.url, token.jet_file_id, file)
    log.info("uploaded %s (%d SKUs, %d bytes) as %s: %s", file.file_name, file.sku_count,
             file.compressed_bytes, token.jet_file_id, status.status)  # fmt: skip
    return token.jet_file_id, status


def upload_bulk(
    client: JetClient,
    file_type: FileType | str,
    payloads: Mapping[str, Any] | Iterable[tuple[str, Any]],
    *,
    max_skus: int = 20_000,
    max_bytes: int = 20 * 1024 * 1024,
    directory: Path | None = None,
    validate: bool = True,
    keep_files: bool = False,
    poll_initial: float = 0.5,
    poll_max: float = 15.0,
    timeout: float = 3600.0,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> BulkResult:
    """Build files of `file_type` from `(sku, body)` pairs (or a mapping), upload each as it is finished,
    then poll them all until final. Memory stays constant in the number of SKUs.

    Invalid bodies are not sent; they are listed in `BulkResult.rejected`. Files are deleted after
    upload unless `keep_files`.
    """
    own_directory = directory is None
    folder = directory or Path(tempfile.mkdtemp(prefix="jet-bulk-"))
    writer = BulkFileWriter(
        FileType(file_type), directory=folder, max_skus=max_skus, max_bytes=max_bytes, validate=validate
    )
    result = BulkResult(FileType(file_type))
    sent: list[tuple[BulkFile, str, FileStatus]] = []
    try:
        for file in writer.write(iter_items(payloads)):
            try:
                jet_file_id, status = upload_file(client, file)
            finally:
                if not keep_files:
                    file.path.unlink(missing_ok=True)
            sent.append((file, jet_file_id, status))
    finally:
        if own_directory and not keep_files:
            shutil.rmtree(folder, ignore_errors=True)
    for file, jet_file_id, status in sent:
        timed_out = False
        if not status.is_final:
            status, timed_out = wait_for_file(
                client, jet_file_id, initial_interval=poll_initial, max_interval=poll_max,
                timeout=timeout, sleep=sleep, clock=clock,
            )  # fmt: skip
        result.files.append(FileResult(file, jet_file_id, status, timed_out))
    result.rejected = writer.rejected
    result.rejected_count = writer.rejected_count
    return result
