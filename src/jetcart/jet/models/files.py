"""Bulk-file models (jet-api.md §3): upload token, the `files/uploaded` notice and the file status."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from jetcart.jet.models.base import JetObject, JetRequest, LenientDateTime
from jetcart.jet.models.fields import Text
from jetcart.jet.models.vocabulary import FileStatusName, FileType

__all__ = ["FILE_FINAL_STATUSES", "FileStatus", "FileUploaded", "UploadToken"]

FILE_FINAL_STATUSES = frozenset({FileStatusName.PROCESSED_SUCCESSFULLY, FileStatusName.PROCESSED_WITH_ERRORS})


class UploadToken(JetObject):
    """`GET /files/uploadToken`: a write-only blob URL and the id of the future file."""

    url: str
    jet_file_id: str
    expires_in_seconds: int | None = None


class FileUploaded(JetRequest):
    """Body of `POST /files/uploaded`; `file_name` must equal the uploaded file's name."""

    url: Text(1, 4000)
    file_type: FileType
    file_name: Text(1, 500)


class FileStatus(JetObject):
    """`GET /files/{jet_file_id}` and the answer of `POST /files/uploaded` (§3.2)."""

    jet_file_id: str
    url: str | None = None
    file_name: str | None = None
    file_type: str | None = None
    received: LenientDateTime | None = None
    processing_start: LenientDateTime | None = None
    processing_end: LenientDateTime | None = None
    status: str | None = None
    error_count: int | None = None
    error_url: str | None = None
    error_excerpt: list[str] = Field(default_factory=list)
    total_processed: int | None = None

    @field_validator("error_excerpt", mode="before")
    @classmethod
    def _excerpt(cls, value: Any) -> Any:
        if value is None:
            return []
        if isinstance(value, str):
            return [part.strip() for part in value.split("\n") if part.strip()] or [value]
        return value

    @property
    def is_final(self) -> bool:
        return (self.status or "").lower() in {status.lower() for status in FILE_FINAL_STATUSES}

    @property
    def succeeded(self) -> bool:
        return (self.status or "").lower() == FileStatusName.PROCESSED_SUCCESSFULLY.lower()
