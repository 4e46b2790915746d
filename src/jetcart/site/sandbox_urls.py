"""URL map of the standalone sandbox (`jetcart sandbox`): the Jet API at /api/, as Jet served it."""

from django.urls import include, path

urlpatterns = [
    path("api/", include("jetcart.sandbox.urls")),
]
