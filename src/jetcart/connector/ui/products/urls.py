"""Routes of the Jet products pages: grid, bulk actions, run progress, product edit tabs."""

from django.contrib import admin
from django.urls import path

from jetcart.connector.ui.products import views

urlpatterns = [
    path("", admin.site.admin_view(views.products_grid), name="index"),
    path("bulk/", admin.site.admin_view(views.bulk_action), name="bulk"),
    path("refresh/", admin.site.admin_view(views.refresh_catalog), name="refresh"),
    path("runs/<int:run_id>/", admin.site.admin_view(views.run_page), name="run"),
    path("<int:product_id>/", admin.site.admin_view(views.product_edit), name="edit"),
]
