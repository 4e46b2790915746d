"""Routes of the Rejected Files page."""

from django.contrib import admin
from django.urls import path

from jetcart.connector.ui.rejected_files import views

urlpatterns = [
    path("", admin.site.admin_view(views.rejected_files_page), name="index"),
]
