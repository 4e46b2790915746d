"""One dispatcher for every Jet route: case-insensitive paths, optional trailing slash, JSON errors, no CSRF."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import unquote, urlsplit

import orjson
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt

from jetcart.sandbox import messages
from jetcart.sandbox.clock import merchant_now, sandbox_now
from jetcart.sandbox.config import config
from jetcart.sandbox.models import Merchant
from jetcart.sandbox.transport.auth import Caller, authenticate
from jetcart.sandbox.transport.errors import BadRequest, JetError, MethodNotAllowed, NotFound
from jetcart.sandbox.transport.faults import DropConnection, inject_faults, take_token
from jetcart.sandbox.transport.inflight import serving

_PARAM = re.compile(r"\{(\w+)\}")


@dataclass
class Call:
    """One parsed API request as the handlers see it."""

    request: HttpRequest
    args: dict[str, str]
    now: datetime
    caller: Caller | None = None
    base_url: str = ""
    _body: Any = field(default=None, repr=False)

    @property
    def merchant(self) -> Merchant:
        assert self.caller is not None
        return self.caller.merchant

    def body(self) -> Any:
        if self._body is None:
            raw = self.request.body
            if not raw.strip():
                raise BadRequest(messages.INVALID_JSON)
            try:
                self._body = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                raise BadRequest(messages.INVALID_JSON) from exc
        return self._body

    def body_object(self) -> dict:
        body = self.body()
        if not isinstance(body, dict):
            raise BadRequest(messages.BODY_NOT_OBJECT)
        return body

    def optional_body_object(self) -> dict:
        return self.body_object() if self.request.body.strip() else {}

    def query(self, name: str) -> str | None:
        for key, value in self.request.GET.items():
            if key.lower() == name.lower():
                return value
        return None


Handler = Callable[[Call], Any]


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    handler: Handler
    auth: bool = True
    regex: re.Pattern = field(init=False, compare=False)

    def __post_init__(self):
        pattern = _PARAM.sub(lambda m: f"(?P<{m.group(1)}>[^/]+)", re.escape(self.template).replace(r"\{", "{").replace(r"\}", "}"))
        object.__setattr__(self, "regex", re.compile(pattern, re.IGNORECASE))


def json_response(data: Any, status: int = 200, headers: dict | None = None) -> HttpResponse:
    response = HttpResponse(orjson.dumps(data), status=status, content_type="application/json; charset=utf-8")
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def empty_response(status: int = 204) -> HttpResponse:
    response = HttpResponse(b"", status=status)
    del response["Content-Type"]
    return response


def _error_response(error: JetError) -> HttpResponse:
    return json_response(error.body(), error.status, error.headers)


def _dropped_response() -> StreamingHttpResponse:
    def body():
        yield b'{"errors": ['
        raise ConnectionAbortedError("sandbox fault injection: dropped connection")

    response = StreamingHttpResponse(body(), status=200, content_type="application/json; charset=utf-8")
    response["Content-Length"] = "4096"
    return response


def _routes() -> list[Route]:
    from jetcart.sandbox.routes import ROUTES

    return ROUTES


def _fault_subject(call_route: Route, request: HttpRequest, caller: Caller | None) -> Merchant | None:
    if caller is not None:
        return caller.merchant
    if call_route.template.lower() == "/token" and request.body:
        try:
            user = orjson.loads(request.body).get("user")
        except (orjson.JSONDecodeError, AttributeError):
            return None
        if isinstance(user, str):
            from jetcart.sandbox.merchants import find_by_user

            found = find_by_user(user)
            return found[0] if found else None
    return None


def resolve(method: str, path: str) -> tuple[Route, dict[str, str]]:
    matches = [(route, m) for route in _routes() if (m := route.regex.fullmatch(path))]
    if not matches:
        raise NotFound(messages.NOT_FOUND_ROUTE.format(path=path))
    wanted = "GET" if method == "HEAD" else method
    for route, match in matches:
        if route.method == wanted:
            return route, match.groupdict()
    raise MethodNotAllowed(messages.METHOD_NOT_ALLOWED.format(method=method))


def _api_path(request: HttpRequest, subpath: str) -> tuple[str, bool]:
    """The path below the mount, still percent-encoded when the server passes the raw URI (waitress's
    REQUEST_URI), so that a SKU holding an encoded "/" stays one segment; else Django's decoded path."""
    raw = request.META.get("REQUEST_URI") or request.META.get("RAW_URI")
    mount = request.path[: len(request.path) - len(subpath)] if subpath else request.path
    if raw:
        raw_path = urlsplit(raw).path
        if raw_path.startswith(mount):
            return "/" + raw_path[len(mount):].strip("/"), True
    return "/" + subpath.strip("/"), False


def public_base(request: HttpRequest, mount: str) -> str:
    """The API's absolute base for URLs the sandbox hands out (upload and report blobs): its configured public
    address (JETCART_SANDBOX_PUBLIC_URL, by default the address it listens on), else the server's own name and
    port; never the request's Host header, which a client may set to Jet's host."""
    origin = config().public_url
    if origin is None:
        scheme = "https" if request.is_secure() else "http"
        host, port = request.META.get("SERVER_NAME") or "127.0.0.1", str(request.META.get("SERVER_PORT") or "")
        default_port = port in ("", "443" if scheme == "https" else "80")
        origin = f"{scheme}://{host}" + ("" if default_port else f":{port}")
    return origin + mount.rstrip("/")


@csrf_exempt
def dispatch(request: HttpRequest, subpath: str = "") -> HttpResponse:
    """Entry point of the Jet API surface below the mount (`/api/` or `/jet/api/`)."""
    with serving():
        return _dispatch(request, subpath)


def _dispatch(request: HttpRequest, subpath: str) -> HttpResponse:
    path, encoded = _api_path(request, subpath)
    try:
        route, args = resolve(request.method or "GET", path)
        if encoded:
            args = {name: unquote(value) for name, value in args.items()}
        caller = authenticate(request.headers.get("Authorization", "")) if route.auth else None
        subject = _fault_subject(route, request, caller)
        if subject is not None:
            take_token(subject.merchant_id, subject.controls)
            inject_faults(subject.merchant_id, subject.controls)
        now = merchant_now(caller.merchant) if caller else sandbox_now()
        mount = request.path[: len(request.path) - len(subpath)] if subpath else request.path
        base_url = public_base(request, mount)
        call = Call(request=request, args=args, now=now, caller=caller, base_url=base_url)
        if caller is not None:
            from jetcart.sandbox.lifecycle import settle

            settle(caller.merchant, now)
        if request.method in {"GET", "HEAD"}:
            result = route.handler(call)
        else:
            with transaction.atomic(using="sandbox"):
                result = route.handler(call)
    except DropConnection:
        return _dropped_response()
    except JetError as error:
        return _error_response(error)
    if isinstance(result, HttpResponse):
        return result
    return json_response(result)
