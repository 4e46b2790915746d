"""Routes of the API activation page."""

from django.contrib import admin
from django.urls import path

from jetcart.connector.ui.activation import views

urlpatterns = [
    path("", admin.site.admin_view(views.activation_page), name="index"),
    path("send/<slug:step>/", admin.site.admin_view(views.send_step), name="send"),
]
