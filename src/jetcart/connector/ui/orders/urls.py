"""Routes of the orders pages."""

from django.contrib import admin
from django.urls import path

from jetcart.connector.ui.orders.views import order_page, orders_page, ship_page

urlpatterns = [
    path("", admin.site.admin_view(orders_page), name="index"),
    path("<int:pk>/", admin.site.admin_view(order_page), name="detail"),
    path("<int:pk>/ship/", admin.site.admin_view(ship_page), name="ship"),
]
