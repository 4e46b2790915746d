"""Routes of the rejected orders page."""

from django.contrib import admin
from django.urls import path

from jetcart.connector.ui.rejected_orders.views import rejected_orders_page

urlpatterns = [path("", admin.site.admin_view(rejected_orders_page), name="index")]
