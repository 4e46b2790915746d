"""Bulk-file endpoints (jet-api.md §3): upload token, blob PUT, `files/uploaded`, file status."""

from __future__ import annotations

from pathlib import Path

from jetcart.jet.models.files import FileStatus, FileUploaded, UploadToken
from jetcart.jet.models.vocabulary import FileType
from jetcart.jet.paths import segment
from jetcart.jet.resources.base import Resource, as_body

__all__ = ["Files"]


class Files(Resource):
    """`client.files`: the single steps; `jetcart.jet.bulk` runs the whole flow."""

    group = "files"

    def upload_token(self) -> UploadToken:
        return self._get(UploadToken, "/files/uploadToken")

    def put_blob(self, url: str, content: bytes | Path) -> None:
        """PUT the gzip bytes to the SAS URL with `x-ms-blob-type: BlockBlob` (no bearer token; retried)."""
        self._transport.request(
            "PUT",
            url,
            group="blob",
            idempotent=True,
            auth=False,
            content=content,
            headers={"x-ms-blob-type": "BlockBlob", "Content-Type": "application/octet-stream"},
        )

    def uploaded(self, url: str, file_type: FileType | str, file_name: str) -> FileStatus:
        """Tell Jet the blob is there (`POST /files/uploaded`). Not retried: on `JetOutcomeUnknown`, `get`
        the jet_file_id first."""
        body = as_body(FileUploaded, {"url": url, "file_type": str(file_type), "file_name": file_name})
        answer = self._send("POST", "/files/uploaded", idempotent=False, json=body)
        return self._parse(FileStatus, answer, "POST", "/files/uploaded")

    def get(self, jet_file_id: str) -> FileStatus:
        return self._get(FileStatus, f"/files/{segment(jet_file_id)}")
