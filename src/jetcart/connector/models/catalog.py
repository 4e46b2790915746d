"""A local snapshot of the store's catalog, indexed for the products grid (filters, sorts, paging at 100k)."""

from __future__ import annotations

from django.db import models


class CatalogProduct(models.Model):
    """One store product as last read from the gateway, with its aggregated Jet status."""

    product_id = models.PositiveIntegerField("OpenCart product ID", primary_key=True)
    name = models.CharField(max_length=255)
    model = models.CharField(max_length=64)
    image = models.CharField(max_length=255, blank=True)
    price = models.DecimalField(max_digits=15, decimal_places=4)
    special_price = models.DecimalField(max_digits=15, decimal_places=4, null=True, blank=True)
    quantity = models.IntegerField()
    enabled = models.BooleanField(default=True)
    has_variants = models.BooleanField(default=False)
    mapped = models.BooleanField(default=False, help_text="In a store category mapped to a Jet category.")
    date_modified = models.DateTimeField(null=True, blank=True)
    jet_status = models.CharField(max_length=40, default="Not Uploaded")
    problem_count = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField()

    class Meta:
        ordering = ["product_id"]
        # Each sort column with the product id (the tie-breaker), then the grid's flag filters (mapped, enabled):
        # a page's ids and the count are read from one index alone, so a page deep in a million rows skips index
        # entries instead of looking up each skipped row (SQLite's product_id is not a rowid alias, "integer
        # unsigned", so it must be in the index). jet_status stays out of the sort indexes: it is rewritten after
        # every upload and sync, and each index holding it would be rewritten with it.
        indexes = [
            models.Index(fields=["jet_status", "name"], name="catprod_status_name_idx"),
            models.Index(fields=["name", "product_id", "mapped", "enabled"], name="catprod_grid_name_idx"),
            models.Index(fields=["model", "product_id", "mapped", "enabled"], name="catprod_grid_model_idx"),
            models.Index(fields=["price", "product_id", "mapped", "enabled"], name="catprod_grid_price_idx"),
            models.Index(fields=["quantity", "product_id", "mapped", "enabled"], name="catprod_grid_quantity_idx"),
            models.Index(fields=["enabled", "product_id", "mapped"], name="catprod_grid_enabled_idx"),
            models.Index(fields=["jet_status", "product_id", "mapped", "enabled"], name="catprod_grid_status_idx"),
            models.Index(fields=["product_id", "mapped", "enabled"], name="catprod_grid_id_idx"),
            models.Index(fields=["mapped", "enabled"], name="catprod_grid_filters_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.product_id})"


class CatalogProductCategory(models.Model):
    """A store category the product is in (the grid lists products of mapped categories)."""

    product = models.ForeignKey(CatalogProduct, on_delete=models.CASCADE, db_constraint=False,
                                related_name="category_links")
    category_id = models.PositiveIntegerField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["product", "category_id"], name="catprodcat_unique")]


class CatalogSnapshot(models.Model):
    """The single row saying how far the snapshot has read the store's changes."""

    changed_since = models.DateTimeField(null=True, blank=True, help_text="Next refresh reads changes from here.")
    full_refresh_at = models.DateTimeField(null=True, blank=True)
    product_count = models.PositiveIntegerField(default=0)
    mapping_signature = models.CharField(max_length=40, blank=True,
                                         help_text="The category mapping the 'mapped' flags were computed for.")
    updated_at = models.DateTimeField(auto_now=True)

    @classmethod
    def load(cls) -> CatalogSnapshot:
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj
