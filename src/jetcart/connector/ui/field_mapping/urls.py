"""Routes of the field mapping pages; a product's Jet attribute tab lives here too."""

from django.contrib import admin
from django.urls import path

from jetcart.connector.ui.field_mapping import views
from jetcart.connector.ui.products.attributes import views as product_views

urlpatterns = [
    path("", admin.site.admin_view(views.field_mapping_page), name="index"),
    path("options/", admin.site.admin_view(views.option_mapping_page), name="options"),
    path("options/suggestions/", admin.site.admin_view(views.accept_option_suggestions), name="accept-suggestions"),
    path("products/", admin.site.admin_view(product_views.product_list), name="products"),
    path("products/<int:product_id>/", admin.site.admin_view(product_views.product_attributes_page),
         name="product-attributes"),
]
