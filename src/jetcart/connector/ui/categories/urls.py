"""Routes of the Jet categories pages."""

from django.contrib import admin
from django.urls import path

from jetcart.connector.ui.categories import views

urlpatterns = [
    path("", admin.site.admin_view(views.category_list), name="index"),
    path("import/", admin.site.admin_view(views.import_taxonomy), name="import"),
    path("create-and-map/", admin.site.admin_view(views.create_and_map), name="create-and-map"),
    path("<int:jet_node_id>/", admin.site.admin_view(views.category_detail), name="view"),
]
