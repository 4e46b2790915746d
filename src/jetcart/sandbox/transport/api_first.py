"""The standalone sandbox's Jet API calls skip the page middleware (sessions, CSRF, logins, messages, lock-outs)
that only its portal pages use: about a third of a cheap call's CPU in the server (docs/performance.md)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from jetcart.sandbox.transport.router import dispatch


class ApiCallsFirst:
    """Placed after the middleware that adds headers to every answer (security headers, CSP, frame options)
    and before the page middleware. A request the URLconf sends to the API dispatcher is dispatched here, with
    the Content-Length CommonMiddleware would add; anything else (portal pages, static files) passes on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.func is not dispatch:
            return self.get_response(request)
        request.resolver_match = match
        response = dispatch(request, *match.args, **match.kwargs)
        if not response.streaming and not response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))
        return response
