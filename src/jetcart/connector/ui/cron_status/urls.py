"""Routes of the Cron Status page."""

from django.contrib import admin
from django.urls import path

from jetcart.connector.ui.cron_status import views

urlpatterns = [
    path("", admin.site.admin_view(views.cron_status_page), name="index"),
    path("run/<slug:job>/", admin.site.admin_view(views.run_now), name="run"),
    path("token/", admin.site.admin_view(views.generate_cron_token), name="token"),
    path("log-level/", admin.site.admin_view(views.change_log_level), name="log-level"),
    path("activity/", admin.site.admin_view(views.activity_page), name="activity"),
]
