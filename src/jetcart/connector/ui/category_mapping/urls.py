"""Routes of the category mapping page."""

from django.contrib import admin
from django.urls import path

from jetcart.connector.ui.category_mapping import views

urlpatterns = [
    path("", admin.site.admin_view(views.mapping_page), name="index"),
    path("map/", admin.site.admin_view(views.map_one), name="map"),
    path("unmap/", admin.site.admin_view(views.unmap_one), name="unmap"),
    path("map-all/", admin.site.admin_view(views.map_all), name="map-all"),
    path("search/", admin.site.admin_view(views.search_jet_categories), name="search"),
    path("export.csv", admin.site.admin_view(views.export_csv), name="export"),
    path("import/", admin.site.admin_view(views.import_csv), name="import"),
    path("imports/<int:pk>/", admin.site.admin_view(views.import_status), name="import-status"),
    path("imports/<int:pk>/resume/", admin.site.admin_view(views.resume_import), name="import-resume"),
]
