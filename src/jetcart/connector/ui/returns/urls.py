"""Routes of the returns pages."""

from django.contrib import admin
from django.urls import path

from jetcart.connector.ui.returns.views import return_page, returns_page

urlpatterns = [
    path("", admin.site.admin_view(returns_page), name="index"),
    path("<int:pk>/", admin.site.admin_view(return_page), name="detail"),
]
