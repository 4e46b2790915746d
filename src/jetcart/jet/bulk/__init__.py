"""Bulk files: build gzip JSON files from an iterator of SKU payloads in constant memory, upload, poll."""

from jetcart.jet.bulk.upload import BulkResult, FileResult, upload_bulk, upload_file, wait_for_file
from jetcart.jet.bulk.writer import BulkFile, BulkFileWriter, RejectedSku, payload_problems

__all__ = [
    "BulkFile",
    "BulkFileWriter",
    "BulkResult",
    "FileResult",
    "RejectedSku",
    "payload_problems",
    "upload_bulk",
    "upload_file",
    "wait_for_file",
]
