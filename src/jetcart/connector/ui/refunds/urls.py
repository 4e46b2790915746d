"""Routes of the refunds pages."""

from django.contrib import admin
from django.urls import path

from jetcart.connector.ui.refunds.views import create_refund_page, refund_page, refunds_page

urlpatterns = [
    path("", admin.site.admin_view(refunds_page), name="index"),
    path("new/", admin.site.admin_view(create_refund_page), name="create"),
    path("<int:pk>/", admin.site.admin_view(refund_page), name="detail"),
]
