"""Routes of the stock watch actions (not a menu page: the dashboard's tiles post here)."""

from django.contrib import admin
from django.urls import path

from jetcart.connector.ui.stock_watch import views

urlpatterns = [
    path("confirm/", admin.site.admin_view(views.confirm_installation), name="confirm"),
]
