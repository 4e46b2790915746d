"""HTTP handlers of /files/… and of the blob stand-in (PUT with x-ms-blob-type, GET of error files)."""

from __future__ import annotations

import gzip
from datetime import timedelta
from urllib.parse import urlsplit

from django.http import HttpResponse

from jetcart.jet.models.files import FileUploaded
from jetcart.jet.models.vocabulary import FileStatusName
from jetcart.jet.timestamps import jet_utc, parse_jet_datetime
from jetcart.sandbox import ids
from jetcart.sandbox import messages as m
from jetcart.sandbox.bodies import check_body
from jetcart.sandbox.clock import merchant_now, wall_now
from jetcart.sandbox.config import config
from jetcart.sandbox.files import blobs
from jetcart.sandbox.files.processing import error_path
from jetcart.sandbox.files.queue import resume_if_abandoned, start_processing
from jetcart.sandbox.lookups import Lookup
from jetcart.sandbox.models import BulkFile
from jetcart.sandbox.transport.errors import BadRequest, JetError, NotFound
from jetcart.sandbox.transport.router import Call, empty_response

CHUNK = 1 << 20
FILE_BY_ID = Lookup(BulkFile, "merchant_id", "jet_file_id")
LOCKED_FILE_BY_ID = Lookup(BulkFile, "merchant_id", "jet_file_id", lock=True)


def get_upload_token(call: Call):
    file_id = ids.jet_id()
    seconds = config().upload_url_seconds
    expires = call.now + timedelta(seconds=seconds)
    BulkFile.objects.create(merchant=call.merchant, jet_file_id=file_id, url_expires_at=expires, created_at=call.now)
    url = blobs.signed_url(call.base_url, "merchant-files", file_id, expires, "w")
    return {"url": url, "jet_file_id": file_id, "expires_in_seconds": seconds}


class BlobError(JetError):
    status = 403


def put_blob(call: Call):
    """The Azure stand-in: a signed, unexpired URL takes one BlockBlob PUT (no Jet token); 201 like Azure."""
    file_id = call.args["file_id"].lower()
    if blobs.check_signature("merchant-files", file_id, call.request.GET, "w") is None:
        raise BlobError(m.BLOB_SIGNATURE)
    file = BulkFile.objects.select_related("merchant").filter(jet_file_id=file_id).first()
    if file is None:
        raise BlobError(m.BLOB_SIGNATURE)
    if merchant_now(file.merchant) > file.url_expires_at:
        raise BlobError(m.BLOB_EXPIRED)
    if (call.request.headers.get("x-ms-blob-type") or "").lower() != "blockblob":
        raise BadRequest(m.BLOB_TYPE)
    limit = int(config().max_file_mb * 1024 * 1024)
    size = 0
    with open(blobs.blob_path("merchant-files", file_id), "wb") as out:
        while chunk := call.request.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise BadRequest(m.FILE_TOO_LARGE.format(limit=int(config().max_file_mb)))
            out.write(chunk)
    BulkFile.objects.filter(pk=file.pk).update(blob_received=True, blob_size=size)
    return empty_response(201)


def get_error_file(call: Call):
    file_id = call.args["file_id"].lower()
    expires = blobs.check_signature("errors", file_id, call.request.GET, "r")
    file = BulkFile.objects.select_related("merchant").filter(jet_file_id=file_id).first()
    if expires is None or file is None:
        raise BlobError(m.BLOB_SIGNATURE)
    if merchant_now(file.merchant) > parse_jet_datetime(expires):
        raise BlobError(m.BLOB_EXPIRED)
    path = error_path(file)
    if not path.exists():
        raise NotFound(m.FILE_NOT_FOUND.format(file_id=file_id))
    return HttpResponse(gzip.decompress(path.read_bytes()), content_type="application/json; charset=utf-8")


def file_json(call: Call, file: BulkFile) -> dict:
    shown = {
        "jet_file_id": file.jet_file_id,
        "url": blobs.signed_url(call.base_url, "merchant-files", file.jet_file_id, file.url_expires_at, "w"),
        "file_name": file.file_name, "file_type": file.file_type, "status": file.status,
        "received": jet_utc(file.received),
    }
    if file.processing_start:
        shown["processing_start"] = jet_utc(file.processing_start)
    if file.processing_end:
        shown["processing_end"] = jet_utc(file.processing_end)
        shown["error_count"] = file.error_count
        shown["error_excerpt"] = list(file.error_excerpt)
        shown["total_processed"] = file.total_processed
        if file.error_count:
            expires = call.now + timedelta(days=7)
            shown["error_url"] = blobs.signed_url(call.base_url, "errors", file.jet_file_id, expires, "r")
    return shown


def post_uploaded(call: Call):
    body = call.body_object()
    check_body(FileUploaded, body)
    url, file_type, file_name = body["url"], body["file_type"], body["file_name"]
    file_id = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1].lower()
    file = LOCKED_FILE_BY_ID.first(call.merchant.pk, file_id)
    if file is None:
        raise BadRequest(m.FILE_URL_UNKNOWN)
    if file.status:
        raise BadRequest(m.FILE_ALREADY_SUBMITTED.format(file_id=file_id))
    if not file.blob_received:
        raise BadRequest(m.FILE_NOT_UPLOADED)
    file.file_type, file.file_name, file.status, file.received = file_type, file_name, FileStatusName.ACKNOWLEDGED.value, call.now
    file.heartbeat = wall_now()
    file.save(update_fields=["file_type", "file_name", "status", "received", "heartbeat"])
    start_processing(file)
    return file_json(call, file)


def get_file(call: Call):
    file = FILE_BY_ID.first(call.merchant.pk, call.args["file_id"].lower())
    if file is None or not file.status:
        raise NotFound(m.FILE_NOT_FOUND.format(file_id=call.args["file_id"]))
    resume_if_abandoned(file)
    return file_json(call, file)

