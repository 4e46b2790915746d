"""URL map of the full product: the merchant UI (admin) at /; the sandbox's Jet API at /jet/api/ only when
JETCART_SANDBOX_MOUNT is on (`jetcart demo`, the tests, or JETCART_SANDBOX_MOUNT=1), never by default in production."""

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponseNotFound
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def sandbox_not_mounted(request: HttpRequest, rest: str = "") -> HttpResponseNotFound:
    """/jet/api/ without the sandbox: a plain 404 (not the admin's login redirect), whatever the method."""
    return HttpResponseNotFound("No Jet API here: the sandbox is not mounted (JETCART_SANDBOX_MOUNT=1 mounts it).\n",
                                content_type="text/plain")


sandbox = (path("jet/api/", include("jetcart.sandbox.urls")) if settings.JETCART_SANDBOX_MOUNT
           else re_path(r"^jet/api(?:/(?P<rest>.*))?$", sandbox_not_mounted))

urlpatterns = [
    sandbox,
    path("cron/", include("jetcart.connector.ui.cron_urls.urls")),
    path("", admin.site.urls),
]
