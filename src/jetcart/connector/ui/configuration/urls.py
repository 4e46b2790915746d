"""Routes of the configuration page."""

from django.contrib import admin
from django.urls import path

from jetcart.connector.ui.configuration.views import configuration_page

urlpatterns = [path("", admin.site.admin_view(configuration_page), name="index")]
