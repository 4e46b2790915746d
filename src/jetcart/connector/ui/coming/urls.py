"""Routes of the "not built yet" page."""

from django.contrib import admin
from django.urls import path

from jetcart.connector.ui.coming.views import not_built_yet

urlpatterns = [path("", admin.site.admin_view(not_built_yet), name="index")]
