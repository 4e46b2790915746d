"""URL map of the full product: the merchant UI (admin) at /, the sandbox's Jet API at /jet/api/."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("jet/api/", include("jetcart.sandbox.urls")),
    path("cron/", include("jetcart.connector.ui.cron.urls")),
    path("", admin.site.urls),
]
