"""A local stand-in for Jet's Azure blob container: signed, expiring URLs and files in the data folder."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings

from jetcart.jet.timestamps import token_time

BLOB_PREFIX = "/_blob"


def blob_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "sandbox-blobs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def blob_path(kind: str, name: str) -> Path:
    return blob_dir() / f"{kind}-{name}"


def signature(kind: str, name: str, expires: str, permission: str) -> str:
    key = hashlib.sha256(("jet-sandbox-blob:" + settings.SECRET_KEY).encode()).digest()
    message = f"{kind}\n{name}\n{expires}\n{permission}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def signed_query(kind: str, name: str, expires: datetime, permission: str) -> str:
    stamp = token_time(expires)
    return urlencode({"sv": "2015-04-05", "sr": "b", "se": stamp, "sp": permission,
                      "sig": signature(kind, name, stamp, permission)})


def signed_url(base: str, kind: str, name: str, expires: datetime, permission: str) -> str:
    """An absolute URL below the API mount, e.g. http://host/api/_blob/merchant-files/<id>?…&sig=…"""
    return f"{base}{BLOB_PREFIX}/{kind}/{name}?{signed_query(kind, name, expires, permission)}"


def check_signature(kind: str, name: str, query, permission: str) -> str | None:
    """The expiry stamp when the query's signature is genuine for this blob, else None."""
    expires, given = query.get("se", ""), query.get("sig", "")
    if query.get("sp") != permission or not given:
        return None
    if not hmac.compare_digest(signature(kind, name, expires, permission), given):
        return None
    return expires
